"""The data-safety commands: db backup / backups / restore (``cli.db``), history
(``cli.history``), and the lock that writing commands take (``cli.guard``).

They run in this process through the real parser and ``cli.main.main`` (the same error
handling as the installed command), so their output and exit codes are captured directly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from eunato_desk.cli import guard
from eunato_desk.cli.main import build_parser, main
from eunato_desk.core.errors import DatabaseError, DeskError
from eunato_desk.core.interactions import create_interaction
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.core.storage.backup import list_backups, make_backup
from eunato_desk.core.storage.lock import DatabaseLock, lock_path_for, read_owner
from tests.helpers import open_db

LOG = ["log", "--title", "x", "--date", "2019-02-01", "--type", "Workshop"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``eunato-desk ARGV`` in this process: exit code, stdout, stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def add(db_path: Path, title: str) -> str:
    db = open_db(db_path, create=True)
    try:
        return create_interaction(
            db,
            InteractionInput(title, "Workshop", dt.date(2019, 2, 1), links=(LinkInput(3),)),
            officer="Anna",
        ).uuid
    finally:
        db.dispose()


def test_db_backup_writes_a_checked_copy_into_backups(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(db_path, "One")
    code, out, err = run(capsys, "db", "backup", "--db", str(db_path))
    assert (code, err) == (0, "")
    [info] = list_backups(db_path)
    assert out.startswith(f"Backed up {db_path} to {info.path} (")
    assert "1 interaction)" in out and info.reason == "manual"


def test_db_backup_to_a_file_refuses_to_overwrite(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(db_path, "One")
    target = tmp_path / "copy.sqlite3"
    assert run(capsys, "db", "backup", "--to", str(target), "--db", str(db_path))[0] == 0
    assert target.stat().st_size > 0

    code, out, err = run(capsys, "db", "backup", "--to", str(target), "--db", str(db_path))

    assert (code, out) == (1, "")
    assert f"--to: {target} already exists" in err


def test_db_backup_of_a_missing_or_damaged_database_is_an_error(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "db", "backup", "--db", str(db_path))
    assert code == 1 and f"no database at {db_path}" in err
    db_path.write_text("not a database")
    code, _out, err = run(capsys, "db", "backup", "--db", str(db_path))
    assert code == 1 and "not an SQLite database" in err
    assert not (db_path.parent / "backups").exists()


def test_db_backups_lists_them_in_every_format(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(db_path, "One")
    make_backup(db_path, "first", now=lambda: dt.datetime(2026, 1, 1, 9))
    add(db_path, "Two")
    make_backup(db_path, "second", now=lambda: dt.datetime(2026, 1, 2, 9))

    code, out, _ = run(capsys, "db", "backups", "--format", "json", "--db", str(db_path))
    rows = json.loads(out)
    assert code == 0
    assert [(r["created"], r["reason"], r["interactions"]) for r in rows] == [
        ("2026-01-02 09:00:00", "second", 2),
        ("2026-01-01 09:00:00", "first", 1),
    ]
    code, out, _ = run(capsys, "db", "backups", "--format", "csv", "--db", str(db_path))
    assert next(csv.reader(io.StringIO(out))) == [
        "created",
        "reason",
        "interactions",
        "size",
        "path",
    ]
    code, out, _ = run(capsys, "db", "backups", "--db", str(db_path))
    assert "second" in out.splitlines()[1] and out.rstrip().endswith("(2 rows)")


def test_db_restore_puts_a_backup_back_and_keeps_the_current_one(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(db_path, "In the backup")
    good = make_backup(db_path, "manual")
    later = add(db_path, "Added later")

    code, out, err = run(capsys, "db", "restore", str(good.path), "--db", str(db_path))

    assert (code, err) == (0, "")
    assert f"Restored {db_path} from {good.path}" in out
    assert "is backed up as" in out
    code, out, err = run(capsys, "history", "--interaction", later, "--db", str(db_path))
    assert code == 1 and f"No interaction with id {later}" in err


def test_db_restore_is_refused_while_the_app_has_the_database(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(db_path, "One")
    good = make_backup(db_path, "manual")
    before = db_path.read_bytes()
    with DatabaseLock(db_path, purpose="EU-NATO Desk"):
        code, out, err = run(capsys, "db", "restore", str(good.path), "--db", str(db_path))
    assert (code, out) == (1, "")
    assert "is in use by EU-NATO Desk on this computer" in err
    assert db_path.read_bytes() == before


def test_db_restore_of_a_missing_file_is_a_user_error(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(db_path, "One")
    code, _out, err = run(capsys, "db", "restore", str(tmp_path / "nope"), "--db", str(db_path))
    assert code == 1 and "FILE: " in err and "no such file" in err


@pytest.mark.backends("sqlite", "postgresql")
def test_history_in_every_format(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    uuid = add(db_path, "Staff talks")

    code, out, _ = run(capsys, "history", "--interaction", uuid, "--format", "json",
                       "--db", str(db_path))  # fmt: skip
    rows = json.loads(out)
    assert code == 0
    assert [(r["officer"], r["field"], r["new"]) for r in rows] == [
        ("Anna", "created", "Staff talks"),
        ("Anna", "link", "3"),
    ]
    code, out, _ = run(capsys, "history", "--action", "3", "--format", "csv", "--db", str(db_path))
    header, first = list(csv.reader(io.StringIO(out)))[:2]
    assert header == ["at", "officer", "about", "field", "old", "new", "login"]
    assert first[2:4] == ["action 3", "created"]
    code, out, _ = run(capsys, "history", "--interaction", uuid, "--db", str(db_path))
    assert out.splitlines()[0].split() == ["at", "officer", "about", "field", "old", "new"]


@pytest.mark.backends("sqlite", "postgresql")
def test_history_needs_exactly_one_of_interaction_or_action(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args(["history", "--action", "3", "--interaction", "x"])
    assert info.value.code == 2
    with pytest.raises(SystemExit):
        build_parser().parse_args(["history"])
    assert "one of the arguments --interaction --action is required" in capsys.readouterr().err


def test_writing_commands_take_the_lock_and_reading_ones_do_not(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(db_path, "One")
    log = build_parser().parse_args([*LOG, "--db", str(db_path)])
    listing = build_parser().parse_args(["list", "--db", str(db_path)])
    assert guard.writes(log, db_path)
    assert not guard.writes(listing, db_path)
    with guard.command_guard(log, db_path):
        owner = read_owner(db_path)
        assert owner is not None and owner.purpose == "the command line (eunato-desk log)"
    assert not lock_path_for(db_path).exists()

    with DatabaseLock(db_path, purpose="EU-NATO Desk"):
        with guard.command_guard(listing, db_path):
            pass  # reading while the app is open is fine
        with (
            pytest.raises(DeskError, match="is in use by EU-NATO Desk"),
            guard.command_guard(log, db_path),
        ):
            pass


def test_reading_a_missing_database_needs_no_lock_and_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = tmp_path / "typo" / "new.sqlite3"
    listing = build_parser().parse_args(["list", "--db", str(new)])
    assert not guard.writes(listing, new)
    with (
        pytest.raises(DatabaseError, match="create it with `eunato-desk db upgrade`"),
        guard.command_guard(listing, new),
    ):
        pass
    assert not new.parent.exists()
