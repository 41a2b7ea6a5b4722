"""eunato_desk.ui.safety"""
