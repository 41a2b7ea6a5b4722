"""Write a progress-report draft to .html, .odt or .pdf: the file appears whole, or not at all.

The same mechanics as the dossier writer (``documents.write``, whose helpers it uses): a
hidden temporary file beside the target, flushed, then ``os.replace``; on any error or on
Cancel the temporary file is removed and the target is left as it was. Only a .pdf loads Qt.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from eunato_desk.core.errors import OperationCancelled, ValidationError
from eunato_desk.core.report import ProgressReport
from eunato_desk.documents.report_html import report_html
from eunato_desk.documents.report_odt import write_report_odt
from eunato_desk.documents.write import (
    _new_temp_file,
    _sync,
    _sync_folder,
    check_output,
)

CANCELLED = "Report cancelled; no file was written."


class _Steps:
    """Progress over the areas plus one last step (writing the file); checks for Cancel."""

    def __init__(
        self,
        total: int,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self.total = total
        self.progress = progress
        self.cancelled = cancelled

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise OperationCancelled(CANCELLED)

    def report(self, done: int) -> None:
        if self.progress is not None:
            self.progress(done, self.total)

    def area(self, done: int) -> None:
        self.report(done)
        self.check()


def write_report(
    report: ProgressReport,
    path: Path | str,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write ``report`` to ``path`` in the format its suffix names; returns the path.

    ``progress(done, total)`` is called with done = 0, then after each area, and last with
    done = total once the file is in place (total = areas + 1). ``cancelled()`` is asked
    between areas (and between PDF pages); when it turns true, OperationCancelled is raised.
    Raises ValidationError for an unsupported suffix or a folder that does not exist; in every
    failing case no file, and no temporary file, is left behind."""
    target, kind = check_output(path)
    steps = _Steps(len(report.areas) + 1, progress, cancelled)
    steps.report(0)
    steps.check()
    html = report_html(report, steps.area) if kind in ("html", "pdf") else ""
    try:
        tmp = _new_temp_file(target)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ValidationError("output", f"cannot write in {target.parent} ({reason}).") from exc
    try:
        if kind == "html":
            tmp.write_text(html, encoding="utf-8", newline="\n")
        elif kind == "odt":
            write_report_odt(report, tmp, steps.area)
        else:
            from eunato_desk.documents.pdf import write_pdf  # Qt only when a PDF is asked for

            try:
                write_pdf(html, tmp, cancelled)
            except OperationCancelled:
                raise OperationCancelled(CANCELLED) from None
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
