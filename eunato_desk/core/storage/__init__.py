"""eunato_desk.core.storage"""
