"""The main window: navigation on the left, one view at a time, menus for every command."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
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
from eunato_desk.core import catalogue
from eunato_desk.core.db import Database
from eunato_desk.ui.actions_view import ActionsView
from eunato_desk.ui.ops import DbExecutor, Op


class MainWindow(QMainWindow):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.executor = DbExecutor(db, self)
        self.setWindowTitle(f"EU-NATO Desk — {db.path.name}")
        self.resize(1280, 800)

        self.nav = QListWidget(self)
        self.nav.setAccessibleName("Views")
        self.nav.setMaximumWidth(240)
        self.stack = QStackedWidget(self)
        self.views: dict[str, QWidget] = {}

        self.actions_view = ActionsView(self)
        self.add_view("Actions", self.actions_view)

        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([170, 1110])
        self.setCentralWidget(self.splitter)

        self.status_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)
        self.statusBar().showMessage(str(db.path))

        self._build_menus()
        self.nav.setCurrentRow(0)
        self._restore_state()
        self.executor.data_changed.connect(self.refresh)
        self.refresh()

    # --- structure ----------------------------------------------------------------------------

    def add_view(self, name: str, widget: QWidget) -> None:
        self.views[name] = widget
        self.stack.addWidget(widget)
        self.nav.addItem(name)

    def show_view(self, name: str) -> None:
        self.nav.setCurrentRow(list(self.views).index(name))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        view_menu = bar.addMenu("&View")
        for i, name in enumerate(self.views):
            act = QAction(f"&{name}", self, shortcut=QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _=False, n=name: self.show_view(n))
            view_menu.addAction(act)
        refresh = QAction("&Refresh", self, shortcut=QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh)
        view_menu.addAction(refresh)

        help_menu = bar.addMenu("&Help")
        about = QAction("&About EU-NATO Desk", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    # --- data ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        def load(db: Database, _ctx) -> tuple:  # type: ignore[no-untyped-def]
            return catalogue.list_areas(db), catalogue.list_actions(db)

        Op(self, self.executor, load, writes=False).success(
            lambda result: self.actions_view.set_catalogue(*result)
        ).run()

    # --- persistence --------------------------------------------------------------------------

    def _restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("main/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        view = settings.value("main/view")
        if isinstance(view, str) and view in self.views:
            self.show_view(view)

    def _save_state(self) -> None:
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/splitter", self.splitter.saveState())
        settings.setValue(
            "main/view", self.nav.currentItem().text() if self.nav.currentItem() else ""
        )

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._save_state()
        self.executor.wait_idle()
        super().closeEvent(event)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About EU-NATO Desk",
            f"<b>EU-NATO Desk</b> {__version__}<br>"
            "A logbook of EU-NATO staff-to-staff interactions against the 74 actions of the "
            "common set (2016 and 2017).<br><br>"
            f"Database: {self.db.path}",
        )
