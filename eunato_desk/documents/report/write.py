"""Write a progress-report draft to .html, .odt or .pdf: the file appears whole, or not at all.

The same mechanics as the dossier writer (``documents.write.write_document``, over
``core.output_files``): the database's files are refused, a hidden temporary file beside the
target is flushed, then renamed over it; on any error or on Cancel the temporary file is
removed and the target is left as it was. Only a .pdf loads Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from eunato_desk.core.analysis.report import ProgressReport
from eunato_desk.documents.report.html import report_html
from eunato_desk.documents.report.odt import write_report_odt
from eunato_desk.documents.write import write_document

CANCELLED = "Report cancelled; no file was written."


def write_report(
    report: ProgressReport,
    path: Path | str,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    database: Path | str | None = None,
    replace: bool = True,
    field: str = "output",
) -> Path:
    """Write ``report`` to ``path`` (.html, .odt or .pdf); progress counts its areas plus the
    final write; ``database``, ``replace`` and ``field`` as in ``write_document``."""
    return write_document(
        path,
        len(report.areas),
        lambda step: report_html(report, step),
        lambda tmp, step: write_report_odt(report, tmp, step),
        progress,
        cancelled,
        CANCELLED,
        database=database,
        replace=replace,
        field=field,
    )
