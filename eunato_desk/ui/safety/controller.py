"""Backups, restore, database check and change history, from the GUI.

Automatic backups: when the window closes after changes, and every 30 minutes while there are
new changes (the audit trail's latest change is the marker). All of it runs on the database
worker, so the window never freezes."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
)

from eunato_desk.core import audit
from eunato_desk.core.storage.backup import BackupInfo, list_backups, make_backup, restore_backup
from eunato_desk.core.storage.integrity import check_database, deep_problem
from eunato_desk.core.storage.lock import DatabaseLock
from eunato_desk.core.storage.opening import open_database
from eunato_desk.ui.ops import DbExecutor, Op, show_error

AUTO_BACKUP_MS = 30 * 60 * 1000


class BackupListDialog(QDialog):
    """The backups next to the database, newest first; pick one to restore."""

    def __init__(self, backups: list[BackupInfo], parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.backups = backups
        self.table = QTableWidget(len(backups), 4, self)
        self.table.setHorizontalHeaderLabels(["Made", "Why", "Size", "Interactions"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, b in enumerate(backups):
            cells = (
                f"{b.created:%Y-%m-%d %H:%M:%S}",
                b.reason,
                f"{b.size / 1_048_576:.1f} MB",
                "?" if b.interactions is None else f"{b.interactions:,}",
            )
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if backups:
            self.table.selectRow(0)
        label = QLabel(
            "The current database is backed up first, then replaced by the chosen backup."
            if backups
            else "There is no backup yet. File > Back up now makes one.",
            self,
        )
        label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Restore")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(backups))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def chosen(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None


class SafetyController(QObject):
    def __init__(
        self, window: QMainWindow, executor: DbExecutor, lock: DatabaseLock | None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.executor = executor
        self.lock = lock
        self.marker = self._latest()
        self.deep_problem = None
        self.timer = QTimer(self, interval=AUTO_BACKUP_MS)
        self.timer.timeout.connect(self.auto_backup)
        self.timer.start()

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

    def _latest(self) -> int:
        try:
            return audit.latest_change(self.executor.db)
        except Exception:
            return 0

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10000)

    def backup_now(self, reason: str = "manual") -> None:
        path = self.executor.db.path
        Op(
            self.window, self.executor, lambda _db, _c: make_backup(path, reason), writes=False
        ).success(lambda info: self._status(f"Backed up to {info.path}")).run()

    def auto_backup(self) -> None:
        latest = self._latest()
        if latest != self.marker:
            self.marker = latest
            self.backup_now("auto")

    def backup_on_close(self) -> None:
        """Called by the window as it closes: a synchronous backup if anything changed."""
        self.executor.wait_idle()
        if self._latest() != self.marker:
            try:
                make_backup(self.executor.db.path, "on-close")
            except Exception as exc:
                show_error(self.window, "The closing backup failed", exc)

    def check_database(self) -> None:
        path = self.executor.db.path
        Op(self.window, self.executor, lambda _db, _c: check_database(path), writes=False).success(
            self._checked
        ).run()

    def _checked(self, report) -> None:  # type: ignore[no-untyped-def]
        box = QMessageBox(self.window)
        box.setWindowTitle("Check database")
        box.setIcon(QMessageBox.Icon.Information if report.ok else QMessageBox.Icon.Warning)
        box.setText("The database passed every check." if report.ok else "Problems were found.")
        box.setDetailedText("\n".join(report.lines()))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_check = report

    def restore(self) -> BackupListDialog:
        dialog = BackupListDialog(list_backups(self.executor.db.path), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._restore(dialog.chosen()))
        dialog.open()
        return dialog

    def _restore(self, backup: BackupInfo | None) -> None:
        if backup is None:
            return
        window = self.window
        self.executor.wait_idle()
        old = self.executor.db
        path = old.path
        old.dispose()
        try:
            report = restore_backup(path, backup.path, lock=self.lock)
        except Exception as exc:
            show_error(window, "The backup was not restored", exc)
            report = None
        db = open_database(path)
        self.executor.refuse_writes(None)
        self.executor.db = db
        window.db = db
        self.marker = self._latest()
        window.refresh()
        if report is not None:
            self._status(f"Restored {backup.path.name}.")

    def show_history(self, title: str, entries: list) -> None:  # type: ignore[type-arg]
        rows = "".join(
            f"<tr><td>{escape(e.at.replace('T', ' ').removesuffix('Z')[:16])}</td>"
            f"<td>{escape(e.officer or '—')}</td>"
            f"<td>{escape(e.about)}</td><td>{escape(e.field)}</td>"
            f"<td>{escape(e.old or '')}</td><td>{escape(e.new or '')}</td></tr>"
            for e in entries
        )
        dialog = QDialog(self.window)
        dialog.setWindowTitle(title)
        browser = QTextBrowser(dialog)
        browser.setHtml(
            "<table width='100%' cellpadding='3' border='1' style='border-collapse:collapse'>"
            "<tr><th>When (UTC)</th><th>Who</th><th>What</th><th>Field</th><th>Was</th>"
            f"<th>Now</th></tr>{rows}</table>"
            if entries
            else "<p>No change recorded yet.</p>"
        )
        layout = QVBoxLayout(dialog)
        layout.addWidget(browser)
        dialog.resize(900, 480)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.history_dialog = dialog
        self.history_browser = browser

    def interaction_history(self, uuid: str | None) -> None:
        if not uuid:
            return
        Op(
            self.window,
            self.executor,
            lambda db, _c: audit.history_for_interaction(db, uuid),
            writes=False,
        ).success(lambda entries: self.show_history("History of the interaction", entries)).run()

    def action_history(self, number: int | None) -> None:
        if number is None:
            return
        Op(
            self.window,
            self.executor,
            lambda db, _c: audit.history_for_action(db, number),
            writes=False,
        ).success(lambda entries: self.show_history(f"History of action {number}", entries)).run()
