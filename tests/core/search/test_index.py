"""The full-text index stays in step with the data: creating, editing (fields, links and their
notes, organisations, countries), trashing, restoring and deleting for good through the
interaction services, renaming an organisation or a country, and bulk demo data. After each
step FTS5's own integrity check passes and searches find exactly what they should."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from eunato_desk.core import interactions as svc
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.listing import list_interactions
from eunato_desk.core.records import InteractionFilter, InteractionInput, LinkInput
from eunato_desk.core.search.schema import (
    rebuild_search_index,
    search_index_ok,
    search_index_paused,
)
from eunato_desk.core.search.service import search_interactions
from eunato_desk.core.storage.db import Database


def index_ok(db: Database) -> bool:
    with db.write() as session:
        return search_index_ok(session)


def titles(db: Database, query: str, trash: bool = False) -> list[str]:
    rows = list_interactions(db, InteractionFilter(text=query, trash=trash))
    ranked = search_interactions(db, query, InteractionFilter(trash=trash), limit=100)
    assert sorted(r.title for r in rows) == sorted(r.title for r, _ in ranked)
    return sorted(r.title for r in rows)


BASE = InteractionInput(
    title="Cross-briefing on kaliningrad logistics",
    type="Cross-briefing",
    start_date=dt.date(2018, 5, 3),
    summary="Rail gauges and bridges.",
    location="Vilnius",
    links=(LinkInput(3, "gauge survey shared"), LinkInput(43, "")),
    organisations=("EEAS",),
    countries=("Lithuania",),
)


@pytest.fixture
def one(db: Database) -> Iterator[tuple[Database, str]]:
    record = svc.create_interaction(db, BASE, officer="A")
    yield db, record.uuid


def test_a_new_interaction_is_searchable_by_every_field(one: tuple[Database, str]) -> None:
    db, _ = one
    title = [BASE.title]
    for query in (
        "kaliningrad",  # title
        "gauges bridges",  # summary
        "vilnius",  # location
        '"gauge survey"',  # link note
        "EEAS",  # organisation acronym
        '"european external action service"',  # organisation name
        "lithuania",  # country name
        "LT",  # ISO code
    ):
        assert titles(db, query) == title, query
    assert index_ok(db)


def test_edits_move_the_words(one: tuple[Database, str]) -> None:
    db, uuid = one
    changed = dataclasses.replace(
        BASE,
        title="Cross-briefing on baltic logistics",
        summary="Ports only.",
        outcome="Agreed a tabletop.",
        tags=("mobility",),
        links=(LinkInput(3, "harbour survey shared"), LinkInput(44, "new note")),
        organisations=("NATO IS",),
        countries=("Latvia",),
    )
    svc.update_interaction(db, uuid, changed, officer="B")
    assert index_ok(db)
    for gone in ("kaliningrad", "gauges", '"gauge survey"', "EEAS", "lithuania", "LT"):
        assert titles(db, gone) == [], gone
    for found in ("baltic", "ports", "tabletop", "mobility", "harbour", '"new note"', "LV",
                  '"nato international staff"', "latvia"):  # fmt: skip
        assert titles(db, found) == [changed.title], found


def test_removing_every_link_and_name_leaves_no_stale_word(one: tuple[Database, str]) -> None:
    db, uuid = one
    bare = dataclasses.replace(BASE, links=(), organisations=(), countries=())
    svc.update_interaction(db, uuid, bare)
    assert index_ok(db)
    for gone in ('"gauge survey"', "EEAS", "lithuania"):
        assert titles(db, gone) == []
    assert titles(db, "kaliningrad") == [BASE.title]


def test_trash_restore_and_delete_for_good(one: tuple[Database, str]) -> None:
    db, uuid = one
    svc.delete_interactions(db, [uuid], officer="A")
    assert index_ok(db)
    assert titles(db, "kaliningrad") == []  # out of the list...
    assert titles(db, "kaliningrad", trash=True) == [BASE.title]  # ...still indexed

    svc.restore_interactions(db, [uuid])
    assert index_ok(db)
    assert titles(db, "kaliningrad") == [BASE.title]

    svc.delete_interactions(db, [uuid])
    assert svc.empty_trash(db) == 1
    assert index_ok(db)
    assert titles(db, "kaliningrad", trash=True) == []
    with db.read() as session:
        left = session.execute(text("SELECT count(*) FROM interaction_fts_docsize")).scalar()
    assert left == 0


def test_renaming_an_organisation_or_a_country_reindexes_its_interactions(
    one: tuple[Database, str],
) -> None:
    db, _ = one
    with db.write() as session:
        session.execute(
            text("UPDATE organisation SET name = 'Eurasian Exterior Service' WHERE acronym='EEAS'")
        )
        session.execute(text("UPDATE country SET name = 'Lietuva' WHERE iso_code = 'LT'"))
    assert index_ok(db)
    assert titles(db, "eurasian exterior") == [BASE.title]
    assert titles(db, "lietuva") == [BASE.title]
    assert titles(db, "lithuania") == []
    assert titles(db, "external action") == []


def test_raw_sql_changes_to_links_are_caught_too(one: tuple[Database, str]) -> None:
    db, _ = one
    with db.write() as session:
        session.execute(text("UPDATE interaction_action SET note = 'ferry timetable'"))
        session.execute(text("DELETE FROM interaction_country"))
    assert index_ok(db)
    assert titles(db, "ferry") == [BASE.title]
    assert titles(db, "lithuania") == []


def test_demo_data_is_indexed_as_it_is_written(db: Database) -> None:
    generate_demo_data(db, 300, seed=3)
    assert index_ok(db)
    with db.read() as session:
        counted = session.execute(text("SELECT count(*) FROM interaction_fts_docsize")).scalar()
        aegean = session.execute(
            text("SELECT count(*) FROM interaction WHERE title LIKE '%Aegean%'")
        ).scalar()
    assert counted == 300
    assert aegean and len(titles(db, "aegean")) >= aegean


def test_a_rebuild_changes_nothing_a_search_sees(one: tuple[Database, str]) -> None:
    db, _ = one
    generate_demo_data(db, 50, seed=2)
    before = {q: titles(db, q) for q in ("kaliningrad", "brussels", "hybr*", "-brussels")}
    with db.write() as session:
        rebuild_search_index(session)
    assert index_ok(db)
    assert {q: titles(db, q) for q in before} == before


def test_the_integrity_check_notices_a_drifted_index(one: tuple[Database, str]) -> None:
    db, _ = one
    with db.write() as session:
        session.execute(text("DROP TRIGGER interaction_fts_au"))
        session.execute(text("UPDATE interaction SET title = 'Changed behind its back'"))
    assert not index_ok(db)


def fts_triggers(db: Database) -> int:
    with db.read() as session:
        return session.execute(
            text("SELECT count(*) FROM sqlite_master WHERE type='trigger' AND name LIKE '%fts%'")
        ).scalar_one()


def bulk_add(session, title: str) -> None:  # type: ignore[no-untyped-def]
    """A bulk loader's writes: one interaction, a link with a note, an organisation, a
    country, all with plain SQL."""
    iid = session.execute(
        text(
            "INSERT INTO interaction (uuid, title, type_id, start_date, status, location, "
            "summary, outcome, marking_id, tags, created_at, created_by, updated_at, updated_by)"
            " SELECT lower(hex(randomblob(16))), :title, (SELECT min(id) FROM interaction_type),"
            " '2018-05-05', 'held', 'Riga', 'Bulk row.', '', (SELECT min(id) FROM "
            "handling_marking), '', '', '', '', '' RETURNING id"
        ),
        {"title": title},
    ).scalar_one()
    session.execute(
        text(
            "INSERT INTO interaction_action SELECT :i, id, 'pipeline note' FROM action "
            "WHERE number = 3 AND status = 'active'"
        ),
        {"i": iid},
    )
    session.execute(
        text("INSERT INTO interaction_organisation SELECT :i, id FROM organisation "
             "WHERE acronym = 'EEAS'"),
        {"i": iid},
    )  # fmt: skip
    session.execute(
        text("INSERT INTO interaction_country SELECT :i, id FROM country WHERE iso_code = 'LV'"),
        {"i": iid},
    )


def test_a_bulk_loader_may_pause_the_triggers(one: tuple[Database, str]) -> None:
    db, uuid = one
    triggers = fts_triggers(db)
    assert triggers == 26
    with db.write() as session, search_index_paused(session):
        bulk_add(session, "Bulk workshop on pipelines")
        bulk_add(session, "Bulk seminar on pipelines")
    assert fts_triggers(db) == triggers
    assert index_ok(db)
    bulk = ["Bulk seminar on pipelines", "Bulk workshop on pipelines"]
    assert titles(db, "pipelines") == bulk
    assert titles(db, '"pipeline note" latvia EEAS') == bulk
    # The triggers are back: later edits are indexed as usual.
    svc.update_interaction(db, uuid, dataclasses.replace(BASE, title="Now about pipelines"))
    assert titles(db, "pipelines") == [*bulk, "Now about pipelines"]
    assert index_ok(db)


def test_a_failed_bulk_load_leaves_the_triggers_and_the_index(one: tuple[Database, str]) -> None:
    db, _ = one
    with pytest.raises(RuntimeError), db.write() as session, search_index_paused(session):
        bulk_add(session, "Never saved pipelines")
        raise RuntimeError("cancelled")
    assert fts_triggers(db) == 26
    assert titles(db, "pipelines") == []
    assert index_ok(db)
