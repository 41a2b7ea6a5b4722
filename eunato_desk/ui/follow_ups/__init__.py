"""eunato_desk.ui.follow_ups"""
