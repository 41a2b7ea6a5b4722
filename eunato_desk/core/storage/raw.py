"""The SQLite file without SQLAlchemy: plain ``sqlite3`` connections, and which databases
this process holds open. Light on purpose: the start-up's first page, the file checks and
the lock use it before (or without) SQLAlchemy being imported (``storage.db`` builds the
engines on top of it)."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eunato_desk.core.errors import ValidationError

BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"

# Databases this process has open, by real path. While a database is here, nothing in this
# process may open its file (or -wal/-shm) with Python I/O: closing any descriptor of a file
# drops every POSIX lock the process holds on it, and another process then deletes the -wal
# the connections here still write to (SQLite: "How To Corrupt An SQLite Database File" 2.2).
_open_here: Counter[str] = Counter()
_open_lock = threading.Lock()


def _key(path: Path) -> str:
    return os.path.realpath(path)


def _hold(path: Path) -> None:
    with _open_lock:
        _open_here[_key(path)] += 1


def _let_go(path: Path) -> None:
    with _open_lock:
        key = _key(path)
        _open_here[key] -= 1
        if _open_here[key] <= 0:
            del _open_here[key]


def is_open_here(path: Path) -> bool:
    """Whether this process has (or is about to have) a connection to the database."""
    with _open_lock:
        return _key(path) in _open_here


def refuse_database_as_input(path: Path, field: str) -> None:
    """Refuse to read ``path`` with Python I/O if it is a database this process has open (or
    one of its -wal/-shm/-journal files): an import of the database itself must never drop
    SQLite's locks. Raises ValidationError naming the field."""
    target = os.path.realpath(path)
    for live in open_paths():
        if target in (live, f"{live}-wal", f"{live}-shm", f"{live}-journal"):
            raise ValidationError(
                field, f"{path} is the database itself (or one of its files), not a file to read."
            )


def open_paths() -> set[str]:
    """The real paths of the databases this process has open (for the tests' file guard)."""
    with _open_lock:
        return set(_open_here)


@contextmanager
def connect_read_only(path: Path, **kwargs: object) -> Iterator[sqlite3.Connection]:
    """A read-only connection that leaves no trace, closed on exit: with no ``-wal`` file
    beside the database (so nothing uncommitted to read), it opens ``immutable`` and creates
    no -wal/-shm files; otherwise it reads through the existing WAL. While it is open the
    database counts as open in this process (see ``is_open_here``)."""
    wal = Path(f"{path}-wal")
    flags = "mode=ro&immutable=1" if not wal.exists() else "mode=ro"
    with connect_raw(path, flags, **kwargs) as conn:
        yield conn


@contextmanager
def connect_raw(path: Path, flags: str = "", **kwargs: object) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection (URI ``flags`` such as ``mode=ro``), closed on exit, and
    counted as open in this process while it lives."""
    _hold(path)
    conn = None
    try:
        conn = sqlite3.connect(f"file:{path}?{flags}", uri=True, **kwargs)  # type: ignore[arg-type]
        yield conn
    finally:
        if conn is not None:
            conn.close()
        _let_go(path)
