"""Backups of the database: made safely, checked, listed, restored.

A backup is made with ``VACUUM INTO`` a temporary name (a consistent snapshot even while the
app writes), checked with ``quick_check``, synced to disk, then renamed into place: it appears
whole or not at all. Where backups go, how they are named and which ones are kept is
``storage.rotation`` (its names are importable from here too).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from eunato_desk.core.errors import DatabaseError
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.dbfile import (
    database_mode,
    examine,
    keep_database_mode,
    remove_with_side_files,
    resolve,
    side_files,
)
from eunato_desk.core.storage.lock import DatabaseLock
from eunato_desk.core.storage.paths import backups_dir_for
from eunato_desk.core.storage.raw import BUSY_TIMEOUT_MS, connect_raw, connect_read_only
from eunato_desk.core.storage.rotation import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_RECENT,
    KEEP_WEEKLY,
    STALE_AFTER_S,
    STAMP_FORMAT,
    BackupFile,
    backup_files,
    backup_name,
    clean_reason,
    parse_backup_name,
    plan_rotation,
    remove_stale_leftovers,
    rotate_backups,
)

__all__ = [
    "KEEP_DAILY",
    "KEEP_MONTHLY",
    "KEEP_RECENT",
    "KEEP_WEEKLY",
    "SIDECARS",
    "STALE_AFTER_S",
    "STAMP_FORMAT",
    "BackupFile",
    "BackupInfo",
    "RestoreReport",
    "backup_name",
    "backup_problem",
    "backup_to",
    "list_backups",
    "make_backup",
    "make_folder",
    "newest_good_backup",
    "parse_backup_name",
    "plan_rotation",
    "quick_check",
    "remove_stale_leftovers",
    "restore_backup",
    "rotate_backups",
    "set_aside",
]

SIDECARS = ("-wal", "-shm")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    size: int
    interactions: int | None
    reason: str

    def as_json(self) -> dict[str, object]:
        return {
            "created": self.created.isoformat(sep=" ", timespec="seconds"),
            "size": self.size,
            "interactions": self.interactions,
            "reason": self.reason,
            "path": str(self.path),
        }


@dataclass(frozen=True)
class RestoreReport:
    database: Path
    source: Path
    safety_copy: Path | None  # the backup of the database as it was before the restore
    set_aside: tuple[Path, ...]  # the old files, renamed, when they could not be backed up
    revision: str


# --- checks -----------------------------------------------------------------------------------


def quick_check(path: Path) -> str:
    """'ok' or the first problem SQLite reports for the file."""
    try:
        with connect_read_only(path) as conn:
            row = conn.execute("PRAGMA quick_check").fetchone()
            return str(row[0]) if row else "no answer from quick_check"
    except sqlite3.DatabaseError as exc:
        return str(exc)


def backup_problem(path: Path) -> str | None:
    """Why this file cannot be restored (not SQLite, damaged, not this app's, newer), or None."""
    facts = examine(path, check="quick_check", known=frozenset(migrate.known_revisions()))
    if facts.kind == "ours" and facts.revision is not None:
        return None
    if facts.kind == "absent":
        return "there is no such file"
    if facts.kind == "empty":
        return "it is empty (0 bytes)"
    if facts.kind == "not-sqlite":
        return "it is not an SQLite database"
    if facts.kind in ("damaged", "truncated", "stray-wal"):
        return f"it fails the integrity check ({facts.problem[:200]})"
    if facts.kind == "newer":
        return f"it was written by a newer version of EU-NATO Desk (schema {facts.revision})"
    if facts.kind in ("blank", "ours"):
        return "it is not an EU-NATO Desk database (no schema)"
    return "it is not an EU-NATO Desk database"


# --- making backups ---------------------------------------------------------------------------


def _fsync(path: Path, flags: int = os.O_RDWR) -> None:
    """fsync a file we wrote (never the database: see ``db.is_open_here``)."""
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles here)."""
    if os.name == "posix":
        _fsync(folder, os.O_RDONLY)


def make_folder(folder: Path, db_path: Path) -> None:
    """Create the backups folder with the database's permissions (readable to whoever may
    read the database, no more)."""
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        keep_database_mode(folder, db_path, folder=True)


def backup_to(db_path: Path, dest: Path) -> Path:
    """Copy the database to ``dest`` consistently; the file appears whole or not at all, with
    the database's permissions. Raises DatabaseError (naming both files) if the copy cannot be
    made or fails its check."""
    tmp = dest.with_name(dest.name + ".partial")
    try:
        make_folder(dest.parent, db_path)
        remove_with_side_files(tmp)
        _vacuum_into(db_path, tmp)
        verdict = quick_check(tmp)
        if verdict != "ok":
            raise DatabaseError(f"Backup of {db_path} failed its check: {verdict}")
        keep_database_mode(tmp, db_path)
        _fsync(tmp)
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except OSError as exc:
        remove_with_side_files(tmp)
        raise DatabaseError(f"Backup of {db_path} to {dest} failed: {exc}") from exc
    except BaseException:
        remove_with_side_files(tmp)
        raise
    return dest


def _vacuum_into(db_path: Path, target: Path) -> None:
    """``VACUUM INTO`` through a normal connection, so that when it is the last one it folds
    the -wal back and removes it as it closes (a read-only connection cannot, and would leave
    -wal/-shm beside a clean database); read-only where the database cannot be written."""
    writable = os.access(db_path, os.W_OK) and os.access(db_path.parent, os.W_OK)
    flags = "" if writable else "mode=ro"
    try:
        with connect_raw(db_path, flags, timeout=BUSY_TIMEOUT_MS / 1000) as src:
            src.execute("VACUUM INTO ?", (str(target),))
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"Backup of {db_path} failed: {exc}") from exc


def make_backup(
    db_path: Path,
    reason: str,
    *,
    now: Callable[[], dt.datetime] = dt.datetime.now,
    protect: Iterable[Path] = (),
) -> BackupInfo:
    """Back up the database into ``backups/`` next to it, then rotate the old backups
    (never deleting ``protect``). Raises DatabaseError if the copy cannot be made or checked."""
    db_path = Path(db_path)
    folder = backups_dir_for(db_path)
    when = now()
    dest = folder / backup_name(db_path, when, reason)
    while dest.exists():
        when += dt.timedelta(microseconds=1)
        dest = folder / backup_name(db_path, when, reason)
    backup_to(db_path, dest)
    rotate_backups(db_path, now=now(), protect=[dest, *protect])
    return _info(dest, when, clean_reason(reason))


def _count_interactions(path: Path) -> int | None:
    try:
        with connect_read_only(path) as conn:
            row = conn.execute(  # the second count reads the small index of trashed rows
                "SELECT (SELECT count(*) FROM interaction) - "
                "(SELECT count(*) FROM interaction WHERE deleted_at IS NOT NULL)"
            ).fetchone()
            return int(row[0])
    except sqlite3.Error:
        return None


def _info(path: Path, created: dt.datetime, reason: str) -> BackupInfo:
    return BackupInfo(path, created, path.stat().st_size, _count_interactions(path), reason)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """This database's backups, newest first, with size and number of live interactions
    (None when the file cannot be read)."""
    infos = []
    for path, created, reason in backup_files(db_path):
        try:
            infos.append(_info(path, created, reason))
        except FileNotFoundError:  # rotated away meanwhile by another process
            continue
    return infos


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup that passes the check and has a schema this app knows."""
    for path, created, reason in backup_files(db_path):
        if backup_problem(path) is None:
            return _info(path, created, reason)
    return None


# --- setting aside and restoring ---------------------------------------------------------------


def set_aside(db_path: Path, label: str, *, when: dt.datetime | None = None) -> list[Path]:
    """Rename the database and its -wal/-shm to ``<stem>.<label>-<time><suffix>`` (sidecars
    first, so a crash half-way never leaves a -wal beside a database it does not belong to).
    Returns the new paths."""
    db_path = Path(db_path)
    stamp = (when or dt.datetime.now()).strftime(STAMP_FORMAT)
    new_db = db_path.with_name(f"{db_path.stem}.{label}-{stamp}{db_path.suffix}")
    moved = []
    for ext in (*SIDECARS, ""):
        old = Path(f"{db_path}{ext}")
        if old.exists():
            new = Path(f"{new_db}{ext}")
            os.replace(old, new)
            moved.append(new)
    _fsync_dir(db_path.parent)
    return moved


def _fold_wal(db_path: Path) -> None:
    """Checkpoint the (healthy) database so its -wal is emptied and removed on close."""
    try:
        with connect_raw(db_path, timeout=BUSY_TIMEOUT_MS / 1000) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        raise DatabaseError(f"{db_path}: cannot fold its -wal file into it ({exc}).") from exc


def _copy_through_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of ``source`` (read-only, through its own -wal, so its last saves
    are in it) into a new file ``target``, with SQLite's backup API."""
    remove_with_side_files(target)
    with (
        connect_raw(source, "mode=ro", timeout=BUSY_TIMEOUT_MS / 1000) as src,
        connect_raw(target) as dst,
    ):
        src.backup(dst)
    for side in side_files(target):
        side.unlink(missing_ok=True)


def restore_backup(
    db_path: Path, backup_path: Path, *, lock: DatabaseLock | None = None
) -> RestoreReport:
    """Replace the database with a backup. The backup must pass the check and have a schema
    this app knows (an older one is upgraded on the next open). It is copied through SQLite
    (with its own -wal, if it has one) next to the database and checked; the current database
    is backed up (or, if it is too damaged to copy, renamed aside); then the copy replaces it
    in one rename, with the database's permissions. Refused (LockedError) while another
    process holds the lock; pass ``lock`` when the caller holds it (the GUI must close its
    Database first)."""
    db_path, backup_path = Path(db_path), resolve(backup_path)
    if db_path.exists() and backup_path == resolve(db_path):
        raise DatabaseError(f"{backup_path} is the database itself, not a backup.")
    problem = backup_problem(backup_path)
    if problem:
        raise DatabaseError(f"{backup_path}: cannot restore from it: {problem}.")
    revision = migrate.current_revision(backup_path) or ""
    own_lock = lock is None
    held = lock or DatabaseLock(db_path, purpose="restore from backup")
    if own_lock:
        held.acquire()
    elif not held.held:
        raise DatabaseError(f"{db_path}: take the database's lock before restoring.")
    tmp = db_path.with_name(f".{db_path.name}.restoring")
    mode = database_mode(db_path) or database_mode(backup_path)
    try:
        try:
            _copy_through_sqlite(backup_path, tmp)
            if mode is not None and os.name == "posix":
                os.chmod(tmp, mode)
            _fsync(tmp)
        except (OSError, sqlite3.Error) as exc:
            raise DatabaseError(
                f"{backup_path}: cannot copy it next to {db_path} ({exc})."
            ) from exc
        verdict = quick_check(tmp)
        if verdict != "ok":
            raise DatabaseError(f"{backup_path}: the copy failed its check ({verdict[:200]}).")
        safety, aside = _preserve_current(db_path, protect=backup_path)
        os.replace(tmp, db_path)
        _fsync_dir(db_path.parent)
    finally:
        remove_with_side_files(tmp)
        if own_lock:
            held.release()
    return RestoreReport(db_path, backup_path, safety, tuple(aside), revision)


def _preserve_current(db_path: Path, protect: Path) -> tuple[Path | None, list[Path]]:
    """Back up the database about to be replaced and leave no -wal/-shm of it behind."""
    wal = Path(f"{db_path}-wal")
    if not db_path.exists():
        return None, set_aside(db_path, "stray") if wal.exists() else []
    try:
        safety = make_backup(db_path, "before-restore", protect=[protect]).path
    except DatabaseError:
        return None, set_aside(db_path, "replaced")
    _fold_wal(db_path)
    if wal.exists():  # still there (another program has the file open): never reuse it
        stamp = dt.datetime.now().strftime(STAMP_FORMAT)
        for ext in SIDECARS:
            side = Path(f"{db_path}{ext}")
            if side.exists():
                os.replace(side, side.with_name(f"{side.name}.replaced-{stamp}"))
    return safety, []
