"""eunato_desk.core.transfer"""
