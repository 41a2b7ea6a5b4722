"""Merging reference entries: every link moves to the survivor in one transaction (an
interaction that had both keeps one), aliases move, the merged name becomes an alias, the
lists' history and the interactions' histories record it with the officer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eunato_desk.core import audit
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.interactions import get_interaction
from eunato_desk.core.listing import list_interactions
from eunato_desk.core.records import InteractionFilter
from eunato_desk.core.reference import add, edit, history, matching
from eunato_desk.core.reference.merge import merge
from eunato_desk.core.search.schema import search_index_ok
from eunato_desk.core.storage.db import Database
from tests.helpers import log, query

D = dt.date(2018, 5, 3)


def test_merging_organisations_moves_links_people_aliases_and_history(
    db: Database, db_path: Path, backend: str
) -> None:
    add.add_organisation(db, "Marina Militare", side="national", aliases=("MM",))
    add.add_organisation(db, "Italian Navy", acronym="ITN", side="national")
    add.add_person(db, "Capt. Rossi", organisation="Marina Militare")
    only_old = log(db, "Old only", D, organisations=("Marina Militare",), officer="Anna")
    both = log(db, "Both", D, organisations=("MM", "ITN", "EEAS"), officer="Anna")
    only_new = log(db, "New only", D, organisations=("ITN",))

    result = merge(db, "organisation", "marina militare", "Italian Navy", officer="Bob")

    assert (result.merged, result.record.name, result.interactions, result.people) == (
        "Marina Militare", "Italian Navy", 2, 1
    )  # fmt: skip
    assert result.record.aliases == ("MM", "Marina Militare")
    assert get_interaction(db, only_old).organisations == ("ITN",)
    assert sorted(get_interaction(db, both).organisations) == ["EEAS", "ITN"]
    assert get_interaction(db, only_new).organisations == ("ITN",)
    assert query(db_path, "SELECT count(*) FROM organisation WHERE name = 'Marina Militare'") == [
        (0,)
    ]
    person_org = (
        "SELECT o.acronym FROM person p JOIN organisation o ON o.id = p.organisation_id "
        "WHERE p.name = 'Capt. Rossi'"
    )
    assert query(db_path, person_org) == [("ITN",)]
    with db.read() as session:
        assert matching.exact_organisation(session, "MM").acronym == "ITN"
    # The words of the survivor find the interactions whose links moved (on both backends),
    found = list_interactions(db, InteractionFilter(text="Italian Navy"))
    assert {r.uuid for r in found} == {only_old, both, only_new}
    if backend == "sqlite":  # and FTS5's own check finds its index equal to its content.
        with db.write() as session:
            assert search_index_ok(session), "the full-text index followed the moved links"
    changes = [
        (c.change, c.name, c.old, c.officer) for c in history.history(db, "organisation", "MM")
    ]
    assert changes == [
        ("add", "Marina Militare", None, ""),  # the merged entry's history came along
        ("add", "Italian Navy", None, ""),
        ("merge", "Italian Navy", "Marina Militare", "Bob"),
    ]
    trail = [
        (e.officer, e.field, e.old, e.new) for e in audit.history_for_interaction(db, only_old)
    ]
    assert trail[-1] == ("Bob", "organisation", "Marina Militare", "ITN")
    both_trail = [
        (e.officer, e.field, e.old, e.new) for e in audit.history_for_interaction(db, both)
    ]
    assert both_trail[-1] == ("Bob", "organisation", "Marina Militare", None)


@pytest.mark.parametrize(
    ("kind", "source", "into", "field"),
    [
        ("type", "Seminar", "Workshop", "type"),
        ("marking", "LIMITE", "NATO UNCLASSIFIED", "marking"),
    ],
)
def test_merging_a_type_or_marking_changes_the_interactions(
    db: Database, db_path: Path, kind: str, source: str, into: str, field: str
) -> None:
    uuid = log(db, "T", D, type="Seminar", marking="LIMITE", officer="Anna")
    result = merge(db, kind, source, into, officer="Bob")
    record = get_interaction(db, uuid)
    assert getattr(record, field) == into
    assert result.interactions == 1
    last = audit.history_for_interaction(db, uuid)[-1]
    assert (last.officer, last.field, last.old, last.new) == ("Bob", field, source, into)
    table = "interaction_type" if kind == "type" else "handling_marking"
    orders = [r[0] for r in query(db_path, f"SELECT sort_order FROM {table} ORDER BY sort_order")]
    assert orders == list(range(len(orders))), "no gap left in the ranks"


def test_merging_countries_and_participants(db: Database) -> None:
    add.add_country(db, "Turkey (typed twice)", "QT")
    uuid = log(db, "T", D, countries=("QT", "Türkiye"), participants=("B. Okafor", "Ann Lee"))
    merge(db, "country", "QT", "TR")
    assert get_interaction(db, uuid).countries == ("Türkiye",)
    log(db, "U", D, participants=("Ben Okafor",))
    merge(db, "person", "b. okafor", "Ben Okafor")
    assert sorted(get_interaction(db, uuid).participants) == ["Ann Lee", "Ben Okafor"]
    again = log(db, "V", D, participants=("B. Okafor",))
    assert get_interaction(db, again).participants == ("Ben Okafor",), "the old name finds him"


def test_merging_into_itself_or_an_unknown_entry_is_refused(db: Database, snapshot) -> None:  # type: ignore[no-untyped-def]
    before = snapshot()
    for source, into, field in (("ACO", "SHAPE", "into"), ("ACO", "Nowhere", "into"),
                                ("Nowhere", "ACO", "name")):  # fmt: skip
        with pytest.raises(ValidationError) as info:
            merge(db, "organisation", source, into)
        assert info.value.field == field
    assert snapshot() == before


def test_the_last_type_in_use_is_not_merged_into_a_retired_one(db: Database, snapshot) -> None:  # type: ignore[no-untyped-def]
    types = [t.record.name for t in history.list_entries(db, "type")]
    for name in types[1:]:
        edit.retire(db, "type", name)
    before = snapshot()
    with pytest.raises(ValidationError) as info:
        merge(db, "type", types[0], types[1])
    assert info.value.field == "into"
    assert snapshot() == before
