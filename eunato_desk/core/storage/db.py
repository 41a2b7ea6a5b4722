"""One database: its engines, its sessions, and how it is opened safely (a database on a
PostgreSQL server: ``storage.server``; below, the SQLite file).

Every connection has foreign keys on, WAL, ``synchronous=FULL`` and a busy timeout.
Write transactions start with ``BEGIN IMMEDIATE`` (SQLAlchemy's documented pysqlite recipe),
so a read-then-write transaction never fails half-way on a lock upgrade.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from eunato_desk.core.errors import DatabaseError
from eunato_desk.core.storage.address import ServerAddress

# The plain connections and the registry of databases held open live in ``storage.raw``
# (no SQLAlchemy there); they are re-exported here for the code that opens databases.
from eunato_desk.core.storage.raw import (  # noqa: F401
    BUSY_TIMEOUT_MS,
    SQLITE_HEADER,
    _hold,
    _let_go,
    connect_raw,
    connect_read_only,
    is_open_here,
    open_paths,
    refuse_database_as_input,
)


def _casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def _make_engine(
    path: Path, *, begin: str, foreign_keys: bool = True, read_only: bool = False
) -> Engine:
    if read_only:  # without a -wal, nobody writes: immutable needs no -shm (read-only folder)
        flags = "mode=ro" if Path(f"{path}-wal").exists() else "mode=ro&immutable=1"
        url = f"sqlite+pysqlite:///file:{path}?{flags}&uri=true"
    else:
        url = f"sqlite+pysqlite:///{path}"
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's "begin" event, not pysqlite, decide how transactions start.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        if not read_only:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()
        # SQLite's lower() folds ASCII only; names like "Élodie" or "Åland" need Unicode.
        dbapi_conn.create_function("casefold", 1, _casefold, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql(begin)

    return engine


class Database:
    """The engines and session factories for one database: an SQLite file (``path``) or a
    database on a PostgreSQL server (``address``, a ``ServerAddress``; ``path`` is then None).
    ``read_only``: a file opened with ``mode=ro`` (a read-only file or folder); ``write()``
    then refuses with a message. The rest of the code uses ``read()`` / ``write()`` alike on
    both; ``is_server`` and ``label`` (the file, or the server without any password) are for
    what must differ (backups, locks, messages)."""

    def __init__(self, path: Path | ServerAddress, *, read_only: bool = False) -> None:
        self.read_only = read_only
        # On a server: the login (``current_user``), and why writes refuse for a login
        # granted SELECT only (set by ``server_open`` when it finds one).
        self.login: str | None = None
        self.read_only_reason: str | None = None
        # The full-file check still due before the first write when opening deferred it:
        # None, "quick_check", or "integrity_check" (found with a leftover -wal).
        self.deep_check_due: str | None = None
        self._disposed = False
        if isinstance(path, ServerAddress):
            from eunato_desk.core.storage import server

            self.address: Path | ServerAddress = path
            self.path: Path | None = None
            self.engine = server.make_engine(path)
            self.read_engine = server.make_engine(path, reading=True)
        else:
            self.path = self.address = Path(path)
            _hold(self.path)
            self.engine = _make_engine(self.path, begin="BEGIN IMMEDIATE", read_only=read_only)
            self.read_engine = _make_engine(self.path, begin="BEGIN", read_only=read_only)
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)

    @property
    def is_server(self) -> bool:
        """Whether the database is on a server (no file: no lock, no file backups)."""
        return self.path is None

    @property
    def dialect_name(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @property
    def label(self) -> str:
        """The database for messages and titles: its file, or the server's address with
        no password."""
        return str(self.address)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error."""
        if self.read_only:
            raise DatabaseError(
                self.read_only_reason
                or f"{self.label}: the database was opened read-only (the file or its folder "
                "cannot be written), so nothing can be saved to it."
            )
        with self._writer() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read transaction: one consistent snapshot, never takes the write lock."""
        with self._reader() as session, session.begin():
            yield session

    def reconnect(self) -> None:
        """Close every pooled connection, so the next use opens fresh ones (after a disk or
        I/O error the old ones may be unusable)."""
        self.engine.dispose()
        self.read_engine.dispose()

    def dispose(self) -> None:
        self.engine.dispose()
        self.read_engine.dispose()
        if not self._disposed:
            self._disposed = True
            if self.path is not None:
                _let_go(self.path)

    def __repr__(self) -> str:
        return f"Database({self.label!r})"

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.dispose()


def migration_engine(path: Path) -> Engine:
    """Engine for Alembic: foreign keys OFF so batch table rebuilds cannot cascade deletes;
    the migration runner checks ``foreign_key_check`` before it commits. The caller counts the
    database as open here (``held_open``) while the engine lives."""
    return _make_engine(path, begin="BEGIN IMMEDIATE", foreign_keys=False)


@contextmanager
def held_open(path: Path) -> Iterator[None]:
    """Count the database as open in this process for the duration (engines made outside
    ``Database``, e.g. the migration engine)."""
    _hold(path)
    try:
        yield
    finally:
        _let_go(path)
