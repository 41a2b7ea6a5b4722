"""eunato_desk.documents.report"""
