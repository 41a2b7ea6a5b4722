"""Keyboard-first pickers for the editor: type, press Enter, the choice joins the list.

``ChoiceList`` serves organisations, countries and participants; ``ActionLinksField`` links
actions by number ("43", "#43", "Action 43") or by words of their title, each with a note.
Enter on an empty input moves on to the next field; the list of chosen items is in the Tab
order only when it has items. ``commit_typed`` (called when the interaction is saved) adds
what is still typed when it names exactly one entry, so nothing typed is silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core.records import ActionRecord, LinkInput

_NUMBER_RE = re.compile(r"^\s*(?:action\s*)?#?\s*(\d+)\s*$", re.IGNORECASE)


def parse_action_number(text: str) -> int | None:
    m = _NUMBER_RE.match(text or "")
    return int(m.group(1)) if m else None


def focus_after(widget: QWidget) -> None:
    """Give the focus to the widget the Tab key reaches after ``widget``."""
    nxt = widget.nextInFocusChain()
    while nxt is not None and nxt is not widget:
        if (
            nxt.focusPolicy() & Qt.FocusPolicy.TabFocus
            and nxt.focusProxy() is None
            and nxt.isVisible()
            and nxt.isEnabled()
            and nxt.window() is widget.window()
        ):
            nxt.setFocus(Qt.FocusReason.TabFocusReason)
            return
        nxt = nxt.nextInFocusChain()


def tab_stop_when_filled(view: QAbstractItemView, filled: bool) -> None:
    """An empty list or table is skipped by Tab (there is nothing to select in it)."""
    view.setFocusPolicy(Qt.FocusPolicy.StrongFocus if filled else Qt.FocusPolicy.ClickFocus)


def capitalised(reason: str) -> str:
    return reason[:1].upper() + reason[1:]


class _RemovableList(QListWidget):
    removed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentItem():
            self.takeItem(self.currentRow())
            self.removed.emit()
            return
        super().keyPressEvent(event)


class _Input(QLineEdit):
    """A line edit whose Enter never reaches the dialog (it adds to the list instead)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


def _completer(parent: QWidget, items: Sequence[str]) -> QCompleter:
    completer = QCompleter(QStringListModel(list(items), parent), parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(12)
    return completer


class ChoiceList(QWidget):
    """A multi-choice list with completion. ``choices`` map a label to the stored value."""

    changed = Signal()  # the chosen values changed
    edited = Signal()  # the person typed or changed the choice (a message about it can go)

    def __init__(
        self,
        placeholder: str,
        *,
        noun: tuple[str, str] = ("entry", "entries"),
        allow_new: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.noun = noun
        self.allow_new = allow_new
        self._labels: dict[str, str] = {}  # label -> value
        self.input = _Input(self)
        self.input.setPlaceholderText(placeholder)
        self.list = _RemovableList(self)
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setWrapping(True)
        self.list.setSpacing(2)
        self.list.setFixedHeight(48)
        self.list.setToolTip("Select and press Delete to remove")
        self.list.removed.connect(self.changed)
        self.changed.connect(self.edited)
        self.changed.connect(lambda: tab_stop_when_filled(self.list, self.list.count() > 0))
        tab_stop_when_filled(self.list, False)
        self.message = QLabel(self)
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.input.textEdited.connect(self.edited)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.input)
        layout.addWidget(self.message)
        layout.addWidget(self.list)
        self.input.returnPressed.connect(self._add_typed)
        self.setFocusProxy(self.input)
        self._completer: QCompleter | None = None

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        self._labels = {label: value for label, value in choices}
        self._completer = _completer(self, list(self._labels))
        self._completer.activated.connect(self._add_completed)
        self.input.setCompleter(self._completer)

    def values(self) -> tuple[str, ...]:
        return tuple(
            self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
        )

    def set_values(self, values: Sequence[str]) -> None:
        """Show these values, and nothing typed (a new or another interaction)."""
        self.list.clear()
        self.input.clear()
        self.message.hide()
        for value in values:
            self._append(value)
        self.changed.emit()

    def state(self) -> tuple[tuple[str, ...], str]:
        """The chosen values and the text still typed."""
        return self.values(), self.input.text()

    def _append(self, value: str) -> bool:
        if value in self.values():
            return False
        item = QListWidgetItem(value)
        item.setData(Qt.ItemDataRole.UserRole, value)
        self.list.addItem(item)
        self.changed.emit()
        return True

    def _resolve(self, text: str) -> tuple[str | None, str]:
        """(the value ``text`` names, "") or (None, why it names none or several)."""
        key = text.strip().lower()
        for label, value in self._labels.items():
            if key in (label.lower(), value.lower()):
                return value, ""
        matches = sorted({v for label, v in self._labels.items() if key in label.lower()})
        if len(matches) == 1:
            return matches[0], ""
        if self.allow_new:
            return " ".join(text.split()), ""
        if not matches:
            return None, f"'{text}' matches no {self.noun[0]}; pick one from the list."
        some = ", ".join(matches[:3]) + (", …" if len(matches) > 3 else "")
        return None, (
            f"'{text}' matches {len(matches)} {self.noun[1]} ({some}); "
            "type more of the name, or pick one from the list."
        )

    def _add_completed(self, label: str) -> None:
        value = self._labels.get(label)
        if value is not None:
            self._append(value)
            self._after_add()

    def _add_typed(self) -> None:
        text = self.input.text().strip()
        if not text:
            focus_after(self.list)  # Enter on an empty input: done here, on to the next field
            return
        problem = self.commit_typed()
        if problem:
            self.show_message(capitalised(problem))

    def commit_typed(self) -> str:
        """Add the text still typed if it names exactly one entry; else say why not."""
        text = self.input.text().strip()
        if not text:
            return ""
        value, problem = self._resolve(text)
        if value is None:
            return problem
        self._append(value)
        self._after_add()
        return ""

    def _after_add(self) -> None:
        self.input.clear()
        self.message.hide()
        if self._completer is not None:
            self._completer.popup().hide()  # its suggestions were for the text just added

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


class ActionLinksField(QWidget):
    """The actions an interaction advances, each with an optional note on how."""

    changed = Signal()  # links or notes changed
    edited = Signal()  # the person typed or changed a link (a message about it can go)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actions: dict[int, ActionRecord] = {}
        self._labels: dict[str, int] = {}
        self.input = _Input(self)
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
        self.message = QLabel(self)
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self.message.hide()
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
        completer = _completer(self, list(self._labels))
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
