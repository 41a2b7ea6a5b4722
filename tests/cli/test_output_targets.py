"""`export -o`, `dossier -o` and `report -o` never overwrite the database, its side files, its
backups, another SQLite database or a read-only file; an existing file only with --force."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.storage.lock import DatabaseLock

COMMANDS = {
    "export": (("export", "--quarter", "2018Q2"), ".csv"),
    "dossier": (("dossier", "--action", "43"), ".html"),
    "report": (("report", "--period", "3"), ".odt"),
}


@pytest.fixture
def desk(db, db_path: Path, run_cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A database with data and a backup; this process keeps it open, so its -wal exists."""
    backup = run_cli("--db", db_path, "db", "backup")
    assert backup.code == 0, backup
    generate_demo_data(db, 60, seed=5)
    assert Path(f"{db_path}-wal").exists()
    return db_path


def snapshot(paths: list[Path]) -> list[str]:
    """SHA-256 of each file, read by another process: this one has the database open, and
    closing a descriptor of its own on the database would drop SQLite's locks."""
    code = (
        "import hashlib, sys\n"
        "for p in sys.argv[1:]: print(hashlib.sha256(open(p, 'rb').read()).hexdigest())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *map(str, paths)], capture_output=True, text=True, check=True
    ).stdout
    return out.split()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_database_and_its_files_are_refused_even_with_force(
    desk: Path, run_cli, tmp_path: Path, command: str
) -> None:
    args, suffix = COMMANDS[command]
    other = tmp_path / f"other{suffix}"  # an SQLite database, whatever its name says
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.close()
    link = tmp_path / f"link{suffix}"
    link.symlink_to(desk)
    read_only = tmp_path / f"read-only{suffix}"
    read_only.write_bytes(b"keep me")
    read_only.chmod(0o444)
    backup = next((tmp_path / "backups").iterdir())
    wal, lock_file = Path(f"{desk}-wal"), Path(f"{desk}.lock")
    cases = [
        (desk, "is the database itself"),
        (wal, f"belongs to the database (its write-ahead log, {wal.name})"),
        (lock_file, f"belongs to the database (its lock file, {lock_file.name})"),
        (backup, "is in the database's backups folder"),
        (other, "is an SQLite database, never replaced; choose another file."),
        (link, "is the database itself"),
        (read_only, "is read-only; choose another file."),
    ]
    with DatabaseLock(desk, purpose="the test"):  # so that <db>.lock exists
        files = [desk, wal, lock_file, backup, other, read_only]
        before = snapshot(files)
        runs = [(desk, "is the database itself", ())]  # refused with or without --force
        runs += [(target, reason, ("--force",)) for target, reason in cases]
        for target, reason, force in runs:
            res = run_cli("--db", desk, *args, "-o", target, *force)
            assert res.code == 1, (target, res)
            assert res.err.startswith(f"eunato-desk: error: -o: {target} "), res
            assert reason in res.err and res.err.count("\n") == 1, res
            assert res.out == "", res
        assert snapshot(files) == before
    assert link.is_symlink() and link.resolve() == desk.resolve()
    leftovers = [p.name for p in tmp_path.rglob(".*.part")]
    assert leftovers == []


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_existing_file_is_replaced_only_with_force(
    desk: Path, run_cli, tmp_path: Path, command: str
) -> None:
    args, suffix = COMMANDS[command]
    target = tmp_path / f"out{suffix}"
    target.write_bytes(b"yesterday's file")
    res = run_cli("--db", desk, *args, "-o", target)
    assert res.code == 1, res
    assert res.err == (
        f"eunato-desk: error: -o: {target} already exists; use --force to replace it.\n"
    )
    assert target.read_bytes() == b"yesterday's file"

    res = run_cli("--db", desk, *args, "-o", target, "--force")
    assert res.code == 0, res
    data = target.read_bytes()
    magic = {".csv": b"\xef\xbb\xbfuuid,title,", ".html": b"<!DOCTYPE html>", ".odt": b"PK"}
    assert data.startswith(magic[suffix]), data[:40]
    assert sorted(p.name for p in tmp_path.glob(".*.part")) == []


def test_a_new_file_needs_no_force_and_the_help_says_what_is_refused(
    desk: Path, run_cli, tmp_path: Path
) -> None:
    res = run_cli("--db", desk, "export", "--quarter", "2018Q2", "-o", "new.csv")
    assert res.code == 0, res
    assert (tmp_path / "new.csv").read_bytes().startswith(b"\xef\xbb\xbfuuid,")
    for command in COMMANDS:
        help_text = run_cli(command, "--help").out
        assert "--force" in help_text and "never the database" in " ".join(help_text.split())


@pytest.mark.skipif(os.name != "posix", reason="symbolic links to folders")
def test_the_database_reached_through_a_linked_folder_is_refused(
    desk: Path, run_cli, tmp_path: Path
) -> None:
    alias = tmp_path / "alias"
    alias.symlink_to(tmp_path, target_is_directory=True)
    before = snapshot([desk])
    res = run_cli("--db", desk, "export", "--quarter", "2018Q2", "-o", alias / desk.name, "--force")
    assert res.code == 1 and "is the database itself" in res.err, res
    assert snapshot([desk]) == before
