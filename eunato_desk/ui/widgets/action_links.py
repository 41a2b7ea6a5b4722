"""The actions an interaction advances: type a number ("43", "#43", "Action 43") or words of
the title, press Enter, the link joins the table (with a note on how). Enter on an empty input
moves on; Delete in the table removes the selected links."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core.records import ActionRecord, LinkInput
from eunato_desk.ui.widgets.keyboard import (
    EnterInput,
    capitalised,
    focus_after,
    message_label,
    tab_stop_when_filled,
)
from eunato_desk.ui.widgets.pickers import completer_for

_NUMBER_RE = re.compile(r"^\s*(?:action\s*)?#?\s*(\d+)\s*$", re.IGNORECASE)


def parse_action_number(text: str) -> int | None:
    m = _NUMBER_RE.match(text or "")
    return int(m.group(1)) if m else None


class ActionLinksField(QWidget):
    """The actions an interaction advances, each with an optional note on how."""

    changed = Signal()  # links or notes changed
    edited = Signal()  # the person typed or changed a link (a message about it can go)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actions: dict[int, ActionRecord] = {}
        self._labels: dict[str, int] = {}
        self.input = EnterInput(self)
        self.input.setPlaceholderText("Action number (e.g. 43) or words of its title, then Enter")
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["No.", "Action", "How this interaction advanced it"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(78)  # the header and two links
        self.table.setWordWrap(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.remove_button = QPushButton("Remove link", self)
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.message = message_label(self)
        self.input.textEdited.connect(self.edited)
        self.changed.connect(self.edited)
        self.changed.connect(lambda: tab_stop_when_filled(self.table, self.table.rowCount() > 0))
        tab_stop_when_filled(self.table, False)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.table)
        self.input.returnPressed.connect(self._add_typed)
        self.setFocusProxy(self.input)

    def set_actions(self, actions: Sequence[ActionRecord]) -> None:
        self._actions = {
            a.number: a for a in actions if a.number is not None and a.status == "active"
        }
        self._labels = {f"{n} — {a.title}": n for n, a in sorted(self._actions.items())}
        completer = completer_for(self, list(self._labels))
        completer.activated.connect(self._add_completed)
        self.input.setCompleter(completer)

    def numbers(self) -> list[int]:
        return [int(self.table.item(r, 0).text()) for r in range(self.table.rowCount())]

    def links(self) -> tuple[LinkInput, ...]:
        return tuple(
            LinkInput(
                int(self.table.item(r, 0).text()), (self.table.item(r, 2).text() or "").strip()
            )
            for r in range(self.table.rowCount())
        )

    def set_links(self, links: Sequence[LinkInput]) -> None:
        """Show these links, and nothing typed (a new or another interaction)."""
        self.table.setRowCount(0)
        self.input.clear()
        self.message.hide()
        for link in links:
            self.add(link.number, link.note)
        self.changed.emit()

    def state(self) -> tuple[tuple[LinkInput, ...], str]:
        """The links with their notes and the text still typed."""
        return self.links(), self.input.text()

    def add(self, number: int, note: str = "") -> bool:
        if number in self.numbers():
            self.show_message(f"Action {number} is already linked.")
            return False
        action = self._actions.get(number)
        title = action.title if action else "(not in the catalogue)"
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        number_item = QTableWidgetItem(str(number))
        number_item.setFlags(number_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        number_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        title_item = QTableWidgetItem(title)
        title_item.setFlags(title_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        title_item.setToolTip(action.description if action else "")
        self.table.setItem(row, 0, number_item)
        self.table.setItem(row, 1, title_item)
        self.table.setItem(row, 2, QTableWidgetItem(note))
        self.table.blockSignals(False)
        self.changed.emit()
        return True

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            self.table.removeRow(r)
        if rows:
            self.changed.emit()

    def _add_completed(self, label: str) -> None:
        number = self._labels.get(label)
        if number is not None and self.add(number):
            self._typed_done()

    def _typed_done(self) -> None:
        self.input.clear()
        self.message.hide()
        if self.input.completer() is not None:
            self.input.completer().popup().hide()  # its suggestions were for the text added

    def _resolve(self, text: str) -> tuple[int | None, str]:
        """(the number ``text`` names, "") or (None, why it names no active action)."""
        number = parse_action_number(text)
        if number is None:
            words = text.lower().split()
            found = [
                n for label, n in self._labels.items() if all(w in label.lower() for w in words)
            ]
            if len(found) != 1:
                return None, (
                    f"{len(found)} actions match '{text}'; type more words or the number, "
                    "or pick one from the list."
                    if found
                    else f"no action matches '{text}'."
                )
            number = found[0]
        if number not in self._actions:
            return None, f"there is no active action number {number}."
        return number, ""

    def _add_typed(self) -> None:
        text = self.input.text().strip()
        if not text:
            focus_after(self.table)  # Enter on an empty input: done here, on to the next field
            return
        number, problem = self._resolve(text)
        if number is None:
            self.show_message(capitalised(problem))
        elif self.add(number):
            self._typed_done()

    def commit_typed(self) -> str:
        """Link the action still typed if the text names exactly one; else say why not."""
        text = self.input.text().strip()
        if not text:
            return ""
        number, problem = self._resolve(text)
        if number is None:
            return problem
        if number not in self.numbers():
            self.add(number)
        self._typed_done()
        return ""

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.table.hasFocus():
            self.remove_selected()
            return
        super().keyPressEvent(event)
