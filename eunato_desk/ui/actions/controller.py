"""Commands of the Actions view and the action page (kept out of the main window), and
reloading them when a change concerns them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QInputDialog, QMainWindow

from eunato_desk.core import settings as user_settings
from eunato_desk.core.catalogue import edit as catalogue_edit
from eunato_desk.core.catalogue.actions import CatalogueImportReport
from eunato_desk.core.catalogue.official_load import LoadReceipt, UndoLoadResult
from eunato_desk.core.errors import DeskError
from eunato_desk.core.records import ActionDossier, ActionRecord, Vocabulary
from eunato_desk.ui.actions import commands
from eunato_desk.ui.actions.catalogue_import import CatalogueImportDialog
from eunato_desk.ui.actions.dialogs import ActionDialog
from eunato_desk.ui.actions.dossier_dialog import DossierDialog
from eunato_desk.ui.actions.official_text_dialog import OfficialTextDialog
from eunato_desk.ui.actions.view import ActionsView
from eunato_desk.ui.changes import Changes
from eunato_desk.ui.failures import on_failure, show_error
from eunato_desk.ui.ops import Op
from eunato_desk.ui.save_target import choose_target, remember_folder
from eunato_desk.ui.widgets.confirm import confirm

DOSSIER_FILES = "Web page (*.html);;OpenDocument text (*.odt);;PDF (*.pdf)"


class ActionsController(QObject):
    undo_load_available = Signal(bool)  # Edit > Undo load of official texts

    def __init__(self, window: QMainWindow, executor, view: ActionsView) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.window = window
        self.executor = executor
        self.view = view
        self.vocab = Vocabulary()
        self.current_number: int | None = None
        self.last_load: LoadReceipt | None = None  # what Undo load of official texts reverts
        self.dossier_dialog: DossierDialog | None = None  # the last Export dossier… asked
        page = view.page
        view.action_opened.connect(self.open_action)
        view.add_requested.connect(self.add_action)
        page.order_changed.connect(lambda _n: self.reload_page())
        page.edit_button.clicked.connect(self.edit_action)
        page.renumber_button.clicked.connect(lambda: self.renumber_action(merge=False))
        page.merge_button.clicked.connect(lambda: self.renumber_action(merge=True))
        page.split_button.clicked.connect(self.split_action)
        page.retire_button.clicked.connect(self.retire_action)
        page.dossier_button.clicked.connect(
            lambda: self.choose_dossier(action_number=self.current_number)
        )
        view.area_dossier_requested.connect(lambda code: self.choose_dossier(area_code=code))
        executor.changed.connect(self._changed)

    # --- loading ------------------------------------------------------------------------------

    def set_vocabulary(self, vocab: Vocabulary) -> None:
        self.vocab = vocab

    def _changed(self, changes: Changes) -> None:
        if changes.touches_overview():
            self.reload_overview()
        if self.view.showing_action() and changes.touches_action(self.current_number):
            self.reload_page()

    def reload_overview(self) -> None:
        months = user_settings.stale_months()
        commands.load_overview(self.window, self.executor, months).success(
            lambda found: self.view.set_overview(list(found[0]), found[1], months)
        ).run()

    def open_action(self, number: int) -> None:
        self.current_number = number
        self.reload_page(show=True)

    def reload_page(self, show: bool = False) -> None:
        if self.current_number is None:
            return

        def loaded(section: ActionDossier) -> None:
            self.current_number = section.action.number
            history = list(section.history)
            if self.view.page.newest_first.isChecked():
                history.reverse()
            self.view.page.show_action(section.action, history, list(section.follow_ups))
            if show:
                self.view.show_page()

        commands.load_action(self.window, self.executor, self.current_number).success(loaded).run()

    # --- catalogue maintenance ----------------------------------------------------------------

    def _run(self, op: Op, done_message: str, after=None) -> None:  # type: ignore[no-untyped-def]
        def success(_result: object) -> None:
            self.window.statusBar().showMessage(done_message, 6000)
            if after is not None:
                after()

        op.success(success).run()

    def _page_action(self) -> ActionRecord | None:
        return self.view.page.action

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
        action = self._page_action()
        if action is None:
            return
        edit = self._accepted_edit(ActionDialog(self.vocab.areas, action, parent=self.window))
        if edit is not None:
            officer = user_settings.officer_name()
            op = commands.update_action(self.window, self.executor, action.number, edit, officer)
            self._run(op, f"Action {action.number} saved.")

    def add_action(self) -> None:
        numbers = [a.number for a in self.vocab.actions if a.number]
        dialog = ActionDialog(
            self.vocab.areas, None, next_number=max(numbers, default=0) + 1, parent=self.window
        )
        edit = self._accepted_edit(dialog, taken=numbers)
        if edit is not None:
            number, officer = dialog.number.value(), user_settings.officer_name()
            op = commands.add_action(self.window, self.executor, number, edit, officer)
            self._run(op, f"Action {number} added.")

    def _ask_number(self, title: str, text: str) -> int | None:
        value, ok = QInputDialog.getInt(self.window, title, text, 75, 1, 999)
        return value if ok else None

    def renumber_action(self, *, merge: bool) -> None:
        """Renumber the action shown, or merge it into another; the page follows it."""
        action = self._page_action()
        if action is None:
            return
        n = action.number
        if merge:
            title, done = "Merge action", "Action {n} merged into {new}."
            text = f"Merge action {n} into which action? Its links move there and {n} is retired."
        else:
            title, done = "Renumber action", "Action {n} is now action {new}."
            text = (
                f"New number for action {n}? Interactions linked under {n} stay visible from "
                "both numbers."
            )
        new = self._ask_number(title, text)
        if new is None:
            return
        officer = user_settings.officer_name()
        self.current_number = new
        op = commands.renumber_action(self.window, self.executor, n, new, officer, merge=merge)
        self._run(op, done.format(n=n, new=new))

    def split_action(self) -> None:
        action = self._page_action()
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
        officer = user_settings.officer_name()
        op = commands.split_action(self.window, self.executor, action.number, new, title, officer)
        self._run(op, f"Action {new} split from {action.number}; links copied to both.")

    def retire_action(self) -> None:
        action = self._page_action()
        if action is None or not confirm(
            self.window,
            "Retire action",
            f"Retire action {action.number}? It leaves the catalogue; interactions keep their "
            "links and its history stays readable.",
        ):
            return
        officer, number = user_settings.officer_name(), action.number
        self.current_number = None
        op = commands.retire_action(self.window, self.executor, number, officer)
        self._run(op, f"Action {number} retired.", after=self.view.show_list)

    def import_catalogue(self) -> CatalogueImportDialog:
        """Actions > Import catalogue CSV…: preview, then Apply."""
        dialog = CatalogueImportDialog(self.executor, parent=self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._catalogue_imported)
        dialog.open()
        return dialog

    def _catalogue_imported(self, report: CatalogueImportReport) -> None:
        self.window.statusBar().showMessage(
            f"Catalogue imported: {len(report.created)} actions added, "
            f"{len(report.updated)} updated, {len(report.unchanged)} unchanged.",
            10000,
        )

    def load_official_texts(self) -> OfficialTextDialog:
        """Actions > Load official texts…: paste or open the text, preview, then Apply."""
        dialog = OfficialTextDialog(self.executor, parent=self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.loaded.connect(self._official_text_loaded)
        dialog.open()
        return dialog

    def _official_text_loaded(self, receipt: LoadReceipt) -> None:
        undo = ""
        if receipt.before:  # something changed: it can be undone in this session
            self.last_load = receipt
            self.undo_load_available.emit(True)
            undo = " Edit > Undo load of official texts puts the actions back."
        self.window.statusBar().showMessage(receipt.message() + undo, 30000)

    def undo_official_load(self) -> None:
        """Edit > Undo load of official texts: refused (nothing changed) if any of those
        actions was changed since; the core's message says which."""
        receipt = self.last_load
        if receipt is None:
            return

        def done(result: UndoLoadResult) -> None:
            self.last_load = None
            self.undo_load_available.emit(False)
            self.window.statusBar().showMessage(result.message(), 10000)

        officer = user_settings.officer_name()
        commands.undo_official_load(self.window, self.executor, receipt, officer).success(
            done
        ).failure(on_failure(self.window, "The load of the official text was not undone")).run()

    # --- dossiers -----------------------------------------------------------------------------

    def choose_dossier(
        self, *, action_number: int | None = None, area_code: int | None = None
    ) -> DossierDialog:
        """Export dossier…: ask for the period, then (``export_dossier``) for the file."""
        if action_number is not None:
            page = self.view.page.action
            shown = page.title if page is not None and page.number == action_number else ""
            what = f"action {action_number}" + (f": {shown}" if shown else "")
        else:
            what = f"area {area_code}"
        dialog = DossierDialog(what, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.export_dossier(
                action_number=action_number, area_code=area_code, period=dialog.dates()
            )
        )
        self.dossier_dialog = dialog
        dialog.open()
        return dialog

    def export_dossier(
        self,
        *,
        action_number: int | None = None,
        area_code: int | None = None,
        period: tuple[dt.date | None, dt.date | None] = (None, None),
    ) -> None:
        """Ask where, then build and write the dossier of the period (all dates by default)
        off the GUI thread, with progress; its author is the name in Settings."""
        stem = f"action-{action_number}" if action_number is not None else f"area-{area_code}"
        if period[0] is not None and period[1] is not None:
            stem += f"-{period[0]}-{period[1]}"
        title = "The dossier was not written"
        target = choose_target(
            self.window, self.executor.path, "Export dossier", f"dossier-{stem}.html",
            DOSSIER_FILES, refused=lambda exc: show_error(self.window, title, exc),
        )  # fmt: skip
        if target is None:
            return
        remember_folder(target.path)
        status = self.window.statusBar().showMessage
        commands.export_dossier(
            self.window, self.executor, target, action_number=action_number,
            area_code=area_code, period=period, officer=user_settings.officer_name(),
        ).success(lambda written: status(f"Dossier written to {written}", 10000)).failure(
            on_failure(
                self.window, title,
                cancelled=lambda: status("Dossier cancelled; no file was written.", 6000),
            )
        ).run()  # fmt: skip
