"""The interaction commands as the person gives them (kept out of the main window): the editor
(new, open, duplicate), the Trash (delete, undo, restore, delete for good) and demo data;
and reloading the list and the Trash when a change concerns them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox

from eunato_desk.core import interactions
from eunato_desk.core import settings as user_settings
from eunato_desk.core.records import InteractionInput, InteractionRecord
from eunato_desk.ui.changes import Changes
from eunato_desk.ui.failures import on_failure
from eunato_desk.ui.interactions import commands
from eunato_desk.ui.interactions.editor import InteractionEditor
from eunato_desk.ui.interactions.trash_view import TrashView
from eunato_desk.ui.interactions.view import InteractionsView
from eunato_desk.ui.ops import DbExecutor
from eunato_desk.ui.vocabulary import VocabularySource
from eunato_desk.ui.widgets.confirm import Button, confirm


def plural(n: int, noun: str = "interaction") -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


class InteractionsController(QObject):
    undo_available = Signal(bool)  # the last delete can be undone

    def __init__(
        self,
        window: QMainWindow,
        executor: DbExecutor,
        view: InteractionsView,
        trash: TrashView,
        vocabulary: VocabularySource,
        history: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.executor = executor
        self.view = view
        self.trash = trash
        self.vocabulary = vocabulary
        self.history = history
        self.editor: InteractionEditor | None = None
        self.last_deleted: list[str] = []
        view.open_requested.connect(self.edit_interaction)
        view.empty.log_button.clicked.connect(lambda: self.new_interaction())
        view.empty.demo_button.clicked.connect(self.load_demo)
        trash.restore_button.clicked.connect(self.restore_selected)
        trash.empty_button.clicked.connect(lambda: self.empty_trash())
        vocabulary.loaded.connect(view.set_vocabulary)
        vocabulary.loaded.connect(self._vocabulary_loaded)
        executor.changed.connect(self._changed)

    def _changed(self, changes: Changes) -> None:
        if changes.touches_list():
            self.view.reload()
        if changes.touches_trash():
            self.trash.reload()

    def _vocabulary_loaded(self, vocab) -> None:  # type: ignore[no-untyped-def]
        if self.editor is not None:
            self.editor.set_vocabulary(vocab)  # an entry added from its picker, or renamed

    def _status(self, text: str, msecs: int = 6000) -> None:
        self.window.statusBar().showMessage(text, msecs)

    # --- the editor ---------------------------------------------------------------------------

    def new_interaction(self, initial: InteractionInput | None = None) -> InteractionEditor:
        self.window.show_view("Interactions")
        return self._open_editor(None, initial)

    def edit_interaction(self, uuid: str) -> None:
        commands.load_for_editing(self.window, self.executor, uuid).success(
            lambda found: self._open_editor(found[0], None, found[1])
        ).run()

    def _open_editor(self, record, initial=None, existing_follow_ups=None) -> InteractionEditor:  # type: ignore[no-untyped-def]
        if self.executor.db.read_only:  # a read-only login: nothing to edit (the banner says)
            banner = getattr(self.window, "read_only_banner", None)
            self._status(banner.text() if banner else "The database is read-only.", 8000)
            return None  # type: ignore[return-value]
        if self.editor is not None and self.editor.isVisible():
            self.editor.raise_()
            self.editor.activateWindow()
            return self.editor
        editor = InteractionEditor(
            self.executor, self.vocabulary.vocab, record, initial=initial,
            follow_ups=existing_follow_ups, parent=self.window,
        )  # fmt: skip
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(self._saved)
        editor.save_warning.connect(self._saved_with_warning)
        editor.finished.connect(lambda _r: setattr(self, "editor", None))
        editor.history_requested.connect(self.history)
        self.editor = editor
        editor.open()
        editor.title.setFocus()
        return editor

    def _saved(self, record: InteractionRecord) -> None:
        self._status(f"Saved “{record.title}”.")
        self.view.show_saved(record.uuid)

    def _saved_with_warning(self, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Saved, with a disk warning", text, parent=self.window
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.save_warning_box = box

    def open_selected(self) -> None:
        self.view.open_current()

    def duplicate_selected(self) -> None:
        uuid = self.view.current_uuid()
        if not uuid:
            self._status("Select an interaction to duplicate.", 4000)
            return
        today = dt.date.today()
        commands.load_interaction(self.window, self.executor, uuid).success(
            lambda record: self.new_interaction(interactions.duplicate_input(record, today))
        ).run()

    # --- the Trash ----------------------------------------------------------------------------

    def delete_selected(self) -> None:
        ids = self.view.selected_ids()
        if not ids or not confirm(
            self.window,
            "Delete interactions",
            f"Move {plural(len(ids))} to the Trash? You can undo this (Ctrl+Z) or restore "
            "from the Trash.",
            default_yes=True,
        ):
            return
        officer = user_settings.officer_name()
        commands.delete_interactions(self.window, self.executor, ids, officer).success(
            self._deleted
        ).run()

    def _deleted(self, moved: commands.Moved) -> None:
        self.last_deleted = moved.uuids
        self.undo_available.emit(True)
        self._status(f"Moved {plural(moved.count)} to the Trash. Ctrl+Z to undo.", 8000)

    def undo_delete(self) -> None:
        if self.last_deleted:
            commands.restore_interactions(
                self.window, self.executor, uuids=self.last_deleted
            ).success(lambda moved: self._restored(moved, undo=True)).run()

    def restore_selected(self) -> None:
        ids = self.trash.selected_ids()
        if not ids:
            self._status("Select interactions in the Trash to restore.", 4000)
            return
        commands.restore_interactions(self.window, self.executor, ids=ids).success(
            self._restored
        ).run()

    def _restored(self, moved: commands.Moved, undo: bool = False) -> None:
        if undo:
            self.last_deleted = []
            self.undo_available.emit(False)
        self._status(f"Restored {plural(moved.count)}.")

    def empty_trash(self, only_selected: bool = False) -> None:
        ids = self.trash.selected_ids() if only_selected else None
        count = len(ids) if ids is not None else self.trash.total
        which = "selected" if only_selected else "in the Trash"
        if not count or not confirm(
            self.window,
            "Delete for good" if only_selected else "Empty Trash",
            f"Delete the {plural(count)} {which} for good? This cannot be undone.",
            yes=Button.Discard,
            warning=True,
        ):
            return
        commands.empty_trash(self.window, self.executor, ids).success(
            lambda n: self._status(f"Deleted {n} interactions for good.")
        ).run()

    # --- demo data ----------------------------------------------------------------------------

    def load_demo(self) -> None:
        if not confirm(
            self.window,
            "Load demo data",
            f"Add {commands.DEMO_COUNT} invented interactions (2017–2019) to this database, to "
            "try the application? They are marked “Demo data” as their author.",
            default_yes=True,
        ):
            return
        in_status_bar = lambda exc: self._status(str(exc))  # noqa: E731
        commands.add_demo_data(self.window, self.executor).success(
            lambda n: self._status(f"Added {n} demo interactions.")
        ).failure(
            on_failure(
                self.window, "The demo data were not added",
                cancelled=lambda: self._status("Demo data cancelled; nothing was added."),
                expected=in_status_bar,
            )
        ).run()  # fmt: skip
