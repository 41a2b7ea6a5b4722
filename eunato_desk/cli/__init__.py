"""eunato_desk.cli.main"""
