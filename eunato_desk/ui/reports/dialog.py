"""Reports > Progress-report draft...: choose a joint-report period (or any range), preview
the draft in the app, save it as HTML, ODT or PDF (in the background, with progress)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core import settings as user_settings
from eunato_desk.core.analysis.report import REPORT_PERIODS, ProgressReport, build_report
from eunato_desk.core.errors import DeskError, OperationCancelled
from eunato_desk.documents.report.html import report_html
from eunato_desk.documents.report.write import write_report
from eunato_desk.documents.write import check_output
from eunato_desk.ui.ops import DbExecutor, Op, show_error

CUSTOM = -1


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class ReportDialog(QDialog):
    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Progress-report draft")
        self.executor = executor
        self.report: ProgressReport | None = None
        self.written: Path | None = None
        self.period = QComboBox(self)
        for i, (label, _f, _t) in enumerate(REPORT_PERIODS):
            self.period.addItem(label, i)
        self.period.addItem("Any dates", CUSTOM)
        self.period.setCurrentIndex(2)  # the 3rd report: January–June 2018
        self.date_from = QDateEdit(self, calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.date_to = QDateEdit(self, calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.period.currentIndexChanged.connect(self._period_chosen)
        self.preview_button = QPushButton("&Preview", self)
        self.preview_button.clicked.connect(self.run_preview)
        self.save_button = QPushButton("&Save as…", self)
        self.save_button.clicked.connect(self.save_as)
        self.save_button.setEnabled(False)
        close = QPushButton("Close", self)
        close.clicked.connect(self.reject)
        self.preview = QTextBrowser(self)
        self.preview.setAccessibleName("Report preview")
        self.message = QLabel(self)
        period_label = QLabel("&Period:", self)
        period_label.setBuddy(self.period)
        from_label = QLabel("&From:", self)
        from_label.setBuddy(self.date_from)
        to_label = QLabel("&To:", self)
        to_label.setBuddy(self.date_to)
        top = QHBoxLayout()
        for w in (period_label, self.period, from_label, self.date_from, to_label, self.date_to):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.preview_button)
        top.addWidget(self.save_button)
        top.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.message)
        self._period_chosen()
        self.resize(1000, 720)

    def _period_chosen(self) -> None:
        index = self.period.currentData()
        custom = index == CUSTOM
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        if not custom:
            _label, start, end = REPORT_PERIODS[index]
            self.date_from.setDate(_qdate(start))
            self.date_to.setDate(_qdate(end))

    def dates(self) -> tuple[dt.date, dt.date]:
        return _pydate(self.date_from.date()), _pydate(self.date_to.date())

    def run_preview(self) -> None:
        date_from, date_to = self.dates()
        self.save_button.setEnabled(False)
        self.message.setText("Counting…")

        def work(db, _ctx):  # type: ignore[no-untyped-def]
            report = build_report(db, date_from, date_to)
            return report, report_html(report)

        Op(self, self.executor, work, writes=False).success(self._previewed).failure(
            self._failed
        ).run()

    def _previewed(self, result: tuple[ProgressReport, str]) -> None:
        self.report, html = result
        self.preview.setHtml(html)
        self.save_button.setEnabled(True)
        self.message.setText("Preview ready. Save as HTML, ODT or PDF.")

    def save_as(self) -> None:
        report = self.report
        if report is None:
            return
        folder = Path(user_settings.load().get("export_folder") or Path.home())
        start, end = self.dates()
        path, _f = QFileDialog.getSaveFileName(
            self,
            "Save the draft",
            str(folder / f"progress-report-{start}-{end}.odt"),
            "OpenDocument text (*.odt);;PDF (*.pdf);;Web page (*.html)",
        )
        if not path:
            return
        # The file dialog asked before an existing file was chosen; the database, its files
        # and other SQLite or read-only files are refused all the same.
        database = self.executor.db.path
        replace = os.path.lexists(path)
        try:
            check_output(path, database=database, force=replace, field="File")
        except DeskError as exc:
            self.message.setText(exc.message)
            return

        def work(_db, ctx) -> Path:  # type: ignore[no-untyped-def]
            return write_report(
                report, path, progress=ctx.report, cancelled=ctx.cancelled,
                database=database, replace=replace, field="File",
            )  # fmt: skip

        Op(self, self.executor, work, writes=False).with_progress("Writing the report…").success(
            self._saved
        ).failure(self._failed).run()

    def _saved(self, path: Path) -> None:
        self.written = Path(path)
        user_settings.save({"export_folder": str(self.written.parent)})
        self.message.setText(f"Saved to {path}")

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, OperationCancelled):
            self.message.setText("Cancelled; no file was written.")
        elif isinstance(exc, DeskError):
            self.message.setText(exc.message)
        else:
            show_error(self, "The report failed", exc)
