"""Open a database file for use: refuse what must not be touched, back up, upgrade, seed.

The app (GUI) holds the database's lock for its whole session::

    lock = DatabaseLock(path, purpose="EU-NATO Desk")
    lock.acquire()            # LockedError: another copy has it open
    db = open_database(path)  # RefusedDatabaseError: damaged / newer, with .backup to offer
    ...
    db.dispose(); lock.release()

Command-line commands that write use ``open_locked`` (lock + open, released on exit).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext

from eunato_desk.core import audit, integrity, migrate
from eunato_desk.core.backup import make_backup
from eunato_desk.core.db import BUSY_TIMEOUT_MS, Database
from eunato_desk.core.errors import DatabaseError
from eunato_desk.core.lock import DatabaseLock
from eunato_desk.core.models import Meta
from eunato_desk.core.paths import default_db_path
from eunato_desk.core.seed import SEED_KEY, seed_reference_data

# SQLite primary result codes (extended codes carry them in their low byte).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _NOTADB = 5, 6, 8, 10, 11, 13, 26


def sqlite_error_message(exc: BaseException, path: Path) -> str | None:
    """A message for the user for an SQLite error that is about the file or the disk, not
    about the app's SQL (None for those, which stay programming errors)."""
    if not isinstance(exc, sqlite3.Error):
        return None
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    text = str(exc).lower()
    if code in (_BUSY, _LOCKED) or "database is locked" in text:
        return (
            f"{path}: the database is busy: another program is writing to it and did not "
            f"finish within {BUSY_TIMEOUT_MS / 1000:g} seconds. Nothing was saved; your "
            "changes are still here, so try again in a moment."
        )
    if code == _FULL or "disk is full" in text:
        return (
            f"{path}: the disk is full (or the database reached its size limit). Nothing was "
            "saved; free some space and try again."
        )
    if code == _READONLY:
        return f"{path}: the file or its folder is read-only, so nothing could be saved."
    if code == _IOERR:
        return f"{path}: the disk reported an error ({exc}). Nothing was saved."
    if code in (_CORRUPT, _NOTADB):
        return (
            f"{path}: the database is damaged ({exc}). Run `eunato-desk db check` and restore "
            "a backup."
        )
    return None


def install_error_messages(engine: Engine, path: Path) -> None:
    """Turn SQLite's busy / disk-full / read-only / damaged errors on this engine into a
    DatabaseError naming the file (the transaction is rolled back as for any error)."""

    @event.listens_for(engine, "handle_error")
    def _translate(context: ExceptionContext) -> None:
        message = sqlite_error_message(context.original_exception, path)
        if message is not None:
            raise DatabaseError(message) from context.original_exception


def open_database(
    path: Path | None = None, *, backup_before_upgrade: bool = True, defer_deep_check: bool = False
) -> Database:
    """Open (creating if needed) and upgrade to the newest schema.

    - A damaged file (empty, not SQLite, truncated, failing ``quick_check``, a -wal that does
      not belong to it, another program's database) raises DamagedDatabaseError; a schema
      newer than this app raises NewerDatabaseError. Both carry the newest good backup, and
      the file is left byte-for-byte untouched.
    - An existing database at an older revision is first copied to a checked, timestamped
      backup next to it (rotated with the others), then upgraded in one transaction.
    - ``defer_deep_check``: when no upgrade or seeding is needed, ``quick_check`` (seconds on a
      large file) is left to the caller, which must run ``integrity.deep_problem`` before its
      first write (the GUI does, as the first job of its single writer). Cheap checks still run.
    """
    path = Path(path) if path is not None else default_db_path()
    head = migrate.head_revision()
    shallow = False
    if defer_deep_check and path.exists():
        try:
            shallow = migrate.current_revision(path) == head
        except DatabaseError:
            shallow = False  # the full check below says what is wrong
    integrity.check_before_open(path, deep=not shallow)  # also refuses a newer schema
    current = migrate.current_revision(path)
    if current != head:
        if current is not None and backup_before_upgrade:
            make_backup(path, f"before-upgrade-from-{current}")
        path.parent.mkdir(parents=True, exist_ok=True)
        migrate.upgrade(path)
    db = Database(path)
    try:
        install_error_messages(db.engine, path)
        install_error_messages(db.read_engine, path)
        audit.install(db)
        with db.read() as session:
            seeded = session.get(Meta, SEED_KEY) is not None
        if not seeded:
            if shallow:
                integrity.check_before_open(path)  # never write before the full check
            with db.write() as session:
                seed_reference_data(session)
    except BaseException:
        db.dispose()
        raise
    return db


def needs_writing(path: Path) -> bool:
    """Whether opening the file would write to it (create, upgrade or seed it)."""
    path = Path(path)
    if not path.exists():
        return True
    try:
        return migrate.current_revision(path) != migrate.head_revision()
    except DatabaseError:
        return False  # refused anyway when opened


@contextmanager
def open_locked(path: Path | None = None, *, purpose: str) -> Iterator[Database]:
    """Take the database's lock (LockedError if another process has it), open the database,
    and release both on exit."""
    path = Path(path) if path is not None else default_db_path()
    with DatabaseLock(path, purpose=purpose):
        db = open_database(path)
        try:
            yield db
        finally:
            db.dispose()
