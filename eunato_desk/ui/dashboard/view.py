"""Dashboard: for one period (``period_choice``), interactions per quarter by area and by
type, the coverage matrix (actions x quarters) and the period-end checklist; each part says
the period it counts. A click on a matrix cell or a checklist line opens the items it counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core.analysis.checklist import Checklist
from eunato_desk.core.analysis.coverage import AreaSeries, CoverageMatrix, TypeCount
from eunato_desk.core.periods import Quarter
from eunato_desk.core.records import InteractionFilter
from eunato_desk.ui.dashboard.charts import HorizontalBarChart, Series, StackedColumnChart
from eunato_desk.ui.dashboard.commands import DashboardData
from eunato_desk.ui.dashboard.period_choice import DashboardPeriodPicker, Shown, shown_for

EMPTY_BRUSH = QBrush(QColor(229, 57, 53, 40))  # translucent: reads on light and dark
LINE_ROLE = Qt.ItemDataRole.UserRole + 1


class CoverageModel(QAbstractTableModel):
    """Rows: actions (area, number and title first); columns: then one per quarter."""

    FIXED = 2

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.matrix: CoverageMatrix | None = None

    def set_matrix(self, matrix: CoverageMatrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # type: ignore[no-untyped-def]  # noqa: B008
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # type: ignore[no-untyped-def]  # noqa: B008
        return (
            0
            if parent.isValid() or self.matrix is None
            else self.FIXED + len(self.matrix.quarters) + 1
        )

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or self.matrix is None:
            return None
        row = self.matrix.rows[index.row()]
        col = index.column()
        q = col - self.FIXED
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(row.action.area_code) if row.action.area_code is not None else "–"
            if col == 1:
                return f"{row.action.number}  {row.action.title}"
            if q < len(row.counts):
                return str(row.counts[q]) if row.counts[q] else "·"
            return str(row.total)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= self.FIXED:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self.FIXED <= col < self.FIXED + len(
            row.counts
        ):
            return EMPTY_BRUSH if row.counts[q] == 0 else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 1:
                return row.action.title
            if self.FIXED <= col < self.FIXED + len(row.counts):
                quarter = self.matrix.quarters[q]
                n = row.counts[q]
                noun = "interaction" if n == 1 else "interactions"
                return f"Action {row.action.number}, {quarter.label()}: {n} {noun}. Click to list."
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if self.matrix is None:
            return None
        if section == 0:
            return "Area"
        if section == 1:
            return "Action"
        q = section - self.FIXED
        if q < len(self.matrix.quarters):
            quarter = self.matrix.quarters[q]
            return f"{quarter.year}\nQ{quarter.q}"
        return "Total"


class DashboardView(QWidget):
    filter_requested = Signal(object, str)  # InteractionFilter, what it shows (in words)
    cell_requested = Signal(str, object, str)  # action uuid, its filter, label
    follow_ups_requested = Signal()
    actions_requested = Signal()
    period_changed = Signal()

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self._today = today  # None: the date of each reading
        self.period = DashboardPeriodPicker(self.today(), parent=self)
        self.period.changed.connect(self._period_chosen)
        self.chosen = False  # until the officer chooses, the first reading chooses the period
        self._quiet = False
        self.shown: Shown | None = None  # the period of the data on screen
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.by_area = StackedColumnChart(self)
        self.by_area.setAccessibleName("Interactions per quarter by area")
        self.by_type = HorizontalBarChart(self)
        self.by_type.setAccessibleName("Interactions by type")
        self.coverage_model = CoverageModel(self)
        self.coverage = QTableView(self)
        self.coverage.setModel(self.coverage_model)
        self.coverage.setAccessibleName("Coverage matrix")
        self.coverage.verticalHeader().hide()
        self.coverage.verticalHeader().setDefaultSectionSize(22)
        self.coverage.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.coverage.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.coverage.clicked.connect(self._cell_clicked)
        self.coverage.activated.connect(self._cell_clicked)
        self.checklist_note = QLabel(self)
        self.checklist_note.setWordWrap(True)
        self.checklist_note.hide()
        self.checklist = QListWidget(self)
        self.checklist.setAccessibleName("Period-end checklist")
        self.checklist.setWordWrap(True)
        self.checklist.itemActivated.connect(self._line_activated)
        self.checklist.itemClicked.connect(self._line_activated)
        self._lay_out()

    @property
    def year(self) -> DashboardPeriodPicker:
        """The period picker under its former name (a year is one of its periods)."""
        return self.period

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        label = QLabel("&Period:", self)
        label.setBuddy(self.period.combo)
        top.addWidget(label)
        top.addWidget(self.period)
        top.addSpacing(16)
        top.addWidget(self.summary, 1)
        self.area_box = self._box(self.by_area)
        self.type_box = self._box(self.by_type)
        self.coverage_box = self._box(self.coverage)
        self.checklist_box = self._box(self.checklist_note, self.checklist)
        charts = QSplitter(Qt.Orientation.Horizontal, self)
        charts.addWidget(self.area_box)
        charts.addWidget(self.type_box)
        charts.setSizes([760, 420])
        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(self.coverage_box)
        lower.addWidget(self.checklist_box)
        lower.setSizes([760, 420])
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(charts)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([360, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self._title_boxes(Shown.quarter(self.period.home))

    def _box(self, *widgets: QWidget) -> QGroupBox:
        box = QGroupBox(self)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(6, 6, 6, 6)
        for widget in widgets:
            inner.addWidget(widget, 1 if widget is widgets[-1] else 0)
        return box

    def _title_boxes(self, shown: Shown) -> None:
        """Each part says the period it counts; the checklist, the quarter it covers."""
        name = shown.label
        self.area_box.setTitle(f"{name}: interactions per quarter, by area (hover for values)")
        self.type_box.setTitle(f"{name}: by type")
        self.coverage_box.setTitle(
            f"{name}: linked interactions per action and quarter (· = none; click a cell)"
        )
        self.checklist_box.setTitle(
            f"Period-end checklist: {shown.checklist.label()} (click a line)"
        )
        self.checklist_note.setText(
            f"The checklist covers one quarter: {shown.checklist.label()}, {shown.note}. "
            "Choose a quarter to check another."
        )
        self.checklist_note.setVisible(bool(shown.note))

    # --- period -------------------------------------------------------------------------------

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def request(self) -> Shown | None:
        """What to read: the period chosen; None until one is (then the latest quarter with
        data, which the reading finds)."""
        return self.chosen_period() if self.chosen else None

    def chosen_period(self) -> Shown:
        return shown_for(self.period.current(), self.period.dates(), self.today())

    def checklist_quarter(self) -> Quarter:
        return self.chosen_period().checklist

    def _period_chosen(self) -> None:
        if not self._quiet:
            self.chosen = True
            self.period_changed.emit()

    # --- data ---------------------------------------------------------------------------------

    def show_data(self, data: DashboardData) -> None:
        if data.opened and self.chosen:
            return  # chosen while the first reading ran: the reading of that choice follows
        self._quiet = True
        try:
            self.period.home = data.home
            if data.opened:
                self.period.show_quarter(data.home)
        finally:
            self._quiet = False
        self.chosen = True  # from now on the period stays as it is
        self.shown = data.shown
        self._title_boxes(data.shown)
        self._show_charts(data.series, data.types)
        self._show_matrix(data.matrix)
        self._show_checklist(data.checklist)
        n = data.series.total
        self.summary.setText(
            f"{n:,} interaction{'' if n == 1 else 's'} in the period ({data.shown.label}) · "
            f"{data.matrix.empty_cells():,} empty cells in the matrix"
            if data.has_data
            else "No interactions logged yet: press Ctrl+N to log one, or load demo data "
            "(File > Load demo data…) to look around."
        )

    def say_backwards(self) -> None:
        self.summary.setText("The range ends before it starts: choose its dates again.")

    def _show_charts(self, series: AreaSeries, types: tuple[TypeCount, ...]) -> None:
        labels = [q.label() for q in series.quarters]
        self.by_area.set_data(
            labels,
            [
                Series(a.label, series.counts[i])
                for i, a in enumerate(series.areas)
                if any(series.counts[i])
            ],
            totals=series.totals,
        )
        self.by_type.set_data([(t.type, t.count) for t in types if t.count] or [])

    def _show_matrix(self, matrix: CoverageMatrix) -> None:
        self.coverage_model.set_matrix(matrix)
        self.coverage.setColumnWidth(0, 44)
        self.coverage.setColumnWidth(1, 300)
        total = self.coverage_model.columnCount() - 1
        for c in range(2, total + 1):
            self.coverage.setColumnWidth(c, 52)
            # for one quarter the total would repeat its column
            self.coverage.setColumnHidden(c, c == total and len(matrix.quarters) == 1)
        self.coverage.horizontalHeader().setMinimumHeight(40)

    def _show_checklist(self, checklist: Checklist) -> None:
        self.checklist.clear()
        for line in checklist.lines:
            item = QListWidgetItem(("✓ " if line.ok else "• ") + line.text())
            item.setData(LINE_ROLE, line)
            if not line.ok:
                item.setToolTip("Click to open what this line counts")
            self.checklist.addItem(item)

    def _cell_clicked(self, index) -> None:  # type: ignore[no-untyped-def]
        matrix = self.coverage_model.matrix
        q = index.column() - CoverageModel.FIXED
        if matrix is None or not 0 <= q < len(matrix.quarters):
            return
        row = matrix.rows[index.row()]
        flt = matrix.cell_filter(row, q)
        if flt is not None:
            label = f"Action {row.action.number}, {matrix.quarters[q].label()}: as counted"
            self.cell_requested.emit(row.action.uuid, flt, label)

    def _line_activated(self, item: QListWidgetItem) -> None:
        line = item.data(LINE_ROLE)
        if line is None or line.ok:
            return
        if line.interaction_uuids:
            base = line.filter or InteractionFilter()
            self.filter_requested.emit(replace(base, uuids=line.interaction_uuids), line.label)
        elif line.filter is not None:
            self.filter_requested.emit(line.filter, line.label)
        elif line.follow_up_uuids:
            self.follow_ups_requested.emit()
        elif line.actions:
            self.actions_requested.emit()
