"""eunato_desk.ui.actions"""
