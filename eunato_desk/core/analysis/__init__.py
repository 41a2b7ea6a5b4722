"""eunato_desk.core.analysis"""
