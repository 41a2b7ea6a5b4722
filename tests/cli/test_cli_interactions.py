"""The command line through a real subprocess: `log`, `list` with its filters, and `demo`."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import uuid as uuid_mod
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.interactions import create_interaction
from eunato_desk.core.records import InteractionInput, LinkInput
from tests.helpers import open_db, query

RunCli = Callable[..., Any]  # the conftest fixture: run_cli(*args, env=None) -> CliResult
D = dt.date


def run_all(calls: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Independent commands side by side (each one is a separate process)."""
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {name: pool.submit(call) for name, call in calls.items()}
        return {name: f.result() for name, f in futures.items()}


def test_log_prints_a_uuid_that_list_then_shows(
    run_cli: RunCli, db_path: Path, isolated_user_dirs: Path
) -> None:
    path = db_path
    assert run_cli("--db", path, "db", "upgrade").code == 0
    config = Path(os.environ["EUNATO_DESK_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    officer = "Officer From Settings"
    config.write_text(json.dumps({"officer_name": officer}), encoding="utf-8")

    logged = run_cli(
        "--db", path, "log",
        "--title", "Staff talks on maritime awareness",
        "--date", "2018-05-14",
        "--type", "staff talks",
        "--action", "43", "--action", "3",
        "--org", "EEAS", "--org", "Allied Maritime Command",
        "--country", "Tunisia", "--country", "gr",
        "--summary", "Both staffs presented their work.",
        "--outcome", "Follow-up in Q3.",
        "--location", "Northwood",
        "--status", "planned",
    )  # fmt: skip

    assert logged.code == 0, logged
    assert logged.err == ""
    new_uuid = logged.out.strip()
    assert logged.out == new_uuid + "\n"
    assert str(uuid_mod.UUID(new_uuid)) == new_uuid

    listed = run_cli("list", "--db", path, "--format", "json")
    assert listed.code == 0, listed
    rows = json.loads(listed.out)
    assert len(rows) == 1
    row = rows[0]
    assert row["uuid"] == new_uuid
    assert row["title"] == "Staff talks on maritime awareness"
    assert row["date"] == "2018-05-14"
    assert row["type"] == "Staff talks"
    assert row["status"] == "planned"
    assert row["actions"] == [3, 43]
    assert row["countries"] == ["Greece", "Tunisia"]
    assert row["organisations"] == ["EEAS", "MARCOM"]
    assert query(
        path,
        "SELECT summary, outcome, location, created_by FROM interaction WHERE uuid = ?",
        new_uuid,
    ) == [
        (
            "Both staffs presented their work.",
            "Follow-up in Q3.",
            "Northwood",
            "Officer From Settings",
        )
    ]


def test_log_with_bad_input_exits_1_naming_the_field(run_cli: RunCli, db_path: Path) -> None:
    path = db_path
    open_db(path, create=True).dispose()

    def log(title: str = "T", date: str = "2018-05-14", kind: str = "Workshop") -> tuple:
        return ("--db", path, "log", "--title", title, "--date", date, "--type", kind)

    wrong = {
        "type": log(kind="Tea party"),
        "date": log(date="2018-02-30"),
        "action": (*log(), "--action", "3", "--action", "75"),
    }
    # One after the other: each `log` takes the database's single-writer lock.
    run = {k: run_cli(*args) for k, args in wrong.items()}

    expected = {
        "type": "type: unknown interaction type 'Tea party'.",
        "date": "--date: '2018-02-30' is not a date: February 2018 has 28 days.",
        "action": "actions: there is no active action number 75.",
    }
    for name, message in expected.items():
        result = run[name]
        assert result.code == 1, (name, result)
        assert result.out == "", name
        assert result.err == f"eunato-desk: error: {message}\n", name
    assert query(path, "SELECT count(*) FROM interaction") == [(0,)]
    assert query(path, "SELECT count(*) FROM interaction_action") == [(0,)]


# (title, type, date, actions) — actions 1-10 and 43-49 are in area 1 in the shipped catalogue.
LIST_DATA = [
    ("Q1 last day", "Workshop", D(2018, 3, 31), (1,)),
    ("Q2 first day", "Seminar", D(2018, 4, 1), (20,)),
    ("Q2 middle", "Workshop", D(2018, 5, 15), (43, 20)),
    ("Q2 last day", "Staff talks", D(2018, 6, 30), (30,)),
    ("Q3 first day", "Seminar", D(2018, 7, 1), (2,)),
    ("Earlier year", "Workshop", D(2017, 5, 15), (43,)),
    ("Later year", "Other", D(2019, 5, 15), (60,)),
]


def test_list_filters_give_exactly_the_expected_interactions(
    run_cli: RunCli, db_path: Path
) -> None:
    path = db_path
    db = open_db(path, create=True)
    uuid_of = {}
    try:
        for title, kind, day, actions in LIST_DATA:
            record = create_interaction(
                db,
                InteractionInput(
                    title=title, type=kind, start_date=day, links=tuple(map(LinkInput, actions))
                ),
            )
            uuid_of[title] = record.uuid
    finally:
        db.dispose()
    area_of = dict(
        query(path, "SELECT a.number, r.code FROM action a LEFT JOIN area r ON r.id = a.area_id")
    )

    def expect(pred: Callable[[tuple], bool]) -> list[str]:
        chosen = sorted((row for row in LIST_DATA if pred(row)), key=lambda r: r[2])
        return [uuid_of[row[0]] for row in chosen]

    cases = {
        ("--quarter", "2018Q2"): expect(lambda r: D(2018, 4, 1) <= r[2] <= D(2018, 6, 30)),
        ("--from", "2018-03-31", "--to", "2018-05-15"): expect(
            lambda r: D(2018, 3, 31) <= r[2] <= D(2018, 5, 15)
        ),
        ("--action", "43"): expect(lambda r: 43 in r[3]),
        ("--area", "1"): expect(lambda r: any(area_of[n] == 1 for n in r[3])),
        ("--type", "Seminar"): expect(lambda r: r[1] == "Seminar"),
    }
    assert cases[("--quarter", "2018Q2")] == [
        uuid_of[t] for t in ("Q2 first day", "Q2 middle", "Q2 last day")
    ]
    run = run_all(
        {
            args: functools.partial(run_cli, "--db", path, "list", *args, "--format", "json")
            for args in cases
        }
    )
    for args, expected in cases.items():
        result = run[args]
        assert result.code == 0, (args, result)
        assert [row["uuid"] for row in json.loads(result.out)] == expected, args


def test_list_with_bad_filters_exits_1(run_cli: RunCli, db_path: Path) -> None:
    path = db_path
    open_db(path, create=True).dispose()
    run = run_all(
        {
            "quarter": functools.partial(run_cli, "--db", path, "list", "--quarter", "2018Q5"),
            "from": functools.partial(run_cli, "--db", path, "list", "--from", "01/02/2018"),
        }
    )
    assert {k: r.code for k, r in run.items()} == dict.fromkeys(run, 1)
    assert run["quarter"].err == (
        "eunato-desk: error: --quarter: '2018Q5' is not a quarter; write it like 2018Q2.\n"
    )
    assert run["from"].err.startswith("eunato-desk: error: --from: '01/02/2018' is not a date")
    assert all(r.out == "" for r in run.values())


def test_demo_then_list(run_cli: RunCli, db_path: Path) -> None:
    path = db_path
    assert run_cli("--db", path, "db", "upgrade").code == 0
    demo = run_cli("--db", path, "demo", "--interactions", "500", "--seed", "3")
    assert demo.code == 0, demo
    assert demo.out == f"Added 500 demo interactions to {path}.\n"

    listed = run_cli("--db", path, "list", "--format", "json")

    assert listed.code == 0, listed
    rows = json.loads(listed.out)
    in_range = query(
        path,
        "SELECT uuid FROM interaction WHERE start_date BETWEEN '2017-01-01' AND '2019-12-31'",
    )
    assert len(in_range) == 500
    assert len(rows) == len(in_range)
    assert {r["uuid"] for r in rows} == {u for (u,) in in_range}
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert all(1 <= len(r["actions"]) <= 3 for r in rows)
    assert all(len(r["countries"]) == 1 for r in rows)


def test_demo_run_twice_does_not_crash(run_cli: RunCli, db_path: Path) -> None:
    """`eunato-desk demo` a second time on the same database (same default seed)."""
    path = db_path
    db = open_db(path, create=True)
    try:
        generate_demo_data(db, count=5, seed=1)  # what a first `eunato-desk demo` adds
    finally:
        db.dispose()

    again = run_cli("--db", path, "demo", "--interactions", "5")

    assert "Traceback" not in again.err, again.err
    assert again.code == 0, again
    assert query(path, "SELECT count(*) FROM interaction") == [(10,)]
