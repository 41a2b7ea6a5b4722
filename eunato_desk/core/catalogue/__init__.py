"""eunato_desk.core.catalogue"""
