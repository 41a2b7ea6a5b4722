"""A damaged database is never written to: refused with what is wrong and the newest good
backup, left byte-for-byte untouched, moved aside only when asked, and the backup restores."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from eunato_desk.core.errors import SchemaTooNewError
from eunato_desk.core.interactions import create_interaction
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.core.storage.backup import make_backup, restore_backup
from eunato_desk.core.storage.integrity import (
    DamagedDatabaseError,
    NewerDatabaseError,
    RefusedDatabaseError,
    check_database,
    move_aside,
)
from eunato_desk.core.storage.lock import DatabaseLock, LockedError
from eunato_desk.core.storage.opening import open_database
from tests.helpers import crash_leaving_wal


def add(db_path: Path, *titles: str) -> None:
    db = open_database(db_path, create=True)
    try:
        for title in titles:
            create_interaction(
                db,
                InteractionInput(
                    title=title,
                    type="Workshop",
                    start_date=dt.date(2019, 2, 1),
                    summary="words " * 200,
                    links=(LinkInput(5, "n"), LinkInput(44)),
                ),
                officer="Anna",
            )
    finally:
        db.dispose()


def state(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file in the folder (not backups/): content hash and modification time."""
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def truncate_half(db: Path, _tmp: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2 // 4096 * 4096])  # whole pages, half of them


def truncate_tail(db: Path, _tmp: Path) -> None:
    db.write_bytes(db.read_bytes()[:-100])


def overwrite_bytes(db: Path, _tmp: Path) -> None:
    data = bytearray(db.read_bytes())
    data[3 * 4096 : 3 * 4096 + 300] = b"\x5a" * 300
    db.write_bytes(bytes(data))


def not_sqlite(db: Path, _tmp: Path) -> None:
    db.write_text("Minutes of the meeting\n" * 100, encoding="utf-8")


def zero_length(db: Path, _tmp: Path) -> None:
    db.write_bytes(b"")


def stray_wal(db: Path, tmp: Path) -> None:
    other = tmp / "other" / "other.sqlite3"
    other.parent.mkdir()
    add(other, *(f"Other {i}" for i in range(30)))
    crash_leaving_wal(other, "Written to the other database")
    shutil.copyfile(f"{other}-wal", f"{db}-wal")


def wal_without_database(db: Path, tmp: Path) -> None:
    stray_wal(db, tmp)
    db.unlink()


def newer_schema(db: Path, _tmp: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    conn.commit()
    conn.close()


CASES: list[tuple[str, Callable[[Path, Path], None], str, str]] = [
    ("truncated-half", truncate_half, "truncated", "the file is truncated: "),
    ("truncated-tail", truncate_tail, "truncated", "not a whole number of 4,096-byte pages"),
    ("overwritten-bytes", overwrite_bytes, "damaged", "the database is damaged"),
    ("not-sqlite", not_sqlite, "not-sqlite", "not an SQLite database"),
    ("zero-length", zero_length, "empty", "the file is empty (0 bytes)"),
    ("stray-wal", stray_wal, "stray-wal", "does not fit it: it belongs to another file"),
    ("wal-without-database", wal_without_database, "stray-wal", "but no database"),
    ("newer-schema", newer_schema, "newer", "newer version of EU-NATO Desk (schema ffff_future)"),
]


@pytest.mark.parametrize(
    ("damage", "kind", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_damaged_file_is_refused_untouched_and_a_backup_is_offered(
    db_path: Path, tmp_path: Path, damage: Callable[[Path, Path], None], kind: str, words: str
) -> None:
    add(db_path, *(f"Interaction {i}" for i in range(40)))
    good = make_backup(db_path, "manual")
    add(db_path, "Not in the backup")
    damage(db_path, tmp_path)
    before = state(db_path.parent)

    with pytest.raises(RefusedDatabaseError) as info:
        open_database(db_path, create=True)

    error = info.value
    assert error.kind == kind
    assert words in error.message
    assert str(db_path) in error.message
    assert "The file has not been changed." in error.message
    assert error.backup is not None and error.backup.path == good.path
    assert good.path.name in error.message
    assert isinstance(error, NewerDatabaseError if kind == "newer" else DamagedDatabaseError)
    assert isinstance(error, SchemaTooNewError) == (kind == "newer")
    after = state(db_path.parent)
    after.pop(f"{db_path.name}-shm", None)  # a read-only look through a -wal may create it
    before.pop(f"{db_path.name}-shm", None)
    assert after == before

    moved = move_aside(db_path)

    assert moved and not db_path.exists() and not Path(f"{db_path}-wal").exists()
    assert all(".damaged-" in p.name for p in moved)
    restore_backup(db_path, error.backup.path)
    db = open_database(db_path, create=True)
    db.dispose()
    assert check_database(db_path).ok
    assert check_database(db_path).counts["interaction rows"] == 40


def test_without_a_backup_the_refusal_says_so(db_path: Path) -> None:
    add(db_path, "One")
    truncate_half(db_path, db_path.parent)
    with pytest.raises(DamagedDatabaseError) as info:
        open_database(db_path, create=True)
    assert info.value.backup is None
    assert "No good backup was found" in info.value.message


def test_the_newest_backup_that_passes_the_check_is_offered(db_path: Path) -> None:
    add(db_path, "One")
    good = make_backup(db_path, "manual", now=lambda: dt.datetime(2026, 1, 1, 9))
    newer_bad = make_backup(db_path, "manual", now=lambda: dt.datetime(2026, 1, 2, 9)).path
    newer_bad.write_bytes(newer_bad.read_bytes()[:8192])
    overwrite_bytes(db_path, db_path.parent)

    with pytest.raises(DamagedDatabaseError) as info:
        open_database(db_path, create=True)

    assert info.value.backup is not None and info.value.backup.path == good.path


def test_a_crash_leaves_a_wal_that_belongs_and_opens(db_path: Path) -> None:
    add(db_path, "Before the crash")
    crash_leaving_wal(db_path, "Committed just before the crash")

    db = open_database(db_path, create=True)
    db.dispose()

    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT DISTINCT title FROM interaction").fetchall() == [
            ("Committed just before the crash",)
        ]
    finally:
        conn.close()


def test_moving_aside_is_refused_while_another_holder_has_the_lock(db_path: Path) -> None:
    add(db_path, "One")
    zero_length(db_path, db_path.parent)
    with DatabaseLock(db_path, purpose="EU-NATO Desk"), pytest.raises(LockedError):
        move_aside(db_path)
    assert db_path.exists() and db_path.read_bytes() == b""


def test_the_full_check_reports_a_truncated_tail(db_path: Path) -> None:
    add(db_path, "One")
    truncate_tail(db_path, db_path.parent)
    report = check_database(db_path)
    assert not report.ok
    assert any("not a whole number" in p for p in report.problems)
