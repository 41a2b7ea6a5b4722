"""A small read-only table model over a list of frozen records (history, follow-ups), and the
table that shows one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
WARN_BRUSH = QBrush(QColor("#fdecea"))
MUTED_BRUSH = QBrush(QColor("#757575"))
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

# (header, cell text function) or (header, function, True) for a right-aligned (count) column
Columns = Sequence[tuple[str, Callable[[Any], str]] | tuple[str, Callable[[Any], str], bool]]


class RecordTableModel(QAbstractTableModel):
    """Columns are (header, cell text function[, right-aligned]). ``warn(record)`` tints a
    row; ``muted(record)`` greys it (e.g. a retired entry)."""

    def __init__(
        self,
        columns: Columns,
        warn: Callable[[Any], bool] | None = None,
        parent=None,  # type: ignore[no-untyped-def]
        *,
        muted: Callable[[Any], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []
        self._warn = warn
        self._muted = muted

    def set_records(self, rows: Sequence[Any], columns: Columns | None = None) -> None:
        """Show ``rows`` (and, if given, these columns instead)."""
        self.beginResetModel()
        self._rows = list(rows)
        if columns is not None:
            self._columns = list(columns)
        self.endResetModel()

    def records(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._columns[index.column()][1](record)
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.BackgroundRole and self._warn is not None and self._warn(record):
            return WARN_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole and self._muted is not None:
            return MUTED_BRUSH if self._muted(record) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and len(self._columns[index.column()]) > 2:
            return RIGHT
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):  # type: ignore[no-untyped-def]
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section][0]
        return None

    def flags(self, index) -> Qt.ItemFlag:  # type: ignore[no-untyped-def]
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def record_table(parent: QWidget, model: RecordTableModel) -> QTableView:
    """A read-only table of records: whole rows selected, fixed row height."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    table.horizontalHeader().setStretchLastSection(True)
    return table
