"""eunato_desk.ui.reports"""
