"""One database file: its engines, its sessions, and how it is opened safely.

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

BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"


def _casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def _make_engine(path: Path, *, begin: str, foreign_keys: bool = True) -> Engine:
    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's "begin" event, not pysqlite, decide how transactions start.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
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


def check_is_sqlite_file(path: Path) -> None:
    """Refuse files that are not SQLite databases, without writing to them."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    if size == 0:
        raise DatabaseError(f"{path}: the file is empty (0 bytes), not an EU-NATO Desk database.")
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise DatabaseError(f"{path}: not an SQLite database (the file header is wrong).")


def connect_read_only(path: Path, **kwargs: object) -> sqlite3.Connection:
    """A read-only connection that leaves no trace: with no ``-wal`` file beside the database
    (so nothing uncommitted to read), it opens ``immutable`` and creates no -wal/-shm files;
    otherwise it reads through the existing WAL."""
    wal = Path(f"{path}-wal")
    flags = "mode=ro&immutable=1" if not wal.exists() else "mode=ro"
    return sqlite3.connect(f"file:{path}?{flags}", uri=True, **kwargs)  # type: ignore[arg-type]


class Database:
    """The engines and session factories for one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.engine = _make_engine(self.path, begin="BEGIN IMMEDIATE")
        self.read_engine = _make_engine(self.path, begin="BEGIN")
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error."""
        with self._writer() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read transaction: one consistent snapshot, never takes the write lock."""
        with self._reader() as session, session.begin():
            yield session

    def raw_read_connection(self) -> sqlite3.Connection:
        """A plain sqlite3 connection (read-only) for bulk streaming reads."""
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        return conn

    def dispose(self) -> None:
        self.engine.dispose()
        self.read_engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.dispose()


def migration_engine(path: Path) -> Engine:
    """Engine for Alembic: foreign keys OFF so batch table rebuilds cannot cascade deletes;
    the migration runner checks ``foreign_key_check`` before it commits."""
    return _make_engine(path, begin="BEGIN IMMEDIATE", foreign_keys=False)
