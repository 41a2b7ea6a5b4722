"""Open a database file for use: refuse what must not be touched, back up, upgrade, seed.

The app (GUI) holds the database's lock for its whole session::

    lock = DatabaseLock(path, purpose="EU-NATO Desk")
    lock.acquire()            # LockedError: another copy has it open
    db = open_database(path)  # RefusedDatabaseError: damaged / newer, with .backup to offer
    ...
    db.dispose(); lock.release()

Command-line commands that write use ``open_locked`` (lock + open, released on exit).

A database on a PostgreSQL server (a ``ServerAddress`` instead of a path) takes no lock and
no file checks: ``server_open.open_server_database`` opens it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from eunato_desk.core import audit
from eunato_desk.core.catalogue.seed import seed_due, seed_reference_data
from eunato_desk.core.errors import DatabaseError
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.address import Address, ServerAddress
from eunato_desk.core.storage.backup import make_backup, newest_good_backup
from eunato_desk.core.storage.db import BUSY_TIMEOUT_MS, Database, connect_raw
from eunato_desk.core.storage.dbfile import Facts, examine, resolve
from eunato_desk.core.storage.lock import DatabaseLock
from eunato_desk.core.storage.paths import default_db_path
from eunato_desk.core.storage.sqlite_errors import install_error_messages, sqlite_error_message

__all__ = [
    "install_error_messages",
    "location_writable",
    "needs_writing",
    "no_database_message",
    "open_database",
    "open_locked",
    "sqlite_error_message",
]

if TYPE_CHECKING:
    from eunato_desk.core.storage.integrity import RefusedDatabaseError


def no_database_message(path: Path) -> str:
    return f"no database at {path}; create it with `eunato-desk db upgrade`."


def location_writable(path: Path) -> bool:
    """Whether the database (and the -wal/-shm/backups beside it) can be written."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _refuse(path: Path, facts: Facts) -> RefusedDatabaseError:
    from eunato_desk.core.storage.integrity import DamagedDatabaseError, NewerDatabaseError

    cls = NewerDatabaseError if facts.kind == "newer" else DamagedDatabaseError
    return cls(path, facts.kind, facts.problem, newest_good_backup(path))


def _recover_hot_journal(path: Path) -> None:
    """A rollback journal left by an unfinished write: let SQLite roll it back (a normal
    connection does, as it first reads), under the caller's lock."""
    try:
        with connect_raw(path, timeout=BUSY_TIMEOUT_MS / 1000) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"{path}: an unfinished write (its -journal file) could not be rolled back ({exc}); "
            "nothing else was changed."
        ) from exc


def _read_only_upgrade(path: Path, revision: str | None, head: str) -> DatabaseError:
    return DatabaseError(
        f"{path}: the database is at schema {revision or 'none'} and this version needs "
        f"{head}, but the file or its folder is read-only, so it cannot be upgraded. Nothing "
        "was changed; open it with write access, or with the version that made it."
    )


def open_database(
    path: Address | None = None,
    *,
    create: bool = False,
    backup_before_upgrade: bool = True,
    defer_deep_check: bool = False,
) -> Database:
    """Open one of our databases, upgrading it to the newest schema if needed.

    - ``path`` is resolved once (symlinks followed): the lock, backups and restores use it.
    - A missing file (or an SQLite file with no tables and no owner mark) is created only with
      ``create`` (``db upgrade``, the GUI after asking); otherwise DatabaseError "no database".
    - A file that must not be opened (a folder, empty, not SQLite, truncated, damaged, a -wal
      that does not belong, another application's database, a newer schema) raises a
      RefusedDatabaseError carrying the newest good backup; it is left byte-for-byte as it was.
    - Found with a leftover -wal (a process ended without closing) the full
      ``integrity_check`` runs before anything is written; a leftover rollback journal is
      rolled back first, then the same check. The caller holds the lock for any writing open.
    - An older schema is copied to a checked backup, then upgraded in one transaction. A
      read-only file or folder is opened read-only (reads work, writes refuse with a message);
      one that would need an upgrade is refused, with nothing written.
    - ``defer_deep_check``: when nothing needs writing, the full-file check is left to the
      caller, which must run ``integrity.deep_problem`` (``db.deep_check_due`` says which check)
      before
      its first write (the GUI does, as the first job of its single writer).
    - A ``ServerAddress``: see ``server_open.open_server_database`` (``create`` upgrades).
    """
    if isinstance(path, ServerAddress):
        from eunato_desk.core.storage.server_open import open_server_database

        return open_server_database(path, create=create)
    path = resolve(path if path is not None else default_db_path())
    prepared = _prepare(
        path,
        create=create,
        backup_before_upgrade=backup_before_upgrade,
        defer_deep_check=defer_deep_check,
    )
    db = Database(path, read_only=not prepared.writable)
    db.deep_check_due = prepared.check if prepared.deferred else None
    try:
        _set_up(db, prepared)
    except BaseException:
        db.dispose()
        raise
    return db


@dataclass(frozen=True)
class _Prepared:
    """What ``_prepare`` found and did before the file is opened for use."""

    writable: bool
    check: str  # the full-file check due: "quick_check", or "integrity_check" after a crash
    deferred: bool  # that check is left to the caller (``defer_deep_check``)
    known: frozenset[str]


def _prepare(
    path: Path, *, create: bool, backup_before_upgrade: bool, defer_deep_check: bool
) -> _Prepared:
    """Refuse what must not be opened, recover a hot journal, check the file, and back up
    and upgrade an older schema (see ``open_database``)."""
    known = frozenset(migrate.known_revisions())
    head = migrate.head_revision()
    facts = examine(path, check=None, known=known)
    if facts.refused:
        raise _refuse(path, facts)
    if facts.kind in ("absent", "blank") and not create:
        if facts.kind == "blank":
            raise DatabaseError(
                f"{path}: an SQLite file with no tables; create the schema in it with "
                "`eunato-desk db upgrade`."
            )
        raise DatabaseError(no_database_message(path))
    writable = location_writable(path)
    needs_upgrade = facts.revision != head
    if facts.hot_journal:
        if not writable:
            raise DatabaseError(
                f"{path}: the database has an unfinished write (a -journal file) and is "
                "read-only, so it cannot be recovered here. Nothing was changed."
            )
        _recover_hot_journal(path)
    if needs_upgrade and not writable:
        raise _read_only_upgrade(path, facts.revision, head)
    check = "integrity_check" if facts.leftover_wal or facts.hot_journal else "quick_check"
    deferred = defer_deep_check and not needs_upgrade and facts.kind == "ours"
    if facts.kind == "ours" and not deferred:
        facts = examine(path, check=check, known=known)
        if facts.refused:
            raise _refuse(path, facts)
    if needs_upgrade:
        if facts.revision is not None and backup_before_upgrade:
            make_backup(path, f"before-upgrade-from-{facts.revision}")
        path.parent.mkdir(parents=True, exist_ok=True)
        migrate.upgrade(path)
    return _Prepared(writable, check, deferred, known)


def _set_up(db: Database, prepared: _Prepared) -> None:
    """Error messages, the audit's transaction numbers, and the reference catalogue on a
    database that never had it, or had an older version of it (``catalogue.seed``; after
    the full check, if it was deferred)."""
    install_error_messages(db.engine, db.path)
    install_error_messages(db.read_engine, db.path, writing=False)
    audit.install(db)
    if not prepared.writable:
        return
    with db.read() as session:
        due = seed_due(session)
    if not due:
        return
    if prepared.deferred:  # never write before the full check
        found = examine(db.path, check=prepared.check, known=prepared.known)
        if found.refused:
            raise _refuse(db.path, found)
        db.deep_check_due = None
    with db.write() as session:
        seed_reference_data(session)


def needs_writing(path: Address) -> bool:
    """Whether opening the file would write to it (upgrade, seed or recover it), so that the
    opener must hold the lock. A file that must not be opened is refused here, before any
    lock file is made beside it; a missing one needs nothing (it is refused when opened).
    A server takes many writers: never a lock, so False."""
    if isinstance(path, ServerAddress):
        return False
    path = resolve(path)
    facts = examine(path, check=None, known=frozenset(migrate.known_revisions()))
    if facts.refused:
        raise _refuse(path, facts)
    if facts.kind != "ours":
        return False
    head = migrate.head_revision()
    if facts.revision != head and not location_writable(path):
        raise _read_only_upgrade(path, facts.revision, head)
    return facts.revision != head or facts.hot_journal


@contextmanager
def open_locked(path: Address | None = None, *, purpose: str) -> Iterator[Database]:
    """Take the database's lock (LockedError if another process has it), open the database,
    and release both on exit. A server database takes no lock (many officers write at once)."""
    if isinstance(path, ServerAddress):
        with open_database(path) as db:
            yield db
        return
    path = resolve(path if path is not None else default_db_path())
    with DatabaseLock(path, purpose=purpose):
        db = open_database(path)
        try:
            yield db
        finally:
            db.dispose()
