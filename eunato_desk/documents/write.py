"""Write a dossier or a report to .html, .odt or .pdf: the file appears whole, or not at all.

The entry points are ``check_output`` (is this file name one we may write?), ``write_dossier``
and ``write_report``; ``write_document`` is the mechanism under both, ``DocumentWriter`` what
a document brings to it (its HTML and ODT renderers, its parts for progress). The document
itself says what its metadata and marking are (``text.Described``): every format carries them
(HTML: meta tags and banners at the top and the end; ODT: meta.xml and each page's header and
footer; PDF: the document information and each page's header and footer).

The target is checked, and the file written, by ``eunato_desk.core.storage.files``: never the
database or its files, an existing file only when allowed; the document goes to a hidden
temporary file in the target's folder, flushed to disk, then renamed over the target. On any
error, and on cancellation, the temporary file is removed and the target is left as it was.

HTML and ODT are pure Python; only a .pdf loads Qt (eunato_desk.documents.pdf), so the
command line can write the other two formats in a process that never imports PySide6.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from eunato_desk.core.analysis.dossier import DossierDocument
from eunato_desk.core.analysis.report import ProgressReport
from eunato_desk.core.errors import OperationCancelled, ValidationError
from eunato_desk.core.storage.files import atomic_path, check_output_target
from eunato_desk.documents.dossier.html import DOSSIER_CSS, dossier_parts
from eunato_desk.documents.dossier.odt import write_dossier_odt
from eunato_desk.documents.html import Part, html_document, pdf_pages
from eunato_desk.documents.report.html import REPORT_CSS, report_parts
from eunato_desk.documents.report.odt import write_report_odt
from eunato_desk.documents.text import Described

D = TypeVar("D")
FORMATS = {".html": "html", ".htm": "html", ".odt": "odt", ".pdf": "pdf"}
CANCELLED = "Dossier cancelled; no file was written."
REPORT_CANCELLED = "Report cancelled; no file was written."


class _Steps:
    """Progress over the sections plus one last step (writing the file); checks for Cancel."""

    def __init__(
        self,
        total: int,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
        message: str = CANCELLED,
    ) -> None:
        self.total = total
        self.progress = progress
        self.cancelled = cancelled
        self.message = message

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise OperationCancelled(self.message)

    def report(self, done: int) -> None:
        if self.progress is not None:
            self.progress(done, self.total)

    def section(self, done: int) -> None:
        """Called after each section: report it, then stop here if the user cancelled."""
        self.report(done)
        self.check()


def check_output(
    path: Path | str,
    *,
    database: Path | str | None = None,
    force: bool = True,
    field: str = "output",
) -> tuple[Path, str]:
    """The target path and its format; ValidationError for a target that must not or cannot
    be written (see ``core.storage.files.check_output_target``; ``force=False`` also refuses an
    existing file). Callers (GUI, CLI) use it to refuse a bad name before any database work."""
    target = Path(path)
    kind = FORMATS.get(target.suffix.lower())
    if kind is None:
        if database is not None:  # "is the database" says more than "has '.sqlite3'"
            check_output_target(target, database=database, force=True, field=field)
        shown = f"'{target.suffix}'" if target.suffix else "no extension"
        raise ValidationError(field, f"{target.name} has {shown}: choose .html, .odt or .pdf.")
    return check_output_target(target, database=database, force=force, field=field), kind


def write_document(
    path: Path | str,
    parts: int,
    about: Described,
    html: Callable[[Callable[[int], None]], list[Part]],
    odt: Callable[[Path, Callable[[int], None]], None],
    css: Sequence[str] = (),
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    cancelled_message: str = CANCELLED,
    *,
    database: Path | str | None = None,
    replace: bool = True,
    field: str = "output",
) -> Path:
    """Write a document of ``parts`` parts (sections, areas) to ``path`` in the format its
    suffix names; returns the path. ``about`` is the document's metadata and marking;
    ``html(step)`` renders its HTML body (a list of ``Part``: also the source of a PDF, with
    ``css``), ``odt(tmp, step)`` writes the ODT; both call ``step(i)`` after each part.

    ``progress(done, total)`` is called with done = 0, then after each part, and last with
    done = total once the file is in place (total = parts + 1). ``cancelled()`` is asked
    between parts (and between PDF pages); when it turns true, OperationCancelled is raised.
    ``database``: the database file, whose own files are refused; ``replace=False`` refuses an
    existing target (``field`` names the input in messages, e.g. ``-o``). Raises
    ValidationError for an unsupported suffix, a refused target or a folder that does not
    exist; in every failing case no file, and no temporary file, is left behind."""
    target, kind = check_output(path, database=database, force=replace, field=field)
    steps = _Steps(parts + 1, progress, cancelled, cancelled_message)
    steps.report(0)
    steps.check()
    body = html(steps.section) if kind in ("html", "pdf") else []
    with atomic_path(target, replace=replace, field=field) as tmp:
        if kind == "html":
            text = html_document(about, body, *css)
            tmp.write_text(text, encoding="utf-8", newline="\n")
        elif kind == "odt":
            odt(tmp, steps.section)
        else:
            from eunato_desk.documents.pdf import write_pdf  # Qt only when a PDF is asked for

            try:
                write_pdf(pdf_pages(about, body, *css), tmp, cancelled, about)
            except OperationCancelled:
                raise OperationCancelled(cancelled_message) from None
        steps.check()
    steps.report(steps.total)
    return target


@dataclass(frozen=True)
class DocumentWriter(Generic[D]):
    """How one kind of document is written: its number of parts (the steps of progress), its
    HTML body (``html(document, step)``: parts, portrait or landscape) and the style sheet
    that comes with it, its ODT (``odt(document, tmp, step)``) and what is said when it is
    cancelled. ``write`` is the public writer (``write_dossier``, ``write_report``)."""

    parts: Callable[[D], int]
    html: Callable[[D, Callable[[int], None] | None], list[Part]]
    odt: Callable[[D, Path, Callable[[int], None] | None], None]
    cancelled_message: str
    css: tuple[str, ...] = ()

    def write(
        self,
        document: D,
        path: Path | str,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        *,
        database: Path | str | None = None,
        replace: bool = True,
        field: str = "output",
    ) -> Path:
        """Write ``document`` to ``path`` (.html, .odt or .pdf); progress counts its parts
        plus the final write; see ``write_document``."""
        return write_document(
            path,
            self.parts(document),
            document,  # type: ignore[arg-type]  # a DossierDocument or a ProgressReport
            lambda step: self.html(document, step),
            lambda tmp, step: self.odt(document, tmp, step),
            self.css,
            progress,
            cancelled,
            self.cancelled_message,
            database=database,
            replace=replace,
            field=field,
        )


DOSSIER: DocumentWriter[DossierDocument] = DocumentWriter(
    parts=lambda dossier: len(dossier.sections),
    html=dossier_parts,
    odt=write_dossier_odt,
    cancelled_message=CANCELLED,
    css=(DOSSIER_CSS,),
)
REPORT: DocumentWriter[ProgressReport] = DocumentWriter(
    parts=lambda report: len(report.areas),
    html=report_parts,
    odt=write_report_odt,
    cancelled_message=REPORT_CANCELLED,
    css=(REPORT_CSS,),
)
write_dossier = DOSSIER.write
write_report = REPORT.write
