"""Commands of the Actions view and the action page (kept out of the main window)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from eunato_desk.core import settings as user_settings
from eunato_desk.core.analysis import history as action_history
from eunato_desk.core.catalogue import edit as catalogue_edit
from eunato_desk.core.errors import DeskError, OperationCancelled
from eunato_desk.core.records import ActionDossier, Vocabulary
from eunato_desk.documents.write import check_output, write_dossier
from eunato_desk.ui.actions.dialogs import ActionDialog
from eunato_desk.ui.actions.view import ActionsView
from eunato_desk.ui.ops import DbExecutor, Op, show_error


class ActionsController(QObject):
    def __init__(self, window: QWidget, executor: DbExecutor, view: ActionsView) -> None:
        super().__init__(window)
        self.window = window
        self.executor = executor
        self.view = view
        self.vocab = Vocabulary()
        self.current_number: int | None = None
        page = view.page
        view.action_opened.connect(self.open_action)
        view.add_requested.connect(self.add_action)
        page.order_changed.connect(lambda _n: self.reload_page())
        page.edit_button.clicked.connect(self.edit_action)
        page.renumber_button.clicked.connect(self.renumber_action)
        page.merge_button.clicked.connect(self.merge_action)
        page.split_button.clicked.connect(self.split_action)
        page.retire_button.clicked.connect(self.retire_action)
        page.dossier_button.clicked.connect(
            lambda: self.export_dossier(action_number=self.current_number)
        )
        view.area_dossier_requested.connect(lambda code: self.export_dossier(area_code=code))

    # --- loading ------------------------------------------------------------------------------

    def refresh(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        months = user_settings.stale_months()
        Op(
            self.window,
            self.executor,
            lambda db, _c: action_history.action_overview(db, stale_months=months),
            writes=False,
        ).success(lambda rows: self.view.set_overview(list(vocab.areas), rows, months)).run()
        if self.current_number is not None and self.view.showing_action():
            self.reload_page()

    def open_action(self, number: int) -> None:
        self.current_number = number
        self.reload_page(show=True)

    def reload_page(self, show: bool = False) -> None:
        number = self.current_number
        if number is None:
            return

        def work(db, _c) -> ActionDossier:  # type: ignore[no-untyped-def]
            return action_history.build_dossier(db, action_number=number).sections[0]

        def loaded(section: ActionDossier) -> None:
            self.current_number = section.action.number
            history = list(section.history)
            if self.view.page.newest_first.isChecked():
                history.reverse()
            self.view.page.show_action(section.action, history, list(section.follow_ups))
            if show:
                self.view.show_page()

        Op(self.window, self.executor, work, writes=False).success(loaded).run()

    # --- catalogue maintenance ----------------------------------------------------------------

    def _officer(self) -> str:
        return user_settings.officer_name()

    def _run(self, fn, done_message: str, after=None) -> None:  # type: ignore[no-untyped-def]
        def success(_result: object) -> None:
            self.window.statusBar().showMessage(done_message, 6000)
            if after is not None:
                after()

        Op(self.window, self.executor, fn).success(success).run()

    @staticmethod
    def _accepted_edit(dialog: ActionDialog, taken: list[int] | None = None):  # type: ignore[no-untyped-def]
        """Show the dialog until its input is valid or it is cancelled (then None)."""
        while dialog.exec() == QDialog.DialogCode.Accepted:
            edit = dialog.edit()
            if taken is not None and dialog.number.value() in taken:
                dialog.show_message(f"number: action {dialog.number.value()} already exists.")
                continue
            try:
                catalogue_edit.validate_action_edit(edit)
            except DeskError as exc:
                dialog.show_message(exc.message)
                continue
            return edit
        return None

    def edit_action(self) -> None:
        action = self.view.page.action
        if action is None:
            return
        edit = self._accepted_edit(ActionDialog(self.vocab.areas, action, parent=self.window))
        if edit is None:
            return
        officer = self._officer()
        self._run(
            lambda db, _c: catalogue_edit.update_action(db, action.number, edit, officer),
            f"Action {action.number} saved.",
        )

    def add_action(self) -> None:
        numbers = [a.number for a in self.vocab.actions if a.number]
        dialog = ActionDialog(
            self.vocab.areas, None, next_number=max(numbers, default=0) + 1, parent=self.window
        )
        edit = self._accepted_edit(dialog, taken=numbers)
        if edit is None:
            return
        number, officer = dialog.number.value(), self._officer()
        self._run(
            lambda db, _c: catalogue_edit.add_action(db, number, edit, officer),
            f"Action {number} added.",
        )

    def _ask_number(self, title: str, text: str) -> int | None:
        value, ok = QInputDialog.getInt(self.window, title, text, 75, 1, 999)
        return value if ok else None

    def renumber_action(self) -> None:
        action = self.view.page.action
        if action is None:
            return
        new = self._ask_number(
            "Renumber action",
            f"New number for action {action.number}? Interactions linked under {action.number} "
            "stay visible from both numbers.",
        )
        if new is None:
            return
        officer = self._officer()
        self.current_number = new
        self._run(
            lambda db, _c: catalogue_edit.renumber_action(db, action.number, new, officer),
            f"Action {action.number} is now action {new}.",
        )

    def merge_action(self) -> None:
        action = self.view.page.action
        if action is None:
            return
        into = self._ask_number(
            "Merge action",
            f"Merge action {action.number} into which action? Its links move there and "
            f"{action.number} is retired.",
        )
        if into is None:
            return
        officer = self._officer()
        self.current_number = into
        self._run(
            lambda db, _c: catalogue_edit.merge_actions(db, action.number, into, officer),
            f"Action {action.number} merged into {into}.",
        )

    def split_action(self) -> None:
        action = self.view.page.action
        if action is None:
            return
        new = self._ask_number(
            "Split action", f"Number of the new action split from {action.number}?"
        )
        if new is None:
            return
        title, ok = QInputDialog.getText(self.window, "Split action", f"Title of action {new}:")
        if not ok:
            return
        officer = self._officer()
        self._run(
            lambda db, _c: catalogue_edit.split_action(db, action.number, new, title, officer),
            f"Action {new} split from {action.number}; links copied to both.",
        )

    def retire_action(self) -> None:
        action = self.view.page.action
        if action is None:
            return
        answer = QMessageBox.question(
            self.window,
            "Retire action",
            f"Retire action {action.number}? It leaves the catalogue; interactions keep their "
            "links and its history stays readable.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        officer = self._officer()
        number = action.number
        self.current_number = None
        self._run(
            lambda db, _c: catalogue_edit.retire_action(db, number, officer),
            f"Action {number} retired.",
            after=self.view.show_list,
        )

    # --- dossiers -----------------------------------------------------------------------------

    def export_dossier(
        self, *, action_number: int | None = None, area_code: int | None = None
    ) -> None:
        """Ask where, then build and write the dossier off the GUI thread, with progress."""
        stem = f"action-{action_number}" if action_number is not None else f"area-{area_code}"
        folder = Path(user_settings.load().get("export_folder") or Path.home())
        path, _filter = QFileDialog.getSaveFileName(
            self.window,
            "Export dossier",
            str(folder / f"dossier-{stem}.html"),
            "Web page (*.html);;OpenDocument text (*.odt);;PDF (*.pdf)",
        )
        if not path:
            return
        # The file dialog asked before an existing file was chosen; the database, its files
        # and other SQLite or read-only files are refused all the same.
        database = self.executor.db.path
        replace = os.path.lexists(path)
        try:
            check_output(path, database=database, force=replace, field="File")
        except DeskError as exc:
            show_error(self.window, "The dossier was not written", exc)
            return
        user_settings.save({"export_folder": str(Path(path).parent)})

        def work(db, ctx) -> Path:  # type: ignore[no-untyped-def]
            dossier = action_history.build_dossier(
                db, action_number=action_number, area_code=area_code
            )
            return write_dossier(
                dossier, path, progress=ctx.report, cancelled=ctx.cancelled,
                database=database, replace=replace, field="File",
            )  # fmt: skip

        Op(self.window, self.executor, work, writes=False).with_progress(
            "Writing the dossier…"
        ).success(
            lambda written: self.window.statusBar().showMessage(
                f"Dossier written to {written}", 10000
            )
        ).failure(self._export_failed).run()

    def _export_failed(self, exc: BaseException) -> None:
        if isinstance(exc, OperationCancelled):
            self.window.statusBar().showMessage("Dossier cancelled; no file was written.", 6000)
        else:
            show_error(self.window, "The dossier was not written", exc)
