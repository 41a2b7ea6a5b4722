"""eunato_desk.documents.dossier"""
