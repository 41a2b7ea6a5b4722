"""Export dossier…: which period the dossier covers (all dates, a joint report's period or any
dates), before the file is asked for. The app's period picker, as in the report dialog."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from eunato_desk.core.analysis.report import REPORT_PERIODS
from eunato_desk.ui.widgets.period import Period, PeriodPicker

ALL_DATES = "all"
ANY_DATES = "range"


class DossierDialog(QDialog):
    """``what``: 'action 3: …' or 'area 1: …'. Accepted: ``dates()`` says the period."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export dossier")
        about = QLabel(
            f"A dossier of {what}: a one-page summary, then every interaction in date order.",
            self,
        )
        about.setWordWrap(True)
        periods = [
            Period("All dates", ALL_DATES),
            *(Period(label, i, start, end) for i, (label, start, end) in enumerate(REPORT_PERIODS)),
            Period("Any dates", ANY_DATES, custom=True),
        ]
        self.period = PeriodPicker(periods, parent=self)
        label = QLabel("&Period:", self)
        label.setBuddy(self.period.combo)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, parent=self)
        self.export_button = self.buttons.addButton(
            "&Export…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(label)
        layout.addWidget(self.period)
        layout.addWidget(self.buttons)
        self.period.setFocus()

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        """(None, None) for all dates, else the first and last day (From/To for any dates,
        in order)."""
        start, end = self.period.dates()
        if start is not None and end is not None and end < start:
            start, end = end, start
        return start, end
