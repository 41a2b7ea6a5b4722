"""The dossier of an action or an area: its wording (``wording``), its HTML (``html.dossier_html``,
``html.dossier_parts``) and its ODT (``odt.write_dossier_odt``). Write one with
``documents.write.write_dossier``."""
