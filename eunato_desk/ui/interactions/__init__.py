"""eunato_desk.ui.interactions"""
