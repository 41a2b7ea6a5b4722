"""Other officers' saves, shown as they happen: every second the reader thread reads the
database's change marker (``audit.change_marker``: two index lookups, on a file or on the team
server); when it moved and the move is not this window's own write, the views read again as
after a Refresh, keeping the selected interaction and the scroll position.

A save made here moves the marker too; the executor's ``changed`` signal says so first, and
the marker read after it becomes the new mark, so one's own save is not read twice."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from eunato_desk.core import audit
from eunato_desk.core.storage.db import Database
from eunato_desk.ui.changes import Changes
from eunato_desk.ui.ops import DbExecutor, JobContext, Op

Marker = tuple[tuple[int, int], tuple[int, int]]  # audit.change_marker
INTERVAL_MS = 1000  # others' saves appear within about a second (the goal is two)
# What another officer's change may have touched: the audit trail covers interactions, their
# links and follow-ups, and the actions; the reference lists have their own change log.
RECORDS = Changes(interactions=True, trash=True, follow_ups=True, catalogue=True)
LISTS = Changes(vocabulary=True, names=True)


def announced(before: Marker, now: Marker) -> Changes:
    """What to read again when the marker moved from ``before`` to ``now``."""
    changes = Changes()
    if now[0] != before[0]:
        changes = changes | RECORDS
    if now[1] != before[1]:
        changes = changes | LISTS
    return changes


class LiveUpdates(QObject):
    """Watches the database for changes made elsewhere and announces them on the executor's
    ``changed`` signal, as a write of this window would."""

    def __init__(self, parent: QObject, executor: DbExecutor) -> None:
        super().__init__(parent)
        self.executor = executor
        self.mark: Marker | None = None  # None: not read yet
        self.asking = False  # one marker read at a time
        self.seen_elsewhere = 0  # how many changes from elsewhere were announced
        self._announcing: Changes | None = None  # what this watcher is emitting right now
        self.timer = QTimer(self, interval=INTERVAL_MS)
        self.timer.timeout.connect(self.look)
        executor.changed.connect(self._own_change)
        self.timer.start()
        self.look()

    def _own_change(self, changes: Changes) -> None:
        if changes is not self._announcing:
            self.look(own=True)

    def look(self, *, own: bool = False) -> None:
        """Read the marker off the GUI thread; announce a move that is not ours."""
        if self.asking and not own:
            return
        self.asking = True

        def marker(db: Database, _ctx: JobContext) -> Marker:
            return audit.change_marker(db)

        def read(found: Marker) -> None:
            self.asking = False
            before, self.mark = self.mark, found
            if own or before is None or found == before:
                return
            self.seen_elsewhere += 1
            self._announcing = announced(before, found)
            try:
                self.executor.changed.emit(self._announcing)
            finally:
                self._announcing = None

        def failed(_exc: BaseException) -> None:
            self.asking = False  # a lost connection: the next tick tries again, silently

        Op(self.parent(), self.executor, marker, writes=False).success(read).failure(failed).run()

    def stop(self) -> None:
        self.timer.stop()
