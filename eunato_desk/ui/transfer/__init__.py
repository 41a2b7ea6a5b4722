"""eunato_desk.ui.transfer"""
