"""Reference cycles that hold Qt objects are collected on the GUI thread, never on the worker
thread that happened to allocate (``ui.collector``, installed with the application's names)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from eunato_desk.ui.app import configure_application
from eunato_desk.ui.collector import GuiThreadCollector


class _Cycle:
    """A Python object in a cycle with a Qt object; says on which thread it was freed."""

    def __init__(self, freed_on: list[int]) -> None:
        self.me = self
        self.qt = QObject()
        self.freed_on = freed_on

    def __del__(self) -> None:
        self.freed_on.append(threading.get_ident())


def _allocate_a_lot() -> None:
    """What a job on a worker thread does: far more allocations than a collection's
    threshold (with collection on, this thread would collect the cycle)."""
    kept = [[n] for n in range(50_000)]
    del kept


def test_a_cycle_with_a_qt_object_dies_on_the_gui_thread(qtbot) -> None:
    configure_application(QApplication.instance())
    assert not gc.isenabled()
    collectors = QApplication.instance().findChildren(GuiThreadCollector)
    assert len(collectors) == 1  # configured twice (conftest, here): one collector

    gc.collect()
    freed_on: list[int] = []
    _Cycle(freed_on)  # unreachable at once, but only a collection frees it
    worker = threading.Thread(target=_allocate_a_lot)
    worker.start()
    worker.join()
    assert freed_on == []  # the worker's allocations collected nothing

    # Python collects when allocations outnumber frees by its threshold; once they do, the
    # GUI thread's timer collects. (Well past it: objects that earlier tests left to be
    # deleted may be freed while the test waits, and they count against the allocations.)
    kept = [[n] for n in range(gc.get_threshold()[0] * 30)]
    qtbot.waitUntil(lambda: freed_on != [], timeout=5000)
    assert freed_on == [threading.main_thread().ident]
    del kept


def test_the_collector_collects_only_when_python_would(qtbot) -> None:
    collector = QApplication.instance().findChild(GuiThreadCollector)
    gc.collect()
    young_limit = collector.thresholds[0]
    assert gc.get_count()[0] <= young_limit and collector.collect_due() is None
    kept = [[n] for n in range(young_limit * 3)]
    assert collector.collect_due() is not None  # gen 0 (at least) collected
    assert gc.get_count()[0] < young_limit
    del kept
