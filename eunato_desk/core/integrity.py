"""Checks of a database file that never write to it, and what to do with a damaged one.

``check_before_open`` runs before the app opens a file: the header, the size, SQLite's
``quick_check`` (through the ``-wal`` file if there is one, read-only, so nothing is replayed
into the database) and the schema revision. A file that fails is refused with a
``RefusedDatabaseError`` naming the problem and the newest backup that passes the same checks;
the file is left byte-for-byte as it was. ``move_aside`` renames it (with its -wal/-shm) only
when the user agrees.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from eunato_desk.core import migrate
from eunato_desk.core.backup import BackupInfo, newest_good_backup, set_aside
from eunato_desk.core.db import SQLITE_HEADER, check_is_sqlite_file, connect_read_only
from eunato_desk.core.errors import DatabaseError, SchemaTooNewError
from eunato_desk.core.lock import DatabaseLock, LockedError, held_by_other

DAMAGE_KINDS = ("empty", "not-sqlite", "truncated", "damaged", "stray-wal", "foreign")


class RefusedDatabaseError(DatabaseError):
    """The file must not be opened. ``kind`` says why (see DAMAGE_KINDS, or "newer"),
    ``problem`` what is wrong in words, ``backup`` the newest backup that passes the check."""

    def __init__(self, path: Path, kind: str, problem: str, backup: BackupInfo | None) -> None:
        offer = (
            f" The newest good backup is {backup.path.name} "
            f"({backup.created:%Y-%m-%d %H:%M}); it can be restored."
            if backup
            else " No good backup was found next to it."
        )
        super().__init__(f"{path}: {problem} The file has not been changed.{offer}")
        self.path = path
        self.kind = kind
        self.problem = problem
        self.backup = backup


class DamagedDatabaseError(RefusedDatabaseError):
    """Truncated, overwritten, empty, not SQLite, a stray -wal, or another program's file."""


class NewerDatabaseError(RefusedDatabaseError, SchemaTooNewError):
    """Written by a newer version of the app."""


@dataclass
class CheckReport:
    path: Path
    revision: str | None = None
    head: str = ""
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [
            f"database: {self.path}",
            f"schema revision: {self.revision or 'none'} (this app: {self.head})",
            f"integrity check: {'ok' if not self.integrity else '; '.join(self.integrity[:5])}",
            "foreign-key check: "
            + ("ok" if not self.foreign_keys else "; ".join(self.foreign_keys[:5])),
        ]
        out += [f"{name}: {n}" for name, n in self.counts.items()]
        out.append("result: ok" if self.ok else f"result: {len(self.problems)} problem(s)")
        out += [f"problem: {p}" for p in self.problems]
        return out


def check_database(path: Path) -> CheckReport:
    """Full integrity check, foreign-key check and schema revision, read-only."""
    path = Path(path)
    report = CheckReport(path=path, head=migrate.head_revision())
    if not path.exists():
        raise DatabaseError(f"{path}: no such database file.")
    check_is_sqlite_file(path)
    geometry = geometry_problem(path, has_wal=Path(f"{path}-wal").exists())
    if geometry:
        report.problems.append(geometry[1])
    report.revision = migrate.ensure_not_newer(path)
    if report.revision != report.head:
        report.problems.append(
            f"schema is at {report.revision or 'no revision'}, not {report.head}: "
            "run `eunato-desk db upgrade`."
        )
    conn = connect_read_only(path)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        report.integrity = [] if rows == ["ok"] else rows
        report.foreign_keys = [
            f"{table} row {rowid} -> {parent}"
            for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")
        ]
        if report.revision is not None:
            for table in ("action", "interaction", "interaction_action"):
                report.counts[f"{table} rows"] = conn.execute(
                    f"SELECT count(*) FROM {table}"
                ).fetchone()[0]
    except sqlite3.DatabaseError as exc:
        report.integrity.append(str(exc))
    finally:
        conn.close()
    if report.integrity:
        report.problems.append("integrity check failed: " + "; ".join(report.integrity[:5]))
    if report.foreign_keys:
        report.problems.append(
            f"{len(report.foreign_keys)} broken foreign key(s): "
            + "; ".join(report.foreign_keys[:5])
        )
    return report


# --- before opening ---------------------------------------------------------------------------


def _page_geometry(path: Path) -> tuple[int, int | None]:
    """(page size, page count from the header or None when the header's count is stale)."""
    with path.open("rb") as fh:
        header = fh.read(100)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change_counter = header[24:28]
    valid_for = header[92:96]
    pages = int.from_bytes(header[28:32], "big")
    return page_size, (pages if pages and change_counter == valid_for else None)


def geometry_problem(path: Path, *, has_wal: bool) -> tuple[str, str] | None:
    """A header or size that cannot be right: SQLite files are whole pages, and (with no
    -wal holding newer pages) at least as long as the header says."""
    size = path.stat().st_size
    page_size, pages = _page_geometry(path)
    if page_size < 512 or page_size & (page_size - 1):
        return "damaged", f"the file header is damaged (page size {page_size})."
    if size % page_size:
        return "truncated", (
            f"the file is {size:,} bytes, not a whole number of {page_size:,}-byte pages: "
            "it is truncated or damaged."
        )
    if not has_wal and pages is not None and size < pages * page_size:
        return "truncated", (
            f"the file is truncated: {size:,} bytes where its header says {pages * page_size:,}."
        )
    return None


def _quick_check_problem(connect: Callable[[], sqlite3.Connection]) -> str | None:
    conn = None
    try:
        conn = connect()
        rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        if conn is not None:
            conn.close()
    return None if rows == ["ok"] else "; ".join(rows)[:300]


def _sqlite_problem(path: Path) -> str | None:
    return _quick_check_problem(lambda: connect_read_only(path))


def _immutable_problem(path: Path) -> str | None:
    """quick_check of the database file alone, ignoring any -wal beside it."""
    return _quick_check_problem(
        lambda: sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    )


def _probe_problem(path: Path) -> str | None:
    """A cheap read of the schema: catches files SQLite cannot open at all."""
    conn = None
    try:
        conn = connect_read_only(path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        if conn is not None:
            conn.close()
    return None


def diagnose(path: Path, *, deep: bool = True) -> tuple[str, str] | None:
    """(kind, problem) if the file must not be opened, else None. Reads only.

    ``deep=False`` skips ``quick_check`` (which reads the whole file: seconds for a large
    database); the caller must then run ``deep_problem`` before anything is written."""
    path = Path(path)
    wal = Path(f"{path}-wal")
    has_wal = wal.exists() and wal.stat().st_size > 0
    if not path.exists():
        if has_wal:
            return "stray-wal", (
                f"there is a -wal file ({wal.name}) but no database; it belongs to a database "
                "that was moved or deleted, and would be applied to a new one."
            )
        return None
    size = path.stat().st_size
    if size == 0:
        return "empty", "the file is empty (0 bytes), not an EU-NATO Desk database."
    with path.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            return "not-sqlite", "not an SQLite database (the file header is wrong)."
    geometry = geometry_problem(path, has_wal=has_wal)
    if geometry:
        return geometry
    problem = _sqlite_problem(path) if deep else _probe_problem(path)
    if problem and has_wal and _immutable_problem(path) is None:
        return "stray-wal", (
            f"the database is sound but its -wal file ({wal.name}) does not fit it: it belongs "
            f"to another file or is damaged ({problem[:200]})."
        )
    if problem:
        return "damaged", f"the database is damaged: {problem}"
    try:
        revision = migrate.current_revision(path)
    except DatabaseError as exc:
        return "foreign", exc.message.removeprefix(f"{path}: ")
    if revision is not None and revision not in migrate.known_revisions():
        return "newer", (
            f"it was written by a newer version of EU-NATO Desk (schema {revision}). "
            "This version cannot open it; install the newer version to use it."
        )
    return None


def refusal(path: Path, *, deep: bool = True) -> RefusedDatabaseError | None:
    """The error to show (with the newest good backup) if the file must not be opened."""
    found = diagnose(path, deep=deep)
    if found is None:
        return None
    kind, problem = found
    cls = NewerDatabaseError if kind == "newer" else DamagedDatabaseError
    return cls(Path(path), kind, problem, newest_good_backup(Path(path)))


def deep_problem(path: Path) -> RefusedDatabaseError | None:
    """The full-file part of the open checks (``quick_check``), run after a shallow open."""
    return refusal(path, deep=True)


def check_before_open(path: Path, *, deep: bool = True) -> None:
    """Raise a RefusedDatabaseError (with the newest good backup) if the file must not be
    opened; a missing file is fine (it will be created)."""
    error = refusal(path, deep=deep)
    if error is not None:
        raise error


def move_aside(db_path: Path, *, lock: DatabaseLock | None = None) -> list[Path]:
    """Rename a refused database and its -wal/-shm aside (``<stem>.damaged-<time><suffix>``)
    so a new or restored one can take its place. Only with the user's consent. Refused while
    another process holds the database's lock."""
    db_path = Path(db_path)
    if lock is None or not lock.held:
        owner = held_by_other(db_path)
        if owner is not None:
            raise LockedError(db_path, owner)
    return set_aside(db_path, "damaged")
