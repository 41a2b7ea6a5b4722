"""Interaction services: create, get, update, delete, and validation that changes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from eunato_desk.core import interactions as svc
from eunato_desk.core.errors import NotFoundError, ValidationError
from eunato_desk.core.listing import list_interactions
from eunato_desk.core.records import InteractionFilter, InteractionInput, LinkInput
from eunato_desk.core.storage.db import Database
from tests.helpers import foreign_key_problems, query

DATA_TABLES = (
    "interaction",
    "interaction_action",
    "interaction_country",
    "interaction_organisation",
    "interaction_person",
    "person",
)


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table an interaction writes to, in a stable order."""
    return {t: query(path, f"SELECT * FROM {t} ORDER BY 1, 2") for t in DATA_TABLES}


def counts(path: Path) -> dict[str, int]:
    return {t: query(path, f"SELECT count(*) FROM {t}")[0][0] for t in DATA_TABLES}


def links_in_db(path: Path, uuid: str) -> list[tuple[int, str]]:
    return query(
        path,
        "SELECT a.number, ia.note FROM interaction_action ia "
        "JOIN interaction i ON i.id = ia.interaction_id JOIN action a ON a.id = ia.action_id "
        "WHERE i.uuid = ? ORDER BY a.number",
        uuid,
    )


def names_in_db(path: Path, uuid: str, link_table: str, table: str, key: str, col: str) -> list:
    return [
        r[0]
        for r in query(
            path,
            f"SELECT t.{col} FROM {link_table} l JOIN interaction i ON i.id = l.interaction_id "
            f"JOIN {table} t ON t.id = l.{key} WHERE i.uuid = ? ORDER BY t.{col}",
            uuid,
        )
    ]


def base_input(**changes: object) -> InteractionInput:
    data = InteractionInput(
        title="Staff talks on maritime situational awareness",
        type="Staff talks",
        start_date=dt.date(2018, 5, 14),
        start_time="10:00",
        end_date=dt.date(2018, 5, 15),
        end_time="12:30",
        status="held",
        location="Brussels (NATO HQ)",
        format="hybrid",
        summary="Both staffs presented their work.",
        outcome="Follow-up in Q3.",
        tags=("maritime", " Maritime ", "SHADE;"),
        links=(LinkInput(3, "shared the picture"), LinkInput(15, ""), LinkInput(43, "kick-off")),
        organisations=("MARCOM", "European External Action Service"),
        countries=("Tunisia", "gr"),
        participants=("Anna Example", "Ben  Example"),
    )
    return dataclasses.replace(data, **changes)


def test_create_stores_every_field_and_link(db: Database, db_path: Path) -> None:
    record = svc.create_interaction(db, base_input(), officer="Officer A")

    rows = query(
        db_path,
        "SELECT i.title, t.name, i.start_date, i.start_time, i.end_date, i.end_time, i.status, "
        "i.location, i.format, i.summary, i.outcome, m.name, i.tags, i.created_by, i.updated_by "
        "FROM interaction i JOIN interaction_type t ON t.id = i.type_id "
        "JOIN handling_marking m ON m.id = i.marking_id WHERE i.uuid = ?",
        record.uuid,
    )
    assert rows == [
        (
            "Staff talks on maritime situational awareness",
            "Staff talks",
            "2018-05-14",
            "10:00",
            "2018-05-15",
            "12:30",
            "held",
            "Brussels (NATO HQ)",
            "hybrid",
            "Both staffs presented their work.",
            "Follow-up in Q3.",
            "UNCLASSIFIED",
            "maritime; SHADE",
            "Officer A",
            "Officer A",
        )
    ]
    assert links_in_db(db_path, record.uuid) == [
        (3, "shared the picture"),
        (15, ""),
        (43, "kick-off"),
    ]
    assert names_in_db(
        db_path, record.uuid, "interaction_country", "country", "country_id", "name"
    ) == ["Greece", "Tunisia"]
    assert names_in_db(
        db_path, record.uuid, "interaction_organisation", "organisation", "organisation_id", "name"
    ) == ["Allied Maritime Command", "European External Action Service"]
    assert names_in_db(
        db_path, record.uuid, "interaction_person", "person", "person_id", "name"
    ) == ["Anna Example", "Ben Example"]
    assert record.countries == ("Greece", "Tunisia")
    assert record.organisations == ("EEAS", "MARCOM")
    assert record.tags == ("maritime", "SHADE")
    # Actions 3 and 43 are in area 1; action 15's area is not public (unassigned).
    assert [(lk.number, lk.note, lk.area_code) for lk in record.links] == [
        (3, "shared the picture", 1),
        (15, "", None),
        (43, "kick-off", 1),
    ]


def test_get_returns_what_create_returned(db: Database) -> None:
    created = svc.create_interaction(db, base_input(), officer="Officer A")
    assert svc.get_interaction(db, created.uuid) == created


def test_get_unknown_uuid_raises_not_found(db: Database) -> None:
    with pytest.raises(NotFoundError, match="00000000-0000-4000-8000-000000000000"):
        svc.get_interaction(db, "00000000-0000-4000-8000-000000000000")


def test_update_changes_fields_and_links(db: Database, db_path: Path) -> None:
    created = svc.create_interaction(db, base_input(), officer="Officer A")
    changed = base_input(
        title="Staff talks (revised)",
        status="postponed",
        links=(LinkInput(3, "new note"), LinkInput(7, "added")),
        countries=("Republic of Moldova",),
        organisations=(),
        participants=("Anna Example",),
    )

    updated = svc.update_interaction(db, created.uuid, changed, officer="Officer B")

    assert updated.uuid == created.uuid
    assert links_in_db(db_path, created.uuid) == [(3, "new note"), (7, "added")]
    assert query(
        db_path,
        "SELECT title, status, created_by, updated_by FROM interaction WHERE uuid = ?",
        created.uuid,
    ) == [("Staff talks (revised)", "postponed", "Officer A", "Officer B")]
    assert names_in_db(
        db_path, created.uuid, "interaction_country", "country", "country_id", "name"
    ) == ["Republic of Moldova"]
    assert query(db_path, "SELECT count(*) FROM interaction_organisation") == [(0,)]
    assert query(db_path, "SELECT count(*) FROM interaction") == [(1,)]
    assert svc.get_interaction(db, created.uuid) == updated


def test_participants_are_reused_by_name(db: Database, db_path: Path) -> None:
    svc.create_interaction(db, base_input(participants=("Anna Example",)))
    svc.create_interaction(db, base_input(participants=("anna  example", "Carl Other")))
    assert query(db_path, "SELECT name FROM person ORDER BY name") == [
        ("Anna Example",),
        ("Carl Other",),
    ]
    assert query(db_path, "SELECT count(*) FROM interaction_person") == [(3,)]


def test_delete_removes_it_from_the_list(db: Database, db_path: Path) -> None:
    keep = svc.create_interaction(db, base_input(title="Keep me"))
    gone = svc.create_interaction(db, base_input(title="Delete me"))

    svc.delete_interaction(db, gone.uuid)

    assert [r.uuid for r in list_interactions(db, InteractionFilter())] == [keep.uuid]
    assert query(db_path, "SELECT uuid FROM interaction WHERE deleted_at IS NULL") == [(keep.uuid,)]


def test_deleted_interactions_and_their_links_go_when_the_trash_is_emptied(
    db: Database, db_path: Path
) -> None:
    keep = svc.create_interaction(db, base_input(title="Keep me"))
    gone = svc.create_interaction(db, base_input(title="Delete me"))
    svc.delete_interaction(db, gone.uuid)

    assert svc.empty_trash(db) == 1

    assert query(db_path, "SELECT uuid FROM interaction") == [(keep.uuid,)]
    keep_id = query(db_path, "SELECT id FROM interaction WHERE uuid = ?", keep.uuid)[0][0]
    for table in ("interaction_action", "interaction_country", "interaction_organisation"):
        ids = {r[0] for r in query(db_path, f"SELECT interaction_id FROM {table}")}
        assert ids == {keep_id}, table
    assert foreign_key_problems(db_path) == []
    with pytest.raises(NotFoundError):
        svc.get_interaction(db, gone.uuid)


# --- validation: one error type naming the field, and nothing written -------------------------

BAD_INPUTS = {
    "empty title": (base_input(title=""), "title"),
    "blank title": (base_input(title="   "), "title"),
    "end before start": (
        base_input(start_date=dt.date(2018, 5, 14), end_date=dt.date(2018, 5, 13)),
        "end date",
    ),
    "unknown action": (base_input(links=(LinkInput(3), LinkInput(75))), "actions"),
    "action zero": (base_input(links=(LinkInput(0),)), "actions"),
    "unknown type": (base_input(type="Tea party"), "type"),
    "unknown organisation": (base_input(organisations=("EEAS", "ACME Corp")), "organisations"),
    "unknown country": (base_input(countries=("Tunisia", "Atlantis")), "countries"),
    "action linked twice": (
        base_input(links=(LinkInput(5, "a"), LinkInput(6), LinkInput(5, "b"))),
        "actions",
    ),
    "bad status": (base_input(status="done"), "status"),
    "bad format": (base_input(format="telepathy"), "format"),
    "new participant then unknown action": (
        base_input(participants=("Brand New Person",), links=(LinkInput(99),)),
        "actions",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_create_raises_and_writes_nothing(db: Database, db_path: Path, case: str) -> None:
    svc.create_interaction(db, base_input(title="Already there"))
    before = dump(db_path)
    data, field = BAD_INPUTS[case]

    with pytest.raises(ValidationError) as info:
        svc.create_interaction(db, data)

    assert info.value.field == field
    assert info.value.message.startswith(f"{field}: ")
    assert len(info.value.reason) > 5
    assert dump(db_path) == before
    assert counts(db_path)["interaction"] == 1


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_update_raises_and_leaves_the_record_as_it_was(
    db: Database, db_path: Path, case: str
) -> None:
    existing = svc.create_interaction(db, base_input(title="Already there"))
    before = dump(db_path)
    data, field = BAD_INPUTS[case]

    with pytest.raises(ValidationError) as info:
        svc.update_interaction(db, existing.uuid, data)

    assert info.value.field == field
    assert dump(db_path) == before
    assert svc.get_interaction(db, existing.uuid) == existing


def test_messages_name_the_value_that_is_wrong(db: Database) -> None:
    cases = [
        (base_input(type="Tea party"), "Tea party"),
        (base_input(organisations=("ACME Corp",)), "ACME Corp"),
        (base_input(countries=("Atlantis",)), "Atlantis"),
        (base_input(links=(LinkInput(75),)), "75"),
        (base_input(status="done"), "done"),
        (base_input(end_date=dt.date(2018, 5, 1)), "2018-05-01"),
    ]
    for data, value in cases:
        with pytest.raises(ValidationError) as info:
            svc.create_interaction(db, data)
        assert value in info.value.message, info.value.message


def test_update_of_unknown_uuid_raises_not_found(db: Database, db_path: Path) -> None:
    before = dump(db_path)
    with pytest.raises(NotFoundError):
        svc.update_interaction(db, "00000000-0000-4000-8000-000000000000", base_input())
    assert dump(db_path) == before


def test_names_resolve_case_insensitively_and_by_code(db: Database) -> None:
    record = svc.create_interaction(
        db,
        base_input(
            type="staff TALKS",
            organisations=("eeas", "allied maritime command"),
            countries=("tn", "REPUBLIC OF MOLDOVA"),
        ),
    )
    assert record.type == "Staff talks"
    assert record.organisations == ("EEAS", "MARCOM")
    assert record.countries == ("Republic of Moldova", "Tunisia")
