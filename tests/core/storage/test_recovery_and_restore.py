"""Right data after a crash or a restore: a -wal from a copy that went its own way is caught by
the full check before anything is written; a restore copies through SQLite, so the source's
last saves (still in its -wal) come along; stale leftovers of interrupted backups and restores
are cleared; files written beside the database keep its permissions."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eunato_desk.core.interactions import create_interaction
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.core.storage.backup import make_backup, remove_stale_leftovers, restore_backup
from eunato_desk.core.storage.integrity import RefusedDatabaseError
from eunato_desk.core.storage.lock import DatabaseLock
from eunato_desk.core.storage.opening import open_database


def add(path: Path, *titles: str) -> None:
    db = open_database(path, create=True)
    try:
        for title in titles:
            create_interaction(
                db,
                InteractionInput(
                    title=title,
                    type="Workshop",
                    start_date=dt.date(2019, 2, 1),
                    summary="words " * 50,
                    links=(LinkInput(5), LinkInput(44)),
                ),
                officer="Anna",
            )
    finally:
        db.dispose()


def titles(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in conn.execute("SELECT title FROM interaction"))
    finally:
        conn.close()


def save_and_die(path: Path, title: str) -> None:
    """Another process saves an interaction (with its index entries) and is killed before
    any checkpoint: the save is only in the -wal."""
    code = (
        "import os, signal, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('PRAGMA wal_autocheckpoint=0')\n"
        "conn.execute('BEGIN')\n"
        'conn.execute("INSERT INTO interaction (uuid, title, type_id, start_date, status, '
        "summary, outcome, location, created_at, updated_at, created_by, updated_by, "
        "marking_id, tags) SELECT lower(hex(randomblob(16))), ?, type_id, start_date, status, "
        "summary, outcome, location, created_at, updated_at, created_by, updated_by, "
        'marking_id, tags FROM interaction LIMIT 1", (sys.argv[2],))\n'
        "conn.execute('COMMIT')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(path), title], check=False)
    assert proc.returncode == -signal.SIGKILL
    assert Path(f"{path}-wal").stat().st_size > 0


def sqlite_copy(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def test_a_wal_from_a_copy_that_went_its_own_way_is_refused_before_any_write(tmp_path):
    a = tmp_path / "a" / "desk.sqlite3"
    b = tmp_path / "b" / "desk.sqlite3"
    a.parent.mkdir()
    b.parent.mkdir()
    add(a, *(f"Shared {i}" for i in range(30)))
    good = make_backup(a, "manual")
    sqlite_copy(a, b)
    add(a, "Only on this laptop")  # checkpointed on close
    save_and_die(b, "Only on the other copy")
    os.replace(f"{b}-wal", f"{a}-wal")  # e.g. a sync client brought the other copy's -wal
    before = a.read_bytes(), Path(f"{a}-wal").read_bytes()

    with DatabaseLock(a, purpose="test"), pytest.raises(RefusedDatabaseError) as info:
        open_database(a)

    assert info.value.kind in ("damaged", "stray-wal")
    # Which index the foreign frames break depends on the random UUIDs; quick_check usually
    # passes such a file, the full integrity_check does not.
    assert "index" in info.value.message or "malformed" in info.value.message
    assert info.value.backup is not None and info.value.backup.path == good.path
    assert (a.read_bytes(), Path(f"{a}-wal").read_bytes()) == before


def test_a_crash_leaves_a_wal_that_belongs_and_the_full_check_passes(tmp_path):
    path = tmp_path / "desk.sqlite3"
    add(path, "Before the crash")
    save_and_die(path, "Saved just before the crash")
    db = open_database(path)
    db.dispose()
    assert titles(path) == ["Before the crash", "Saved just before the crash"]


def test_the_gui_open_defers_a_full_integrity_check_after_a_crash(tmp_path):
    path = tmp_path / "desk.sqlite3"
    add(path, "Before the crash")
    db = open_database(path, defer_deep_check=True)
    assert db.deep_check_due == "quick_check"
    db.dispose()
    save_and_die(path, "Saved just before the crash")
    db = open_database(path, defer_deep_check=True)
    assert db.deep_check_due == "integrity_check"
    db.dispose()


def test_restore_takes_the_sources_last_saves_from_its_wal(tmp_path):
    source = tmp_path / "elsewhere" / "laptop.sqlite3"
    source.parent.mkdir()
    add(source, "In the main file")
    save_and_die(source, "Only in the source's -wal")
    target = tmp_path / "desk.sqlite3"
    add(target, "To be replaced")

    restore_backup(target, source)

    assert titles(target) == ["In the main file", "Only in the source's -wal"]
    assert not Path(f"{target}-wal").exists() or Path(f"{target}-wal").stat().st_size == 0


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_backups_and_restores_keep_the_databases_permissions(tmp_path):
    path = tmp_path / "desk.sqlite3"
    add(path, "Private")
    os.chmod(path, 0o600)
    info = make_backup(path, "manual")
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(info.path.parent.stat().st_mode) == 0o700
    restore_backup(path, info.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with DatabaseLock(path, purpose="test") as lock:
        assert stat.S_IMODE(lock.path.stat().st_mode) == 0o600


def test_stale_leftovers_of_interrupted_backups_and_restores_are_cleared(tmp_path):
    path = tmp_path / "desk.sqlite3"
    add(path, "One")
    info = make_backup(path, "manual")
    folder = info.path.parent
    stale = folder / "desk-20260101-090000-000000-auto.sqlite3.partial"
    stale_journal = folder / "desk-20260101-090000-000000-auto.sqlite3.partial-journal"
    fresh = folder / "desk-20260102-090000-000000-auto.sqlite3.partial"
    theirs = folder / "notes.partial"
    restoring = tmp_path / ".desk.sqlite3.restoring"
    for p in (stale, stale_journal, fresh, theirs, restoring):
        p.write_bytes(b"x")
    old = time.time() - 3600
    for p in (stale, stale_journal, theirs):
        os.utime(p, (old, old))

    removed = remove_stale_leftovers(path)

    assert set(removed) == {stale, stale_journal, restoring}
    assert fresh.exists() and theirs.exists() and info.path.exists()


def test_db_backup_leaves_no_wal_beside_a_clean_database(run_cli, tmp_path):
    path = tmp_path / "desk.sqlite3"
    assert run_cli("--db", path, "db", "upgrade").code == 0
    assert not Path(f"{path}-wal").exists()
    result = run_cli("--db", path, "db", "backup")
    assert result.code == 0, result
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
