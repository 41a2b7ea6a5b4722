"""The save path, the CSV import and the list filters resolve names by the reference rule:
names, codes and aliases, without case or accents; retired entries refused for new input
but kept on the records that have them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from eunato_desk.core import interactions, listing
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.records import InteractionFilter, InteractionInput
from eunato_desk.core.reference import edit
from eunato_desk.core.storage.db import Database
from eunato_desk.core.transfer.export import export_csv
from eunato_desk.core.transfer.importer import apply_import, preview_import
from tests.helpers import query

D = dt.date(2018, 5, 3)


def form(**fields: object) -> InteractionInput:
    values: dict = {"title": "Talks", "type": "Staff talks", "start_date": D, **fields}
    return InteractionInput(**values)


def test_codes_aliases_and_accents_name_entries_on_save(db: Database) -> None:
    record = interactions.create_interaction(
        db,
        form(countries=("Turkey", "TR", "turkiye", "czech republic"),
             organisations=("SHAPE", "hub for the south"), type="staff TALKS", marking="nu"),
    )  # fmt: skip
    assert record.countries == ("Czechia", "Türkiye")
    assert record.organisations == ("ACO", "NSD-S Hub")
    assert (record.type, record.marking) == ("Staff talks", "NATO UNCLASSIFIED")


def test_an_unknown_name_is_refused_with_a_hint_and_suggestions(
    db: Database, db_path: Path
) -> None:
    with pytest.raises(ValidationError) as info:
        interactions.create_interaction(db, form(organisations=("Italian Navy",)))
    assert info.value.field == "organisations"
    assert info.value.reason.startswith("unknown organisation 'Italian Navy'.")
    assert "`eunato-desk organisations add`" in info.value.reason
    with pytest.raises(ValidationError) as info:
        interactions.create_interaction(db, form(countries=("Turk",)))
    assert "did you mean 'Türkiye'?" in info.value.reason
    assert query(db_path, "SELECT count(*) FROM interaction") == [(0,)]


def test_a_retired_entry_is_refused_for_new_input_and_kept_on_old_records(
    db: Database, db_path: Path
) -> None:
    old = interactions.create_interaction(
        db, form(organisations=("EUNAVFOR MED",), countries=("Libya",), participants=("Ann",),
                 type="Seminar"),
    )  # fmt: skip
    for kind, name in (("organisation", "Operation Sophia"), ("country", "LY"),
                       ("person", "Ann"), ("type", "Seminar")):  # fmt: skip
        edit.retire(db, kind, name)
    for field, value in (("organisations", ("EUNAVFOR MED",)), ("countries", ("Libya",)),
                         ("participants", ("ann",)), ("type", "Seminar")):  # fmt: skip
        with pytest.raises(ValidationError) as info:
            interactions.create_interaction(db, form(**{field: value}))
        assert info.value.field == field
        assert "is retired" in info.value.reason
    assert query(db_path, "SELECT count(*) FROM interaction") == [(1,)]

    kept = interactions.update_interaction(db, old.uuid, replace(old.to_input(), title="Edited"))
    assert (kept.organisations, kept.countries, kept.participants, kept.type) == (
        ("EUNAVFOR MED",), ("Libya",), ("Ann",), "Seminar"
    )  # fmt: skip
    edit.retire(db, "country", "Tunisia")
    with pytest.raises(ValidationError) as info:  # adding another retired one is refused
        interactions.update_interaction(
            db, old.uuid, replace(kept.to_input(), countries=("Libya", "Tunisia"))
        )
    assert (info.value.field, "'Tunisia' is retired" in info.value.reason) == ("countries", True)
    assert interactions.get_interaction(db, old.uuid) == kept


def test_the_default_marking_is_the_lowest_in_use(db: Database) -> None:
    assert interactions.create_interaction(db, form()).marking == "UNCLASSIFIED"
    edit.set_rank(db, "marking", "LIMITE", 1)
    assert interactions.create_interaction(db, form()).marking == "LIMITE"
    edit.retire(db, "marking", "LIMITE")
    assert interactions.create_interaction(db, form()).marking == "UNCLASSIFIED"
    edit.rename(db, "marking", "UNCLASSIFIED", "OFFICIAL")
    record = interactions.create_interaction(db, form(marking="UNCLASSIFIED"))
    assert record.marking == "OFFICIAL", "the old name is an alias"


def test_list_filters_find_entries_by_alias_and_retired_ones_too(db: Database) -> None:
    uuid = interactions.create_interaction(
        db, form(countries=("Türkiye",), organisations=("EUNAVFOR MED",))
    ).uuid
    edit.retire(db, "organisation", "EUNAVFOR MED")
    for flt in (InteractionFilter(country="Turkey"), InteractionFilter(country="turkiye"),
                InteractionFilter(organisation="Operation Sophia"),
                InteractionFilter(type="staff talks")):  # fmt: skip
        assert [r.uuid for r in listing.iter_interactions(db, flt)] == [uuid], flt
    assert list(listing.iter_interactions(db, InteractionFilter(country="Atlantis"))) == []


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_import_resolves_aliases_and_refuses_new_retired_entries(
    db: Database, tmp_path: Path
) -> None:
    good = write(tmp_path / "good.csv", "title,type,date,countries,organisations\n"
                 "Talks,staff talks,2018-05-03,Turkey; FYROM,SHAPE\n")  # fmt: skip
    receipt = apply_import(db, good)
    record = interactions.get_interaction(db, receipt.created[0])
    assert (record.countries, record.organisations) == (("North Macedonia", "Türkiye"), ("ACO",))

    edit.retire(db, "organisation", "ACO")
    export = tmp_path / "export.csv"
    export_csv(db, InteractionFilter(), export, flavor="plain")
    again = preview_import(db, export)
    assert again.ok and again.counts_line().startswith("0 to create, 0 to update, 1 unchanged")

    bad = write(
        tmp_path / "bad.csv", "title,type,date,organisations\nNew,Workshop,2018-05-04,ACO\n"
    )
    preview = preview_import(db, bad)
    assert [(r.row, r.column) for r in preview.rejected] == [(2, "organisations")]
    assert "is retired" in preview.rejected[0].reason
