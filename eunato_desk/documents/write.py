"""Write a dossier to .html, .odt or .pdf: the file appears whole, or not at all.

The document is written to a hidden temporary file in the target's folder, flushed to disk,
then renamed over the target (``os.replace``, atomic on one file system). On any error, and
on cancellation, the temporary file is removed and the target is left as it was.

HTML and ODT are pure Python; only a .pdf loads Qt (eunato_desk.documents.pdf), so the
command line can write the other two formats in a process that never imports PySide6.
"""

from __future__ import annotations

import os
import uuid as uuid_mod
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from eunato_desk.core.errors import OperationCancelled, ValidationError
from eunato_desk.core.records import Dossier
from eunato_desk.documents.dossier_html import dossier_html
from eunato_desk.documents.odt import write_odt

FORMATS = {".html": "html", ".htm": "html", ".odt": "odt", ".pdf": "pdf"}
CANCELLED = "Dossier cancelled; no file was written."


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


def check_output(path: Path | str) -> tuple[Path, str]:
    """The target path and its format; ValidationError for a target that cannot be written.

    Callers (GUI, CLI) may use it to refuse a bad name before any database work is done."""
    target = Path(path)
    kind = FORMATS.get(target.suffix.lower())
    if kind is None:
        shown = f"'{target.suffix}'" if target.suffix else "no extension"
        raise ValidationError("output", f"{target.name} has {shown}: choose .html, .odt or .pdf.")
    if target.is_dir():
        raise ValidationError("output", f"{target} is a folder; give a file name.")
    if not target.parent.is_dir():
        raise ValidationError("output", f"the folder {target.parent} does not exist.")
    return target, kind


def _new_temp_file(target: Path) -> Path:
    """An empty hidden file beside ``target``; O_EXCL, mode 0o666 so the umask decides."""
    tmp = target.with_name(f".{target.name}.{uuid_mod.uuid4().hex[:12]}.part")
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    return tmp


def _sync(path: Path) -> None:
    """Flush a finished file to disk, so that the rename never exposes an empty one."""
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; not possible, nor needed, on Windows)."""
    if os.name != "posix":
        return
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_document(
    path: Path | str,
    parts: int,
    html: Callable[[Callable[[int], None]], str],
    odt: Callable[[Path, Callable[[int], None]], None],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    cancelled_message: str = CANCELLED,
) -> Path:
    """Write a document of ``parts`` parts (sections, areas) to ``path`` in the format its
    suffix names; returns the path. ``html(step)`` renders the HTML (also the source of a
    PDF), ``odt(tmp, step)`` writes the ODT; both call ``step(i)`` after each part.

    ``progress(done, total)`` is called with done = 0, then after each part, and last with
    done = total once the file is in place (total = parts + 1). ``cancelled()`` is asked
    between parts (and between PDF pages); when it turns true, OperationCancelled is raised.
    Raises ValidationError for an unsupported suffix or a folder that does not exist; in every
    failing case no file, and no temporary file, is left behind."""
    target, kind = check_output(path)
    steps = _Steps(parts + 1, progress, cancelled, cancelled_message)
    steps.report(0)
    steps.check()
    text = html(steps.section) if kind in ("html", "pdf") else ""
    try:
        tmp = _new_temp_file(target)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ValidationError("output", f"cannot write in {target.parent} ({reason}).") from exc
    try:
        if kind == "html":
            tmp.write_text(text, encoding="utf-8", newline="\n")
        elif kind == "odt":
            odt(tmp, steps.section)
        else:
            from eunato_desk.documents.pdf import write_pdf  # Qt only when a PDF is asked for

            try:
                write_pdf(text, tmp, cancelled)
            except OperationCancelled:
                raise OperationCancelled(cancelled_message) from None
        steps.check()
        _sync(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        with suppress(OSError):
            tmp.unlink()
        reason = exc.strerror or str(exc)
        raise ValidationError("output", f"cannot write {target} ({reason}).") from exc
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise
    _sync_folder(target.parent)
    steps.report(steps.total)
    return target


def write_dossier(
    dossier: Dossier,
    path: Path | str,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write ``dossier`` to ``path`` (.html, .odt or .pdf); see ``write_document``."""
    return write_document(
        path,
        len(dossier.sections),
        lambda step: dossier_html(dossier, step),
        lambda tmp, step: write_odt(dossier, tmp, step),
        progress,
        cancelled,
    )
