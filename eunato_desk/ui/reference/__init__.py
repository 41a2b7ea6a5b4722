"""eunato_desk.ui.reference"""
