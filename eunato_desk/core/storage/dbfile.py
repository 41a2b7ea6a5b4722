"""What is this file? Looks at a database file without ever writing to it.

``examine`` says whether a path holds one of our databases, nothing yet (absent, or an SQLite
file with no tables and no owner mark, which ``db upgrade`` may adopt), or something that must
be refused and left byte-for-byte as it is: a folder, an empty or non-SQLite file, a truncated
or damaged one, a ``-wal`` that does not belong, another application's database, or one
written by a newer version of EU-NATO Desk.

Our databases carry ``PRAGMA application_id`` = ``APPLICATION_ID`` (revision 0006 sets it);
files made before the mark are recognised by our revision ids *and* our tables, since another
application's Alembic history may use the same revision ids ("0003").

The file's header is read with Python I/O only while this process has no connection to it
(``db.is_open_here``): closing a descriptor would drop SQLite's POSIX locks. Otherwise every
check goes through SQLite.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from eunato_desk.core.storage.raw import SQLITE_HEADER, connect_raw, connect_read_only, is_open_here

APPLICATION_ID = 0x45554E44  # "EUND"
# Tables every EU-NATO Desk schema has had since revision 0001.
OUR_TABLES = frozenset({"alembic_version", "meta", "area", "action", "interaction"})

# kinds that refuse the file (it is never changed)
REFUSED_KINDS = (
    "folder",
    "unreadable",
    "empty",
    "not-sqlite",
    "truncated",
    "damaged",
    "stray-wal",
    "foreign",
    "newer",
)


def resolve(path: Path | str) -> Path:
    """The database's real path, resolved once: ``~`` expanded, absolute, symlinks followed.
    The lock, the backups folder and a restore all use this path, never the one typed."""
    return Path(os.path.realpath(Path(path).expanduser()))


def side_files(path: Path) -> tuple[Path, ...]:
    return tuple(Path(f"{path}{ext}") for ext in ("-wal", "-shm", "-journal"))


def remove_with_side_files(path: Path) -> None:
    """Delete a database file this code made (a partial backup, snapshot or copy) and its
    -wal/-shm/-journal, once nothing has it open; what is not there is fine."""
    for leftover in (path, *side_files(path)):
        leftover.unlink(missing_ok=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


@dataclass
class Facts:
    """What ``examine`` found. ``kind``: "absent", "blank" (an SQLite file with no tables and
    no mark: may be adopted by ``db upgrade``), "ours", or one of REFUSED_KINDS."""

    path: Path
    kind: str = "absent"
    problem: str = ""
    revision: str | None = None
    application_id: int = 0
    tables: frozenset[str] = field(default_factory=frozenset)
    wal_size: int = 0
    journal_size: int = 0

    @property
    def refused(self) -> bool:
        return self.kind in REFUSED_KINDS

    @property
    def leftover_wal(self) -> bool:
        """A -wal with frames in it: left by a process that ended without closing (or by a
        copy of the database that went its own way)."""
        return self.wal_size > 0

    @property
    def hot_journal(self) -> bool:
        """A rollback journal left by a write that never finished."""
        return self.journal_size > 0


def _header_problem(path: Path, size: int, has_wal: bool) -> tuple[str, str] | None:
    """Header and geometry, read with Python I/O (only while not open in this process)."""
    with path.open("rb") as fh:
        header = fh.read(100)
    if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        return "not-sqlite", "not an SQLite database (the file header is wrong)."
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "damaged", f"the file header is damaged (page size {page_size})."
    if size % page_size:
        return "truncated", (
            f"the file is {size:,} bytes, not a whole number of {page_size:,}-byte pages: "
            "it is truncated or damaged."
        )
    pages = int.from_bytes(header[28:32], "big")
    if pages and header[24:28] == header[92:96] and not has_wal and size < pages * page_size:
        return "truncated", (
            f"the file is truncated: {size:,} bytes where its header says {pages * page_size:,}."
        )
    return None


def _pragma_geometry_problem(conn: sqlite3.Connection, size: int) -> tuple[str, str] | None:
    """The same geometry check through SQLite (while the database is open here)."""
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    if page_size and size % page_size:
        return "truncated", (
            f"the file is {size:,} bytes, not a whole number of {page_size:,}-byte pages: "
            "it is truncated or damaged."
        )
    return None


_NOTADB = 26


def _check_rows(conn: sqlite3.Connection, check: str) -> str | None:
    rows = [str(r[0]) for r in conn.execute(f"PRAGMA {check}")]
    return None if rows == ["ok"] else "; ".join(rows)[:300]


def _problem_with(connect: Callable[[], object], check: str | None) -> str | None:
    """None if SQLite reads the schema (and passes ``check``), else its error."""
    try:
        with connect() as conn:  # type: ignore[attr-defined]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return _check_rows(conn, check) if check else None
    except sqlite3.DatabaseError as exc:
        code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
        return f"{exc} [notadb]" if code == _NOTADB else str(exc)


def examine(path: Path, *, check: str | None = "quick_check", known: frozenset[str]) -> Facts:
    """Look at ``path`` (read-only). ``check``: None (a cheap read of the schema),
    "quick_check" or "integrity_check". ``known``: this app's revision ids."""
    facts = Facts(path=path)
    wal = Path(f"{path}-wal")
    facts.wal_size = _size(wal)
    facts.journal_size = _size(Path(f"{path}-journal"))
    try:
        st = path.stat()
    except FileNotFoundError:
        if facts.wal_size:
            facts.kind, facts.problem = (
                "stray-wal",
                (
                    f"there is a -wal file ({wal.name}) but no database; it belongs to a database "
                    "that was moved or deleted, and would be applied to a new one."
                ),
            )
        return facts
    except OSError as exc:
        facts.kind, facts.problem = "unreadable", f"the file cannot be read ({exc.strerror})."
        return facts
    if stat.S_ISDIR(st.st_mode):
        facts.kind, facts.problem = "folder", "this is a folder, not a database file."
        return facts
    if not stat.S_ISREG(st.st_mode):
        facts.kind, facts.problem = "unreadable", "this is not a regular file."
        return facts
    if not os.access(path, os.R_OK):
        facts.kind, facts.problem = "unreadable", "the file cannot be read (no permission)."
        return facts
    if st.st_size == 0:
        facts.kind, facts.problem = (
            "empty",
            ("the file is empty (0 bytes), not an EU-NATO Desk database."),
        )
        return facts
    open_here = is_open_here(path)
    if not open_here:
        found = _header_problem(path, st.st_size, facts.wal_size > 0)
        if found:
            facts.kind, facts.problem = found
            return facts
    _look_inside(facts, st.st_size if open_here else None, check, known)
    return facts


def _look_inside(
    facts: Facts, size_to_check: int | None, check: str | None, known: frozenset[str]
) -> None:
    """``size_to_check``: the file size when the header could not be read here (the geometry
    is then checked through SQLite)."""
    path = facts.path
    problem = _problem_with(lambda: connect_read_only(path), check)
    if problem and "[notadb]" in problem and not facts.wal_size:
        facts.kind, facts.problem = (
            "not-sqlite",
            ("not an SQLite database (the file header is wrong or damaged)."),
        )
        return
    if problem and facts.wal_size:
        alone = _problem_with(lambda: connect_raw(path, "mode=ro&immutable=1"), check)
        if alone is None:
            facts.kind, facts.problem = (
                "stray-wal",
                (
                    f"the database is sound but its -wal file ({path.name}-wal) does not fit it: "
                    f"it belongs to another file or is damaged ({problem[:200]})."
                ),
            )
            return
    if problem:
        facts.kind, facts.problem = (
            "damaged",
            (f"the database is damaged: {problem.replace(' [notadb]', '')}"),
        )
        return
    try:
        with connect_read_only(path) as conn:
            if size_to_check is not None:
                geometry = _pragma_geometry_problem(conn, size_to_check)
                if geometry:
                    facts.kind, facts.problem = geometry
                    return
            facts.application_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            user_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            facts.tables = frozenset(
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            )
            if "alembic_version" in facts.tables:
                rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
                facts.revision = rows[0][0] if len(rows) == 1 else None
                if len(rows) != 1:
                    facts.problem = f"its schema version table has {len(rows)} rows, not 1"
    except sqlite3.DatabaseError as exc:
        facts.kind, facts.problem = "damaged", f"the database is damaged: {exc}"
        return
    _classify(facts, user_version, known)


def _classify(facts: Facts, user_version: int, known: frozenset[str]) -> None:
    ours_mark = facts.application_id == APPLICATION_ID
    if not facts.tables and not ours_mark:
        if facts.application_id or user_version:
            facts.kind, facts.problem = (
                "foreign",
                (
                    "not an EU-NATO Desk database: an SQLite file marked as another "
                    f"application's (application id {facts.application_id}, user version "
                    f"{user_version})."
                ),
            )
        else:
            facts.kind = "blank"
        return
    if facts.application_id and not ours_mark:
        facts.kind, facts.problem = (
            "foreign",
            (
                "not an EU-NATO Desk database: it is marked as another application's "
                f"(application id {facts.application_id})."
            ),
        )
        return
    if facts.problem:  # alembic_version with no row or several
        facts.kind = "damaged" if ours_mark or facts.tables >= OUR_TABLES else "foreign"
        facts.problem = (
            f"the database is damaged: {facts.problem}."
            if facts.kind == "damaged"
            else f"not an EU-NATO Desk database ({facts.problem})."
        )
        return
    if ours_mark:
        if facts.revision is not None and facts.revision not in known:
            facts.kind, facts.problem = (
                "newer",
                (
                    f"it was written by a newer version of EU-NATO Desk (schema {facts.revision}). "
                    "This version cannot open it; install the newer version to use it."
                ),
            )
        else:
            facts.kind = "ours"
        return
    if facts.revision in known and facts.tables >= OUR_TABLES:
        facts.kind = "ours"  # made before the mark (revisions 0001-0005)
        return
    what = (
        f"another application's database (schema revision {facts.revision})"
        if facts.revision
        else "an SQLite file with tables but no EU-NATO Desk schema"
    )
    facts.kind, facts.problem = "foreign", f"not an EU-NATO Desk database: {what}."


# --- permissions of the files we write beside the database ------------------------------------


def database_mode(db_path: Path) -> int | None:
    """The database file's permission bits (None if it does not exist)."""
    try:
        return stat.S_IMODE(os.stat(db_path).st_mode)
    except OSError:
        return None


def folder_mode(file_mode: int) -> int:
    """A folder's mode for files of ``file_mode``: whoever may read may also enter."""
    mode = file_mode
    for read, execute in ((0o400, 0o100), (0o040, 0o010), (0o004, 0o001)):
        if file_mode & read:
            mode |= execute
    return mode


def keep_database_mode(target: Path, db_path: Path, *, folder: bool = False) -> None:
    """Give ``target`` (a backup, a restored file, the lock, the backups folder) the
    database's permissions, so a private database never has world-readable copies. POSIX
    only; nothing happens when the database does not exist yet."""
    mode = database_mode(db_path)
    if mode is None or os.name != "posix":
        return
    os.chmod(target, folder_mode(mode) if folder else mode)
