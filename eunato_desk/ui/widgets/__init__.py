"""eunato_desk.ui.widgets"""
