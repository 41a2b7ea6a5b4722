"""The reference lists from the command line, through real subprocesses: `organisations`,
`countries`, `participants`, `types` and `markings`; names matched as everywhere; refusals
exit 1 with one sentence on stderr and change nothing; writes take the database's lock."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eunato_desk.core.interactions import create_interaction
from eunato_desk.core.records import InteractionInput
from eunato_desk.core.storage.lock import DatabaseLock
from tests.helpers import open_db, query

RunCli = Callable[..., Any]  # the conftest fixture: run_cli(*args, env=None) -> CliResult
REFERENCE_TABLES = ("organisation", "country", "person", "interaction_type", "handling_marking",
                    "organisation_alias", "country_alias", "person_alias",
                    "interaction_type_alias", "handling_marking_alias", "reference_change",
                    "interaction", "interaction_organisation", "interaction_country",
                    "interaction_person", "audit_log")  # fmt: skip


@pytest.fixture
def desk(run_cli: RunCli, db_path: Path) -> Path:
    """The test's database (a file, or a server database) at the newest schema."""
    assert run_cli("--db", db_path, "db", "upgrade").code == 0
    return db_path


def dump(path: Path) -> dict[str, list[tuple]]:
    return {t: sorted(query(path, f"SELECT * FROM {t}")) for t in REFERENCE_TABLES}


def ok(result: Any) -> str:
    assert (result.code, result.err) == (0, ""), result
    return result.out


def test_an_unknown_organisation_is_refused_until_it_is_added(run_cli: RunCli, desk: Path) -> None:
    log = ("--db", desk, "log", "--title", "Talks", "--date", "2018-05-03", "--type", "workshop")
    refused = run_cli(*log, "--org", "Italian Navy")
    assert refused.code == 1 and refused.out == ""
    assert refused.err.count("\n") == 1
    assert refused.err.startswith("eunato-desk: error: organisations: unknown organisation "
                                  "'Italian Navy'.")  # fmt: skip
    assert "Add it with `eunato-desk organisations add`" in refused.err

    added = ok(run_cli("--db", desk, "organisations", "add", "Italian Navy", "--acronym", "ITN",
                       "--side", "national", "--alias", "Marina Militare",
                       "--officer", "Anna"))  # fmt: skip
    assert added == "Added the organisation 'Italian Navy'.\n"
    uuid = ok(run_cli(*log, "--org", "marina militare", "--country", "Turkey", "--country", "TR",
                      "--country", "turkiye")).strip()  # fmt: skip
    rows = json.loads(ok(run_cli("--db", desk, "list", "--format", "json")))
    assert [(r["uuid"], r["organisations"], r["countries"]) for r in rows] == [
        (uuid, ["ITN"], ["Türkiye"])
    ]
    assert query(desk, "SELECT name, acronym, side FROM organisation WHERE acronym = 'ITN'") == [
        ("Italian Navy", "ITN", "national")
    ]
    listed = json.loads(ok(run_cli("--db", desk, "organisations", "list", "--format", "json")))
    navy = next(r for r in listed if r["acronym"] == "ITN")
    assert (navy["aliases"], navy["interactions"], navy["retired"]) == (
        ["Marina Militare"],
        1,
        False,
    )


def test_countries_are_added_renamed_aliased_and_retired(run_cli: RunCli, desk: Path) -> None:
    c = ("--db", desk, "countries")
    assert ok(run_cli(*c, "add", "South Sudan", "--iso", "ss", "--alias", "S. Sudan", "--partner"))
    ok(run_cli(*c, "rename", "SS", "Republic of South Sudan"))
    ok(run_cli(*c, "alias", "republic of south sudan", "RSS"))
    assert query(desk, "SELECT name, iso_code, is_partner FROM country WHERE iso_code = 'SS'") == [
        ("Republic of South Sudan", "SS", 1)
    ]
    assert ok(run_cli(*c, "retire", "South Sudan")).startswith("Retired 'Republic of South Sudan'")
    names = [r["name"] for r in json.loads(ok(run_cli(*c, "list", "--format", "json")))]
    assert "Republic of South Sudan" not in names and "Türkiye" in names
    every = json.loads(ok(run_cli(*c, "list", "--all", "--format", "json")))
    sudan = next(r for r in every if r["iso_code"] == "SS")
    assert (sudan["retired"], sudan["aliases"]) == (True, ["S. Sudan", "South Sudan", "RSS"])
    table = ok(run_cli(*c, "list", "--all"))
    assert "Republic of South Sudan" in table and "yes" in table
    ok(run_cli(*c, "retire", "RSS", "--undo"))
    history = json.loads(ok(run_cli(*c, "history", "SS", "--format", "json")))
    assert [h["change"] for h in history] == ["add", "rename", "alias", "retire", "unretire"]


def test_a_merge_moves_links_and_shows_in_both_histories(run_cli: RunCli, desk: Path) -> None:
    o = ("--db", desk, "organisations")
    ok(run_cli(*o, "add", "Marina Militare", "--side", "national"))
    ok(run_cli(*o, "add", "Italian Navy", "--acronym", "ITN", "--side", "national"))
    log = ("--db", desk, "log", "--title", "Talks", "--date", "2018-05-03", "--type", "Workshop",
           "--officer", "Anna")  # fmt: skip
    uuid = ok(run_cli(*log, "--org", "Marina Militare", "--org", "EEAS")).strip()

    merged = ok(run_cli(*o, "merge", "marina militare", "ITN", "--officer", "Bob"))
    assert merged.startswith("Merged 'Marina Militare' into 'Italian Navy': 1 interaction(s)")
    trail = json.loads(ok(run_cli("--db", desk, "history", "--interaction", uuid,
                                  "--format", "json")))  # fmt: skip
    assert {k: trail[-1][k] for k in ("officer", "field", "old", "new")} == {
        "officer": "Bob", "field": "organisation", "old": "Marina Militare", "new": "ITN"
    }  # fmt: skip
    changes = json.loads(ok(run_cli(*o, "history", "--format", "json")))
    assert {k: changes[-1][k] for k in ("officer", "change", "name", "old")} == {
        "officer": "Bob", "change": "merge", "name": "Italian Navy", "old": "Marina Militare"
    }  # fmt: skip
    again = ok(run_cli(*log, "--org", "Marina Militare")).strip()
    assert query(desk, "SELECT o.acronym FROM interaction_organisation io JOIN organisation o "
                 "ON o.id = io.organisation_id JOIN interaction i ON i.id = io.interaction_id "
                 "WHERE i.uuid = ?", again) == [("ITN",)]  # fmt: skip


def test_types_and_markings_rank_and_retire(run_cli: RunCli, desk: Path) -> None:
    m = ("--db", desk, "markings")
    ok(run_cli(*m, "add", "EU RESTRICTED", "--rank", "3"))
    assert ok(run_cli(*m, "rank", "LIMITE", "1")) == (
        "1. LIMITE\n2. UNCLASSIFIED\n3. NATO UNCLASSIFIED\n4. EU RESTRICTED\n"
    )
    assert ok(run_cli(*m, "list", "--format", "csv")).splitlines()[:3] == [
        "rank,name,aliases,interactions,retired", "1,LIMITE,,0,", "2,UNCLASSIFIED,UNCLAS,0,"
    ]  # fmt: skip
    t = ("--db", desk, "types")
    ok(run_cli(*t, "add", "Joint visit", "--alias", "visit"))
    ok(run_cli(*t, "retire", "Workshop"))
    log = ("--db", desk, "log", "--title", "T", "--date", "2018-05-03")
    refused = run_cli(*log, "--type", "workshop")
    assert refused.code == 1 and "'Workshop' is retired" in refused.err
    ok(run_cli(*log, "--type", "visit"))
    assert query(desk, "SELECT t.name, m.name FROM interaction i JOIN interaction_type t "
                 "ON t.id = i.type_id JOIN handling_marking m ON m.id = i.marking_id") == [
        ("Joint visit", "LIMITE")
    ]  # fmt: skip


def test_participants_are_listed_renamed_merged_and_retired(run_cli: RunCli, desk: Path) -> None:
    db = open_db(desk)
    try:
        for people in (("B. Okafor", "Ann Lee"), ("Ben Okafor",)):
            create_interaction(db, InteractionInput("T", "Workshop", dt.date(2018, 5, 3),
                                                    participants=people))  # fmt: skip
    finally:
        db.dispose()
    p = ("--db", desk, "participants")
    ok(run_cli(*p, "merge", "b. okafor", "Ben Okafor"))
    ok(run_cli(*p, "rename", "Ann Lee", "Ann Lee-Smith"))
    ok(run_cli(*p, "retire", "ann lee"))
    listed = json.loads(ok(run_cli(*p, "list", "--all", "--format", "json")))
    assert [(r["name"], r["aliases"], r["interactions"], r["retired"]) for r in listed] == [
        ("Ann Lee-Smith", ["Ann Lee"], 1, True), ("Ben Okafor", ["B. Okafor"], 2, False)
    ]  # fmt: skip


REFUSED = [
    (("organisations", "rename", "Ministry of Magic", "X"), "name: there is no organisation"),
    (("organisations", "add", "European External Action Service"), "name: 'European External"),
    (("organisations", "add", "X", "--side", "Warsaw Pact"), "side: 'Warsaw Pact' is not one of"),
    (("organisations", "merge", "ACO", "SHAPE"), "into: 'ACO' and 'SHAPE' are the same"),
    (("countries", "add", "Atlantis"), "iso_code: give the country's ISO 3166 code"),
    (("countries", "add", "Atlantis", "--iso", "tr"), "iso_code: 'TR' already names the country"),
    (("countries", "alias", "Austria", "Turkey"), "alias: 'Turkey' already names the country"),
    (("markings", "rank", "LIMITE", "9"), "rank: give a rank from 1 (lowest) to 3, not 9."),
    (("types", "retire", "Nothing"), "name: there is no interaction type 'Nothing'"),
]


def test_refusals_exit_1_with_one_sentence_and_change_nothing(run_cli: RunCli, desk: Path) -> None:
    before = dump(desk)
    for args, message in REFUSED:
        result = run_cli("--db", desk, *args)
        assert (result.code, result.out) == (1, ""), (args, result)
        assert result.err.startswith(f"eunato-desk: error: {message}"), (args, result.err)
        assert result.err.count("\n") == 1, result.err
    assert dump(desk) == before


@pytest.mark.backends("sqlite")  # the lock file of a database file
def test_writes_take_the_lock_and_reads_do_not(run_cli: RunCli, desk: Path) -> None:
    before = dump(desk)
    with DatabaseLock(desk, purpose="EU-NATO Desk"):
        refused = run_cli("--db", desk, "organisations", "add", "Italian Navy")
        listed = run_cli("--db", desk, "organisations", "list", "--format", "json")
    assert refused.code == 1 and "in use by EU-NATO Desk" in refused.err
    assert listed.code == 0 and json.loads(listed.out)
    assert dump(desk) == before
