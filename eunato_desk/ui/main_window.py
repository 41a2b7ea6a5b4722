"""The main window: navigation on the left, one view at a time, a menu entry for every command,
and the window's saved state. The commands themselves live with their feature (a controller
and its ``commands`` module per view); this window routes the menus to them.

The window is built in two steps so that it shows at once as the application starts: first
what the interaction list needs (its view, the navigation, the menu titles, the saved
geometry: light modules only), shown with the list's first page read before the database is
open for use (``storage.first_page``); then, once the database is open (``opened``), the
other views, the controllers and the menus, whose modules (the ORM, the document writers,
the charts) are imported only then. ``MainWindow(db)`` with an open database does both at
once."""

from __future__ import annotations

import importlib
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QMainWindow,
    QMenuBar,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from eunato_desk import __version__
from eunato_desk.core import settings as user_settings
from eunato_desk.ui.changes import EVERYTHING
from eunato_desk.ui.interactions.view import InteractionsView
from eunato_desk.ui.ops import DbExecutor
from eunato_desk.ui.typed_early import TypedEarly
from eunato_desk.ui.window_names import MENU_TITLES, VIEWS

# What ``opened`` builds the rest of the window from. ``preload_rest`` imports them on the
# executor's thread while the database opens (defining classes is safe off the GUI thread;
# only making widgets is not), so the GUI thread then only builds.
REST_OF_WINDOW = (
    "eunato_desk.ui.actions.controller", "eunato_desk.ui.actions.view",
    "eunato_desk.ui.dashboard.controller", "eunato_desk.ui.dashboard.view",
    "eunato_desk.ui.follow_ups.controller", "eunato_desk.ui.follow_ups.view",
    "eunato_desk.ui.interactions.controller", "eunato_desk.ui.interactions.trash_view",
    "eunato_desk.ui.live", "eunato_desk.ui.menus", "eunato_desk.ui.reference.controller",
    "eunato_desk.ui.reference.view", "eunato_desk.ui.safety.controller",
    "eunato_desk.ui.team.recent", "eunato_desk.ui.team.window_mode",
    "eunato_desk.ui.transfer.controller", "eunato_desk.ui.vocabulary",
)  # fmt: skip


def _menu_titles(bar: QMenuBar) -> None:
    """The menu bar's titles, not yet usable, while the database opens (no jump later)."""
    for title in MENU_TITLES:
        bar.addMenu(title).setEnabled(False)


def preload_rest() -> None:
    """Import the modules of the rest of the window (on the calling thread)."""
    for name in REST_OF_WINDOW:
        importlib.import_module(name)


if TYPE_CHECKING:
    from eunato_desk.core.storage.db import Database
    from eunato_desk.core.storage.lock import DatabaseLock
    from eunato_desk.ui.reports.dialog import ReportDialog
    from eunato_desk.ui.widgets.settings_dialog import SettingsDialog


class MainWindow(QMainWindow):
    replaced = Signal(object)  # the new window, when this one moves to another database

    def __init__(
        self,
        db: Database | None,
        parent: QWidget | None = None,
        *,
        ask_name: bool = True,
        lock: DatabaseLock | None = None,
        deep_check: bool = False,
        opening: str = "",
    ) -> None:
        """``db`` None: being opened (``opening`` names it); shows the list until ``opened``."""
        super().__init__(parent)
        self.executor = DbExecutor(db, self)  # the one owner of the open database
        self.lock = lock  # a file's lock (None on a team server), released when it closes
        self.complete = False  # every view, controller and menu built (``opened``)
        self.resize(1360, 820)
        self._build_list()
        self.count_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.count_label)
        self._restore_geometry()
        # Keys typed before the commands exist are held for them (``opened``).
        self._typed_early = TypedEarly(self) if db is None else None
        if db is None:
            self.setWindowTitle(f"EU-NATO Desk — {opening}")
            _menu_titles(self.menuBar())
            self.statusBar().showMessage(f"Opening {opening}…")
        else:
            self.opened(ask_name=ask_name, deep_check=deep_check)

    def opened(self, *, ask_name: bool = True, deep_check: bool = False) -> None:
        """The database is open (the executor has it): build the rest and read everything."""
        from eunato_desk.ui.team import window_mode
        from eunato_desk.ui.team.recent import remember

        self._build_views()
        self._build_controllers(self.lock)
        from eunato_desk.ui.menus import Menus

        self.menus = Menus(self)
        window_mode.adapt(self)  # title, status bar, a server's commands, read-only mode
        remember(self.db.address)  # File > Recent databases
        self._connect()
        self._restore_state()
        self.complete = True
        if deep_check:  # the database was opened without its full-file check
            self.safety.run_deep_check()
        self.refresh()
        if self._typed_early is not None:
            self._typed_early.replay()  # what was typed meanwhile: its commands, its text
            self._typed_early = None
        if ask_name and not user_settings.officer_name():
            QTimer.singleShot(0, lambda: self.open_settings(first_run=True))

    @property
    def db(self) -> Database:
        """The open database (the executor's: it alone opens, swaps and closes it)."""
        return self.executor.db

    # --- structure ----------------------------------------------------------------------------

    def _build_list(self) -> None:
        """The navigation (every view's name) and the interaction list: what shows first."""
        self.nav = QListWidget(self)
        self.nav.setAccessibleName("Views")
        self.nav.setMaximumWidth(240)
        self.nav.addItems(VIEWS)
        self.nav.setCurrentRow(0)
        self.stack = QStackedWidget(self)
        self.interactions_view = InteractionsView(self.executor, self)
        self.stack.addWidget(self.interactions_view)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([150, 1210])
        self.setCentralWidget(self.splitter)

    def _build_views(self) -> None:
        from eunato_desk.ui.actions.view import ActionsView
        from eunato_desk.ui.dashboard.view import DashboardView
        from eunato_desk.ui.follow_ups.view import FollowUpsView
        from eunato_desk.ui.interactions.trash_view import TrashView
        from eunato_desk.ui.reference.view import ReferenceView

        self.actions_view = ActionsView(self)
        self.follow_ups_view = FollowUpsView(self)
        self.dashboard_view = DashboardView(self)
        self.trash_view = TrashView(self.executor, self)
        self.reference_view = ReferenceView(self)
        self.views: dict[str, QWidget] = dict(
            zip(VIEWS, (self.interactions_view, self.actions_view, self.follow_ups_view,
                        self.dashboard_view, self.trash_view, self.reference_view), strict=True)
        )  # fmt: skip
        for widget in list(self.views.values())[1:]:
            self.stack.addWidget(widget)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.stack.setCurrentIndex(self.nav.currentRow())  # a view picked while it opened

    def _build_controllers(self, lock: DatabaseLock | None) -> None:
        from eunato_desk.ui.actions.controller import ActionsController
        from eunato_desk.ui.dashboard.controller import DashboardController
        from eunato_desk.ui.follow_ups.controller import FollowUpsController
        from eunato_desk.ui.interactions.controller import InteractionsController
        from eunato_desk.ui.live import LiveUpdates
        from eunato_desk.ui.reference.controller import ReferenceController
        from eunato_desk.ui.safety.controller import SafetyController
        from eunato_desk.ui.transfer.controller import TransferController
        from eunato_desk.ui.vocabulary import VocabularySource

        executor = self.executor
        self.vocabulary = VocabularySource(self, executor)
        self.safety = SafetyController(self, executor, lock)
        self.interactions = InteractionsController(
            self, executor, self.interactions_view, self.trash_view, self.vocabulary,
            self.safety.interaction_history,
        )  # fmt: skip
        self.actions_controller = ActionsController(self, executor, self.actions_view)
        self.follow_ups = FollowUpsController(
            self, executor, self.follow_ups_view, self.interactions.edit_interaction
        )
        self.dashboard = DashboardController(
            self, executor, self.dashboard_view, self.interactions_view.filter_bar
        )
        self.transfer = TransferController(self, executor, self.interactions_view)
        self.reference = ReferenceController(self, executor, self.reference_view, self.vocabulary)
        self.live = LiveUpdates(self, executor)  # others' saves appear within about a second

    def show_view(self, name: str) -> None:
        self.nav.setCurrentRow(list(self.views).index(name))

    def open_view(self, name: str) -> None:
        """Ctrl+1 … Ctrl+6: show the view, the cursor where typing starts (the finder of the
        Actions view, the search of Reference data, the list elsewhere)."""
        self.show_view(name)
        if name == "Actions":
            self.actions_view.focus_start()
        elif name == "Reference data":
            self.reference_view.focus_search()
        elif name in ("Interactions", "Follow-ups", "Trash"):
            view = self.views[name]
            view.table.setFocus()  # type: ignore[attr-defined]

    def current_view_name(self) -> str:
        item = self.nav.currentItem()
        return item.text() if item else ""

    def _connect(self) -> None:
        self.nav.currentRowChanged.connect(lambda _r: self._view_changed())
        self.actions_view.page.history_button.clicked.connect(
            lambda: self.safety.action_history(self.actions_controller.current_number)
        )
        self.actions_view.page.interaction_requested.connect(self.interactions.edit_interaction)
        self.vocabulary.loaded.connect(self.actions_controller.set_vocabulary)
        self.interactions_view.count_changed.connect(self._show_count)
        self.interactions.undo_available.connect(self.menus.undo_delete_action.setEnabled)
        self.actions_view.official_texts_entry = self.menus.load_texts_action is not None

    def _view_changed(self) -> None:
        """Views that read only while shown read now."""
        name = self.current_view_name()
        if name == "Dashboard":
            self.dashboard.reload()
        elif name == "Reference data":
            self.reference.view_shown()

    def _show_count(self, matching: int, total: int) -> None:
        if total == 0:
            self.count_label.setText("No interactions yet")
        elif matching == total:
            self.count_label.setText(f"{total:,} interaction{'s' if total != 1 else ''}")
        else:
            self.count_label.setText(f"{matching:,} of {total:,} interactions match")

    # --- routing: the menu commands that depend on the view shown ----------------------------

    def refresh(self) -> None:
        """F5: every view reads again."""
        self.executor.changed.emit(EVERYTHING)

    def open_selected(self) -> None:
        if self.current_view_name() == "Interactions":
            self.interactions.open_selected()

    def duplicate_selected(self) -> None:
        if self.current_view_name() != "Interactions":
            self.statusBar().showMessage("Select an interaction to duplicate.", 4000)
            return
        self.interactions.duplicate_selected()

    def delete_selected(self) -> None:
        if self.current_view_name() == "Trash":
            self.interactions.empty_trash(only_selected=True)
        else:
            self.interactions.delete_selected()

    def focus_search(self) -> None:
        self.show_view("Interactions")
        self.interactions_view.filter_bar.search.setFocus()
        self.interactions_view.filter_bar.search.selectAll()

    def open_report(self) -> ReportDialog:
        from eunato_desk.ui.reports.dialog import ReportDialog

        dialog = ReportDialog(self.executor, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.run_preview()
        return dialog

    def open_settings(self, first_run: bool = False) -> SettingsDialog:
        from eunato_desk.ui.widgets.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self, first_run=first_run)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.actions_controller.reload_overview)  # quiet months
        dialog.open()
        return dialog

    def show_shortcuts(self) -> QMessageBox:
        from eunato_desk.ui.shortcuts import show_shortcuts

        return show_shortcuts(self)

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About EU-NATO Desk",
            f"<b>EU-NATO Desk</b> {__version__}<br>"
            "A logbook of EU-NATO staff-to-staff interactions against the 74 actions of the "
            "common set (2016 and 2017). It works offline and never contacts a network.<br><br>"
            f"Database: {escape(self.db.label)}",
        )

    # --- persistence --------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        """Where the window was, its splitter, and the list's columns, sort and filters."""
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("main/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        self.interactions_view.restore_state(settings)

    def _restore_state(self) -> None:
        """The Trash's columns and the view shown last (once every view is built)."""
        settings = QSettings()
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

    # --- another database ---------------------------------------------------------------------

    def connect_to_team_database(self) -> None:
        from eunato_desk.ui.team import switch

        switch.connect_to_team_database(self)

    def open_recent(self, text: str) -> None:
        from eunato_desk.ui.team import switch

        switch.open_recent(self, text)

    def ready_to_close(self) -> bool:
        """An open editor asks first (save, discard or keep editing); False: keep editing."""
        editor = self.interactions.editor
        if editor is not None and editor.isVisible():
            editor.reject()
            if self.interactions.editor is not None and self.interactions.editor.isVisible():
                return False
        return True

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if not self.complete:  # closed while opening: no editor, no view state to keep
            self.executor.wait_idle()
            super().closeEvent(event)
            return
        if not self.ready_to_close():
            event.ignore()  # the officer chose to keep editing
            return
        self.save_state()
        self.live.stop()
        self.executor.wait_idle()
        self.safety.backup_on_close()
        super().closeEvent(event)
