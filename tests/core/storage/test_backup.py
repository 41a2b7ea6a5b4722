"""Backups: made checked, listed, rotated (safe against the clock going backwards), restored."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from eunato_desk.core.errors import DatabaseError
from eunato_desk.core.interactions import create_interaction
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.backup import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_RECENT,
    KEEP_WEEKLY,
    BackupFile,
    backup_name,
    list_backups,
    make_backup,
    parse_backup_name,
    plan_rotation,
    quick_check,
    restore_backup,
)
from eunato_desk.core.storage.lock import DatabaseLock, LockedError
from eunato_desk.core.storage.opening import open_database


def sample(title: str) -> InteractionInput:
    return InteractionInput(
        title=title,
        type="Cross-briefing",
        start_date=dt.date(2018, 5, 3),
        links=(LinkInput(3, "note"), LinkInput(43)),
    )


def add(db_path: Path, *titles: str) -> None:
    db = open_database(db_path, create=True)
    try:
        for title in titles:
            create_interaction(db, sample(title), officer="Officer A")
    finally:
        db.dispose()


def titles(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT title FROM interaction ORDER BY title")]
    finally:
        conn.close()


def clock(*times: dt.datetime):  # type: ignore[no-untyped-def]
    """A clock that always says the same time."""
    return lambda: times[0]


def test_a_backup_is_checked_named_and_listed(db_path: Path) -> None:
    add(db_path, "One", "Two")
    when = dt.datetime(2026, 3, 1, 9, 30, 0, 123456)

    info = make_backup(db_path, "manual", now=clock(when))

    assert info.path.parent == db_path.parent / "backups"
    assert info.path.name == "desk-20260301-093000-123456-manual.sqlite3"
    assert parse_backup_name(db_path, info.path.name) == (when, "manual")
    assert quick_check(info.path) == "ok"
    assert titles(info.path) == ["One", "Two"]
    assert info.interactions == 2
    assert info.size == info.path.stat().st_size > 0
    assert list_backups(db_path) == [info]
    assert not list(info.path.parent.glob("*.partial"))


def test_names_of_other_databases_and_other_files_are_not_backups(db_path: Path) -> None:
    when = dt.datetime(2026, 3, 1, 9, 30)
    assert parse_backup_name(db_path, backup_name(db_path, when, "x y/z")) == (when, "x-y-z")
    other = Path(db_path.parent / "desk-old.sqlite3")
    assert parse_backup_name(db_path, backup_name(other, when, "manual")) is None
    assert parse_backup_name(db_path, "desk-20260301-093000-000000-manual.sqlite3.partial") is None
    assert parse_backup_name(db_path, "notes.txt") is None


def test_the_list_is_newest_first_and_counts_live_interactions(db_path: Path) -> None:
    add(db_path, "One")
    first = make_backup(db_path, "a", now=clock(dt.datetime(2026, 1, 1, 8)))
    add(db_path, "Two", "Three")
    second = make_backup(db_path, "b", now=clock(dt.datetime(2026, 1, 2, 8)))

    listed = list_backups(db_path)

    assert [b.path for b in listed] == [second.path, first.path]
    assert [b.interactions for b in listed] == [3, 1]
    assert [b.reason for b in listed] == ["b", "a"]


def candidates_every_day(start: dt.date, end: dt.date) -> list[BackupFile]:
    out = []
    day = start
    while day <= end:
        for hour in (9, 13, 17):
            t = dt.datetime.combine(day, dt.time(hour))
            out.append(BackupFile(Path(t.strftime("%Y%m%d-%H")), t, t.timestamp()))
        day += dt.timedelta(days=1)
    return out


def kept_names(candidates: list[BackupFile], now: dt.datetime) -> list[str]:
    deleted = set(plan_rotation(candidates, now))
    return sorted(c.path.name for c in candidates if c.path not in deleted)


def test_rotation_keeps_recent_daily_weekly_and_monthly_copies() -> None:
    backups = candidates_every_day(dt.date(2025, 1, 1), dt.date(2026, 3, 31))

    kept = kept_names(backups, dt.datetime(2026, 3, 31, 18))

    recent = ["20260328-17", "20260329-09", "20260329-13", "20260329-17", "20260330-09",
              "20260330-13", "20260330-17", "20260331-09", "20260331-13",
              "20260331-17"]  # fmt: skip
    daily = [f"202603{d}-17" for d in range(25, 32)]
    weekly = ["20260308-17", "20260315-17", "20260322-17", "20260329-17", "20260331-17"]
    monthly = ["20250430-17", "20250531-17", "20250630-17", "20250731-17", "20250831-17",
               "20250930-17", "20251031-17", "20251130-17", "20251231-17", "20260131-17",
               "20260228-17", "20260331-17"]  # fmt: skip
    assert len(recent) == KEEP_RECENT and len(daily) == KEEP_DAILY
    assert len(weekly) == KEEP_WEEKLY and len(monthly) == KEEP_MONTHLY
    assert kept == sorted(set(recent + daily + weekly + monthly))


def test_backups_named_later_than_the_clock_are_never_deleted() -> None:
    before_jump = candidates_every_day(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    kept_before = kept_names(before_jump, dt.datetime(2026, 3, 31, 18))
    survivors = [c for c in before_jump if c.path.name in kept_before]
    # The clock is set back a year; twenty backups are made "in 2025" within one hour.
    after_jump = [
        BackupFile(Path(f"new-{i:02}"), dt.datetime(2025, 3, 1, 10, i), 1e9 + i) for i in range(20)
    ]

    kept = kept_names(survivors + after_jump, dt.datetime(2025, 3, 1, 11))

    assert set(kept_before) <= set(kept)
    assert [n for n in kept if n.startswith("new-")] == [f"new-{i:02}" for i in range(10, 20)]


def test_the_newest_by_modification_time_survive_whatever_their_names_say() -> None:
    # Ten copies whose names claim 2020 but which were written last (e.g. a clock that was
    # wrong when they were made, then corrected forwards).
    old_named = [
        BackupFile(Path(f"old-{i}"), dt.datetime(2020, 1, 1, 0, i), 2e9 + i) for i in range(10)
    ]
    recent = candidates_every_day(dt.date(2026, 3, 1), dt.date(2026, 3, 31))

    kept = kept_names(old_named + recent, dt.datetime(2026, 3, 31, 18))

    assert {f"old-{i}" for i in range(10)} <= set(kept)


def test_rotation_deletes_files_and_only_backups(db_path: Path) -> None:
    add(db_path, "One")
    folder = db_path.parent / "backups"
    folder.mkdir()
    (folder / "my notes.txt").write_text("keep me")
    made = [
        make_backup(db_path, "auto", now=clock(dt.datetime(2026, 3, 31, 8, minute)))
        for minute in range(KEEP_RECENT + 3)
    ]

    on_disk = sorted(p.name for p in folder.iterdir())

    assert "my notes.txt" in on_disk
    assert [m.path.name for m in made[-KEEP_RECENT:]] == sorted(on_disk)[:KEEP_RECENT]
    assert len(on_disk) == KEEP_RECENT + 1
    assert [b.path for b in list_backups(db_path)] == [m.path for m in reversed(made[-10:])]


def test_restore_replaces_the_database_after_backing_it_up(db_path: Path) -> None:
    add(db_path, "Before")
    good = make_backup(db_path, "manual")
    add(db_path, "After")

    report = restore_backup(db_path, good.path)

    assert titles(db_path) == ["Before"]
    assert report.safety_copy is not None and titles(report.safety_copy) == ["After", "Before"]
    assert report.revision == migrate.head_revision()
    assert not Path(f"{db_path}-wal").exists()
    assert not Path(f"{db_path}.lock").exists()
    db = open_database(db_path, create=True)
    db.dispose()
    assert titles(db_path) == ["Before"]


def test_restore_is_refused_while_another_process_holds_the_lock(db_path: Path) -> None:
    add(db_path, "Live")
    good = make_backup(db_path, "manual")
    add(db_path, "Newer")
    before = db_path.read_bytes()

    with DatabaseLock(db_path, purpose="EU-NATO Desk"), pytest.raises(LockedError) as info:
        restore_backup(db_path, good.path)

    assert "EU-NATO Desk on this computer" in info.value.message
    assert str(db_path) in info.value.message
    assert db_path.read_bytes() == before
    assert len(list_backups(db_path)) == 1


def test_the_app_restores_under_the_lock_it_holds(db_path: Path) -> None:
    add(db_path, "Old")
    good = make_backup(db_path, "manual")
    add(db_path, "New")
    with DatabaseLock(db_path) as lock:
        restore_backup(db_path, good.path, lock=lock)
        assert lock.held
    assert titles(db_path) == ["Old"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"", "empty"), (b"plain text, no database\n" * 50, "not an SQLite database")],
)
def test_a_bad_backup_is_refused_and_nothing_changes(
    db_path: Path, tmp_path: Path, content: bytes, expected: str
) -> None:
    add(db_path, "Keep")
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    before = db_path.read_bytes()

    with pytest.raises(DatabaseError) as info:
        restore_backup(db_path, bad)

    assert str(bad) in info.value.message and expected in info.value.message
    assert db_path.read_bytes() == before
    assert list_backups(db_path) == []


def test_a_backup_from_a_newer_app_is_refused(db_path: Path, tmp_path: Path) -> None:
    add(db_path, "Keep")
    newer = make_backup(db_path, "x").path
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    conn.commit()
    conn.close()

    with pytest.raises(
        DatabaseError, match=r"newer version of EU-NATO Desk \(schema ffff_future\)"
    ):
        restore_backup(db_path, newer)
    assert titles(db_path) == ["Keep"]


def test_restoring_over_a_damaged_database_sets_it_aside(db_path: Path) -> None:
    add(db_path, "Good")
    good = make_backup(db_path, "manual")
    damaged = bytearray(db_path.read_bytes())
    damaged[4096 : 4096 + 512] = b"\xff" * 512
    db_path.write_bytes(bytes(damaged))

    report = restore_backup(db_path, good.path)

    assert report.safety_copy is None
    [aside] = [p for p in report.set_aside if p.suffix == ".sqlite3"]
    assert aside.read_bytes() == bytes(damaged)
    assert aside.name.startswith("desk.replaced-")
    assert all(p.name.startswith(aside.name) for p in report.set_aside)
    assert titles(db_path) == ["Good"]


def test_restore_folds_and_removes_the_wal_left_by_a_crash(db_path: Path) -> None:
    add(db_path, "Backed up")
    good = make_backup(db_path, "manual")
    crash = (
        "import os, signal, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('PRAGMA wal_autocheckpoint=0')\n"
        "conn.execute(\"UPDATE interaction SET title = 'Only in the WAL'\")\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run([sys.executable, "-c", crash, str(db_path)], timeout=60, check=False)
    assert proc.returncode == -signal.SIGKILL
    assert Path(f"{db_path}-wal").stat().st_size > 0

    report = restore_backup(db_path, good.path)

    assert report.safety_copy is not None and titles(report.safety_copy) == ["Only in the WAL"]
    assert not Path(f"{db_path}-wal").exists()
    assert titles(db_path) == ["Backed up"]
    assert quick_check(db_path) == "ok"
    assert not [p for p in db_path.parent.iterdir() if ".replaced-" in p.name]


def test_restore_refuses_the_database_itself(db_path: Path) -> None:
    add(db_path, "One")
    with pytest.raises(DatabaseError, match="is the database itself"):
        restore_backup(db_path, db_path)


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_failed_backup_leaves_no_partial_file(db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "x.sqlite3"
    with pytest.raises(DatabaseError, match="Backup of"):
        make_backup(tmp_path / "missing.sqlite3", "manual")
    assert not target.exists()
    assert not list((tmp_path / "backups").glob("*.partial"))
