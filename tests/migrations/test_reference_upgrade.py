"""Revision 0007 (reference data the officer controls) on a populated database: the upgrade
adds columns without rebuilding any table (the full-text and audit triggers stay), keeps the
data, and the new triggers record an interaction's organisations, countries and
participants; the downgrade removes what it made and keeps the data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from eunato_desk.core import audit
from eunato_desk.core.interactions import get_interaction
from eunato_desk.core.records import InteractionFilter
from eunato_desk.core.reference import edit
from eunato_desk.core.search.service import search_interactions
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.opening import open_database
from tests.helpers import log, query

NEW_TABLES = {"reference_change", "organisation_alias", "country_alias", "person_alias",
              "interaction_type_alias", "handling_marking_alias"}  # fmt: skip


def schema(path: Path) -> dict[str, set[str]]:
    rows = query(path, "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    out: dict[str, set[str]] = {}
    for kind, name in rows:
        out.setdefault(kind, set()).add(name)
    return out


def columns(path: Path, table: str) -> list[str]:
    return [r[1] for r in query(path, f"PRAGMA table_info({table})")]


def test_upgrade_from_0006_keeps_data_and_every_older_trigger(db_path: Path) -> None:
    db = open_database(db_path, create=True)
    try:
        uuid = log(db, "Cross-briefing", dt.date(2018, 5, 3), organisations=("EEAS", "MARCOM"),
                   countries=("Tunisia",), participants=("Ann Lee",), officer="Anna")  # fmt: skip
    finally:
        db.dispose()
    at_head = schema(db_path)
    migrate.downgrade(db_path, "0006")
    at_0006 = schema(db_path)
    assert not NEW_TABLES & at_0006["table"]
    assert "retired_at" not in columns(db_path, "organisation")
    assert at_head["trigger"] - at_0006["trigger"] == {
        f"audit_{t}_{e}" for t in ("interaction_organisation", "interaction_country",
                                   "interaction_person") for e in ("insert", "delete", "update")
    } | {"audit_reference_change_officer"}  # fmt: skip
    assert query(db_path, "SELECT value FROM meta WHERE key = 'reference_seed_version'") == [("1",)]

    db = open_database(db_path)  # upgrades to head (after a backup)
    try:
        record = get_interaction(db, uuid)
        assert (record.organisations, record.countries, record.participants) == (
            ("EEAS", "MARCOM"), ("Tunisia",), ("Ann Lee",)
        )  # fmt: skip
        assert schema(db_path) == at_head, "nothing lost, nothing rebuilt without its triggers"
        assert query(db_path, "SELECT count(*) FROM organisation WHERE retired_at IS NOT NULL") == [
            (0,)
        ]
        # The full-text triggers on country (0004) still work: a rename re-indexes.
        edit.rename(db, "country", "Tunisia", "Republic of Tunisia")
        hits = search_interactions(db, "republic", InteractionFilter())
        assert [row.uuid for row, _snippet in hits] == [uuid]
    finally:
        db.dispose()


def test_the_interaction_history_records_its_organisations_countries_and_people(db) -> None:  # type: ignore[no-untyped-def]
    uuid = log(db, "T", dt.date(2018, 5, 3), organisations=("EEAS",), countries=("TR",),
               participants=("Ann Lee",), officer="Anna")  # fmt: skip
    fields = [(e.officer, e.field, e.old, e.new) for e in audit.history_for_interaction(db, uuid)]
    assert ("Anna", "organisation", None, "EEAS") in fields
    assert ("Anna", "country", None, "Türkiye") in fields
    assert ("Anna", "participant", None, "Ann Lee") in fields
