"""Open a database file for use: refuse what must not be touched, back up, upgrade, seed.

The app (GUI) holds the database's lock for its whole session::

    lock = DatabaseLock(path, purpose="EU-NATO Desk")
    lock.acquire()            # LockedError: another copy has it open
    db = open_database(path)  # RefusedDatabaseError: damaged / newer, with .backup to offer
    ...
    db.dispose(); lock.release()

Command-line commands that write hold the lock too (``held_for_writing``, or ``open_locked``:
lock + open, released on exit).

Which checks come before what (the rule):

- Every open runs the cheap checks first (``dbfile.examine`` without a full-file check: the
  header and page geometry, the owner mark and tables, the schema revision, a stray -wal, a
  hot rollback journal). A file that fails them is refused and left byte-for-byte as it was,
  with the newest good backup offered (``RefusedDatabaseError``).
- Every write is preceded by SQLite's ``quick_check`` (a read of the whole file): an open for
  writing runs it before it returns; found with a leftover -wal (a process ended without
  closing) or a hot journal, the full ``integrity_check`` instead. An upgrade is a write:
  checked, backed up, then upgraded. `db check` always runs the full check.
- A command that only reads (``reading=True``, or ``quick_read`` without SQLAlchemy) skips
  ``quick_check``: SQLite checks every page it reads, and a damaged page stops the command
  with a sentence ("the database is damaged ... run `eunato-desk db check`", see
  ``sqlite_errors``), having written nothing. Its handle refuses every write and it never
  seeds. After a crash (a leftover -wal) a reader still waits for the full
  ``integrity_check``, as a writer does; a file that must be written before it can be read
  (an upgrade, a hot journal to roll back) is opened as for writing, under the lock the
  command guard takes (``needs_writing``).
- The GUI defers the check (``defer_deep_check``) and runs it as the first job of its single
  writer, before any write.

This module is light to import (the command line's guard and its read path use it before,
or without, SQLAlchemy): what needs SQLAlchemy or Alembic is imported by the functions that
open a database for use. A database on a PostgreSQL server (a ``ServerAddress`` instead of a
path) takes no lock and no file checks: ``server_open.open_server_database`` opens it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from eunato_desk.core.errors import DatabaseError
from eunato_desk.core.storage.address import Address, ServerAddress
from eunato_desk.core.storage.dbfile import Facts, examine, resolve
from eunato_desk.core.storage.paths import default_db_path
from eunato_desk.core.storage.raw import BUSY_TIMEOUT_MS, connect_raw
from eunato_desk.core.storage.revisions import head_revision, known_revisions

__all__ = [
    "held_for_writing",
    "location_warning",
    "location_writable",
    "needs_writing",
    "no_database_message",
    "open_database",
    "open_locked",
    "quick_read",
    "refuse_read_only_login",
]

if TYPE_CHECKING:
    from eunato_desk.core.storage.db import Database
    from eunato_desk.core.storage.integrity import RefusedDatabaseError

READING_ONLY = (
    "{path}: the database was opened for reading only (without the full check that comes "
    "before any write), so nothing was saved."
)


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
    from eunato_desk.core.storage.backup import newest_good_backup
    from eunato_desk.core.storage.integrity import DamagedDatabaseError, NewerDatabaseError

    cls = NewerDatabaseError if facts.kind == "newer" else DamagedDatabaseError
    return cls(path, facts.kind, facts.problem, newest_good_backup(path))


def _examined(path: Path, *, create: bool, known: frozenset[str]) -> Facts:
    """The cheap checks: refuse what must not be opened; a missing or blank file is an error
    unless ``create``."""
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
    return facts


def _check_fully(path: Path, check: str, known: frozenset[str]) -> None:
    """``quick_check`` or ``integrity_check``; a file that fails is refused, unchanged."""
    facts = examine(path, check=check, known=known)
    if facts.refused:
        raise _refuse(path, facts)


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
    reading: bool = False,
) -> Database:
    """Open one of our databases, upgrading it to the newest schema if needed.

    - ``path`` is resolved once (symlinks followed): the lock, backups and restores use it.
    - A missing file (or an SQLite file with no tables and no owner mark) is created only with
      ``create`` (``db upgrade``, the GUI after asking); otherwise DatabaseError "no database".
    - A file that must not be opened (a folder, empty, not SQLite, truncated, damaged, a -wal
      that does not belong, another application's database, a newer schema) raises a
      RefusedDatabaseError carrying the newest good backup; it is left byte-for-byte as it is.
    - Found with a leftover -wal (a process ended without closing) the full
      ``integrity_check`` runs before anything is written; a leftover rollback journal is
      rolled back first, then the same check. The caller holds the lock for any writing open.
    - An older schema is copied to a checked backup, then upgraded in one transaction. A
      read-only file or folder is opened read-only (reads work, writes refuse with a message);
      one that would need an upgrade is refused, with nothing written.
    - ``defer_deep_check``: when nothing needs writing, the full-file check is left to the
      caller, which must run ``integrity.deep_problem`` (``db.deep_check_due`` says which
      check) before its first write (the GUI does, as the first job of its single writer).
    - ``reading``: the caller only reads; ``quick_check`` is skipped and the handle refuses
      every write (the rule in this module's docstring).
    - A ``ServerAddress``: see ``server_open.open_server_database`` (``create`` upgrades).
    """
    if isinstance(path, ServerAddress):
        from eunato_desk.core.storage.server_open import open_server_database

        return open_server_database(path, create=create)
    from eunato_desk.core.storage.db import Database  # SQLAlchemy: only to open for use

    path = resolve(path if path is not None else default_db_path())
    prepared = _prepare(
        path,
        create=create,
        backup_before_upgrade=backup_before_upgrade,
        defer_deep_check=defer_deep_check,
        reading=reading,
    )
    db = Database(path, read_only=not prepared.writable)
    db.deep_check_due = prepared.check if prepared.deferred else None
    try:
        # A reader seeds only a file it had to upgrade (checked, under the guard's lock).
        _set_up(db, prepared, seed=prepared.writable and (prepared.upgraded or not reading))
    except BaseException:
        db.dispose()
        raise
    if reading:
        db.read_only = True
        db.read_only_reason = READING_ONLY.format(path=path)
    return db


@dataclass(frozen=True)
class _Prepared:
    """What ``_prepare`` found and did before the file is opened for use."""

    writable: bool
    check: str  # the full-file check due: "quick_check", or "integrity_check" after a crash
    deferred: bool  # that check is left to the caller (``defer_deep_check``), or skipped
    known: frozenset[str]
    upgraded: bool  # the schema was upgraded (under the caller's lock)


def _prepare(
    path: Path,
    *,
    create: bool,
    backup_before_upgrade: bool,
    defer_deep_check: bool,
    reading: bool,
) -> _Prepared:
    """Refuse what must not be opened, recover a hot journal, check the file, and back up
    and upgrade an older schema (see ``open_database``)."""
    known = frozenset(known_revisions())
    head = head_revision()
    facts = _examined(path, create=create, known=known)
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
    # A reader skips quick_check, never the full check after a crash (the module's rule).
    skip = defer_deep_check or (reading and check == "quick_check")
    deferred = skip and not needs_upgrade and facts.kind == "ours"
    if facts.kind == "ours" and not deferred:
        _check_fully(path, check, known)
    if needs_upgrade:
        from eunato_desk.core.storage import migrate  # Alembic: only to upgrade
        from eunato_desk.core.storage.backup import make_backup

        if facts.revision is not None and backup_before_upgrade:
            make_backup(path, f"before-upgrade-from-{facts.revision}")
        path.parent.mkdir(parents=True, exist_ok=True)
        migrate.upgrade(path)
    return _Prepared(writable, check, deferred, known, needs_upgrade)


def _set_up(db: Database, prepared: _Prepared, *, seed: bool) -> None:
    """Error messages, the audit's transaction numbers, and (``seed``) the reference
    catalogue on a database that never had it, or had an older version of it
    (``catalogue.seed``; after the full check, if it was deferred)."""
    from eunato_desk.core import audit
    from eunato_desk.core.catalogue.seed import seed_due, seed_reference_data
    from eunato_desk.core.storage.sqlite_errors import install_error_messages

    install_error_messages(db.engine, db.path)
    install_error_messages(db.read_engine, db.path, writing=False)
    audit.install(db)
    if not seed:
        return
    with db.read() as session:
        due = seed_due(session)
    if not due:
        return
    if prepared.deferred:  # never write before the full check
        _check_fully(db.path, prepared.check, prepared.known)  # type: ignore[arg-type]
        db.deep_check_due = None
    with db.write() as session:
        seed_reference_data(session)


def needs_writing(path: Address) -> bool:
    """Whether opening the file would write to it (upgrade or recover it), so that the opener
    must hold the lock. A file that must not be opened is refused here, before any lock file
    is made beside it; a missing one needs nothing (it is refused when opened). A server
    takes many writers: never a lock, so False."""
    if isinstance(path, ServerAddress):
        return False
    path = resolve(path)
    facts = examine(path, check=None, known=frozenset(known_revisions()))
    if facts.refused:
        raise _refuse(path, facts)
    if facts.kind != "ours":
        return False
    head = head_revision()
    if facts.revision != head and not location_writable(path):
        raise _read_only_upgrade(path, facts.revision, head)
    return facts.revision != head or facts.hot_journal


@contextmanager
def quick_read(path: Path) -> Iterator[sqlite3.Connection | None]:
    """For a command that only reads, without SQLAlchemy: a read-only ``sqlite3`` connection
    to the database file ``path`` (resolved) after the cheap checks (the module's rule; a
    leftover -wal gets the full check first), or None when the file must be opened for use
    first (an upgrade or a hot journal: ``open_database``, under the command guard's lock).
    The connection never writes the file; an SQLite error while it reads (a damaged page, a
    disk error) becomes a DatabaseError with a sentence."""
    known = frozenset(known_revisions())
    facts = _examined(path, create=False, known=known)
    if facts.revision != head_revision() or facts.hot_journal:
        yield None
        return
    if facts.leftover_wal:
        _check_fully(path, "integrity_check", known)
    # Without a -wal in a folder nobody can write, only ``immutable`` needs no -shm file.
    alone = not location_writable(path) and not Path(f"{path}-wal").exists()
    try:
        with connect_raw(
            path, "mode=ro&immutable=1" if alone else "mode=ro", timeout=BUSY_TIMEOUT_MS / 1000
        ) as conn:
            conn.execute("BEGIN")  # one snapshot for every statement of the command
            yield conn
    except sqlite3.Error as exc:
        from eunato_desk.core.storage.sqlite_errors import sqlite_error_message

        message = sqlite_error_message(exc, path, writing=False)
        if message is None:
            raise
        raise DatabaseError(message) from exc


def location_warning(path: Path) -> str | None:
    """``location.storage_warning``: a sentence if the database is on a network share or in a
    cloud-synced folder (what a command that writes warns about; loaded for it alone)."""
    from eunato_desk.core.storage.location import storage_warning

    return storage_warning(path)


@contextmanager
def held_for_writing(path: Path, *, purpose: str) -> Iterator[None]:
    """The lock of a command that writes (LockedError if the app or another command has the
    database), with what interrupted backups and restores left beside it cleared first."""
    from eunato_desk.core.storage.backup import remove_stale_leftovers
    from eunato_desk.core.storage.lock import DatabaseLock

    with DatabaseLock(path, purpose=purpose):
        remove_stale_leftovers(path)
        yield


def refuse_read_only_login(address: ServerAddress) -> None:
    """A login granted SELECT only on the team database is refused before a writing command
    starts, with a sentence naming the login (the database refuses its writes anyway)."""
    from sqlalchemy.exc import DBAPIError

    from eunato_desk.core.storage import server

    engine = server.make_engine(address, reading=True)
    try:
        login, may_write = server.login_rights(engine)
    except DBAPIError:
        return  # unreachable, refused, empty...: opening the database says so, in a sentence
    finally:
        engine.dispose()
    if not may_write:
        raise DatabaseError(server.read_only_message(address.label, login))


@contextmanager
def open_locked(path: Address | None = None, *, purpose: str) -> Iterator[Database]:
    """Take the database's lock (LockedError if another process has it), open the database,
    and release both on exit. A server database takes no lock (many officers write at once)."""
    from eunato_desk.core.storage.lock import DatabaseLock

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
