"""eunato_desk.ui.dashboard"""
