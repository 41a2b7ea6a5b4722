"""The action catalogue: areas, then their actions, a filter, and the selected action's facts."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core.records import ActionRecord, AreaRecord

UNASSIGNED = "Area not yet assigned"
COLUMNS = ("No.", "Title", "Set", "Source")
CONFIDENCE_LABELS = {"confirmed": "confirmed", "to_be_confirmed": "to be confirmed"}
ACTION_ROLE = Qt.ItemDataRole.UserRole + 1


class _ActionFilter(QSortFilterProxyModel):
    """Matches an action by number or by words of its title; areas stay when a child matches."""

    def filterAcceptsRow(self, row: int, parent) -> bool:  # type: ignore[no-untyped-def]
        needle = self.filterRegularExpression().pattern().strip().lower()
        if not needle:
            return True
        model = self.sourceModel()
        index = model.index(row, 0, parent)
        action: ActionRecord | None = model.data(index, ACTION_ROLE)
        if action is None:  # an area: keep it if any child matches
            return any(self.filterAcceptsRow(r, index) for r in range(model.rowCount(index)))
        if needle.lstrip("#").isdigit():
            return action.number == int(needle.lstrip("#"))
        haystack = f"{action.title} {action.description}".lower()
        return all(word in haystack for word in needle.split())


class ActionsView(QWidget):
    """Browse the 74 actions grouped by area."""

    action_activated = Signal(object)  # ActionRecord

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(COLUMNS)
        self.proxy = _ActionFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(False)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Number or words of the title")
        self.filter_edit.setClearButtonEnabled(True)
        filter_label = QLabel("&Find action:", self)
        filter_label.setBuddy(self.filter_edit)
        self.filter_edit.textChanged.connect(self._apply_filter)

        self.tree = QTreeView(self)
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAccessibleName("Action catalogue")
        self.tree.selectionModel().currentChanged.connect(self._show_current)
        self.tree.activated.connect(self._activated)

        self.details = QTextBrowser(self)
        self.details.setAccessibleName("Selected action")
        self.details.setOpenLinks(False)

        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter_edit, 1)
        self.count_label = QLabel(self)
        top.addWidget(self.count_label)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([700, 380])

        self._show_current()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    def set_catalogue(self, areas: list[AreaRecord], actions: list[ActionRecord]) -> None:
        self.model.removeRows(0, self.model.rowCount())
        bold = QFont()
        bold.setBold(True)
        groups: dict[int | None, QStandardItem] = {}
        for area in areas:
            item = QStandardItem(f"{area.code}. {area.name}")
            item.setFont(bold)
            item.setEditable(False)
            groups[area.code] = item
        groups[None] = QStandardItem(UNASSIGNED)
        groups[None].setFont(bold)
        groups[None].setEditable(False)
        counts: dict[int | None, int] = {}
        for action in actions:
            if action.status != "active":
                continue
            code = action.area_code if action.area_code in groups else None
            counts[code] = counts.get(code, 0) + 1
            cells = [
                QStandardItem(str(action.number) if action.number is not None else "–"),
                QStandardItem(action.title),
                QStandardItem(str(action.set_year)),
                QStandardItem(CONFIDENCE_LABELS.get(action.confidence, action.confidence)),
            ]
            if action.confidence != "confirmed":
                muted = QFont()
                muted.setItalic(True)
                cells[1].setFont(muted)
            for cell in cells:
                cell.setEditable(False)
                cell.setData(action, ACTION_ROLE)
                cell.setToolTip(action.description)
            cells[0].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            groups[code].appendRow(cells)
        root = self.model.invisibleRootItem()
        for code, item in groups.items():
            if code is None and not item.rowCount():
                continue
            n = counts.get(code, 0)
            item.setText(f"{item.text()}  ({n} action{'s' if n != 1 else ''})")
            root.appendRow([item] + [self._blank() for _ in COLUMNS[1:]])
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, self.tree.rootIndex(), True)
        self.tree.expandAll()
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        total = sum(counts.values())
        self.count_label.setText(f"{total} actions")

    @staticmethod
    def _blank() -> QStandardItem:
        item = QStandardItem("")
        item.setEditable(False)
        return item

    def _apply_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.tree.expandAll()

    def current_action(self) -> ActionRecord | None:
        index = self.tree.currentIndex()
        return index.data(ACTION_ROLE) if index.isValid() else None

    def _show_current(self, *_: object) -> None:
        action = self.current_action()
        if action is None:
            self.details.setHtml("<p>Select an action to see what is known about it.</p>")
            return
        area = f"{action.area_code}. {escape(action.area_name)}" if action.area_name else UNASSIGNED
        self.details.setHtml(
            f"<h2>Action {action.number or '–'}</h2>"
            f"<h3>{escape(action.title)}</h3>"
            f"<p>{escape(action.description) or '<i>No description yet.</i>'}</p>"
            "<table cellpadding='3'>"
            f"<tr><td><b>Area</b></td><td>{area}</td></tr>"
            f"<tr><td><b>Set</b></td><td>{action.set_year}</td></tr>"
            f"<tr><td><b>Status</b></td><td>{escape(action.status)}</td></tr>"
            f"<tr><td><b>Source</b></td><td>"
            f"{escape(CONFIDENCE_LABELS.get(action.confidence, action.confidence))}</td></tr>"
            "</table>"
        )

    def _activated(self, index) -> None:  # type: ignore[no-untyped-def]
        action = index.data(ACTION_ROLE)
        if action is not None:
            self.action_activated.emit(action)
