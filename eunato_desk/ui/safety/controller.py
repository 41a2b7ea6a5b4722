"""Backups, restore, database check and change history, from the GUI.

Automatic backups: when the window closes after changes, and every 30 minutes while there are
new changes (the audit trail's latest change is the marker). All of it runs on the database
worker, the timer's question and the backup list included, so the window never freezes and
no SQL runs on the GUI thread. A restore is the executor's: it closes the database, restores
and opens it again on its writer thread (``DbExecutor.reopen``)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox

from eunato_desk.core import audit
from eunato_desk.core.storage.backup import BackupInfo, make_backup, restore_backup
from eunato_desk.core.storage.integrity import deep_problem
from eunato_desk.core.storage.lock import DatabaseLock
from eunato_desk.ui.failures import on_failure, show_error
from eunato_desk.ui.ops import DbExecutor
from eunato_desk.ui.safety import commands
from eunato_desk.ui.safety.dialogs import BackupListDialog, HistoryDialog

AUTO_BACKUP_MS = 30 * 60 * 1000
RESTORE_ON_SERVER = (
    "Restore is for database files: a team database is restored by its administrators. To "
    "put a file's records onto it, use `eunato-desk db copy FILE SERVER`."
)


class SafetyController(QObject):
    def __init__(
        self, window: QMainWindow, executor: DbExecutor, lock: DatabaseLock | None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.executor = executor
        self.lock = lock
        self.marker: int | None = None  # the latest change when last backed up (None: unknown)
        self.deep_problem = None
        self.last_check = None
        self.restore_dialog: BackupListDialog | None = None
        self._read_marker()
        self.timer = QTimer(self, interval=AUTO_BACKUP_MS)
        self.timer.timeout.connect(self.auto_backup)
        self.timer.start()

    def _read_marker(self) -> None:
        def marked(latest: int) -> None:
            self.marker = latest

        commands.latest_change(self.window, self.executor).success(marked).failure(
            on_failure(self.window, "The latest change could not be read")
        ).run()

    # --- the full-file check after a quick open -----------------------------------------------

    def run_deep_check(self) -> None:
        """The full-file check left out of a quick open, as the writer's first job: nothing is
        written before it passes. If it fails, writes are refused and a backup is offered."""
        db = self.executor.db
        if db.deep_check_due is None:
            return
        path, full = db.path, db.deep_check_due == "integrity_check"
        self.executor.submit(
            lambda _db, _c: deep_problem(path, full=full),
            self._deep_checked,
            self._deep_failed,
            writes=True,
        )

    def _deep_checked(self, problem) -> None:  # type: ignore[no-untyped-def]
        self.deep_problem = problem
        self.executor.db.deep_check_due = None
        if problem is None:
            return
        self.executor.refuse_writes(problem)
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("The database is damaged")
        if problem.backup is not None:
            box.setText(
                f"{problem.message}\n\nNothing will be saved to it. Restore the backup of "
                f"{problem.backup.created:%Y-%m-%d %H:%M} (the damaged file is kept aside)?"
            )
            box.setStandardButtons(
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
            )
            yes = box.button(QMessageBox.StandardButton.Yes)
            box.buttonClicked.connect(
                lambda button: self._restore(problem.backup) if button is yes else None
            )
        else:
            box.setText(f"{problem.message}\n\nNothing will be saved to it.")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.deep_box = box

    def _deep_failed(self, exc: BaseException) -> None:
        self.executor.refuse_writes(exc)
        show_error(self.window, "The database could not be checked", exc)

    # --- backups ------------------------------------------------------------------------------

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10000)

    def backup_now(self, reason: str = "manual") -> None:
        if self.executor.db.is_server:  # a portable copy of the whole team database
            commands.snapshot(self.window, self.executor).success(
                lambda info: self._status(
                    f"Snapshot of the team database ({info.interactions:,} interactions) "
                    f"saved to {info.path}"
                )
            ).failure(on_failure(self.window, "The snapshot was not made")).run()
            return
        commands.back_up(self.window, self.executor, reason).success(
            lambda info: self._status(f"Backed up to {info.path}")
        ).run()

    def auto_backup(self) -> None:
        """The timer: a backup if anything changed since the last one (asked on the worker).
        Not on a team server: its administrators back it up (Back up now takes a snapshot)."""
        if self.executor.db.is_server:
            return

        def done(result: tuple[int, BackupInfo | None]) -> None:
            self.marker, info = result
            if info is not None:
                self._status(f"Backed up to {info.path}")

        commands.back_up_if_changed(self.window, self.executor, self.marker).success(done).failure(
            on_failure(self.window, "The automatic backup failed")
        ).run()

    def backup_on_close(self) -> None:
        """Called by the window as it closes: a backup if anything changed, made on the worker
        while the window waits for it (no event loop is left to deliver a callback)."""
        marker = self.marker
        if self.executor.db.is_server:  # the server's administrators back it up
            return

        def on_close(db, _c):  # type: ignore[no-untyped-def]
            if audit.latest_change(db) != marker:
                make_backup(db.path, "on-close")

        try:
            self.executor.call(on_close, writes=False)
        except Exception as exc:
            show_error(self.window, "The closing backup failed", exc)

    def check_database(self) -> None:
        commands.check(self.window, self.executor).success(self._checked).run()

    def _checked(self, report) -> None:  # type: ignore[no-untyped-def]
        box = QMessageBox(self.window)
        box.setWindowTitle("Check database")
        box.setIcon(QMessageBox.Icon.Information if report.ok else QMessageBox.Icon.Warning)
        box.setText("The database passed every check." if report.ok else "Problems were found.")
        box.setDetailedText("\n".join(report.lines()))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_check = report

    # --- restore ------------------------------------------------------------------------------

    def restore(self) -> None:
        """File > Restore from backup…: the backups are listed on the worker (each is opened
        to count its interactions), then the dialog shows them. Not on a team server."""
        if self.executor.db.is_server:
            self._status(RESTORE_ON_SERVER)
            return
        commands.load_backups(self.window, self.executor).success(self._pick_backup).run()

    def _pick_backup(self, backups: list[BackupInfo]) -> None:
        dialog = BackupListDialog(backups, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._restore(dialog.chosen()))
        dialog.finished.connect(lambda _r: setattr(self, "restore_dialog", None))
        self.restore_dialog = dialog
        dialog.open()

    def _restore(self, backup: BackupInfo | None) -> None:
        """Close the database, restore the backup over it and open it again: all on the
        executor's writer thread, after the jobs before it. A restore that fails leaves the
        database as it was, opened again; the reason is shown."""
        if backup is None:
            return
        lock = self.lock

        def restore(path):  # type: ignore[no-untyped-def]
            return restore_backup(path, backup.path, lock=lock)

        def restored(_report) -> None:  # type: ignore[no-untyped-def]
            self._status(f"Restored {backup.path.name}.")

        failed = on_failure(self.window, "The backup was not restored")
        self.executor.reopen(restore, restored, failed)
        self._read_marker()  # of the database as it is now (asked after the reopen)

    # --- history ------------------------------------------------------------------------------

    def show_history(self, title: str, entries: list) -> None:  # type: ignore[type-arg]
        dialog = HistoryDialog(title, entries, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.history_dialog = dialog
        self.history_browser = dialog.browser

    def interaction_history(self, uuid: str | None) -> None:
        if uuid:
            commands.interaction_history(self.window, self.executor, uuid).success(
                lambda entries: self.show_history("History of the interaction", entries)
            ).run()

    def action_history(self, number: int | None) -> None:
        if number is not None:
            commands.action_history(self.window, self.executor, number).success(
                lambda entries: self.show_history(f"History of action {number}", entries)
            ).run()
