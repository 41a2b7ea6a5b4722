"""The dossier of an action or an area: its wording and HTML (``html.dossier_html``) and its
ODT (``odt.write_dossier_odt``). Write one with ``documents.write.write_dossier``."""
