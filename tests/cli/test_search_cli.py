"""`eunato-desk search` as a real subprocess: JSON rows are `list` rows plus a snippet, the
list's filters apply, `list --text` finds the same interactions, and bad input is a message
naming what is wrong with exit code 1 (2 for a usage error), never a traceback."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.interactions import create_interaction
from eunato_desk.core.records import InteractionInput, LinkInput
from tests.helpers import open_db

LIST_KEYS = ["uuid", "title", "date", "type", "status", "actions", "areas", "countries",
             "organisations"]  # fmt: skip


@pytest.fixture
def cli(run_cli, db_path: Path):  # type: ignore[no-untyped-def]
    def run(*args: str):  # type: ignore[no-untyped-def]
        return run_cli("--db", db_path, *args)

    return run


def add(db_path: Path, *inputs: InteractionInput) -> list[str]:
    db = open_db(db_path, create=True)
    try:
        return [create_interaction(db, data).uuid for data in inputs]
    finally:
        db.dispose()


HYBRID = InteractionInput(
    title="Cross-briefing on hybrid threats",
    type="Cross-briefing",
    start_date=dt.date(2018, 5, 3),
    summary="Sécurité maritime and resilience.",
    links=(LinkInput(3, "hybrid playbook shared"),),
    organisations=("EEAS",),
    countries=("Tunisia",),
)
CYBER = InteractionInput(
    title="Workshop on cyber defence",
    type="Workshop",
    start_date=dt.date(2018, 8, 20),
    summary="Hybrid and cyber exercise planning.",
    organisations=("NCIRC",),
)
OTHER = InteractionInput(
    title="Staff talks on maritime security", type="Staff talks", start_date=dt.date(2019, 1, 9)
)


def test_json_rows_are_list_rows_plus_a_snippet(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    hybrid, cyber, _ = add(db_path, HYBRID, CYBER, OTHER)

    result = cli("search", "hybrid", "--format", "json")
    assert result.code == 0, result
    rows = json.loads(result.out)
    assert [r["uuid"] for r in rows] == [hybrid, cyber]  # title match ranks first
    assert all(list(r) == [*LIST_KEYS, "snippet"] for r in rows)
    assert rows[0]["snippet"] == "Cross-briefing on [hybrid] threats"
    assert rows[0]["organisations"] == ["EEAS"] and rows[0]["countries"] == ["Tunisia"]

    listed = cli("list", "--text", "hybrid", "--format", "json")
    assert listed.code == 0, listed
    assert sorted(r["uuid"] for r in json.loads(listed.out)) == sorted([hybrid, cyber])
    for row in json.loads(listed.out):
        match = next(r for r in rows if r["uuid"] == row["uuid"])
        assert {k: match[k] for k in LIST_KEYS} == row


def test_filters_combine_with_the_search(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    hybrid, cyber, _ = add(db_path, HYBRID, CYBER, OTHER)
    cases = {
        ("--quarter", "2018Q2"): [hybrid],
        ("--quarter", "2018Q3"): [cyber],
        ("--org", "eeas"): [hybrid],
        ("--country", "TN"): [hybrid],
        ("--type", "workshop"): [cyber],
        ("--action", "3"): [hybrid],
        ("--status", "planned"): [],
        ("--from", "2018-01-01", "--to", "2018-12-31", "--text", "exercise"): [cyber],
    }
    for options, want in cases.items():
        result = cli("search", "hybrid", *options, "--format", "json")
        assert result.code == 0, (options, result)
        assert [r["uuid"] for r in json.loads(result.out)] == want, options


def test_the_query_language_from_the_command_line(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    hybrid, cyber, other = add(db_path, HYBRID, CYBER, OTHER)
    cases = {
        '"hybrid threats"': [hybrid],
        "hyb* -cyber": [hybrid],
        "cyber OR maritime": {cyber, other, hybrid},  # "Sécurité maritime" in HYBRID
        "SECURITE": [hybrid],
        "playbook": [hybrid],  # a link note
        "-hybrid": [other],  # passed after "--", as any argument starting with "-"
        "NEAR(hybrid": [],
    }
    for query, want in cases.items():
        result = cli("search", "--format", "json", "--", query)
        assert result.code == 0, (query, result)
        got = [r["uuid"] for r in json.loads(result.out)]
        assert (set(got) if isinstance(want, set) else got) == want, query


def test_table_and_csv_output(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    hybrid, _, _ = add(db_path, HYBRID, CYBER, OTHER)
    table = cli("search", "threats")
    assert table.code == 0, table
    lines = table.out.splitlines()
    assert lines[0].split() == ["uuid", "date", "type", "title", "snippet"]
    assert hybrid in lines[1] and "[threats]" in lines[1]
    assert lines[-1] == "(1 row)"

    result = cli("search", "threats", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.out)))
    listed = list(csv.reader(io.StringIO(cli("list", "--format", "csv").out)))
    assert rows[0] == [*listed[0], "snippet"]
    assert rows[1][0] == hybrid and rows[1][-1] == "Cross-briefing on hybrid [threats]"


def test_limit(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    add(db_path, HYBRID, CYBER, OTHER)
    result = cli("search", "hybrid OR maritime", "--limit", "2", "--format", "json")
    assert result.code == 0, result
    assert len(json.loads(result.out)) == 2


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("search", ""), 1, "search: type a word or a phrase"),
        (("search", "%%"), 1, "search: type a word or a phrase"),
        (("search", "x" * 10_000), 1, "search: at most 1,000 characters"),
        (("search", "c*"), 1, "search: put at least 2 letters before *"),
        (("search", "hybrid", "--limit", "0"), 1, "--limit: give a number from 1 to"),
        (("search", "hybrid", "--quarter", "2018Q5"), 1, "--quarter"),
        (("search", "hybrid", "--status", "done"), 2, "invalid choice"),
        (("search",), 2, "QUERY"),
    ],
)
def test_bad_input_is_a_message_not_a_traceback(  # type: ignore[no-untyped-def]
    cli, db_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    add(db_path, HYBRID)
    result = cli(*args)
    assert result.code == code, result
    assert message in result.err
    assert "Traceback" not in result.err
    assert result.out == ""


@pytest.mark.parametrize(
    "query", ['"', "*", "NEAR(", "col:hybrid", "(hybrid", "'; DROP TABLE interaction; --", "-"]
)
def test_hostile_queries_exit_cleanly(cli, db_path: Path, query: str) -> None:  # type: ignore[no-untyped-def]
    add(db_path, HYBRID)
    result = cli("search", "--format", "json", "--", query)
    assert "Traceback" not in result.err
    if result.code == 0:
        assert isinstance(json.loads(result.out), list)
    else:
        assert result.code == 1 and result.err.startswith("eunato-desk: error: search:")


def test_a_broad_search_says_it_is_newest_first(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = open_db(db_path, create=True)
    try:
        generate_demo_data(db, 3_000, seed=1)
    finally:
        db.dispose()
    result = cli("search", "the", "--limit", "5", "--format", "json")
    assert result.code == 0, result
    dates = [r["date"] for r in json.loads(result.out)]
    assert len(dates) == 5 and dates == sorted(dates, reverse=True)
    assert "newest are shown first, not ranked" in result.err
    ranked = cli("search", "kaliningrad OR hybrid", "--limit", "5")
    assert "not ranked" not in ranked.err
