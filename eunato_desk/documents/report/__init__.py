"""The progress-report draft of a period: its wording (``wording``), its HTML
(``html.report_html``, ``html.report_parts``) and its ODT (``odt.write_report_odt``). Write one
with ``documents.write.write_report``."""
