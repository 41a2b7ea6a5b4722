"""Follow-ups: open next steps, overdue first and tinted; done ones on request."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from eunato_desk.core.records import FollowUpRecord
from eunato_desk.ui.widgets.list_model import RECORD_ROLE, RecordTableModel, record_table

COLUMNS = [
    ("Due", lambda f: f.due_date.isoformat() if f.due_date else "—"),
    ("", lambda f: "OVERDUE" if f.overdue else ("done" if f.done_at else "")),
    ("Owner", lambda f: f.owner),
    ("What", lambda f: f.text),
    ("Action", lambda f: str(f.action_number) if f.action_number is not None else ""),
    ("From interaction", lambda f: f"{f.interaction_date.isoformat()}  {f.interaction_title}"),
]


class FollowUpsView(QWidget):
    interaction_requested = Signal(str)
    reload_requested = Signal()
    done_requested = Signal(list, bool)  # FollowUpRecords, done?

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RecordTableModel(COLUMNS, warn=lambda f: f.overdue, parent=self)
        self.table = record_table(self, self.model)
        self.table.setAccessibleName("Follow-ups")
        self.table.doubleClicked.connect(self._open)
        for col, width in enumerate((90, 80, 140, 460, 60)):
            self.table.setColumnWidth(col, width)
        self.show_done = QCheckBox("Show &done", self)
        self.show_done.toggled.connect(lambda _c: self.reload_requested.emit())
        self.done_button = QPushButton("&Mark done", self)
        self.done_button.clicked.connect(lambda: self._mark(True))
        self.reopen_button = QPushButton("Re&open", self)
        self.reopen_button.clicked.connect(lambda: self._mark(False))
        self.summary = QLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.show_done)
        row.addWidget(self.reopen_button)
        row.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

    def set_follow_ups(self, rows: list[FollowUpRecord]) -> None:
        self.model.set_records(rows)
        open_rows = [r for r in rows if r.done_at is None]
        overdue = sum(r.overdue for r in open_rows)
        self.summary.setText(
            f"{len(open_rows)} open follow-up{'s' if len(open_rows) != 1 else ''}, "
            f"{overdue} overdue. Double-click one to open its interaction."
            if open_rows
            else "No open follow-ups. Add next steps in an interaction's editor."
        )

    def selected(self) -> list[FollowUpRecord]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.index(r, 0).data(RECORD_ROLE) for r in rows]

    def _mark(self, done: bool) -> None:
        rows = self.selected()
        if rows:
            self.done_requested.emit(rows, done)

    def _open(self, index) -> None:  # type: ignore[no-untyped-def]
        record = index.siblingAtColumn(0).data(RECORD_ROLE)
        if record is not None:
            self.interaction_requested.emit(record.interaction_uuid)
