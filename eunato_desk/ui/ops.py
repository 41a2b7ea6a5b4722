"""Background operations: one worker thread owns the database writes.

Modelled on Anki's CollectionOp/QueryOp: build an op from a function of the database, attach
success/failure callbacks, run it. The function runs off the GUI thread; callbacks run on the
GUI thread. Long ops get a progress dialog that appears only after ~500 ms, with Cancel.
A write op declares what it changes (``Changes``); once it has succeeded and its success
callback has run, the executor announces them (``DbExecutor.changed``) and each view reloads
what concerns it.

The executor is the only owner of the open database: nobody else holds it, swaps it or
closes it. ``reopen(fn)`` closes it, runs ``fn(path)`` (a restore) and opens it again, on the
writer thread after everything queued before it; reads asked for meanwhile wait.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from eunato_desk.core.errors import DatabaseError, DeskError
from eunato_desk.ui.changes import EVERYTHING, Changes
from eunato_desk.ui.failures import Failure, on_failure

if TYPE_CHECKING:
    from eunato_desk.core.storage.db import Database

PROGRESS_DELAY_MS = 500


class JobContext:
    """Given to a background function: report progress, ask whether the user cancelled."""

    def __init__(self, emit_progress: Callable[[int, int, str], None]) -> None:
        self._cancel = threading.Event()
        self._emit = emit_progress

    def report(self, done: int, total: int, text: str = "") -> None:
        self._emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


def _with_details(exc: BaseException) -> BaseException:
    if not isinstance(exc, DeskError):
        exc.details = traceback.format_exc()  # type: ignore[attr-defined]
    return exc


class _Job(QRunnable):
    def __init__(
        self,
        fn: Callable[[Database, JobContext], Any],
        database: Callable[[], Database],
        refused: Callable[[], BaseException | None],
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.database = database  # read when the job runs: a reopen may have come between
        self.refused = refused
        self.signals = _Signals()
        self.context = JobContext(self.signals.progressed.emit)

    def run(self) -> None:
        try:
            refusal = self.refused()
            if refusal is not None:
                raise refusal
            result = self.fn(self.database(), self.context)
        except BaseException as exc:
            if isinstance(exc, DatabaseError | sqlite3.Error):
                # The pooled connections may be unusable after a disk or I/O error: the next
                # job opens fresh ones, so the app recovers without a restart.
                with contextlib.suppress(Exception):
                    self.database().reconnect()
            self.signals.failed.emit(_with_details(exc))
        else:
            self.signals.succeeded.emit(result)


class _Call(QRunnable):
    """``work`` as a runnable that the pool does not delete: the caller keeps it until the
    pool is done with it. (``QRunnable.create`` makes one the pool deletes behind Python's
    back; Python keeps the dead wrapper, and a later Qt object at the same address came back
    from ``table.selectionModel()`` as that QRunnable.)"""

    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.work = work

    def run(self) -> None:
        self.work()


class DbExecutor(QObject):
    """Runs database writes one at a time, in order, on a single background thread; reads
    (list pages, details, exports, reports) on a second thread beside it (WAL lets readers
    run while the writer works). ``refuse_writes(exc)`` makes every later write fail with
    ``exc`` (a database found damaged after opening)."""

    busy_changed = Signal(bool)
    changed = Signal(object)  # Changes, after a write succeeded

    def __init__(self, db: Database | None, parent: QObject | None = None) -> None:
        """``db`` None: the database is still to be opened (``open``), as the application
        starts; reads asked for until then wait for it."""
        super().__init__(parent)
        self._db = db
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one writer at a time, in order
        self._read_pool = QThreadPool(self)
        self._read_pool.setMaxThreadCount(1)
        self._running: set[_Job] = set()
        self._held: list[_Job] = []  # reads asked for while the database is being reopened
        self._reopening = 0 if db is not None else 1  # reopens (or the open) not yet done
        self._broken: BaseException | None = None  # the database could not be opened again
        self.refused: BaseException | None = None

    @property
    def db(self) -> Database:
        """The open database, for its path and flags; only jobs use it for queries."""
        return self._db  # type: ignore[return-value]  (None only until ``open`` is done)

    @property
    def is_open(self) -> bool:
        return self._db is not None and self._reopening == 0

    def open(
        self,
        fn: Callable[[], Database],
        on_success: Callable[[Database], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        """Open the database with ``fn`` on the writer thread (after the jobs queued before
        it, such as the start-up's first page): the reads asked for meanwhile run once it is
        open. If it fails, they keep waiting (for another ``open``, or the window closes)."""

        def work(_db: Database | None, _ctx: JobContext) -> Database:
            self._db = fn()
            return self._db

        def opened(db: Database) -> None:
            self._release_held()
            on_success(db)

        self.submit(work, opened, on_failure, writes=True)

    def _release_held(self) -> None:
        self._reopening = 0
        held, self._held = self._held, []
        for job in held:
            self._read_pool.start(job)

    @property
    def path(self) -> Path | None:
        """The database file (None for a database on a team server: see ``db.label``)."""
        return self._db.path

    def refuse_writes(self, exc: BaseException | None) -> None:
        self.refused = exc

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def submit(
        self,
        fn: Callable[[Database, JobContext], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        *,
        writes: bool = True,
    ) -> JobContext:
        refused = (lambda: self._broken or self.refused) if writes else (lambda: self._broken)
        job = _Job(fn, lambda: self._db, refused)
        self._running.add(job)

        def finish(callback: Callable[[Any], None] | None, value: Any) -> None:
            self._running.discard(job)
            if not self._running:
                self.busy_changed.emit(False)
            if callback is not None:
                callback(value)

        job.signals.succeeded.connect(lambda r: finish(on_success, r), Qt.QueuedConnection)
        job.signals.failed.connect(lambda e: finish(on_failure, e), Qt.QueuedConnection)
        if on_progress is not None:
            job.signals.progressed.connect(on_progress, Qt.QueuedConnection)
        if len(self._running) == 1:
            self.busy_changed.emit(True)
        if writes:
            self._pool.start(job)
        elif self._reopening:
            self._held.append(job)
        else:
            self._read_pool.start(job)
        return job.context

    def reopen(
        self,
        fn: Callable[[Path], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Close the database, run ``fn(path)`` (e.g. restore a backup over it) and open it
        again, all on the writer thread once every job before it is done; reads asked for
        meanwhile wait for the new database. Then the callbacks, and ``changed`` with
        everything. If ``fn`` fails, the database is opened again as it was; if it cannot be
        opened at all, every later job fails with that reason."""
        self._reopening += 1

        def work(_db: Database, _ctx: JobContext) -> Any:
            from eunato_desk.core.storage.opening import open_database

            if self._db.path is None:  # a server database is never swapped under the app
                raise DatabaseError(
                    f"{self._db.label}: a team database is restored by its administrators; "
                    "to put a file's records onto it, use `eunato-desk db copy`."
                )
            self._read_pool.waitForDone(-1)
            old = self._db
            old.dispose()
            failed: BaseException | None = None
            result = None
            try:
                result = fn(old.path)
            except BaseException as exc:
                failed = _with_details(exc)
            try:
                self._db = open_database(old.path)
            except BaseException as exc:
                self._broken = _with_details(exc)
                raise
            self.refused = None  # it passed the checks of a full open: writes may go again
            if failed is not None:
                raise failed
            return result

        def done(callback: Callable[[Any], None] | None, value: Any) -> None:
            self._reopening -= 1
            if not self._reopening:
                self._release_held()
            if callback is not None:
                callback(value)
            self.changed.emit(EVERYTHING)

        self.submit(
            work,
            lambda result: done(on_success, result),
            lambda exc: done(on_failure, exc),
            writes=True,
        )

    def call(self, fn: Callable[[Database, JobContext], Any], *, writes: bool = True) -> Any:
        """Run ``fn`` on the worker and wait for it (after everything queued): for the last
        jobs as the window closes, when no event loop will deliver a callback. Returns its
        result or raises its exception."""
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                outcome["result"] = fn(self._db, JobContext(lambda *_a: None))
            except BaseException as exc:
                outcome["error"] = _with_details(exc)

        job = _Call(work)  # kept here until the pool is done with it
        (self._pool if writes else self._read_pool).start(job)
        self.wait_idle(-1)  # however long it takes: the window waits for its last backup
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("result")

    def close(self) -> None:
        """Close the database (after every job), on the writer thread."""
        self.call(lambda db, _c: db.dispose() if db is not None else None)

    def wait_idle(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs) and self._read_pool.waitForDone(msecs)


class Op:
    """Fluent builder: ``Op(window, executor, fn, changes=...).success(cb).failure(cb).run()``.

    A write (the default) declares ``changes``: a ``Changes``, or a function of the result
    that returns them (when only the work knows, e.g. which actions deleted rows touched)."""

    def __init__(
        self,
        parent: QWidget | None,
        executor: DbExecutor,
        fn: Callable[[Database, JobContext], Any],
        *,
        writes: bool = True,
        changes: Changes | Callable[[Any], Changes] | None = None,
    ) -> None:
        if writes and changes is None:
            raise TypeError("a write Op declares what it changes (changes=Changes(...))")
        self._parent = parent
        self._executor = executor
        self._fn = fn
        self._writes = writes
        self._changes = changes
        self._success: Callable[[Any], None] | None = None
        self._failure: Failure = on_failure(parent, "EU-NATO Desk")
        self._progress_label: str | None = None

    def success(self, cb: Callable[[Any], None]) -> Op:
        self._success = cb
        return self

    def failure(self, cb: Failure) -> Op:
        self._failure = cb
        return self

    def with_progress(self, label: str) -> Op:
        """Show a cancellable progress dialog if the work takes longer than ~500 ms."""
        self._progress_label = label
        return self

    def _dialog(self) -> QProgressDialog | None:
        if self._progress_label is None:
            return None
        dialog = QProgressDialog(self._progress_label, "Cancel", 0, 0, self._parent)
        dialog.setWindowTitle("EU-NATO Desk")
        dialog.setWindowModality(Qt.WindowModal)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        return dialog

    def _announce(self, result: Any) -> None:
        changes = self._changes(result) if callable(self._changes) else self._changes
        if changes:
            self._executor.changed.emit(changes)

    def run(self) -> JobContext:
        dialog = self._dialog()

        def on_progress(done: int, total: int, text: str) -> None:
            if dialog is not None:
                dialog.setMaximum(max(total, 0))
                dialog.setValue(min(done, total) if total else 0)
                if text:
                    dialog.setLabelText(text)

        def close_dialog() -> None:
            if dialog is not None:
                dialog.reset()
                dialog.hide()
                dialog.deleteLater()

        def on_success(result: Any) -> None:
            close_dialog()
            try:
                if self._success is not None:
                    self._success(result)
            finally:
                if self._writes:
                    self._announce(result)

        def on_failure_(exc: BaseException) -> None:
            close_dialog()
            self._failure(exc)

        context = self._executor.submit(
            self._fn, on_success, on_failure_, on_progress, writes=self._writes
        )
        if dialog is not None:
            dialog.canceled.connect(context.cancel)
            dialog.setValue(0)
        return context
