"""The main window: navigation on the left, one view at a time, a menu entry for every command."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from html import escape

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from eunato_desk import __version__
from eunato_desk.core import follow_ups, interactions
from eunato_desk.core import settings as user_settings
from eunato_desk.core.analysis import checklist, coverage
from eunato_desk.core.catalogue import actions as catalogue
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.records import InteractionInput, Vocabulary
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.lock import DatabaseLock
from eunato_desk.ui.actions.controller import ActionsController
from eunato_desk.ui.actions.view import ActionsView
from eunato_desk.ui.dashboard.view import DashboardView
from eunato_desk.ui.follow_ups.view import FollowUpsView
from eunato_desk.ui.interactions.editor import InteractionEditor
from eunato_desk.ui.interactions.trash_view import TrashView
from eunato_desk.ui.interactions.view import InteractionsView
from eunato_desk.ui.ops import DbExecutor, Op
from eunato_desk.ui.reports.dialog import ReportDialog
from eunato_desk.ui.safety.controller import SafetyController
from eunato_desk.ui.transfer.controller import TransferController
from eunato_desk.ui.widgets.settings_dialog import SettingsDialog

DEMO_COUNT = 300


class MainWindow(QMainWindow):
    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        ask_name: bool = True,
        lock: DatabaseLock | None = None,
        deep_check: bool = False,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.executor = DbExecutor(db, self)
        self.vocab = Vocabulary()
        self.editor: InteractionEditor | None = None
        self.last_deleted: list[str] = []
        self.setWindowTitle(f"EU-NATO Desk — {db.path.name}")
        self.resize(1360, 820)

        self.nav = QListWidget(self)
        self.nav.setAccessibleName("Views")
        self.nav.setMaximumWidth(240)
        self.stack = QStackedWidget(self)
        self.views: dict[str, QWidget] = {}
        self.interactions_view = InteractionsView(self.executor, self)
        self.actions_view = ActionsView(self)
        self.follow_ups_view = FollowUpsView(self)
        self.trash_view = TrashView(self.executor, self)
        self.add_view("Interactions", self.interactions_view)
        self.add_view("Actions", self.actions_view)
        self.add_view("Follow-ups", self.follow_ups_view)
        self.dashboard_view = DashboardView(self)
        self.add_view("Dashboard", self.dashboard_view)
        self.add_view("Trash", self.trash_view)
        self.actions_controller = ActionsController(self, self.executor, self.actions_view)
        self.transfer = TransferController(self, self.executor, self.interactions_view)
        self.safety = SafetyController(self, self.executor, lock)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.currentRowChanged.connect(
            lambda _r: self.reload_dashboard() if self.current_view_name() == "Dashboard" else None
        )

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([150, 1210])
        self.setCentralWidget(self.splitter)

        self.count_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().showMessage(f"Database: {db.path}", 8000)

        self._build_actions()
        self._build_menus()
        self._connect()
        self.nav.setCurrentRow(0)
        self._restore_state()
        self.executor.data_changed.connect(self.refresh)
        if deep_check:  # the database was opened without its full-file check
            self.safety.run_deep_check()
        self.refresh()
        if ask_name and not user_settings.officer_name():
            QTimer.singleShot(0, lambda: self.open_settings(first_run=True))

    # --- structure ----------------------------------------------------------------------------

    def add_view(self, name: str, widget: QWidget) -> None:
        self.views[name] = widget
        self.stack.addWidget(widget)
        self.nav.addItem(name)

    def show_view(self, name: str) -> None:
        self.nav.setCurrentRow(list(self.views).index(name))

    def current_view_name(self) -> str:
        item = self.nav.currentItem()
        return item.text() if item else ""

    def _action(
        self, text: str, slot, shortcut: QKeySequence | str | None = None, tip: str = ""
    ) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action("&New interaction…", self.new_interaction, "Ctrl+N")
        self.demo_action = self._action("Load &demo data…", self.load_demo)
        self.export_action = self._action(
            "&Export quarter to CSV…", lambda: self.transfer.export_quarter(), "Ctrl+E"
        )
        self.import_action = self._action(
            "&Import CSV…", lambda: self.transfer.import_csv(), "Ctrl+I"
        )
        self.report_action = self._action("&Progress-report draft…", self.open_report, "Ctrl+R")
        self.backup_action = self._action("&Back up now", lambda: self.safety.backup_now())
        self.restore_backup_action = self._action(
            "Restore from bac&kup…", lambda: self.safety.restore()
        )
        self.check_action = self._action("&Check database", lambda: self.safety.check_database())
        self.history_action = self._action(
            "Show &history of the selected interaction",
            lambda: self.safety.interaction_history(self.interactions_view.current_uuid()),
            "Ctrl+H",
        )
        self.undo_import_action = self._action(
            "Undo last &import", lambda: self.transfer.undo_last_import()
        )
        self.undo_import_action.setEnabled(False)
        self.settings_action = self._action("&Settings…", self.open_settings, "Ctrl+,")
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.open_action = self._action("&Open selected", self.open_selected, "Return")
        self.duplicate_action = self._action(
            "D&uplicate for a recurring meeting", self.duplicate_selected, "Ctrl+D"
        )
        self.delete_action = self._action("&Delete selected…", self.delete_selected, "Delete")
        self.undo_delete_action = self._action("&Undo delete", self.undo_delete, "Ctrl+Z")
        self.undo_delete_action.setEnabled(False)
        self.find_action = self._action("&Find…", self.focus_search, QKeySequence.StandardKey.Find)
        self.refresh_action = self._action("&Refresh", self.refresh, "F5")
        self.shortcuts_action = self._action("&Keyboard shortcuts", self.show_shortcuts, "F1")
        self.about_action = self._action("&About EU-NATO Desk", self.about)
        # Enter and Delete act on the table only: typing in a field must never delete a row.
        for action in (self.open_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.interactions_view.table.addAction(action)
        self.trash_view.table.addAction(self.delete_action)
        self.restore_action = self._action("&Restore from Trash", self.restore_selected)
        self.empty_trash_action = self._action("&Empty Trash…", self.empty_trash)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.transfer.undo_action = self.undo_import_action
        file_items = (
            self.new_action, self.demo_action, None, self.export_action, self.import_action,
            self.report_action, None, self.backup_action, self.restore_backup_action, None,
            self.settings_action, None, self.quit_action,
        )  # fmt: skip
        for action in file_items:
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        edit_menu = bar.addMenu("&Edit")
        edit_items = (
            self.open_action, self.duplicate_action, self.delete_action, self.undo_delete_action,
            self.undo_import_action, None, self.restore_action, self.empty_trash_action, None,
            self.find_action, self.history_action,
        )  # fmt: skip
        for action in edit_items:
            edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
        view_menu = bar.addMenu("&View")
        for i, name in enumerate(self.views):
            view_menu.addAction(
                self._action(f"&{name}", lambda n=name: self.show_view(n), f"Ctrl+{i + 1}")
            )
        view_menu.addSeparator()
        view_menu.addAction(self.refresh_action)
        tools_menu = bar.addMenu("&Tools")
        tools_menu.addAction(self.check_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def _connect(self) -> None:
        self.actions_view.page.history_button.clicked.connect(
            lambda: self.safety.action_history(self.actions_controller.current_number)
        )
        iv = self.interactions_view
        iv.open_requested.connect(self.edit_interaction)
        iv.count_changed.connect(self._show_count)
        iv.empty.log_button.clicked.connect(self.new_interaction)
        iv.empty.demo_button.clicked.connect(self.load_demo)
        self.trash_view.restore_button.clicked.connect(self.restore_selected)
        self.trash_view.empty_button.clicked.connect(self.empty_trash)
        self.trash_view.open_requested.connect(lambda _u: None)
        self.actions_view.page.interaction_requested.connect(self.edit_interaction)
        self.follow_ups_view.interaction_requested.connect(self.edit_interaction)
        self.follow_ups_view.reload_requested.connect(self.reload_follow_ups)
        self.follow_ups_view.done_requested.connect(self.mark_follow_ups)
        dash = self.dashboard_view
        dash.period_changed.connect(self.reload_dashboard)
        dash.filter_requested.connect(self.show_interactions_filtered)
        dash.cell_requested.connect(self.show_matrix_cell)
        dash.follow_ups_requested.connect(lambda: self.show_view("Follow-ups"))
        dash.actions_requested.connect(lambda: self.show_view("Actions"))

    def _show_count(self, matching: int, total: int) -> None:
        if total == 0:
            self.count_label.setText("No interactions yet")
        elif matching == total:
            self.count_label.setText(f"{total:,} interaction{'s' if total != 1 else ''}")
        else:
            self.count_label.setText(f"{matching:,} of {total:,} interactions match")

    # --- data ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload reference lists and every view (after any write)."""
        Op(self, self.executor, lambda db, _c: catalogue.vocabulary(db), writes=False).success(
            self._vocabulary_loaded
        ).run()
        self.interactions_view.reload()
        self.trash_view.reload()
        self.reload_follow_ups()
        if self.current_view_name() == "Dashboard":
            self.reload_dashboard()

    def reload_dashboard(self) -> None:
        """Counts over the whole period: loaded when the Dashboard is shown, not on every save."""
        date_from, date_to = self.dashboard_view.date_range()
        quarter = self.dashboard_view.checklist_quarter()

        def work(db, _c):  # type: ignore[no-untyped-def]
            return (
                coverage.interactions_per_quarter_by_area(db, date_from, date_to),
                coverage.interactions_by_type(db, date_from, date_to),
                coverage.coverage_matrix(db, date_from, date_to),
                checklist.period_end_checklist(db, quarter),
            )

        Op(self, self.executor, work, writes=False).success(
            lambda result: self.dashboard_view.show_data(*result)
        ).run()

    def open_report(self) -> ReportDialog:
        dialog = ReportDialog(self.executor, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.run_preview()
        return dialog

    def show_interactions_filtered(self, flt, label: str = "") -> None:  # type: ignore[no-untyped-def]
        """Show the interaction list narrowed to exactly ``flt`` (from the dashboard)."""
        self.show_view("Interactions")
        self.interactions_view.filter_bar.apply(flt, label=label)

    def show_matrix_cell(self, action_uuid: str, flt, label: str) -> None:  # type: ignore[no-untyped-def]
        """Exactly the interactions a coverage cell counts (not cancelled, not in the Trash)."""

        def work(db, _c):  # type: ignore[no-untyped-def]
            return coverage.counted_interactions(db, action_uuid, flt.date_from, flt.date_to)

        Op(self, self.executor, work, writes=False).success(
            lambda uuids: self.show_interactions_filtered(replace(flt, uuids=uuids), label)
        ).run()

    def _vocabulary_loaded(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.interactions_view.set_vocabulary(vocab)
        self.actions_controller.refresh(vocab)

    def reload_follow_ups(self) -> None:
        include_done = self.follow_ups_view.show_done.isChecked()
        Op(
            self,
            self.executor,
            lambda db, _c: follow_ups.list_follow_ups(db, include_done=include_done),
            writes=False,
        ).success(self.follow_ups_view.set_follow_ups).run()

    def mark_follow_ups(self, uuids: list[str], done: bool) -> None:
        Op(
            self, self.executor, lambda db, _c: follow_ups.set_follow_ups_done(db, uuids, done)
        ).success(
            lambda n: self.statusBar().showMessage(
                f"{n} follow-up{'s' if n != 1 else ''} marked {'done' if done else 'open'}.", 6000
            )
        ).run()

    # --- commands -----------------------------------------------------------------------------

    def new_interaction(self, initial: InteractionInput | None = None) -> InteractionEditor:
        self.show_view("Interactions")
        return self._open_editor(None, initial)

    def edit_interaction(self, uuid: str) -> None:
        def work(db, _c):  # type: ignore[no-untyped-def]
            record = interactions.get_interaction(db, uuid)
            return record, follow_ups.list_follow_ups(db, include_done=True, interaction_uuid=uuid)

        Op(self, self.executor, work, writes=False).success(
            lambda found: self._open_editor(found[0], None, found[1])
        ).run()

    def _open_editor(self, record, initial=None, existing_follow_ups=None) -> InteractionEditor:  # type: ignore[no-untyped-def]
        if self.editor is not None and self.editor.isVisible():
            self.editor.raise_()
            self.editor.activateWindow()
            return self.editor
        editor = InteractionEditor(
            self.executor,
            self.vocab,
            record,
            initial=initial,
            follow_ups=existing_follow_ups,
            parent=self,
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(
            lambda rec: self.statusBar().showMessage(f"Saved “{rec.title}”.", 6000)
        )
        editor.save_warning.connect(self._saved_with_warning)
        editor.saved.connect(lambda rec: self.interactions_view.show_saved(rec.uuid))
        editor.finished.connect(lambda _r: setattr(self, "editor", None))
        editor.history_requested.connect(self.safety.interaction_history)
        self.editor = editor
        editor.open()
        editor.title.setFocus()
        return editor

    def _saved_with_warning(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Saved, with a disk warning", text, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.save_warning_box = box

    def open_selected(self) -> None:
        if self.current_view_name() == "Interactions":
            self.interactions_view.open_current()

    def duplicate_selected(self) -> None:
        uuid = self.interactions_view.current_uuid()
        if not uuid or self.current_view_name() != "Interactions":
            self.statusBar().showMessage("Select an interaction to duplicate.", 4000)
            return
        today = dt.date.today()
        Op(
            self, self.executor, lambda db, _c: interactions.get_interaction(db, uuid), writes=False
        ).success(
            lambda record: self.new_interaction(interactions.duplicate_input(record, today))
        ).run()

    def delete_selected(self) -> None:
        if self.current_view_name() == "Trash":
            self.empty_trash(only_selected=True)
            return
        uuids = self.interactions_view.selected_uuids()
        if not uuids:
            return
        n = len(uuids)
        answer = QMessageBox.question(
            self,
            "Delete interactions",
            f"Move {n} interaction{'s' if n != 1 else ''} to the Trash? "
            "You can undo this (Ctrl+Z) or restore from the Trash.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        officer = user_settings.officer_name()
        Op(
            self, self.executor, lambda db, _c: interactions.delete_interactions(db, uuids, officer)
        ).success(lambda moved: self._deleted(uuids, moved)).run()

    def _deleted(self, uuids: list[str], moved: int) -> None:
        self.last_deleted = uuids
        self.undo_delete_action.setEnabled(True)
        self.statusBar().showMessage(
            f"Moved {moved} interaction{'s' if moved != 1 else ''} to the Trash. Ctrl+Z to undo.",
            8000,
        )

    def undo_delete(self) -> None:
        uuids = self.last_deleted
        if not uuids:
            return
        Op(
            self, self.executor, lambda db, _c: interactions.restore_interactions(db, uuids)
        ).success(lambda n: self._restored(n, undo=True)).run()

    def restore_selected(self) -> None:
        uuids = self.trash_view.selected_uuids()
        if not uuids:
            self.statusBar().showMessage("Select interactions in the Trash to restore.", 4000)
            return
        Op(
            self, self.executor, lambda db, _c: interactions.restore_interactions(db, uuids)
        ).success(lambda n: self._restored(n)).run()

    def _restored(self, n: int, undo: bool = False) -> None:
        if undo:
            self.last_deleted = []
            self.undo_delete_action.setEnabled(False)
        self.statusBar().showMessage(f"Restored {n} interaction{'s' if n != 1 else ''}.", 6000)

    def empty_trash(self, only_selected: bool = False) -> None:
        uuids = self.trash_view.selected_uuids() if only_selected else None
        count = len(uuids) if uuids is not None else self.trash_view.total
        if not count:
            return
        which = "selected" if only_selected else "in the Trash"
        answer = QMessageBox.warning(
            self,
            "Delete for good" if only_selected else "Empty Trash",
            f"Delete the {count} interaction{'s' if count != 1 else ''} {which} for good? "
            "This cannot be undone.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Discard:
            return
        Op(self, self.executor, lambda db, _c: interactions.empty_trash(db, uuids)).success(
            lambda n: self.statusBar().showMessage(f"Deleted {n} interactions for good.", 6000)
        ).run()

    def focus_search(self) -> None:
        self.show_view("Interactions")
        self.interactions_view.filter_bar.search.setFocus()
        self.interactions_view.filter_bar.search.selectAll()

    def load_demo(self) -> None:
        answer = QMessageBox.question(
            self,
            "Load demo data",
            f"Add {DEMO_COUNT} invented interactions (2017–2019) to this database, to try the "
            "application? They are marked “Demo data” as their author.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def work(db, ctx):  # type: ignore[no-untyped-def]
            return generate_demo_data(
                db, DEMO_COUNT, seed=1, progress=ctx.report, cancelled=ctx.cancelled
            )

        Op(self, self.executor, work).with_progress("Adding demo interactions…").success(
            lambda n: self.statusBar().showMessage(f"Added {n} demo interactions.", 6000)
        ).failure(lambda exc: self.statusBar().showMessage(str(exc), 6000)).run()

    def open_settings(self, first_run: bool = False) -> SettingsDialog:
        dialog = SettingsDialog(self, first_run=first_run)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td style='padding-right:16px'><b>{escape(keys)}</b></td>"
            f"<td>{escape(what)}</td></tr>"
            for keys, what in SHORTCUTS
        )
        box = QMessageBox(self)
        box.setWindowTitle("Keyboard shortcuts")
        box.setText(f"<table>{rows}</table>")
        box.open()

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About EU-NATO Desk",
            f"<b>EU-NATO Desk</b> {__version__}<br>"
            "A logbook of EU-NATO staff-to-staff interactions against the 74 actions of the "
            "common set (2016 and 2017). It works offline and never contacts a network.<br><br>"
            f"Database: {escape(str(self.db.path))}",
        )

    # --- persistence --------------------------------------------------------------------------

    def _restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("main/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        self.interactions_view.restore_state(settings)
        self.trash_view.restore_state(settings)
        view = settings.value("main/view")
        if isinstance(view, str) and view in self.views:
            self.show_view(view)

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/splitter", self.splitter.saveState())
        settings.setValue("main/view", self.current_view_name())
        self.interactions_view.save_state(settings)
        self.trash_view.save_state(settings)
        settings.sync()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.editor is not None and self.editor.isVisible():
            self.editor.reject()
            if self.editor is not None and self.editor.isVisible():
                event.ignore()  # the officer chose to keep editing
                return
        self.save_state()
        self.executor.wait_idle()
        self.safety.backup_on_close()
        super().closeEvent(event)


SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Ctrl+N", "New interaction (cursor in the title)"),
    ("Tab / Shift+Tab", "Next / previous field in the editor"),
    ("Enter (in a picker)", "Add the typed action, organisation, country or participant"),
    ("Ctrl+Return", "Save the interaction"),
    ("Ctrl+Shift+Return", "Save and start a new one"),
    ("Esc", "Cancel the editor (asks before discarding changes)"),
    ("Ctrl+F", "Search the interactions"),
    ("Ctrl+H", "History (who changed what) of the selected interaction"),
    ("Ctrl+E", "Export a quarter to CSV (the quarter of the current filter)"),
    ("Ctrl+I", "Import a CSV file (preview first)"),
    ("Ctrl+R", "Progress-report draft (preview, then save as ODT, PDF or HTML)"),
    ("Alt+Left / Alt+Right", "Previous / next quarter"),
    ("Enter (in the list)", "Open the selected interaction"),
    ("Delete (in the list)", "Move the selected interactions to the Trash (asks first)"),
    ("Ctrl+Z", "Undo the last delete"),
    ("Ctrl+D", "Duplicate the selected interaction for a recurring meeting (dated today, planned)"),
    ("Ctrl+1 … Ctrl+5", "Interactions / Actions / Follow-ups / Dashboard / Trash"),
    ("Alt+Left (on an action)", "Back to the list of actions"),
    ("F5", "Refresh"),
    ("Ctrl+,", "Settings (your name)"),
    ("F1", "This list of shortcuts"),
    ("Ctrl+Q", "Quit"),
)
