"""Documents for offline review: the dossier and the progress-report draft, as .html, .odt or .pdf.

Entry points: ``documents.write`` (``check_output``, ``write_dossier``, ``write_report``: the
format follows the file name, the file appears whole or not at all). Toolkits: ``text``
(shared wording), ``html``, ``odf`` and ``pdf`` (the only module that imports Qt, loaded only
for a .pdf); one folder per document, ``dossier/`` and ``report/``.
"""
