"""eunato_desk.core.search"""
