"""Background operations: one worker thread owns the database writes.

Modelled on Anki's CollectionOp/QueryOp: build an op from a function of the database, attach
success/failure callbacks, run it. The function runs off the GUI thread; callbacks run on the
GUI thread. Long ops get a progress dialog that appears only after ~500 ms, with Cancel.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from eunato_desk.core.errors import DatabaseError, DeskError, OperationCancelled
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


class _Job(QRunnable):
    def __init__(
        self,
        fn: Callable[[Database, JobContext], Any],
        db: Database,
        refused: Callable[[], BaseException | None] | None = None,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.db = db
        self.refused = refused
        self.signals = _Signals()
        self.context = JobContext(self.signals.progressed.emit)

    def run(self) -> None:
        try:
            refusal = self.refused() if self.refused is not None else None
            if refusal is not None:
                raise refusal
            result = self.fn(self.db, self.context)
        except BaseException as exc:
            if isinstance(exc, DatabaseError | sqlite3.Error):
                # The pooled connections may be unusable after a disk or I/O error: the next
                # job opens fresh ones, so the app recovers without a restart.
                with contextlib.suppress(Exception):
                    self.db.reconnect()
            if not isinstance(exc, DeskError):
                exc.details = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


class DbExecutor(QObject):
    """Runs database writes one at a time, in order, on a single background thread; reads
    (list pages, details, exports, reports) on a second thread beside it (WAL lets readers
    run while the writer works). ``refuse_writes(exc)`` makes every later write fail with
    ``exc`` (a database found damaged after opening)."""

    busy_changed = Signal(bool)
    data_changed = Signal()

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one writer at a time, in order
        self._read_pool = QThreadPool(self)
        self._read_pool.setMaxThreadCount(1)
        self._running: set[_Job] = set()
        self.refused: BaseException | None = None

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
        job = _Job(fn, self.db, (lambda: self.refused) if writes else None)
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
        (self._pool if writes else self._read_pool).start(job)
        return job.context

    def wait_idle(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs) and self._read_pool.waitForDone(msecs)


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """The core's message as it is; anything unexpected with its details."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Warning)
    box.setWindowTitle(title)
    if isinstance(exc, DeskError):
        box.setText(exc.message)
    else:
        box.setText(f"Something went wrong: {exc}")
        box.setDetailedText(getattr(exc, "details", ""))
    box.open()


class Op:
    """Fluent builder: ``Op(window, executor, fn).success(cb).failure(cb).run()``."""

    def __init__(
        self,
        parent: QWidget | None,
        executor: DbExecutor,
        fn: Callable[[Database, JobContext], Any],
        *,
        writes: bool = True,
    ) -> None:
        self._parent = parent
        self._executor = executor
        self._fn = fn
        self._writes = writes
        self._success: Callable[[Any], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._progress_label: str | None = None

    def success(self, cb: Callable[[Any], None]) -> Op:
        self._success = cb
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> Op:
        self._failure = cb
        return self

    def with_progress(self, label: str) -> Op:
        """Show a cancellable progress dialog if the work takes longer than ~500 ms."""
        self._progress_label = label
        return self

    def run(self) -> JobContext:
        dialog: QProgressDialog | None = None
        if self._progress_label is not None:
            dialog = QProgressDialog(self._progress_label, "Cancel", 0, 0, self._parent)
            dialog.setWindowTitle("EU-NATO Desk")
            dialog.setWindowModality(Qt.WindowModal)
            dialog.setMinimumDuration(PROGRESS_DELAY_MS)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)

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
            if self._writes:
                self._executor.data_changed.emit()
            if self._success is not None:
                self._success(result)

        def on_failure(exc: BaseException) -> None:
            close_dialog()
            if isinstance(exc, OperationCancelled):
                if self._failure is not None:
                    self._failure(exc)
                return
            if self._failure is not None:
                self._failure(exc)
            else:
                show_error(self._parent, "EU-NATO Desk", exc)

        context = self._executor.submit(
            self._fn, on_success, on_failure, on_progress, writes=self._writes
        )
        if dialog is not None:
            dialog.canceled.connect(context.cancel)
            dialog.setValue(0)
        return context
