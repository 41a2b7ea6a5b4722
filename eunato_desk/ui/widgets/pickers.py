"""Keyboard-first pickers for the editor: type, press Enter, the choice joins the list.

``ChoiceList`` serves organisations, countries and participants; ``ActionLinksField``
(``action_links.py``) links actions. Enter on an empty input moves on to the next field; the
list of chosen items is in the Tab order only when it has items. ``commit_typed`` (called when
the interaction is saved) adds what is still typed when it names exactly one entry, so nothing
typed is silently dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from eunato_desk.ui.widgets.keyboard import (
    EnterInput,
    capitalised,
    focus_after,
    message_label,
    tab_stop_when_filled,
)


class _RemovableList(QListWidget):
    removed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentItem():
            self.takeItem(self.currentRow())
            self.removed.emit()
            return
        super().keyPressEvent(event)


def completer_for(parent: QWidget, items: Sequence[str]) -> QCompleter:
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
        self.input = EnterInput(self)
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
        self.message = message_label(self)
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
        self._completer = completer_for(self, list(self._labels))
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
