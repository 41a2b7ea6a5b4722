"""eunato_desk.core.catalogue.actions"""
