"""The executor's own Qt objects: a job it waits for (``DbExecutor.call``, as the window
closes) leaves nothing behind that a later Qt object could be mistaken for."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QStringListModel
from PySide6.QtWidgets import QTableView

from eunato_desk.core.storage.db import Database
from eunato_desk.ui.ops import DbExecutor


def test_calls_waited_for_leave_no_dead_wrappers_behind(qtbot, db: Database) -> None:
    """A runnable the pool deleted behind Python's back left its wrapper registered at its
    address: a selection model made there later came back as a QRunnable (seen in a GUI
    test: ``table.selectionModel().currentRowChanged`` raised AttributeError)."""
    executor = DbExecutor(db)
    try:
        mistaken = 0
        for round_ in range(300):
            assert executor.call(lambda _db, _ctx, n=round_: n + 1, writes=round_ % 2 == 0) == (
                round_ + 1
            )
            fresh = [QItemSelectionModel() for _ in range(5)]
            view = QTableView()
            view.setModel(QStringListModel(["a"]))
            fresh.append(view.selectionModel())
            mistaken += sum(not isinstance(obj, QItemSelectionModel) for obj in fresh)
        assert mistaken == 0
    finally:
        executor.wait_idle()
