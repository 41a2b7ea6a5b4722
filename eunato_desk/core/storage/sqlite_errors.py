"""SQLite's errors about the file or the disk, as sentences for the user.

``install_error_messages`` hooks an engine (SQLAlchemy's ``handle_error`` event), so every
statement run through it (Core, ORM, ``exec_driver_sql``) turns a busy database, a full disk,
a read-only file, an I/O error or a damaged file into a DatabaseError naming the file.
``driver_errors`` does the same for rows fetched straight from the driver's cursor (a million
ids without a Row object each), which that hook does not see. Errors about the app's own SQL
are left alone: they are programming errors.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import ExceptionContext

from eunato_desk.core.errors import UNCERTAIN, DatabaseError
from eunato_desk.core.storage.raw import BUSY_TIMEOUT_MS

# The engines whose errors are translated: engine -> (database path, whether it writes).
_INSTALLED: weakref.WeakKeyDictionary[Engine, tuple[Path, bool]] = weakref.WeakKeyDictionary()

# SQLite primary result codes (extended codes carry them in their low byte).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _NOTADB = 5, 6, 8, 10, 11, 13, 26


def sqlite_error_message(exc: BaseException, path: Path, *, writing: bool = True) -> str | None:
    """A message for the user for an SQLite error that is about the file or the disk, not
    about the app's SQL (None for those, which stay programming errors). ``writing``: the
    error came from a write (the message then says whether anything was saved)."""
    if not isinstance(exc, sqlite3.Error):
        return None
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    text = str(exc).lower()
    outcome = " Nothing was saved; your changes are still here." if writing else ""
    if code in (_BUSY, _LOCKED) or "database is locked" in text:
        return (
            f"{path}: the database is busy: another program is writing to it and did not "
            f"finish within {BUSY_TIMEOUT_MS / 1000:g} seconds.{outcome} Please try again in a "
            "moment."
        )
    if code == _FULL or "disk is full" in text:
        return (
            f"{path}: the disk is full (or the database reached its size limit).{outcome} "
            "Free some space and try again."
        )
    if code == _READONLY:
        if writing:
            return f"{path}: the file or its folder is read-only, so nothing could be saved."
        return f"{path}: the database could not be read ({exc})."
    if code == _IOERR:
        if writing:
            return f"{path}: the disk reported an error ({exc}).{UNCERTAIN}"
        return f"{path}: the disk reported an error while reading ({exc})."
    if code in (_CORRUPT, _NOTADB):
        return (
            f"{path}: the database is damaged ({exc}). Run `eunato-desk db check` and restore "
            "a backup."
        )
    return None


def install_error_messages(engine: Engine, path: Path, *, writing: bool = True) -> None:
    """Turn SQLite's busy / disk-full / read-only / damaged errors on this engine into a
    DatabaseError naming the file (the transaction is rolled back as for any error)."""

    _INSTALLED[engine] = (path, writing)

    @event.listens_for(engine, "handle_error")
    def _translate(context: ExceptionContext) -> None:
        message = sqlite_error_message(context.original_exception, path, writing=writing)
        if message is not None:
            raise DatabaseError(message) from context.original_exception


@contextmanager
def driver_errors(connection: Connection) -> Iterator[None]:
    """Translate, as the connection's engine does, an SQLite error raised while rows are
    fetched from the driver's cursor directly (SQLAlchemy's result would have translated it;
    the raw cursor does not)."""
    try:
        yield
    except sqlite3.Error as exc:
        installed = _INSTALLED.get(connection.engine)
        message = installed and sqlite_error_message(exc, installed[0], writing=installed[1])
        if not message:
            raise
        raise DatabaseError(message) from exc
