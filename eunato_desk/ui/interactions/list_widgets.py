"""The interaction list's widgets besides the view: the table, the first-run empty state,
and the list's saved state (columns, splitter, sort, filters)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.ui.interactions.table_model import COLUMNS, UUID_ROLE

if TYPE_CHECKING:
    from eunato_desk.ui.interactions.view import InteractionsView

ROW_HEIGHT = 24
SORT_KEYS = frozenset(key for _header, key, _cell in COLUMNS if key)


class InteractionTable(QTableView):
    """A fast table: fixed row heights, whole-row selection, SQL sorting by the view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.verticalHeader().setSectionResizeMode(self.verticalHeader().ResizeMode.Fixed)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setStretchLastSection(False)
        self.setSortingEnabled(False)  # sorting is a new query, driven by header clicks
        self.horizontalHeader().setSectionsClickable(True)
        self.horizontalHeader().setSortIndicatorShown(True)

    def selected_uuids(self) -> list[str]:
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        model = self.model()
        return [u for r in rows if (u := model.index(r, 0).data(UUID_ROLE))]

    def current_uuid(self) -> str | None:
        index = self.currentIndex()
        return index.siblingAtColumn(0).data(UUID_ROLE) if index.isValid() else None


class EmptyState(QWidget):
    """What a new user sees first: what the app is for, and the two ways to start."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("<h2>No interactions logged yet</h2>", self)
        text = QLabel(
            "Log each cross-briefing, workshop, staff talk or exercise meeting and link it to "
            "the actions it advances. Press <b>Ctrl+N</b> to log one now, or load demo data "
            "(2017–2019) to look around first.",
            self,
        )
        text.setWordWrap(True)
        text.setFixedWidth(560)
        text.setMinimumHeight(text.heightForWidth(560))
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.log_button = QPushButton("Log an interaction  (Ctrl+N)", self)
        self.demo_button = QPushButton("Load demo data…", self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addStretch(2)


def save_list_state(view: InteractionsView, settings: QSettings) -> None:
    """The list's columns, splitter, sort and filters, under the view's ``settings_key``."""
    key = view.settings_key
    settings.setValue(f"{key}/header", view.table.horizontalHeader().saveState())
    settings.setValue(f"{key}/splitter", view.splitter.saveState())
    settings.setValue(f"{key}/sort", f"{view.model.sort_key}:{int(view.model.descending)}")
    settings.setValue(f"{key}/filter", json.dumps(view.filter_bar.state()))


def restore_list_state(view: InteractionsView, settings: QSettings) -> None:
    """What ``save_list_state`` kept (a damaged setting is ignored)."""
    key = view.settings_key
    header = settings.value(f"{key}/header")
    if isinstance(header, QByteArray):
        view.table.horizontalHeader().restoreState(header)
    splitter = settings.value(f"{key}/splitter")
    if isinstance(splitter, QByteArray):
        view.splitter.restoreState(splitter)
    sort = settings.value(f"{key}/sort")
    if isinstance(sort, str) and ":" in sort:
        name, desc = sort.split(":", 1)
        if name in SORT_KEYS:
            view.model.sort_key, view.model.descending = name, desc == "1"
    state = settings.value(f"{key}/filter")
    if isinstance(state, str):
        try:
            loaded = json.loads(state)
        except ValueError:
            return  # a damaged setting is ignored
        if isinstance(loaded, dict):
            view.filter_bar.restore(loaded)
