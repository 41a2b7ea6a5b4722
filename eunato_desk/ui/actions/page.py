"""One action: its facts, its history (every linked interaction), its open follow-ups, and
the catalogue commands (edit, renumber, merge, split, retire, export a dossier)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core.records import ActionRecord, FollowUpRecord, HistoryEntry
from eunato_desk.ui.keys import BACK_TO_ACTIONS
from eunato_desk.ui.widgets.list_model import RECORD_ROLE, RecordTableModel, record_table

CONFIDENCE = {"confirmed": "confirmed", "to_be_confirmed": "to be confirmed"}


def _history_columns(number_of) -> list:  # type: ignore[no-untyped-def]
    return [
        ("Date", lambda h: h.date.isoformat()),
        ("Type", lambda h: h.type),
        ("Title", lambda h: h.title + ("" if h.status == "held" else f" ({h.status})")),
        (
            "How it advanced the action",
            lambda h: (
                h.note
                + (f"  [linked as {h.linked_number}]" if h.linked_number != number_of() else "")
            ),
        ),
        ("Countries", lambda h: ", ".join(h.countries)),
        ("Organisations", lambda h: ", ".join(h.organisations)),
    ]


FOLLOW_UP_COLUMNS = [
    (
        "Due",
        lambda f: (
            (f.due_date.isoformat() if f.due_date else "—") + (" overdue" if f.overdue else "")
        ),
    ),
    ("Owner", lambda f: f.owner),
    ("What", lambda f: f.text),
    ("From", lambda f: f"{f.interaction_date.isoformat()} {f.interaction_title}"),
]


def history_count(history: list[HistoryEntry]) -> str:
    """'12 interactions (2 cancelled not counted in the Actions list)': the Actions list
    counts every linked interaction but the cancelled ones."""
    n = len(history)
    if not n:
        return "No interaction linked yet."
    text = f"{n} interaction{'s' if n != 1 else ''}"
    cancelled = sum(h.status == "cancelled" for h in history)
    if cancelled:
        text += f" ({cancelled} cancelled not counted in the Actions list)"
    return text


class ActionPage(QWidget):
    back_requested = Signal()
    interaction_requested = Signal(str)  # uuid
    order_changed = Signal(bool)  # newest first?

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.action: ActionRecord | None = None
        top = self._build_buttons()
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history_model = RecordTableModel(
            _history_columns(lambda: self.action.number if self.action else None), parent=self
        )
        self.history = record_table(self, self.history_model)
        self.history.setAccessibleName("History of the action")
        self.history.activated.connect(self._open_history_row)
        self.history.doubleClicked.connect(self._open_history_row)
        for col, width in enumerate((84, 150, 330, 260, 110)):
            self.history.setColumnWidth(col, width)
        self.newest_first = QCheckBox("&Newest first", self)
        self.newest_first.toggled.connect(self.order_changed)
        self.history_label = QLabel(self)
        self.follow_model = RecordTableModel(
            FOLLOW_UP_COLUMNS, warn=lambda f: f.overdue, parent=self
        )
        self.follow_ups = record_table(self, self.follow_model)
        self.follow_ups.setAccessibleName("Open follow-ups of the action")
        self.follow_ups.doubleClicked.connect(self._open_follow_up_row)
        for col, width in enumerate((130, 120, 420)):
            self.follow_ups.setColumnWidth(col, width)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.header)
        layout.addWidget(self._build_splitter(), 1)
        self.history.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)

    def _build_buttons(self) -> QHBoxLayout:
        self.back_button = QPushButton(f"◀ All actions  ({BACK_TO_ACTIONS})", self)
        self.back_button.clicked.connect(self.back_requested)
        back = QShortcut(QKeySequence(BACK_TO_ACTIONS), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.back_requested)
        self.edit_button = QPushButton("&Edit…", self)
        self.renumber_button = QPushButton("Re&number…", self)
        self.merge_button = QPushButton("&Merge into…", self)
        self.split_button = QPushButton("S&plit…", self)
        self.retire_button = QPushButton("Re&tire…", self)
        self.dossier_button = QPushButton("E&xport dossier…", self)
        self.history_button = QPushButton("Histor&y…", self)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        for b in (self.edit_button, self.renumber_button, self.merge_button, self.split_button,
                  self.retire_button, self.dossier_button, self.history_button):  # fmt: skip
            top.addWidget(b)
        return top

    def _build_splitter(self) -> QSplitter:
        history_label = QLabel("<b>History</b>", self)
        history_label.setBuddy(self.history)
        follow_label = QLabel("<b>Open follow-ups</b>", self)
        follow_label.setBuddy(self.follow_ups)
        history_box = QWidget(self)
        hb = QVBoxLayout(history_box)
        hb.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(history_label)
        row.addWidget(self.history_label, 1)
        row.addWidget(self.newest_first)
        hb.addLayout(row)
        hb.addWidget(self.history, 1)
        follow_box = QWidget(self)
        fb = QVBoxLayout(follow_box)
        fb.setContentsMargins(0, 0, 0, 0)
        fb.addWidget(follow_label)
        fb.addWidget(self.follow_ups, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(history_box)
        self.splitter.addWidget(follow_box)
        self.splitter.setSizes([480, 180])
        return self.splitter

    def show_action(
        self, action: ActionRecord, history: list[HistoryEntry], follow_ups: list[FollowUpRecord]
    ) -> None:
        self.action = action
        area = (
            f"{action.area_code}. {escape(action.area_name)}"
            if action.area_name
            else "not yet assigned"
        )
        self.header.setText(
            f"<h2 style='margin:0'>Action {action.number}: {escape(action.title)}</h2>"
            f"<p style='margin:4px 0'>"
            f"{escape(action.description) or '<i>No description yet.</i>'}</p>"
            f"<p style='color:#555;margin:0'>Area: {area} · Set: {action.set_year} · "
            f"Status: {escape(action.status)} · Source: "
            f"{CONFIDENCE.get(action.confidence, action.confidence)}</p>"
        )
        self.history_model.set_records(history)
        self.follow_model.set_records(follow_ups)
        self.history_label.setText(history_count(history))

    def history_uuids(self) -> list[str]:
        return [h.interaction_uuid for h in self.history_model.records()]

    def _open_history_row(self, index) -> None:  # type: ignore[no-untyped-def]
        entry = index.siblingAtColumn(0).data(RECORD_ROLE)
        if entry is not None:
            self.interaction_requested.emit(entry.interaction_uuid)

    def _open_follow_up_row(self, index) -> None:  # type: ignore[no-untyped-def]
        record = index.siblingAtColumn(0).data(RECORD_ROLE)
        if record is not None:
            self.interaction_requested.emit(record.interaction_uuid)
