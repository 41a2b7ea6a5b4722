"""Start the desktop application."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from eunato_desk import __version__
from eunato_desk.core.errors import DeskError
from eunato_desk.core.storage.address import ServerAddress, is_server_url, parse_address
from eunato_desk.core.storage.backup import remove_stale_leftovers, restore_backup
from eunato_desk.core.storage.dbfile import resolve
from eunato_desk.core.storage.integrity import RefusedDatabaseError, move_aside
from eunato_desk.core.storage.location import storage_warning
from eunato_desk.core.storage.lock import DatabaseLock
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.storage.paths import DB_ENV_VAR, default_db_path
from eunato_desk.ui.team.start import open_server_for_start
from eunato_desk.ui.widgets.confirm import Button, confirm


def configure_application(app: QCoreApplication) -> None:
    """Names that QSettings uses to find the user's window state."""
    app.setOrganizationName("EU-NATO Desk")
    app.setOrganizationDomain("eunato-desk.local")
    app.setApplicationName("eunato-desk")
    app.setApplicationVersion(__version__)


def run_gui(db_path: Path | None = None) -> int:
    started = start_gui(db_path)
    if started is None:
        return 1
    app, _window, finish = started
    code = app.exec()
    finish()
    return code


def start_gui(db_path: Path | None = None):  # type: ignore[no-untyped-def]
    """The application's start-up path, up to a shown main window: (app, window, finish) or
    None when the database could not be opened (the reason was shown in a dialog). ``finish``
    closes the database and lets go of its lock after the event loop ends."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    try:
        return _start(app, db_path)
    except Exception as exc:  # every start-up failure is shown, never a silent exit
        traceback.print_exc()
        QMessageBox.critical(
            None,
            "EU-NATO Desk could not start",
            f"EU-NATO Desk could not start: {exc}\n\nThe details were written to the "
            "terminal (standard error). Nothing was changed.",
        )
        return None


def _start(app: QApplication, db_path: Path | None):  # type: ignore[no-untyped-def]
    from eunato_desk.ui.main_window import MainWindow

    server = db_path if isinstance(db_path, ServerAddress) else None
    if db_path is None and is_server_url(os.environ.get(DB_ENV_VAR, "")):
        server = parse_address(os.environ[DB_ENV_VAR])
    if server is not None:  # a team database: no lock file, no storage warning, never created
        opened = open_server_for_start(server)  # type: ignore[arg-type]
        if opened is None:
            return None
        return _shown(app, MainWindow(opened.db, deep_check=False))
    try:
        path = resolve(db_path if db_path else default_db_path())
    except OSError as exc:
        QMessageBox.critical(None, "EU-NATO Desk cannot open the database", str(exc))
        return None
    warning = storage_warning(path)
    if warning and not confirm(
        None,
        "EU-NATO Desk: risky place for the database",
        f"{warning}\n\nOpen it anyway?",
        yes=Button.Open,
        warning=True,
    ):
        return None
    create = not path.exists() and not path.is_symlink()
    if create and not _agree_to_create(path):
        return None
    lock = DatabaseLock(path, purpose="EU-NATO Desk")
    try:
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
        remove_stale_leftovers(path)
        db = open_or_offer_backup(path, lock, create=create)
        if db is None:
            lock.release()
            return None
        window = MainWindow(db, lock=lock, deep_check=True)
    except (DeskError, OSError) as exc:
        lock.release()
        message = exc.message if isinstance(exc, DeskError) else f"{path}: {exc}"
        QMessageBox.critical(None, "EU-NATO Desk cannot open the database", message)
        return None
    except BaseException:
        lock.release()
        raise
    return _shown(app, window)


def _shown(app: QApplication, window):  # type: ignore[no-untyped-def]
    """Show the window; ``finish`` closes the database of whichever window is the current
    one by then (File > Connect… and Recent databases replace the window)."""
    current = [window]

    def follow(new) -> None:  # type: ignore[no-untyped-def]
        current[0] = new
        new.replaced.connect(follow)

    window.replaced.connect(follow)
    window.show()

    def finish() -> None:
        last = current[0]
        last.executor.close()
        if last.lock is not None:
            last.lock.release()

    return app, window, finish


def _agree_to_create(path: Path) -> bool:
    """The first run (or a new path): ask before creating a database."""
    return confirm(
        None,
        "EU-NATO Desk: create a new database?",
        f"There is no database at {path}.\n\nCreate a new, empty one there?",
        default_yes=True,
    )


def open_or_offer_backup(path: Path, lock: DatabaseLock, *, create: bool = False):  # type: ignore[no-untyped-def]
    """Open the database; if it is damaged, say what is wrong and offer the newest good
    backup. With the user's consent the damaged file is set aside and the backup restored."""
    try:
        return open_database(path, create=create, defer_deep_check=True)
    except RefusedDatabaseError as exc:
        if exc.kind == "newer" or exc.backup is None:
            raise
        if not confirm(
            None,
            "EU-NATO Desk: the database is damaged",
            f"{exc.message}\n\nSet the damaged file aside (renamed, not deleted) and restore "
            f"the backup of {exc.backup.created:%Y-%m-%d %H:%M}?",
        ):
            return None
        move_aside(path, lock=lock)
        restore_backup(path, exc.backup.path, lock=lock)
        return open_database(path)
