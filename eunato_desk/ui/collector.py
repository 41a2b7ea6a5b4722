"""Python's collection of reference cycles, on the GUI thread only.

The executor runs Python on worker threads (reads, writes, exports), and Python collects
cycles on whichever thread happens to allocate past its threshold. A cycle that holds a Qt
object (a dialog and the lambda connected to its signal, a view and its controller) collected
on a worker thread destroys that object off its own thread: Qt warns ("QBasicTimer::stop:
Failed. Possibly trying to stop from a different thread", seen once in the GUI tests) or
crashes. So while the application runs, automatic collection is off, and a timer on the GUI
thread collects when the counts pass Python's own thresholds, the youngest generations most
often, as Python would (the remedy pyqtgraph, Calibre and Anki use). Objects that are not in
a cycle are freed at once, as always, by reference counting.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    """Turns automatic collection off and collects on a timer of the GUI thread."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        gc.disable()
        self._timer.start(INTERVAL_MS)

    def collect_due(self) -> int | None:
        """Collect the oldest generation whose count passed its threshold (and the younger
        ones with it); the number of unreachable objects found, None if nothing was due."""
        (young, middle, old), (young_limit, middle_limit, old_limit) = (
            gc.get_count(),
            self.thresholds,
        )
        if young <= young_limit:
            return None
        generation = 0
        if middle > middle_limit:
            generation = 2 if old > old_limit else 1
        return gc.collect(generation)


def collect_on_gui_thread(app: QCoreApplication) -> GuiThreadCollector:
    """The application's collector (made once; the GUI thread is the application's)."""
    found = app.findChild(GuiThreadCollector)
    return found if found is not None else GuiThreadCollector(app)
