"""Checks of a database file that never write to it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from eunato_desk.core import migrate
from eunato_desk.core.db import check_is_sqlite_file, connect_read_only
from eunato_desk.core.errors import DatabaseError


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
