"""`show` and `edit` through real subprocesses: the whole record with its version, each field
changed alone, `--if-version` (a mismatch is one sentence, exit 1, nothing changed), refused
values (exit 2, naming the option), and several processes writing at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import query

RunCli = Callable[..., Any]
ROW = (
    "SELECT i.title, i.start_date, t.name, i.summary, i.outcome, i.status, m.name, i.version, "
    "i.updated_by FROM interaction i JOIN interaction_type t ON t.id = i.type_id "
    "JOIN handling_marking m ON m.id = i.marking_id"
)
LINKS = "SELECT a.number FROM interaction_action l JOIN action a ON a.id = l.action_id ORDER BY 1"


@pytest.fixture
def logged(run_cli: RunCli, db_path: Path) -> str:
    assert run_cli("--db", db_path, "db", "upgrade").code == 0
    done = run_cli(
        "--db", db_path, "log", "--title", "Staff talks on mobility", "--date", "2018-03-01",
        "--type", "Workshop", "--action", "3", "--summary", "Line one\nLine two",
        "--officer", "Anna Virtanen",
    )  # fmt: skip
    assert done.code == 0, done
    return done.out.strip()


def test_show_prints_the_whole_record_with_its_version(run_cli, db_path, logged) -> None:
    shown = run_cli("--db", db_path, "show", logged)
    assert shown.code == 0, shown
    lines = shown.out.splitlines()
    assert lines[:4] == [
        f"UUID:          {logged}",
        "Version:       1",
        "Title:         Staff talks on mobility",
        "Type:          Workshop",
    ]
    assert "Actions:" in lines and "  Line two" in lines
    as_json = run_cli("--db", db_path, "show", logged, "--format", "json")
    whole = json.loads(as_json.out)
    assert list(whole) == [
        "uuid", "version", "title", "type", "start_date", "start_time", "end_date", "end_time",
        "status", "location", "format", "marking", "tags", "actions", "organisations",
        "countries", "participants", "summary", "outcome", "created_at", "created_by",
        "updated_at", "updated_by", "deleted_at", "follow_ups",
    ]  # fmt: skip
    assert (whole["uuid"], whole["version"], whole["start_date"]) == (logged, 1, "2018-03-01")
    assert [a["number"] for a in whole["actions"]] == [3]
    assert whole["created_by"] == "Anna Virtanen" and whole["created_at"].endswith("Z")


def test_show_an_unknown_uuid(run_cli, db_path, logged) -> None:
    shown = run_cli("--db", db_path, "show", "no-such-id")
    assert (shown.code, shown.out) == (1, "")
    assert shown.err == "eunato-desk: error: No interaction with id no-such-id.\n"


@pytest.mark.parametrize(
    ("option", "value", "column", "stored"),
    [
        ("--title", "New title", 0, "New title"),
        ("--date", "2018-04-02", 1, "2018-04-02"),
        ("--type", "staff talks", 2, "Staff talks"),
        ("--summary", "Shorter", 3, "Shorter"),
        ("--outcome", "Agreed", 4, "Agreed"),
        ("--status", "postponed", 5, "postponed"),
        ("--marking", "LIMITE", 6, "LIMITE"),
    ],
)
def test_edit_changes_only_the_field_given(
    run_cli, db_path, logged, option, value, column, stored
) -> None:
    before = query(db_path, ROW)[0]
    done = run_cli("--db", db_path, "edit", logged, option, value, "--officer", "Ben Okafor")
    assert done.code == 0, done
    assert done.out == f"Saved {logged} (now version 2).\n"
    after = query(db_path, ROW)[0]
    expected = list(before)
    expected[column] = stored
    expected[7:] = [2, "Ben Okafor"]
    assert list(after) == expected
    assert query(db_path, LINKS) == [(3,)]


def test_edit_adds_and_removes_actions(run_cli, db_path, logged) -> None:
    done = run_cli(
        "--db", db_path, "edit", logged, "--add-action", "43", "--add-action", "44",
        "--remove-action", "3",
    )  # fmt: skip
    assert done.code == 0, done
    assert query(db_path, LINKS) == [(43,), (44,)]
    assert query(db_path, "SELECT version FROM interaction") == [(2,)]


def test_if_version_saves_only_over_that_version(run_cli, db_path, logged) -> None:
    first = run_cli("--db", db_path, "edit", logged, "--outcome", "Ben's", "--if-version", "1",
                    "--officer", "Ben Okafor")  # fmt: skip
    assert first.code == 0, first
    before = query(db_path, "SELECT * FROM interaction")
    late = run_cli("--db", db_path, "edit", logged, "--outcome", "Anna's", "--if-version", "1",
                   "--officer", "Anna Virtanen")  # fmt: skip
    assert (late.code, late.out) == (1, "")
    stamp = query(db_path, "SELECT updated_at FROM interaction")[0][0]
    when = f"{stamp[:10]} {stamp[11:16]} UTC"
    assert late.err == (
        f"eunato-desk: error: Not saved: interaction {logged} was changed after you read it "
        f"(now version 2; you had version 1), last edited by Ben Okafor at {when}. "
        f"Run `eunato-desk show {logged}` and edit again.\n"
    )
    assert query(db_path, "SELECT * FROM interaction") == before


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--date", "2018-02-30"), "--date: '2018-02-30' is not a date"),
        (("--type", "Tea party"), "--type: "),
        (("--title", "  "), "--title: a title is required."),
        (("--marking", "TOP SECRET"), "--marking: "),
        (("--add-action", "999"), "--add-action: there is no active action number 999"),
        (("--add-action", "3"), "--add-action: action 3 is already linked."),
        (("--remove-action", "5"), "--remove-action: action 5 is not linked"),
        ((), "give at least one field to change"),
        (("--status", "done"), "argument --status: invalid choice"),
    ],
)
def test_refused_values_exit_2_naming_the_option(run_cli, db_path, logged, args, said) -> None:
    before = query(db_path, "SELECT * FROM interaction")
    done = run_cli("--db", db_path, "edit", logged, *args)
    assert done.code == 2, done
    assert said in done.err.splitlines()[-1], done.err  # the last line says what is wrong
    assert query(db_path, "SELECT * FROM interaction") == before


def test_edit_an_unknown_uuid_or_one_in_the_trash(run_cli, db_path, logged, db) -> None:
    unknown = run_cli("--db", db_path, "edit", "no-such-id", "--title", "X")
    assert unknown.code == 1 and "No interaction with id no-such-id." in unknown.err
    from eunato_desk.core import interactions

    interactions.delete_interactions(db, [logged])
    trashed = run_cli("--db", db_path, "edit", logged, "--title", "X")
    assert trashed.code == 1 and "is in the Trash; restore it" in trashed.err


def test_several_processes_at_once_every_acknowledged_save_is_there(
    db_path, logged, tmp_path
) -> None:
    """Editors and loggers side by side. On SQLite the lock file serialises writing commands:
    one may be refused while another holds it (exit 1, naming the holder); every save a
    process acknowledged is in the database, and the version counts the edits exactly."""
    command = [sys.executable, "-m", "eunato_desk", "--db", str(db_path)]
    edits = {n: [*command, "edit", logged, "--add-action", str(n)] for n in (43, 44, 45, 46)}
    logs = {
        n: [
            *command,
            "log",
            "--title",
            f"Meeting {n}",
            "--date",
            "2018-05-01",
            "--type",
            "Workshop",
        ]
        for n in range(4)
    }
    jobs = {
        **{("edit", n): a for n, a in edits.items()},
        **{("log", n): a for n, a in logs.items()},
    }
    procs = {
        key: subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
            env=dict(os.environ), stdin=subprocess.DEVNULL,
        )
        for key, args in jobs.items()
    }  # fmt: skip
    results = {key: (p.wait(timeout=120), *p.communicate()) for key, p in procs.items()}
    for (_kind, _n), (code, _out, err) in results.items():
        assert code == 0 or (code == 1 and "may change a database at a time" in err), err
    assert any(code == 0 for code, _o, _e in results.values())
    edited = sorted(
        n for (kind, n), (code, _o, _e) in results.items() if kind == "edit" and not code
    )
    linked = [n for (n,) in query(db_path, LINKS)]
    assert linked == [3, *edited]
    assert query(db_path, "SELECT version FROM interaction WHERE uuid = ?", logged) == [
        (1 + len(edited),)
    ]
    titles = {t for (t,) in query(db_path, "SELECT title FROM interaction")}
    for (kind, n), (code, out, _e) in results.items():
        if kind == "log" and code == 0:
            assert f"Meeting {n}" in titles
            assert query(db_path, "SELECT title FROM interaction WHERE uuid = ?", out.strip())
