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
from dataclasses import dataclass, field
from pathlib import Path

from eunato_desk.core.errors import DatabaseError, SchemaTooNewError
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.backup import BackupInfo, newest_good_backup, set_aside
from eunato_desk.core.storage.dbfile import REFUSED_KINDS, examine
from eunato_desk.core.storage.lock import DatabaseLock, LockedError, held_by_other
from eunato_desk.core.storage.raw import connect_read_only

DAMAGE_KINDS = tuple(k for k in REFUSED_KINDS if k != "newer")


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
    """Full integrity check, foreign-key check and schema revision, read-only. Safe while this
    process has the database open (everything goes through SQLite then)."""
    path = Path(path)
    report = CheckReport(path=path, head=migrate.head_revision())
    facts = examine(path, check=None, known=frozenset(migrate.known_revisions()))
    if facts.kind == "absent":
        raise DatabaseError(f"{path}: no such database file.")
    if facts.kind in ("folder", "unreadable", "empty", "not-sqlite", "foreign", "newer"):
        raise (SchemaTooNewError if facts.kind == "newer" else DatabaseError)(
            f"{path}: {facts.problem}"
        )
    if facts.kind == "blank":
        raise DatabaseError(
            f"{path}: an SQLite file with no tables; create the schema with "
            "`eunato-desk db upgrade`."
        )
    if facts.kind != "ours":
        report.problems.append(facts.problem)
    report.revision = facts.revision
    if facts.kind == "ours" and report.revision != report.head:
        report.problems.append(
            f"schema is at {report.revision or 'no revision'}, not {report.head}: "
            "run `eunato-desk db upgrade`."
        )
    try:
        with connect_read_only(path) as conn:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            report.integrity = [] if rows == ["ok"] else rows
            report.foreign_keys = [
                f"{table} row {rowid} -> {parent}"
                for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")
            ]
            if facts.kind == "ours":
                for table in ("action", "interaction", "interaction_action"):
                    report.counts[f"{table} rows"] = conn.execute(
                        f"SELECT count(*) FROM {table}"
                    ).fetchone()[0]
    except sqlite3.DatabaseError as exc:
        report.integrity.append(str(exc))
    if report.integrity:
        report.problems.append("integrity check failed: " + "; ".join(report.integrity[:5]))
    if report.foreign_keys:
        report.problems.append(
            f"{len(report.foreign_keys)} broken foreign key(s): "
            + "; ".join(report.foreign_keys[:5])
        )
    return report


# --- before opening ---------------------------------------------------------------------------


def diagnose(path: Path, *, deep: bool | str = True) -> tuple[str, str] | None:
    """(kind, problem) if the file must not be opened, else None. Reads only.

    ``deep``: True runs ``quick_check`` (reads the whole file: seconds for a large database),
    "full" the complete ``integrity_check`` (also compares every index with its table: what a
    -wal from a copy that went its own way breaks), False a cheap read of the schema only (the
    caller must then run ``deep_problem`` before anything is written)."""
    check = {True: "quick_check", "full": "integrity_check", False: None}[deep]
    facts = examine(Path(path), check=check, known=frozenset(migrate.known_revisions()))
    return (facts.kind, facts.problem) if facts.refused else None


def refusal(path: Path, *, deep: bool | str = True) -> RefusedDatabaseError | None:
    """The error to show (with the newest good backup) if the file must not be opened."""
    found = diagnose(path, deep=deep)
    if found is None:
        return None
    kind, problem = found
    cls = NewerDatabaseError if kind == "newer" else DamagedDatabaseError
    return cls(Path(path), kind, problem, newest_good_backup(Path(path)))


def deep_problem(path: Path, *, full: bool = False) -> RefusedDatabaseError | None:
    """The full-file part of the open checks, run after a shallow open: ``quick_check``, or
    the complete ``integrity_check`` when the database was found with a leftover -wal."""
    return refusal(path, deep="full" if full else True)


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
