"""Reports > Progress-report draft...: choose a joint-report period (or any range), preview
the draft in the app, save it as ODT, PDF or HTML (in the background, with progress). The
author of the draft is the name in Settings; its marking is said under the preview."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core import settings as user_settings
from eunato_desk.core.analysis.report import REPORT_PERIODS, ProgressReport
from eunato_desk.ui.failures import on_failure, say_in
from eunato_desk.ui.ops import DbExecutor
from eunato_desk.ui.reports import commands
from eunato_desk.ui.save_target import choose_target, remember_folder
from eunato_desk.ui.widgets.period import Period, PeriodPicker

CUSTOM = -1
REPORT_FILES = "OpenDocument text (*.odt);;PDF (*.pdf);;Web page (*.html)"


class ReportDialog(QDialog):
    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Progress-report draft")
        self.executor = executor
        self.report: ProgressReport | None = None
        self.written: Path | None = None
        periods = [
            Period(label, i, start, end) for i, (label, start, end) in enumerate(REPORT_PERIODS)
        ]
        self.period = PeriodPicker(
            [*periods, Period("Any dates", CUSTOM, custom=True)], parent=self
        )
        self.period.set_key(2)  # the 3rd report: January–June 2018
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
        period_label.setBuddy(self.period.combo)
        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period)
        top.addStretch(1)
        top.addWidget(self.preview_button)
        top.addWidget(self.save_button)
        top.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.message)
        self.resize(1000, 720)

    def dates(self) -> tuple[dt.date, dt.date]:
        return self.period.dates()  # type: ignore[return-value]

    def run_preview(self) -> None:
        date_from, date_to = self.dates()
        self.save_button.setEnabled(False)
        self.message.setText("Counting…")

        officer = user_settings.officer_name()  # the author of the draft and its files
        commands.preview(self, self.executor, date_from, date_to, officer).success(
            self._previewed
        ).failure(self._failure()).run()

    def _previewed(self, result: tuple[ProgressReport, str]) -> None:
        self.report, html = result
        self.preview.setHtml(html)
        self.save_button.setEnabled(True)
        marking = f" Marking: {self.report.marking}." if self.report.marking else ""
        self.message.setText(f"Preview ready.{marking} Save as ODT, PDF or HTML.")

    def save_as(self) -> None:
        report = self.report
        if report is None:
            return
        start, end = self.dates()
        target = choose_target(
            self, self.executor.path, "Save the draft", f"progress-report-{start}-{end}.odt",
            REPORT_FILES, refused=say_in(self.message.setText),
        )  # fmt: skip
        if target is None:
            return

        commands.save(self, self.executor, report, target).success(self._saved).failure(
            self._failure()
        ).run()

    def _saved(self, path: Path) -> None:
        self.written = Path(path)
        remember_folder(path)
        self.message.setText(f"Saved to {path}")

    def _failure(self):  # type: ignore[no-untyped-def]
        return on_failure(
            self, "The report failed", expected=say_in(self.message.setText),
            cancelled=lambda: self.message.setText("Cancelled; no file was written."),
        )  # fmt: skip
