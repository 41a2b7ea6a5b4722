"""Dossiers for offline review: a Dossier (eunato_desk.core.records) as .html, .odt or .pdf.

``dossier_html`` and ``write_odt`` are pure Python; ``pdf`` is the only module that imports
Qt, and ``write_dossier`` loads it only when a .pdf is asked for.
"""

from __future__ import annotations

from eunato_desk.documents.dossier.html import dossier_html
from eunato_desk.documents.odf import write_odt
from eunato_desk.documents.write import FORMATS, check_output, write_dossier

__all__ = ["FORMATS", "check_output", "dossier_html", "write_dossier", "write_odt"]
