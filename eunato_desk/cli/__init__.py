"""eunato_desk.cli"""
