"""Typed text -> reference entries, for the editor's pickers, the filter bar and the reference
dialogs: the core's rule (``core.reference.matching``: case and accents folded; names,
acronyms, ISO codes and aliases; an exact key first), and a popup of what matches.

``Entries`` is one list of a ``Vocabulary`` as a picker offers it (entries in use, plus what
the record being edited already has); ``Suggestions`` is the popup under a line edit, filled
by its owner with (line, payload) pairs, best first.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QStringListModel, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from eunato_desk.core.reference.matching import EXACT, Match, fold_key, record_index
from eunato_desk.core.vocab import REFERENCE_KINDS, REFERENCE_NOUNS, REFERENCE_PLURALS

if TYPE_CHECKING:
    from eunato_desk.core.records import Vocabulary

# The lists as the GUI names them: (singular, plural) for messages and titles.
NOUNS = {kind: (REFERENCE_NOUNS[kind], REFERENCE_PLURALS[kind]) for kind in REFERENCE_KINDS}
POPUP_LINES = 12


def form_value(kind: str, record: Any) -> str:
    """What an interaction form names the entry by (what the editor's lists hold)."""
    if kind == "organisation":
        return record.acronym or record.name
    return record.name


def label(kind: str, record: Any) -> str:
    """The entry as a popup or a choice list shows it."""
    if kind == "organisation":
        return record.label
    if kind == "country":
        return f"{record.name} ({record.iso_code})" + (" — pilot" if record.is_pilot else "")
    if kind == "person" and record.organisation:
        return f"{record.name} ({record.organisation})"
    return record.name


def match_label(kind: str, match: Match) -> str:
    """A popup line: the entry, and the alias that matched when it is not in the label
    ("Türkiye (TR), also “Turkey”")."""
    text = label(kind, match.record)
    if fold_key(match.matched) not in fold_key(text):
        text += f", also “{match.matched}”"
    return text + (" (retired)" if match.record.retired else "")


class Entries:
    """One list of a Vocabulary as a picker offers it: the entries in use, plus ``own``
    (the form values the record being edited already has, retired or not); every entry
    with ``include_retired`` (a filter: old records have retired entries)."""

    def __init__(
        self,
        vocab: Vocabulary,
        kind: str,
        own: Collection[str] = (),
        *,
        include_retired: bool = False,
    ) -> None:
        self.kind = kind
        self.index = record_index(vocab, kind)
        self._own = set(own)
        self._all = include_retired

    def offered(self, record: Any) -> bool:
        return self._all or not record.retired or form_value(self.kind, record) in self._own

    def records(self) -> list[Any]:
        """Every offered entry, in list order."""
        return [c.ref for c in self.index.candidates if self.offered(c.ref)]

    def ranked(self, text: str) -> list[Match]:
        """The offered entries ``text`` matches, best first."""
        return [m for m in self.index.ranked(text, include_retired=True) if self.offered(m.record)]

    def pick(self, text: str) -> tuple[Any | None, list[Match]]:
        """What Enter takes (the best match, if it is exact or the only one), and the
        matches."""
        ranked = self.ranked(text)
        if ranked and (ranked[0].rank == EXACT or len(ranked) == 1):
            return ranked[0].record, ranked
        return None, ranked

    def retired_named(self, text: str) -> Any | None:
        """The retired entry ``text`` names exactly, when it is not offered."""
        found = self.index.exact(text, include_retired=True)
        return found.ref if found is not None and not self.offered(found.ref) else None


def several(text: str, ranked: Sequence[Match], noun: tuple[str, str]) -> str:
    """'an' matches 9 countries (A, B, C, …); type more…"""
    some = ", ".join(m.record.name for m in ranked[:3]) + (", …" if len(ranked) > 3 else "")
    return (
        f"'{text}' matches {len(ranked)} {noun[1]} ({some}); type more of the name, or pick "
        "one from the list."
    )


class Suggestions(QObject):
    """The popup under ``line``: lines its owner gives for what was typed, best first.
    ``payload(text)`` says which line the text is (the arrow keys put a line's text in the
    field); a click on a line emits ``chosen`` with its payload."""

    chosen = Signal(object)

    def __init__(self, line: QLineEdit) -> None:
        super().__init__(line)
        self.line = line
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, line)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(POPUP_LINES)
        self.completer.activated.connect(self._activated)
        line.setCompleter(self.completer)
        self._payloads: dict[str, Any] = {}
        self.typed = ""  # the text the lines were made for

    def show_lines(self, typed: str, lines: Sequence[tuple[str, Any]]) -> None:
        """Fill the popup (the line edit shows it, after each edit, when it has lines)."""
        self.typed = typed
        self._payloads = dict(lines)
        self.model.setStringList([text for text, _payload in lines])
        if not lines:
            self.hide()

    def labels(self) -> list[str]:
        return self.model.stringList()

    def payload(self, text: str) -> Any | None:
        return self._payloads.get(text)

    def is_shown(self) -> bool:
        return self.completer.popup().isVisible()

    def hide(self) -> None:
        self.completer.popup().hide()

    def _activated(self, text: str) -> None:
        payload = self._payloads.get(text)
        if payload is not None:
            self.chosen.emit(payload)
