"""The rule of ``core.storage.opening``: a command that only reads skips SQLite's full-file
``quick_check`` (the cheap checks still refuse what they find); every command that writes
still runs it before its first write. A read that reaches a damaged page stops with a
sentence and writes nothing; a write on the same file is refused before anything is written,
with the newest good backup offered. After a crash (a leftover -wal) a read waits for the full
check, as a write does. Real processes, on a real file."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from eunato_desk.core.errors import DatabaseError
from eunato_desk.core.storage import opening
from eunato_desk.core.storage.backup import make_backup
from eunato_desk.core.storage.opening import open_database
from tests.helpers import crash_leaving_wal

QUARTER = ["--quarter", "2018Q2"]
# The commands that only read, in their two ways: straight from the file (dates only), and
# through the core (a filter by area or organisation: rows of the quarter match both).
READS = {
    "list": ["list", *QUARTER, "--format", "csv"],
    "export": ["export", *QUARTER, "-o", "{out}"],
    "list through the core": ["list", *QUARTER, "--area", "1"],
    "export through the core": ["export", *QUARTER, "--org", "EDA", "-o", "{out}"],
}
LOG = ["log", "--title", "Talks", "--date", "2018-05-03", "--type", "Workshop", "--officer", "A"]


@pytest.fixture
def desk(run_cli, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A database with demo interactions (2018 among them) and a good backup beside it."""
    path = tmp_path / "desk" / "desk.sqlite3"
    path.parent.mkdir()
    assert run_cli("--db", path, "db", "upgrade").code == 0
    assert run_cli("--db", path, "demo", "--interactions", "400").code == 0
    make_backup(path, "manual")
    return path


def damage_table(path: Path, table: str) -> None:
    """Overwrite the page type of ``table``'s root page: SQLite refuses that page when a read
    reaches it, and ``quick_check`` reports it; page 1, the schema and the header are intact,
    so the cheap checks pass."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        page = root.fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    with path.open("r+b") as fh:
        fh.seek((page - 1) * size)
        fh.write(b"\x00" * 8)
    assert not quick_check_passes(path)


def quick_check_passes(path: Path) -> bool:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    except sqlite3.DatabaseError:  # "database disk image is malformed"
        return False
    finally:
        conn.close()


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def args_of(command: list[str], out: Path) -> list[str]:
    return [arg.replace("{out}", str(out)) for arg in command]


@pytest.mark.parametrize("read", list(READS))
def test_a_read_that_reaches_a_damaged_page_says_so_and_writes_nothing(
    run_cli, desk: Path, tmp_path: Path, read: str
) -> None:  # type: ignore[no-untyped-def]
    damage_table(desk, "interaction")
    before = fingerprint(desk)
    out = tmp_path / "q2.csv"
    result = run_cli("--db", desk, *args_of(READS[read], out))
    assert result.code == 1, result
    assert "the database is damaged" in result.err and "eunato-desk db check" in result.err
    assert "Traceback" not in result.err and result.out == ""
    assert fingerprint(desk) == before
    assert not out.exists() and not list(tmp_path.glob("*.csv*"))


def test_a_write_on_the_same_file_is_refused_before_writing(run_cli, desk: Path) -> None:  # type: ignore[no-untyped-def]
    damage_table(desk, "interaction")
    before = fingerprint(desk)
    result = run_cli("--db", desk, *LOG)
    assert result.code == 1, result
    assert "the database is damaged" in result.err
    assert "The file has not been changed." in result.err and "newest good backup" in result.err
    assert fingerprint(desk) == before


def test_reads_skip_the_full_check_and_writes_do_not(run_cli, desk: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Damage in a table the reads never reach (the audit trail): they answer, because they
    do not read the whole file; every write is refused, because it does, first."""
    damage_table(desk, "audit_log")
    before = fingerprint(desk)
    listed = run_cli("--db", desk, *READS["list"])
    assert listed.code == 0, listed
    assert listed.out.count("\n2018-0") == 0 and listed.out.count(",2018-0") > 5
    out = tmp_path / "q2.csv"
    exported = run_cli("--db", desk, *args_of(READS["export"], out))
    assert exported.code == 0 and out.read_text(encoding="utf-8-sig").count("2018-0") > 5
    for write in (LOG, ["demo", "--interactions", "1"], ["types", "add", "Visit"]):
        refused = run_cli("--db", desk, *write)
        assert refused.code == 1 and "the database is damaged" in refused.err, refused
    assert fingerprint(desk) == before


def test_after_a_crash_a_read_waits_for_the_full_check(
    desk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Which full-file check each open runs before it returns: none for a read, quick_check
    for a write; with a leftover -wal, integrity_check for both."""
    seen: list[str | None] = []
    real = opening.examine

    def spy(path: Path, *, check: str | None, known: frozenset[str]):  # type: ignore[no-untyped-def]
        seen.append(check)
        return real(path, check=check, known=known)

    monkeypatch.setattr(opening, "examine", spy)

    def checks(open_it) -> list[str | None]:  # type: ignore[no-untyped-def]
        seen.clear()
        open_it()
        return list(seen)

    def quick() -> None:
        with opening.quick_read(desk) as conn:
            assert conn is not None and conn.execute("SELECT count(*) FROM interaction")

    assert checks(lambda: open_database(desk, reading=True).dispose()) == [None]
    assert checks(quick) == [None]
    assert checks(lambda: open_database(desk).dispose()) == [None, "quick_check"]
    crash_leaving_wal(desk)
    assert checks(quick) == [None, "integrity_check"]
    assert checks(lambda: open_database(desk, reading=True).dispose()) == [None, "integrity_check"]


def test_a_wal_of_another_database_is_refused_to_a_read(
    run_cli, desk: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other.sqlite3"
    assert run_cli("--db", other, "db", "upgrade").code == 0
    assert run_cli("--db", other, "demo", "--interactions", "30", "--seed", "5").code == 0
    crash_leaving_wal(other)
    shutil.copyfile(f"{other}-wal", f"{desk}-wal")
    before = fingerprint(desk)
    result = run_cli("--db", desk, *READS["list"])
    assert result.code == 1, result
    assert "The file has not been changed." in result.err and "Traceback" not in result.err
    assert fingerprint(desk) == before


def test_a_handle_opened_for_reading_refuses_every_write(desk: Path) -> None:
    from eunato_desk.core.demo import generate_demo_data

    db = open_database(desk, reading=True)
    try:
        assert db.deep_check_due == "quick_check"  # never run: the handle only reads
        with pytest.raises(DatabaseError, match="opened for reading only"):
            generate_demo_data(db, 1, seed=2)
    finally:
        db.dispose()


def test_a_read_of_an_older_database_upgrades_it_as_a_write_would(run_cli, desk: Path) -> None:  # type: ignore[no-untyped-def]
    """A file that must be upgraded before it can be read: the read takes the lock, backs it
    up, checks, upgrades and completes the reference data (``needs_writing``), then lists."""
    from eunato_desk.core.storage import migrate

    migrate.downgrade(desk, "0006")  # before the reference lists' second version
    backups = set((desk.parent / "backups").iterdir())
    listed = run_cli("--db", desk, *READS["list"])
    assert listed.code == 0 and listed.out.count(",2018-0") > 5, listed
    assert migrate.current_revision(desk) == migrate.head_revision()
    made = set((desk.parent / "backups").iterdir()) - backups
    assert [p.name for p in made if "before-upgrade-from-0006" in p.name], made
    seed = "SELECT value FROM meta WHERE key = 'reference_seed_version'"
    conn = sqlite3.connect(f"file:{desk}?mode=ro", uri=True)
    try:
        assert conn.execute(seed).fetchone() != ("1",)
    finally:
        conn.close()
