"""Next steps in the editor: the interaction's follow-ups, and new ones typed in place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.follow_ups import validate_follow_up
from eunato_desk.core.periods import parse_date
from eunato_desk.core.records import FollowUpInput, FollowUpRecord
from eunato_desk.ui.pickers import _Input


class FollowUpField(QWidget):
    """Type what is to be done (Enter adds it); owner, due date and action are optional."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = _Input(self)
        self.text.setPlaceholderText("Next step, then Enter (saved with the interaction)")
        self.owner = QLineEdit(self, placeholderText="Owner")
        self.due = QLineEdit(self, placeholderText="due YYYY-MM-DD")
        self.due.setToolTip("Due date (optional)")
        self.due.setMinimumWidth(self.due.fontMetrics().horizontalAdvance("due YYYY-MM-DD") + 16)
        self.action = QComboBox(self)
        self.action.setToolTip("The linked action this follow-up is for (optional)")
        self.add_button = QPushButton("Add", self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add)
        self.text.returnPressed.connect(self.add)
        self.list = QListWidget(self)
        self.list.setFixedHeight(64)
        self.message = QLabel(self)
        self.message.setObjectName("fieldMessage")
        self.message.hide()
        row = QHBoxLayout()
        row.addWidget(self.owner, 3)
        row.addWidget(self.due, 2)
        row.addWidget(self.action, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.text)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.list)
        self._pending: list[FollowUpInput] = []
        self.set_linked_actions([])
        self.setFocusProxy(self.text)

    def set_linked_actions(self, numbers: list[int]) -> None:
        current = self.action.currentData()
        self.action.clear()
        self.action.addItem("No action", None)
        for n in numbers:
            self.action.addItem(f"Action {n}", n)
        self.action.setCurrentIndex(max(0, self.action.findData(current)))

    def set_existing(self, rows: list[FollowUpRecord]) -> None:
        for r in rows:
            due = f" (due {r.due_date.isoformat()})" if r.due_date else ""
            state = "✓ " if r.done_at else ("! " if r.overdue else "• ")
            item = QListWidgetItem(f"{state}{r.text}{due}{' — ' + r.owner if r.owner else ''}")
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.list.addItem(item)

    def clear(self) -> None:
        """Forget pending and shown follow-ups (after 'Save and new')."""
        self._pending = []
        self.list.clear()
        self.message.hide()

    def pending(self) -> tuple[FollowUpInput, ...]:
        return tuple(self._pending)

    def add(self) -> None:
        try:
            validate_follow_up(self.text.text())
            due_text = self.due.text().strip()
            due = parse_date(due_text, "due date") if due_text else None
        except ValidationError as exc:
            self.message.setText(exc.message)
            self.message.show()
            return
        data = FollowUpInput(
            self.text.text().strip(), self.owner.text().strip(), due, self.action.currentData()
        )
        self._pending.append(data)
        due_label = f" (due {due.isoformat()})" if due else ""
        self.list.addItem(f"new: {data.text}{due_label}{' — ' + data.owner if data.owner else ''}")
        self.text.clear()
        self.due.clear()
        self.message.hide()
