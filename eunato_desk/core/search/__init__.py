"""eunato_desk.core.search.service"""
