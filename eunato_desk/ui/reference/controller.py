"""The Reference data commands as the person gives them (buttons, the Reference data menu):
each opens a small dialog (or asks, to retire), runs through an ``Op`` and selects the entry
it changed. The view reads its list, with the counts of use, on the worker when it is shown
and a change concerns it (an interaction saved changes the counts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QMainWindow

from eunato_desk.core import settings as user_settings
from eunato_desk.core.reference.history import ReferenceItem
from eunato_desk.ui.changes import Changes
from eunato_desk.ui.ops import DbExecutor
from eunato_desk.ui.reference import commands
from eunato_desk.ui.reference.dialogs import (
    AddEntryDialog,
    EditEntryDialog,
    EntryDialog,
    MergeDialog,
    OneLineDialog,
)
from eunato_desk.ui.reference.history_dialog import ReferenceHistoryDialog
from eunato_desk.ui.reference.view import ReferenceView
from eunato_desk.ui.vocabulary import VocabularySource
from eunato_desk.ui.widgets.confirm import confirm
from eunato_desk.ui.widgets.matching import NOUNS, Entries

NAME = "Reference data"


class ReferenceController(QObject):
    def __init__(
        self,
        window: QMainWindow,
        executor: DbExecutor,
        view: ReferenceView,
        vocabulary: VocabularySource,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.executor = executor
        self.view = view
        self.vocabulary = vocabulary
        self.stale = True  # the list shown may be out of date: read it when shown
        self.dialog: QDialog | None = None  # the dialog open, if any
        view.kind_changed.connect(lambda _k: self._kind_changed())
        view.add_button.clicked.connect(self.add_entry)
        view.rename_button.clicked.connect(self.rename)
        view.edit_button.clicked.connect(self.edit)
        view.alias_button.clicked.connect(self.add_alias)
        view.merge_button.clicked.connect(self.merge)
        view.retire_button.clicked.connect(self.retire)
        view.up_button.clicked.connect(lambda: self.move(-1))
        view.down_button.clicked.connect(lambda: self.move(+1))
        view.history_button.clicked.connect(self.history)
        executor.changed.connect(self._changed)

    # --- reading ------------------------------------------------------------------------------

    def _shown(self) -> bool:
        return self.window.current_view_name() == NAME

    def _changed(self, changes: Changes) -> None:
        if changes.touches_reference():
            self.stale = True
            if self._shown():
                self.reload()

    def view_shown(self) -> None:
        if self.stale:
            self.reload()

    def _kind_changed(self) -> None:
        self.stale = True
        if self._shown():
            self.reload()

    def reload(self) -> None:
        self.stale = False
        kind = self.view.kind()
        commands.load_entries(self.window, self.executor, kind).success(
            lambda items: self.view.set_items(kind, items)
        ).run()

    # --- the commands -------------------------------------------------------------------------

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    def _selected(self) -> ReferenceItem | None:
        """The entry selected in the view (shown first, if it was not)."""
        if not self._shown():
            self.window.show_view(NAME)
        item = self.view.current_item()
        if item is None:
            self._status("Select an entry of the list first.")
        return item

    def _open(self, dialog: EntryDialog, done: Callable[[Any], None]) -> EntryDialog:
        """Open ``dialog``; ``done(result)`` once its change is made."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.succeeded.connect(done)
        dialog.finished.connect(lambda _r: self._closed())
        self.dialog = dialog
        dialog.open()
        return dialog

    def _closed(self) -> None:
        self.dialog = None
        self.window.activateWindow()
        self.view.table.setFocus()

    def _done(self, name: str, text: str) -> None:
        self.view.select_name(name)
        self._status(text)

    def add_entry(self) -> EntryDialog:
        if not self._shown():
            self.window.show_view(NAME)
        kind = self.view.kind()
        people = Entries(self.vocabulary.vocab, "organisation") if kind == "person" else None
        dialog = AddEntryDialog(
            self.executor, kind, rank_count=self.view.entry_count(), organisations=people,
            parent=self.window,
        )  # fmt: skip
        return self._open(dialog, lambda r: self._done(r.name, f"Added “{r.name}”."))

    def rename(self) -> EntryDialog | None:
        item = self._selected()
        if item is None:
            return None
        old, kind = item.record.name, item.kind
        dialog = OneLineDialog(self.executor, "rename", kind, item.record, parent=self.window)
        return self._open(
            dialog,
            lambda r: self._done(r.name, f"Renamed “{old}” to “{r.name}”; “{old}” is an alias."),
        )

    def edit(self) -> EntryDialog | None:
        item = self._selected()
        if item is not None and item.kind not in ("organisation", "country"):
            self._status("Edit… is for an organisation's acronym and side, or a country's ISO "
                         "code and flags; Rename… changes a name.")  # fmt: skip
            return None
        if item is None:
            return None
        dialog = EditEntryDialog(self.executor, item.kind, item.record, parent=self.window)
        return self._open(dialog, lambda r: self._done(r.name, f"“{r.name}” saved."))

    def add_alias(self) -> EntryDialog | None:
        item = self._selected()
        if item is None:
            return None
        dialog = OneLineDialog(self.executor, "alias", item.kind, item.record, parent=self.window)
        return self._open(
            dialog, lambda r: self._done(r.name, f"“{r.aliases[-1]}” now also names “{r.name}”.")
        )

    def merge(self) -> EntryDialog | None:
        item = self._selected()
        if item is None:
            return None
        entries = Entries(self.vocabulary.vocab, item.kind, include_retired=True)
        dialog = MergeDialog(
            self.executor, item.kind, item.record, entries, item.interactions, parent=self.window
        )
        return self._open(dialog, self._merged)

    def _merged(self, result: Any) -> None:
        moved = f"{result.interactions} interaction{'s' if result.interactions != 1 else ''}"
        self._done(
            result.record.name,
            f"Merged “{result.merged}” into “{result.record.name}”: {moved} moved.",
        )

    def retire(self) -> None:
        item = self._selected()
        if item is None:
            return
        name, undo = item.record.name, item.record.retired
        uses = f"The {item.interactions} interaction{'s' if item.interactions != 1 else ''}"
        if not undo and not confirm(
            self.window,
            f"Retire {NOUNS[item.kind][0]}",
            f"Retire “{name}”? It will no longer be offered for new interactions. {uses} "
            "that have it keep it. You can bring it back at any time.",
            default_yes=True,
        ):
            return
        officer = user_settings.officer_name()
        done = "Brought back" if undo else "Retired"
        commands.entry_change(
            self.window, self.executor, "retire", item.kind, name, officer=officer, undo=undo
        ).success(lambda r: self._done(r.name, f"{done} “{r.name}”.")).run()

    def move(self, step: int) -> None:
        item = self._selected()
        if item is not None and item.kind not in ("type", "marking"):
            self._status("Only the types and the markings have an order of their own.")
            return
        if item is None:
            return
        name, officer = item.record.name, user_settings.officer_name()
        commands.entry_change(
            self.window, self.executor, "move", item.kind, name, step, officer=officer
        ).success(
            lambda _order: self._done(name, f"Moved “{name}” {'up' if step < 0 else 'down'}.")
        ).run()

    def history(self) -> None:
        if not self._shown():
            self.window.show_view(NAME)
        kind = self.view.kind()

        def show(changes: list) -> None:  # type: ignore[type-arg]
            dialog = ReferenceHistoryDialog(kind, changes, parent=self.window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.finished.connect(lambda _r: self._closed())
            self.dialog = dialog
            dialog.open()

        commands.load_history(self.window, self.executor, kind).success(show).run()
