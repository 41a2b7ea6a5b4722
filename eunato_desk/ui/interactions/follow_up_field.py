"""Next steps in the editor: the interaction's follow-ups, and new ones typed in place.

Every change here (add, edit, mark done or open again, remove) is saved with the interaction,
in the same transaction, or not at all. Enter in the text, owner or due date adds the
follow-up (or updates the one being edited); in the list, Enter or a double-click puts the
selected follow-up back into the inputs, Space marks it done or open, Delete removes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QPoint, QStringListModel, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.follow_ups import validate_follow_up
from eunato_desk.core.periods import parse_date
from eunato_desk.core.records import FollowUpChange, FollowUpInput, FollowUpRecord
from eunato_desk.ui.interactions.follow_up_entry import FollowUpEntry
from eunato_desk.ui.widgets.keyboard import (
    EnterInput,
    focus_after,
    message_label,
    tab_stop_when_filled,
)

WIDEST_OWNER = "Anna Virtanen-Koskinen"  # the owner input shows a name this long in full
MESSAGE_KEYS = ("follow-up", "due date", "follow-up action")


class _FollowUpList(QListWidget):
    """Enter edits the selected follow-up, Space marks it done or open, Delete removes it."""

    edit_requested = Signal()
    done_requested = Signal()
    remove_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        signal = {
            Qt.Key.Key_Return: self.edit_requested,
            Qt.Key.Key_Enter: self.edit_requested,
            Qt.Key.Key_Space: self.done_requested,
            Qt.Key.Key_Delete: self.remove_requested,
            Qt.Key.Key_Backspace: self.remove_requested,
        }.get(Qt.Key(event.key()))
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if signal is not None and self.currentItem() is not None and not plain:
            signal.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class FollowUpField(QWidget):
    """Type what is to be done (Enter adds it); owner, due date and action are optional."""

    changed = Signal()  # the list of follow-ups changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_inputs()
        self._build_list()
        self.messages = {key: message_label(self) for key in MESSAGE_KEYS}
        self.focus_for = {
            "follow-up": self.text,
            "due date": self.due,
            "follow-up action": self.list,
        }
        self.text.textEdited.connect(lambda: self.messages["follow-up"].hide())
        self.due.textEdited.connect(lambda: self.messages["due date"].hide())
        self.action.activated.connect(lambda: self.messages["follow-up action"].hide())
        self.changed.connect(lambda: self.messages["follow-up action"].hide())
        self._lay_out()
        self._entries: list[FollowUpEntry] = []
        self._saved: dict[str, FollowUpEntry] = {}
        self._editing: int | None = None  # the row whose follow-up is in the inputs
        self._linked: list[int] = []
        self.today = dt.date.today()
        self.set_linked_actions([])
        self.setFocusProxy(self.text)

    def _build_inputs(self) -> None:
        self.text = EnterInput(self)
        self.text.setPlaceholderText("Next step, then Enter (saved with the interaction)")
        self.owner = EnterInput(self, placeholderText="Who does it")
        self.owner.setMinimumWidth(self.owner.fontMetrics().horizontalAdvance(WIDEST_OWNER) + 28)
        self.due = EnterInput(self, placeholderText="YYYY-MM-DD")
        self.due.setToolTip("Due date (optional), YYYY-MM-DD")
        self.due.setFixedWidth(self.due.fontMetrics().horizontalAdvance("YYYY-MM-DD") + 20)
        self.action = QComboBox(self)
        self.action.setToolTip("The linked action this follow-up is for (optional)")
        self.add_button = QPushButton("Add", self)
        self.add_button.setAutoDefault(False)
        self.add_button.setToolTip("Add the follow-up to the list (Enter)")
        self.add_button.clicked.connect(self.add)
        for line in (self.text, self.owner, self.due):
            line.returnPressed.connect(self._enter)

    def _build_list(self) -> None:
        self.list = _FollowUpList(self)
        self.list.setMinimumHeight(60)  # three follow-ups; five when there is room
        self.list.setMaximumHeight(104)
        self.list.setWordWrap(True)  # a long follow-up shows in full, on two lines
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setToolTip(
            "Enter or double-click: edit · Space: mark done / open again · Delete: remove · "
            "right-click for a menu. Changes are saved with the interaction."
        )
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.list.edit_requested.connect(self.edit_selected)
        self.list.done_requested.connect(self.toggle_done_selected)
        self.list.remove_requested.connect(self.remove_selected)
        self.hint = QLabel(
            "Enter or double-click edits · Space marks a saved one done or open · Delete removes",
            self,
        )
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.hint.setWordWrap(True)
        self.hint.hide()

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        for text, widget, stretch in (
            ("O&wner:", self.owner, 1),
            ("Due &by:", self.due, 0),
            ("Action:", self.action, 0),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget, stretch)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.text)
        layout.addLayout(row)
        for label in self.messages.values():
            layout.addWidget(label)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)

    # --- content ------------------------------------------------------------------------------

    def set_people(self, names: list[str]) -> None:
        completer = QCompleter(QStringListModel(names, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.owner.setCompleter(completer)

    def set_linked_actions(self, numbers: list[int]) -> None:
        self._linked = list(numbers)
        self._fill_actions(self.action.currentData())

    def _fill_actions(self, current: int | None) -> None:
        numbers = list(self._linked)
        if current is not None and current not in numbers:
            numbers.append(current)  # a follow-up's action stays visible (the save names it)
        self.action.clear()
        self.action.addItem("No action", None)
        for n in numbers:
            self.action.addItem(f"Action {n}", n)
        self.action.setCurrentIndex(max(0, self.action.findData(current)))

    def set_follow_ups(self, rows: list[FollowUpRecord]) -> None:
        """Show these saved follow-ups, nothing new and nothing typed."""
        self._entries = [FollowUpEntry.of(r) for r in rows]
        self._saved = {e.uuid: e for e in self._entries if e.uuid}
        self._editing = None
        self._clear_inputs()
        for label in self.messages.values():
            label.hide()
        self._refresh()

    def entries(self) -> tuple[FollowUpEntry, ...]:
        return tuple(self._entries)

    def state(self) -> tuple:
        """Everything shown here, typed text included (for the unsaved-changes check)."""
        return (
            self.entries(),
            self.text.text(),
            self.owner.text(),
            self.due.text(),
            self.action.currentData(),
        )

    def pending(self) -> tuple[FollowUpInput, ...]:
        """New follow-ups, to be added with the interaction."""
        return tuple(
            FollowUpInput(e.text, e.owner, e.due_date, e.action_number)
            for e in self._entries
            if e.uuid is None
        )

    def changes(self) -> tuple[FollowUpChange, ...]:
        """Saved follow-ups that were edited, marked done or opened again."""
        return tuple(
            FollowUpChange(e.uuid, e.text, e.owner, e.due_date, e.action_number, e.done)
            for e in self._entries
            if e.uuid is not None and e != self._saved.get(e.uuid)
        )

    def removed(self) -> tuple[str, ...]:
        kept = {e.uuid for e in self._entries}
        return tuple(uuid for uuid in self._saved if uuid not in kept)

    # --- the inputs ---------------------------------------------------------------------------

    def _typed(self) -> bool:
        return any(w.text().strip() for w in (self.text, self.owner, self.due))

    def _clear_inputs(self) -> None:
        for line in (self.text, self.owner, self.due):
            line.clear()
        self._fill_actions(None)
        self.add_button.setText("Add")

    def _enter(self) -> None:
        if self._typed() or self._editing is not None:
            self.add()
        else:
            focus_after(self.list)  # Enter on empty inputs: on to the next field

    def add(self) -> bool:
        """The typed follow-up joins the list (or replaces the one being edited)."""
        problems = self.commit_typed()
        for problem in problems:
            self.messages[problem.field].setText(problem.message)
            self.messages[problem.field].show()
        if not problems:
            self.text.setFocus()
        return not problems

    def commit_typed(self) -> list[ValidationError]:
        """Put what is typed into the list; the problems that keep it out, if any."""
        if not self._typed():
            self._editing = None  # nothing typed: the follow-up being edited stays as it was
            self._clear_inputs()
            self._refresh()
            return []
        problems: list[ValidationError] = []
        try:
            validate_follow_up(self.text.text())
        except ValidationError as exc:
            problems.append(exc)
        due = None
        if self.due.text().strip():
            try:
                due = parse_date(self.due.text(), "due date")
            except ValidationError as exc:
                problems.append(exc)
        if problems:
            return problems
        entry = FollowUpEntry(
            self.text.text().strip(), self.owner.text().strip(), due, self.action.currentData()
        )
        if self._editing is None:
            self._entries.append(entry)
        else:
            old = self._entries[self._editing]
            self._entries[self._editing] = replace(entry, done=old.done, uuid=old.uuid)
        self._editing = None
        self._clear_inputs()
        for label in self.messages.values():
            label.hide()
        self._refresh()
        self.changed.emit()
        return []

    # --- the list -----------------------------------------------------------------------------

    def _refresh(self) -> None:
        row = self.list.currentRow()
        self.list.clear()
        for i, e in enumerate(self._entries):
            item = QListWidgetItem(
                e.line(self._saved.get(e.uuid or ""), self.today, i == self._editing)
            )
            item.setToolTip(e.describe())
            if i == self._editing:
                font = QFont(item.font())
                font.setItalic(True)
                item.setFont(font)
            self.list.addItem(item)
        if self._entries:
            self.list.setCurrentRow(min(max(row, 0), len(self._entries) - 1))
        tab_stop_when_filled(self.list, bool(self._entries))
        self.hint.setVisible(bool(self._entries))

    def _selected(self) -> int | None:
        row = self.list.currentRow()
        return row if 0 <= row < len(self._entries) else None

    def edit_selected(self) -> None:
        """Put the selected follow-up into the inputs; Enter there puts it back, changed."""
        row = self._selected()
        if row is None or row == self._editing:
            return
        if self._typed() and not self.add():
            return  # what is typed cannot join the list yet: keep it, say why
        e = self._entries[row]
        self._editing = row
        self.text.setText(e.text)
        self.owner.setText(e.owner)
        self.due.setText(e.due_date.isoformat() if e.due_date else "")
        self._fill_actions(e.action_number)
        self.add_button.setText("Update")
        self._refresh()
        self.list.setCurrentRow(row)
        self.text.setFocus()

    def toggle_done_selected(self) -> None:
        row = self._selected()
        if row is None or self._entries[row].uuid is None:
            return  # a new follow-up is open until it is saved
        e = self._entries[row]
        self._entries[row] = replace(e, done=not e.done)
        self._refresh()
        self.changed.emit()

    def remove_selected(self) -> None:
        row = self._selected()
        if row is None:
            return
        del self._entries[row]
        if self._editing == row:
            self._editing = None
            self._clear_inputs()
        elif self._editing is not None and self._editing > row:
            self._editing -= 1
        self._refresh()
        self.changed.emit()

    def _menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        self.list.setCurrentItem(item)
        entry = self._entries[self.list.row(item)]
        menu = QMenu(self)
        menu.addAction("&Edit\tEnter", self.edit_selected)
        done = menu.addAction(
            "&Reopen\tSpace" if entry.done else "Mark &done\tSpace", self.toggle_done_selected
        )
        done.setEnabled(entry.uuid is not None)
        menu.addAction("Re&move\tDelete", self.remove_selected)
        self.context_menu = menu  # for tests: the last menu shown
        menu.popup(self.list.viewport().mapToGlobal(pos))
