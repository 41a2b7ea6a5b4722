"""Where the officer is in the interaction list (the current interaction, the first visible
row), so that a reload, after one's own save or another officer's, leaves them there: the same
interaction selected, the same interaction at the top of the table. (A multiple selection is
not carried over: after a delete and its undo, the rows deleted must not come back selected.)"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QTableView

ROWS = QItemSelectionModel.SelectionFlag.Rows


@dataclass(frozen=True)
class Place:
    current: int | None  # interaction ids
    top: int | None


def place_of(table: QTableView, ids: list[int]) -> Place:
    """The current and the first visible interactions of ``table`` showing ``ids``."""

    def at(row: int) -> int | None:
        return ids[row] if 0 <= row < len(ids) else None

    return Place(at(table.currentIndex().row()), at(table.rowAt(0)))


def restore_place(table: QTableView, ids: list[int], place: Place) -> bool:
    """Select the current interaction of ``place`` again if it is in ``ids``, and scroll so
    its first visible interaction is at the top again. False when the current interaction is
    not in ``ids`` (left out, or beyond the rows known yet)."""
    where = {iid: row for row, iid in enumerate(ids)}
    if place.current not in where:
        return False
    model = table.model()
    row = where[place.current]
    table.selectionModel().setCurrentIndex(
        model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | ROWS
    )
    if place.top in where:
        table.scrollTo(model.index(where[place.top], 0), QAbstractItemView.ScrollHint.PositionAtTop)
    return True
