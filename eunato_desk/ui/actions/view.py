"""The Actions view: areas, then their actions, with how much has been done for each.
A click (or Enter) opens the action's page; Back (Alt+Left) returns to the list.

Keyboard first: Ctrl+2 puts the cursor in the finder; type a number or words of a title,
Enter opens the first action that matches, Down goes to it in the list. Until the official
titles are loaded, a banner says how many actions still have the placeholder title and how
to load them."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core.records import ActionOverview, AreaRecord
from eunato_desk.ui.actions.page import ActionPage

UNASSIGNED = "Area not yet assigned"
COLUMNS = ("No.", "Title", "Set", "Total", "This quarter", "Last", "Source")
CONFIDENCE_LABELS = {"confirmed": "confirmed", "to_be_confirmed": "to be confirmed"}
OVERVIEW_ROLE = Qt.ItemDataRole.UserRole + 1
AREA_ROLE = Qt.ItemDataRole.UserRole + 2
QUIET_BRUSH = QBrush(QColor("#fff4e0"))  # nothing this quarter
STALE_BRUSH = QBrush(QColor("#b71c1c"))  # nothing for months
PLACEHOLDER_TITLE = "Title to be confirmed from the Council document"
BANNER_STYLE = "background:#fff8e1; border:1px solid #f0c36d; padding:6px; color:#4e3b00;"


def placeholder_banner(count: int, official_texts_entry: bool) -> str:
    """What the banner above the list says while ``count`` actions have the placeholder
    title."""
    which = "action still has" if count == 1 else "actions still have"
    menu = "<b>Actions &gt; Load official texts…</b>, or " if official_texts_entry else ""
    return (
        f"<b>{count} {which} the placeholder title</b> “{PLACEHOLDER_TITLE}”.<br>"
        f"To load the official titles and texts: {menu}on the command line "
        "<code>eunato-desk catalogue load-text FILE --set 2016</code> (or 2017).<br>"
        "A CSV list of the actions (number, set, area_code, title, description) can be "
        "imported under <b>Actions &gt; Import catalogue CSV…</b>"
    )


class _Finder(QLineEdit):
    """Enter opens the first action that matches; Down goes to it in the list."""

    open_first = Signal()
    to_list = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_first.emit()
        elif event.key() == Qt.Key.Key_Down:
            self.to_list.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class _ActionFilter(QSortFilterProxyModel):
    """Matches an action by number or by words of its title; areas stay when a child matches."""

    def filterAcceptsRow(self, row: int, parent) -> bool:  # type: ignore[no-untyped-def]
        needle = self.filterRegularExpression().pattern().strip().lower()
        if not needle:
            return True
        model = self.sourceModel()
        index = model.index(row, 0, parent)
        overview: ActionOverview | None = model.data(index, OVERVIEW_ROLE)
        if overview is None:  # an area: keep it if any child matches
            return any(self.filterAcceptsRow(r, index) for r in range(model.rowCount(index)))
        action = overview.action
        if needle.lstrip("#").isdigit():
            return action.number == int(needle.lstrip("#"))
        haystack = f"{action.title} {action.description}".lower()
        return all(word in haystack for word in needle.split())


def _item(text: str, data: object = None) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    if data is not None:
        item.setData(data, OVERVIEW_ROLE)
    return item


class ActionsView(QWidget):
    """Browse the actions grouped by area; open one to see its history."""

    action_opened = Signal(int)  # action number
    add_requested = Signal()
    area_dossier_requested = Signal(int)  # area code

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(COLUMNS)
        self.proxy = _ActionFilter(self)
        self.proxy.setSourceModel(self.model)

        filter_label = self._make_finder()
        self.official_texts_entry = False  # whether Actions > Load official texts… exists
        self.banner = QLabel(self, wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()
        self.count_label = QLabel(self)
        self.add_button = QPushButton("&Add action…", self)
        self.add_button.clicked.connect(self.add_requested)
        self.area_dossier_button = QPushButton("Export area &dossier…", self)
        self.area_dossier_button.setEnabled(False)
        self.area_dossier_button.clicked.connect(self._area_dossier)

        self.tree = QTreeView(self)
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAccessibleName("Action catalogue")
        self.tree.clicked.connect(self._open_index)
        self.tree.activated.connect(self._open_index)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3, 4, 5, 6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.legend = QLabel(
            "<span style='background:#fff4e0'>&nbsp;tinted&nbsp;</span> no interaction this "
            "quarter · <span style='color:#b71c1c'>red date</span> nothing for months",
            self,
        )

        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.add_button)
        top.addWidget(self.area_dossier_button)
        list_page = QWidget(self)
        lp = QVBoxLayout(list_page)
        lp.addLayout(top)
        lp.addWidget(self.banner)
        lp.addWidget(self.tree, 1)
        lp.addWidget(self.legend)

        self.page = ActionPage(self)
        self.page.back_requested.connect(self.show_list)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(list_page)
        self.pages.addWidget(self.page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _make_finder(self) -> QLabel:
        """The finder (``filter_edit``); its label."""
        self.filter_edit = _Finder(self)
        self.filter_edit.setPlaceholderText(
            "Number or words of the title; Enter opens the first that matches"
        )
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.filter_edit.open_first.connect(self.open_first_match)
        self.filter_edit.to_list.connect(self._to_first_match)
        label = QLabel("&Find action:", self)
        label.setBuddy(self.filter_edit)
        return label

    # --- content ------------------------------------------------------------------------------

    def set_overview(
        self, areas: list[AreaRecord], rows: list[ActionOverview], stale_months: int
    ) -> None:
        self.model.removeRows(0, self.model.rowCount())
        bold = QFont()
        bold.setBold(True)
        groups: dict[int | None, QStandardItem] = {}
        for area in areas:
            groups[area.code] = _item(f"{area.code}. {area.name}")
            groups[area.code].setData(area.code, AREA_ROLE)
        groups[None] = _item(UNASSIGNED)
        for item in groups.values():
            item.setFont(bold)
        counts: dict[int | None, int] = {}
        for row in rows:
            action = row.action
            code = action.area_code if action.area_code in groups else None
            counts[code] = counts.get(code, 0) + 1
            cells = [
                _item(str(action.number) if action.number is not None else "–", row),
                _item(action.title, row),
                _item(str(action.set_year), row),
                _item(str(row.total), row),
                _item(str(row.this_quarter), row),
                _item(row.last_date.isoformat() if row.last_date else "never", row),
                _item(CONFIDENCE_LABELS.get(action.confidence, action.confidence), row),
            ]
            cells[1].setToolTip(action.description)
            for cell in (cells[0], cells[3], cells[4]):
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if action.confidence != "confirmed":
                italic = QFont()
                italic.setItalic(True)
                cells[1].setFont(italic)
            if row.no_activity_this_quarter:
                cells[4].setBackground(QUIET_BRUSH)
                cells[4].setToolTip("No interaction this quarter")
            if row.stale:
                cells[5].setForeground(STALE_BRUSH)
                cells[5].setToolTip(f"No interaction in the last {stale_months} months")
            groups[code].appendRow(cells)
        root = self.model.invisibleRootItem()
        for code, item in groups.items():
            if code is None and not item.rowCount():
                continue
            n = counts.get(code, 0)
            item.setText(f"{item.text()}  ({n} action{'s' if n != 1 else ''})")
            root.appendRow([item] + [_item("") for _ in COLUMNS[1:]])
        for r in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(r, self.tree.rootIndex(), True)
        self.tree.expandAll()
        self.count_label.setText(f"{sum(counts.values())} actions")
        placeholders = sum(row.action.title == PLACEHOLDER_TITLE for row in rows)
        self.banner.setText(placeholder_banner(placeholders, self.official_texts_entry))
        self.banner.setVisible(placeholders > 0)

    def _apply_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.tree.expandAll()

    # --- navigation ---------------------------------------------------------------------------

    def first_match(self) -> QModelIndex | None:
        """The first action the finder leaves in the list (in list order)."""
        for r in range(self.proxy.rowCount()):
            area = self.proxy.index(r, 0)
            for c in range(self.proxy.rowCount(area)):
                child = self.proxy.index(c, 0, area)
                if child.data(OVERVIEW_ROLE) is not None:
                    return child
        return None

    def open_first_match(self) -> None:
        index = self.first_match()
        if index is not None:
            self._open_index(index)

    def _to_first_match(self) -> None:
        index = self.first_match()
        self.tree.setFocus()
        if index is not None:
            self.tree.setCurrentIndex(index)

    def focus_start(self) -> None:
        """The cursor where typing starts: the finder (the page's history on an action)."""
        if self.showing_action():
            self.page.history.setFocus()
        else:
            self.filter_edit.setFocus()
            self.filter_edit.selectAll()

    def _open_index(self, index) -> None:  # type: ignore[no-untyped-def]
        overview = index.siblingAtColumn(0).data(OVERVIEW_ROLE)
        if overview is not None and overview.action.number is not None:
            self.action_opened.emit(overview.action.number)

    def _current_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        self.area_dossier_button.setEnabled(self._current_area() is not None)

    def _current_area(self) -> int | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        first = index.siblingAtColumn(0)
        code = first.data(AREA_ROLE)
        if code is None:
            overview = first.data(OVERVIEW_ROLE)
            code = overview.action.area_code if overview is not None else None
        return code

    def _area_dossier(self) -> None:
        code = self._current_area()
        if code is not None:
            self.area_dossier_requested.emit(code)

    def show_list(self) -> None:
        self.pages.setCurrentIndex(0)
        self.tree.setFocus()

    def showing_action(self) -> bool:
        return self.pages.currentWidget() is self.page

    def show_page(self) -> None:
        self.pages.setCurrentWidget(self.page)
        self.page.history.setFocus()
