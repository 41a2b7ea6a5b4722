"""The editor's choices, from the vocabulary: the pickers (organisations, countries,
participants), the type and marking lists and the follow-up owners. Each offers the entries
in use, plus what the interaction being edited already has (a retired type or organisation
stays on an old record); a new interaction never gets a retired marking. They are filled
again, keeping what is chosen and typed, when the vocabulary is read again (an entry added or
renamed meanwhile).

From a picker, text that matches no organisation or country can be added as a new one: a
small dialog confirms it (with the side, or the ISO code and flags), the core adds it on the
database worker, and the picker takes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from eunato_desk.core.records import Vocabulary
from eunato_desk.core.reference.matching import PREFIX
from eunato_desk.ui.reference.dialogs import AddEntryDialog
from eunato_desk.ui.widgets.matching import Entries, form_value
from eunato_desk.ui.widgets.pickers import ChoiceList

if TYPE_CHECKING:
    from eunato_desk.ui.interactions.editor import InteractionEditor


def resolve_type(text: str, entries: Entries | None) -> str:
    """The type ``text`` names: exactly (name or alias, any case or accent) or as the only
    type it starts; else the text as typed, so the core can name the problem."""
    key = text.strip()
    if not key or entries is None:
        return key
    found = entries.index.exact(key, include_retired=True)
    if found is not None:
        return found.ref.name
    starts = [m.record for m in entries.ranked(key) if m.rank == PREFIX]
    return starts[0].name if len(starts) == 1 else key


def _first_in_use(box: QComboBox) -> int:
    """The first item that is not a retired entry (each item's data says if it is)."""
    for index in range(box.count()):
        if not box.itemData(index):
            return index
    return 0


def choose_marking(box: QComboBox, name: str) -> None:
    """Show the marking ``name``; none (a new interaction): the lowest one in use."""
    index = box.findText(name) if name else -1
    box.setCurrentIndex(index if index >= 0 else _first_in_use(box))


def _refill(box: QComboBox, records: Sequence[Any]) -> None:
    """The entries as the box's items (retired ones marked in their data), keeping what the
    box shows."""
    text = box.currentText()
    box.blockSignals(True)
    try:
        box.clear()
        for record in records:
            box.addItem(record.name, record.retired)
        index = box.findText(text) if text else -1
        if box.isEditable():
            box.setCurrentIndex(index)
            box.setEditText(text)
        else:
            box.setCurrentIndex(index if index >= 0 else _first_in_use(box))
    finally:
        box.blockSignals(False)


def apply_vocabulary(e: InteractionEditor, vocab: Vocabulary) -> None:
    """Fill (or fill again) every choice of the editor from ``vocab``."""
    e.vocab = vocab
    own = e.record
    e.actions.set_actions(vocab.actions)
    e.organisations.set_vocabulary(vocab, own.organisations if own else ())
    e.countries.set_vocabulary(vocab, own.countries if own else ())
    e.participants.set_vocabulary(vocab, own.participants if own else ())
    e.follow_ups.set_people([p.name for p in vocab.people if not p.retired])
    e.type_entries = Entries(vocab, "type", (own.type,) if own else ())
    _refill(e.type, e.type_entries.records())
    _refill(e.marking, Entries(vocab, "marking", (own.marking,) if own else ()).records())


def connect_offers(e: InteractionEditor) -> None:
    """Enter on text that names no organisation (country) offers to add it."""
    for kind, picker in (("organisation", e.organisations), ("country", e.countries)):
        picker.add_requested.connect(
            lambda text, kind=kind, picker=picker: offer_new_entry(e, kind, picker, text)
        )


def offer_new_entry(
    e: InteractionEditor, kind: str, picker: ChoiceList, name: str
) -> AddEntryDialog:
    """Ask to add ``name`` as a new entry; once the core has added it, the picker takes it."""
    if e.entry_dialog is not None:  # already asking
        e.entry_dialog.activateWindow()
        return e.entry_dialog
    dialog = AddEntryDialog(e.executor, kind, name=name, parent=e)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.succeeded.connect(lambda record: picker.add_value(form_value(kind, record)))
    dialog.finished.connect(lambda _result: _closed(e, picker))
    e.entry_dialog = dialog
    dialog.open()
    return dialog


def _closed(e: InteractionEditor, picker: ChoiceList) -> None:
    e.entry_dialog = None
    e.activateWindow()  # back to the editor, the cursor in the picker
    picker.input.setFocus()
