"""The progress-report commands, each a function returning an ``Op``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QWidget

from eunato_desk.core.analysis.report import ProgressReport, build_report
from eunato_desk.core.storage.db import Database
from eunato_desk.documents.report.html import report_html
from eunato_desk.documents.write import write_report
from eunato_desk.ui.ops import DbExecutor, JobContext, Op
from eunato_desk.ui.save_target import Target


def preview(
    parent: QWidget, executor: DbExecutor, date_from: dt.date, date_to: dt.date, officer: str = ""
) -> Op:
    """The draft for the period (``officer``: its author), and its HTML for the preview:
    (report, html)."""

    def report_preview(db: Database, _c: JobContext) -> tuple[ProgressReport, str]:
        report = build_report(db, date_from, date_to, officer=officer)
        return report, report_html(report)

    return Op(parent, executor, report_preview, writes=False)


def save(parent: QWidget, executor: DbExecutor, report: ProgressReport, target: Target) -> Op:
    """Write the draft (ODT, PDF or HTML, from the file name), with progress and cancel."""

    def report_file(_db: Database, ctx: JobContext) -> Path:
        return write_report(
            report, target.path, progress=ctx.report, cancelled=ctx.cancelled,
            database=target.database, replace=target.replace, field="File",
        )  # fmt: skip

    return Op(parent, executor, report_file, writes=False).with_progress("Writing the report…")
