"""Start the desktop application."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from eunato_desk import __version__
from eunato_desk.core.backup import restore_backup
from eunato_desk.core.errors import DeskError
from eunato_desk.core.integrity import RefusedDatabaseError, move_aside
from eunato_desk.core.location import storage_warning
from eunato_desk.core.lock import DatabaseLock
from eunato_desk.core.opening import open_database
from eunato_desk.core.paths import default_db_path


def configure_application(app: QCoreApplication) -> None:
    """Names that QSettings uses to find the user's window state."""
    app.setOrganizationName("EU-NATO Desk")
    app.setOrganizationDomain("eunato-desk.local")
    app.setApplicationName("eunato-desk")
    app.setApplicationVersion(__version__)


def run_gui(db_path: Path | None = None) -> int:
    from eunato_desk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    path = Path(db_path) if db_path else default_db_path()
    warning = storage_warning(path)
    if (
        warning
        and QMessageBox.warning(
            None,
            "EU-NATO Desk: risky place for the database",
            f"{warning}\n\nOpen it anyway?",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        != QMessageBox.StandardButton.Open
    ):
        return 1
    lock = DatabaseLock(path, purpose="EU-NATO Desk")
    try:
        lock.acquire()
        db = open_or_offer_backup(path, lock)
    except DeskError as exc:
        lock.release()
        QMessageBox.critical(None, "EU-NATO Desk cannot open the database", exc.message)
        return 1
    if db is None:
        lock.release()
        return 1
    window = MainWindow(db, lock=lock, deep_check=True)
    window.show()
    code = app.exec()
    window.db.dispose()
    lock.release()
    return code


def open_or_offer_backup(path: Path, lock: DatabaseLock):  # type: ignore[no-untyped-def]
    """Open the database; if it is damaged, say what is wrong and offer the newest good
    backup. With the user's consent the damaged file is set aside and the backup restored."""
    try:
        return open_database(path, defer_deep_check=True)
    except RefusedDatabaseError as exc:
        if exc.kind == "newer" or exc.backup is None:
            raise
        answer = QMessageBox.question(
            None,
            "EU-NATO Desk: the database is damaged",
            f"{exc.message}\n\nSet the damaged file aside (renamed, not deleted) and restore "
            f"the backup of {exc.backup.created:%Y-%m-%d %H:%M}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        move_aside(path, lock=lock)
        restore_backup(path, exc.backup.path, lock=lock)
        return open_database(path)
