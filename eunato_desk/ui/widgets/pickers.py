"""Keyboard-first pickers for the editor: type, press Enter, the choice joins the list.

``ChoiceList`` serves organisations, countries and participants; ``ActionLinksField``
(``action_links.py``) links actions. Typed text is matched as the core matches it
(``widgets/matching``: case and accents folded; names, acronyms, ISO codes, aliases); the
popup lists the entries in use that match, best first. Enter takes the best match when it is
exact ("TR" is Türkiye) or the only one; when nothing matches, the popup offers to add what
is typed, and Enter takes the offer (a new organisation or country is confirmed in a dialog,
``add_requested``; a new participant joins the list and is created when the interaction is
saved). Enter on an empty input moves on to the next field; the list of chosen items is in
the Tab order only when it has items. ``commit_typed`` (called when the interaction is saved)
adds what is still typed when it names exactly one entry, so nothing typed is silently
dropped.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from eunato_desk.core.records import Vocabulary
from eunato_desk.core.reference.matching import EXACT
from eunato_desk.ui.widgets.keyboard import (
    EnterInput,
    capitalised,
    focus_after,
    message_label,
    tab_stop_when_filled,
)
from eunato_desk.ui.widgets.matching import (
    NOUNS,
    Entries,
    Suggestions,
    form_value,
    match_label,
    several,
)

_OFFER = object()  # the popup line that offers to add what is typed


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
    """A multi-choice list of one reference list's entries (``kind``: organisation, country,
    person). ``can_add``: when nothing matches, Enter asks to add the text as a new entry
    (``add_requested``); ``allow_new``: text that names no single entry joins the list as a
    new name (participants)."""

    changed = Signal()  # the chosen values changed
    edited = Signal()  # the person typed or changed the choice (a message about it can go)
    add_requested = Signal(str)  # the text typed, to add as a new entry

    def __init__(
        self,
        placeholder: str,
        *,
        kind: str,
        allow_new: bool = False,
        can_add: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.noun = NOUNS[kind]
        self.allow_new = allow_new
        self.can_add = can_add
        self.entries: Entries | None = None
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
        self.suggestions = Suggestions(self.input)
        self.suggestions.chosen.connect(self._take)
        self.input.textEdited.connect(self._suggest)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.input)
        layout.addWidget(self.message)
        layout.addWidget(self.list)
        self.input.returnPressed.connect(self._add_typed)
        self.setFocusProxy(self.input)

    def set_vocabulary(self, vocab: Vocabulary, own: Collection[str] = ()) -> None:
        """Offer the entries in use of ``vocab``, and ``own`` (what the record being edited
        already has, retired or not)."""
        self.entries = Entries(vocab, self.kind, own)

    # --- the chosen values --------------------------------------------------------------------

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

    def add_value(self, value: str) -> None:
        """Add ``value`` (e.g. an entry just created) as if it had been picked."""
        self._append(value)
        self._after_add()

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

    # --- typed text ---------------------------------------------------------------------------

    def offer_text(self, text: str, *, enter: bool = True) -> str:
        """The popup line that offers to add ``text``; "(Enter)" when Enter takes it."""
        name = " ".join(text.split())
        line = f"Add '{name}' as a new {self.noun[0]}{'…' if self.can_add else ''}"
        return f"{line}  (Enter)" if enter else line

    def _suggest(self, text: str) -> None:
        """The popup: the matching entries in use, best first; then, unless one is named
        exactly, the offer to add the text (Enter takes it when nothing else would be)."""
        lines: list[tuple[str, object]] = []
        if text.strip() and self.entries is not None:
            record, ranked = self.entries.pick(text)
            lines = [(match_label(self.kind, m), m.record) for m in ranked]
            exact = bool(ranked) and ranked[0].rank == EXACT
            if not exact and self.entries.retired_named(text) is None:
                enter = record is None and (self.allow_new or not ranked)
                if self.allow_new or self.can_add:
                    lines.append((self.offer_text(text, enter=enter), _OFFER))
        self.suggestions.show_lines(text, lines)

    def _take(self, payload: object) -> None:
        """A popup line was chosen: its entry, or the offer to add what was typed."""
        if payload is _OFFER:
            self._add_new(self.suggestions.typed)
        elif self.entries is not None:
            self.add_value(form_value(self.kind, payload))

    def _add_new(self, text: str) -> None:
        text = " ".join(text.split())
        if self.allow_new:
            self.add_value(text)
        else:
            self.suggestions.hide()
            self.add_requested.emit(text)

    def _add_typed(self) -> None:
        text = self.input.text().strip()
        if not text:
            focus_after(self.list)  # Enter on an empty input: done here, on to the next field
            return
        payload = self.suggestions.payload(self.input.text())
        if payload is not None:  # the arrow keys chose a line of the popup
            self._take(payload)
            return
        value, problem = self._resolve(text)
        if value is None and problem is _OFFER and self.can_add:
            self._add_new(text)
        elif value is None:
            self.show_message(capitalised(self._unmatched(text, problem)))
        else:
            self.add_value(value)

    def _unmatched(self, text: str, problem: object) -> str:
        if problem is not _OFFER:
            return str(problem)
        how = "press Enter in the field to add it, or " if self.can_add else ""
        return f"'{text}' matches no {self.noun[0]}; {how}pick one from the list."

    def _resolve(self, text: str) -> tuple[str | None, object]:
        """(the value ``text`` names, "") or (None, why not: a sentence, or ``_OFFER`` when
        nothing matches)."""
        if self.entries is None:
            return (" ".join(text.split()), "") if self.allow_new else (None, _OFFER)
        record, ranked = self.entries.pick(text)
        if record is not None:
            return form_value(self.kind, record), ""
        retired = self.entries.retired_named(text)
        if retired is not None:
            return None, (
                f"'{retired.name}' is retired; bring it back under Reference data (Ctrl+6) "
                "to use it again."
            )
        if self.allow_new:
            return " ".join(text.split()), ""
        return (None, several(text, ranked, self.noun)) if ranked else (None, _OFFER)

    def commit_typed(self) -> str:
        """Add the text still typed if it names exactly one entry; else say why not."""
        text = self.input.text().strip()
        if not text:
            return ""
        value, problem = self._resolve(text)
        if value is None:
            return self._unmatched(text, problem)
        self.add_value(value)
        return ""

    def _after_add(self) -> None:
        self.input.clear()
        self.message.hide()
        self.suggestions.show_lines("", [])  # its lines were for the text just added

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
