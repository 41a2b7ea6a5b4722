"""Start the desktop application.

Once the lock is held, the window is built with what the list needs and shown; the list's
first page is read on the executor's thread (``storage.first_page``, plain ``sqlite3``) as
its first job, so the window shows the newest interactions before SQLAlchemy, the models
and the other views are imported (``MainWindow`` builds them once the database is open for
use, the executor's next job). A team database is opened before its window shows
(``ui.team.start``)."""

from __future__ import annotations

import functools
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from eunato_desk import STARTED, __version__
from eunato_desk.core.errors import DeskError
from eunato_desk.core.storage.address import ServerAddress, is_server_url, parse_address
from eunato_desk.core.storage.dbfile import resolve
from eunato_desk.core.storage.first_page import read_first_page
from eunato_desk.core.storage.location import storage_warning
from eunato_desk.core.storage.lock import DatabaseLock
from eunato_desk.core.storage.paths import DB_ENV_VAR, default_db_path
from eunato_desk.ui.collector import collect_on_gui_thread
from eunato_desk.ui.waiting import wait_for
from eunato_desk.ui.widgets.confirm import Button, confirm

if TYPE_CHECKING:
    from eunato_desk.core.rows import InteractionRow
    from eunato_desk.core.storage.db import Database
    from eunato_desk.ui.main_window import MainWindow
    from eunato_desk.ui.ops import DbExecutor

TIMING_ENV = "EUNATO_DESK_TIMING"


def configure_application(app: QCoreApplication) -> None:
    """Names that QSettings uses to find the user's window state; cycles collected on the
    GUI thread (``collector``)."""
    app.setOrganizationName("EU-NATO Desk")
    app.setOrganizationDomain("eunato-desk.local")
    app.setApplicationName("eunato-desk")
    app.setApplicationVersion(__version__)
    collect_on_gui_thread(app)  # Qt objects in Python cycles die on the GUI thread only


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
    server = db_path if isinstance(db_path, ServerAddress) else None
    if db_path is None and is_server_url(os.environ.get(DB_ENV_VAR, "")):
        server = parse_address(os.environ[DB_ENV_VAR])
    if server is not None:  # a team database: no lock file, no storage warning, never created
        from eunato_desk.ui.team.start import open_server_for_start

        opened = open_server_for_start(server)  # type: ignore[arg-type]
        if opened is None:
            return None
        from eunato_desk.ui.main_window import MainWindow

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
        window = _opened_window(path, lock, create=create)
    except (DeskError, OSError) as exc:
        lock.release()
        message = exc.message if isinstance(exc, DeskError) else f"{path}: {exc}"
        QMessageBox.critical(None, "EU-NATO Desk cannot open the database", message)
        return None
    except BaseException:
        lock.release()
        raise
    if window is None:
        lock.release()
        return None
    return _shown(app, window)


def _opened_window(path: Path, lock: DatabaseLock, *, create: bool) -> MainWindow | None:
    """The window, shown at once with the list's first page (read with ``sqlite3``), while
    the database is opened for use on the executor's thread (the checks, an upgrade, the
    catalogue); a local event loop waits for it, so the window paints and answers meanwhile.
    A damaged file offers the newest good backup; any other failure is raised (DeskError,
    OSError) with the window closed. None: the officer declined, or closed the window."""
    from eunato_desk.ui.main_window import MainWindow

    window = MainWindow(None, lock=lock, opening=str(path))
    window.show()
    if not create and _show_first_page(window, path):
        report_timing(f"first page shown ({window.interactions_view.model.rowCount()} rows)")
    open_file = functools.partial(_open_file, path, create)
    while True:
        outcome = _wait(window.executor, open_file)
        if not window.isVisible():  # closed while it opened
            return None
        if not isinstance(outcome, BaseException):
            window.opened(deep_check=True)
            report_timing("window complete")
            return window
        from eunato_desk.core.storage.integrity import RefusedDatabaseError  # the open's

        backup = getattr(outcome, "backup", None)
        if not isinstance(outcome, RefusedDatabaseError) or outcome.kind == "newer" or not backup:
            window.close()
            raise outcome
        if not confirm(
            window,
            "EU-NATO Desk: the database is damaged",
            f"{outcome.message}\n\nSet the damaged file aside (renamed, not deleted) and "
            f"restore the backup of {backup.created:%Y-%m-%d %H:%M}?",
        ):
            window.close()
            return None
        open_file = functools.partial(_restore_and_open, path, lock, backup.path)


def report_timing(milestone: str) -> None:
    """With $EUNATO_DESK_TIMING set, one line on standard error as the start-up passes a
    milestone (the first page painted, the window complete), with the time since the
    application's code began: how a slow start on one laptop can be looked into. The
    benchmarks read these lines as they arrive (``bench/startup_timing.py``)."""
    if os.environ.get(TIMING_ENV):
        since = (time.perf_counter() - STARTED) * 1000
        print(f"eunato-desk: timing: {milestone} at {since:.0f} ms", file=sys.stderr, flush=True)


def _show_first_page(window: MainWindow, path: Path) -> bool:
    """The list's first page, read on the executor's thread (``storage.first_page``: plain
    ``sqlite3``, nothing written) before its job that opens the database for use, and shown;
    returns once it is painted. False: nothing could be read early (the open says why)."""

    def read(done: Callable[[bool], None]) -> None:
        def show(page: list[InteractionRow] | None) -> None:
            shown = page is not None and window.interactions_view.show_first_page(page)
            QTimer.singleShot(1, lambda: done(shown))  # after the paint the rows asked for

        window.executor.submit(
            lambda _db, _ctx: read_first_page(path), show, lambda _exc: show(None)
        )

    return bool(wait_for(read))


def _wait(executor: DbExecutor, open_fn: Callable[[], Database]) -> Database | BaseException:
    """Open the database with ``open_fn`` on the executor; the outcome, once there."""
    return wait_for(lambda done: executor.open(open_fn, done, done))  # type: ignore[no-any-return]


def _open_file(path: Path, create: bool) -> Database:
    """On the executor's thread, the lock held: clear what interrupted backups left, then
    open (the full-file check is the writer's first job: ``MainWindow.opened``)."""
    from eunato_desk.core.storage.backup import remove_stale_leftovers
    from eunato_desk.core.storage.opening import open_database
    from eunato_desk.ui.main_window import preload_rest

    remove_stale_leftovers(path)
    db = open_database(path, create=create, defer_deep_check=True)
    preload_rest()  # so that the GUI thread only builds the rest of the window
    return db


def _restore_and_open(path: Path, lock: DatabaseLock, backup: Path) -> Database:
    """With the officer's consent: the damaged file set aside, the backup restored, opened."""
    from eunato_desk.core.storage.backup import restore_backup
    from eunato_desk.core.storage.integrity import move_aside
    from eunato_desk.core.storage.opening import open_database

    move_aside(path, lock=lock)
    restore_backup(path, backup, lock=lock)
    return open_database(path)


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
