"""The progress-report draft of a period: its wording and HTML (``html.report_html``) and its
ODT (``odt.write_report_odt``). Write one with ``documents.write.write_report``."""
