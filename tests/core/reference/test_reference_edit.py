"""Adding to the reference lists and changing their entries: every service writes what it
says (rows in the file), records it in the lists' history, and refuses bad input with a
ValidationError naming the field, changing nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.reference import add, edit, history
from eunato_desk.core.storage.db import Database
from tests.helpers import log, query


def history_rows(db: Database, kind: str | None = None, name: str | None = None) -> list[tuple]:
    return [(c.change, c.name, c.old, c.new, c.officer) for c in history.history(db, kind, name)]


def test_add_an_organisation_with_acronym_side_and_aliases(db: Database, db_path: Path) -> None:
    record = add.add_organisation(
        db, "  Italian   Navy ", acronym="ITN", side="national",
        aliases=("Marina Militare", "Italian Navy"), officer="Anna",
    )  # fmt: skip

    assert (record.name, record.acronym, record.side) == ("Italian Navy", "ITN", "national")
    assert record.aliases == ("Marina Militare",), "its own name is not an alias"
    assert query(
        db_path, "SELECT name, acronym, side, retired_at FROM organisation WHERE acronym = 'ITN'"
    ) == [("Italian Navy", "ITN", "national", None)]
    assert query(db_path, "SELECT a.name, a.folded FROM organisation_alias a JOIN organisation o "
                 "ON o.id = a.organisation_id WHERE o.acronym = 'ITN'") == [
        ("Marina Militare", "marina militare")
    ]  # fmt: skip
    assert history_rows(db, "organisation", "marina militare") == [
        ("add", "Italian Navy", None, "Italian Navy", "Anna")
    ]


def test_add_a_country_a_type_and_a_marking_at_a_rank(db: Database, db_path: Path) -> None:
    country = add.add_country(db, "Sudan", "sd", aliases=("Republic of the Sudan",))
    assert (country.iso_code, country.is_pilot, country.is_partner) == ("SD", False, False)
    add.add_type(db, "Joint visit")
    assert query(db_path, "SELECT name FROM interaction_type ORDER BY sort_order")[-1] == (
        "Joint visit",
    )
    markings = add.add_marking(db, "EU RESTRICTED", rank=3)
    assert markings.rank == 3
    assert query(db_path, "SELECT name, sort_order FROM handling_marking ORDER BY sort_order") == [
        ("UNCLASSIFIED", 0), ("NATO UNCLASSIFIED", 1), ("EU RESTRICTED", 2), ("LIMITE", 3)
    ]  # fmt: skip


def test_rename_keeps_the_old_name_as_an_alias_and_renames_everywhere(
    db: Database, db_path: Path
) -> None:
    uuid = log(db, "Talks", dt.date(2018, 5, 3), organisations=("EEAS",), countries=("Tunisia",))
    record = edit.rename(db, "country", "TN", "Republic of Tunisia", officer="Bob")

    assert record.name == "Republic of Tunisia" and record.aliases == ("Tunisia",)
    assert query(
        db_path, "SELECT c.name FROM interaction_country ic JOIN country c ON c.id = ic.country_id "
        "JOIN interaction i ON i.id = ic.interaction_id WHERE i.uuid = ?", uuid,
    ) == [("Republic of Tunisia",)]  # fmt: skip
    assert history_rows(db, "country", "tunisia") == [
        ("rename", "Republic of Tunisia", "Tunisia", "Republic of Tunisia", "Bob")
    ]
    # renamed to one of its aliases: the two swap
    back = edit.rename(db, "country", "Republic of Tunisia", "tunisia")
    assert (back.name, back.aliases) == ("tunisia", ("Republic of Tunisia",))


def test_aliases_are_added_and_removed(db: Database, db_path: Path) -> None:
    record = edit.add_alias(db, "organisation", "NCI Agency", "NATO NCIA", officer="Cy")
    assert record.aliases == ("NCIA", "NATO NCIA")
    record = edit.remove_alias(db, "organisation", "nato ncia", "ncia")
    assert record.aliases == ("NATO NCIA",)
    assert [h[0] for h in history_rows(db, "organisation", "NCI Agency")] == ["alias", "unalias"]


def test_edit_an_organisation_and_a_country(db: Database) -> None:
    org = add.edit_organisation(db, "NCI Agency", acronym="NCIA2", side="joint", officer="Di")
    assert (org.acronym, org.side) == ("NCIA2", "joint")
    assert "NCI Agency" in org.aliases, "the old acronym still finds it"
    country = add.edit_country(db, "Georgia", is_pilot=True)
    assert (country.is_pilot, country.is_partner) == (True, True)
    changes = history_rows(db, "country", "GE")
    assert changes == [("edit", "Georgia", "no", "yes", "")]


def test_retire_and_bring_back(db: Database, db_path: Path) -> None:
    record = edit.retire(db, "organisation", "Operation Sophia", officer="Eve")
    assert record.retired is True
    assert query(db_path, "SELECT retired_at IS NOT NULL FROM organisation "
                 "WHERE acronym = 'EUNAVFOR MED'") == [(1,)]  # fmt: skip
    assert edit.retire(db, "organisation", "EUNAVFOR MED", undo=True).retired is False
    assert [h[0] for h in history_rows(db, "organisation", "EUNAVFOR MED")] == [
        "retire", "unretire"
    ]  # fmt: skip


def test_a_marking_moves_up_and_down_the_ranks(db: Database, db_path: Path) -> None:
    ranked = edit.set_rank(db, "marking", "LIMITE", 1, officer="Fay")
    assert [(m.name, m.rank) for m in ranked] == [
        ("LIMITE", 1), ("UNCLASSIFIED", 2), ("NATO UNCLASSIFIED", 3)
    ]  # fmt: skip
    ranked = edit.move(db, "marking", "LIMITE", +1)
    assert [m.name for m in ranked] == ["UNCLASSIFIED", "LIMITE", "NATO UNCLASSIFIED"]
    assert query(db_path, "SELECT name FROM handling_marking ORDER BY sort_order") == [
        ("UNCLASSIFIED",), ("LIMITE",), ("NATO UNCLASSIFIED",)
    ]  # fmt: skip
    assert history_rows(db, "marking", "LIMITE")[0] == ("rank", "LIMITE", "3", "1", "Fay")


def test_a_list_counts_the_uses_of_each_entry(db: Database) -> None:
    add.add_person(db, "Ben Okafor", organisation="EEAS")
    log(
        db, "One", dt.date(2018, 1, 2), organisations=("EEAS", "EUMS"), participants=("Ben Okafor",)
    )
    log(db, "Two", dt.date(2018, 1, 3), organisations=("eeas",))
    items = {i.record.name: i for i in history.list_entries(db, "organisation")}
    eeas = items["European External Action Service"]
    assert (eeas.interactions, eeas.people) == (2, 1)
    assert items["EU Military Staff"].interactions == 1
    people = history.list_entries(db, "person")
    assert [(p.record.name, p.record.organisation, p.interactions) for p in people] == [
        ("Ben Okafor", "EEAS", 1)
    ]
    edit.retire(db, "type", "Seminar")
    names = [i.record.name for i in history.list_entries(db, "type")]
    assert "Seminar" not in names
    assert "Seminar" in [
        i.record.name for i in history.list_entries(db, "type", include_retired=True)
    ]
    assert history.list_entries(db, "marking")[0].as_json() == {
        "name": "UNCLASSIFIED", "aliases": ["UNCLAS"], "retired": False, "rank": 1,
        "interactions": 2,
    }  # fmt: skip


REFUSALS: dict[str, tuple[Callable[[Database], object], str]] = {
    "unknown name": (lambda db: edit.rename(db, "organisation", "Ministry of Magic", "X"), "name"),
    "empty name": (lambda db: add.add_type(db, "   "), "name"),
    "semicolon": (lambda db: add.add_organisation(db, "A; B"), "name"),
    "duplicate name": (lambda db: add.add_country(db, "türkiye", "TX"), "name"),
    "name taken by an alias": (lambda db: add.add_country(db, "Turkey", "TX"), "name"),
    "duplicate acronym": (
        lambda db: add.add_organisation(db, "Other EEAS", acronym="eeas"), "acronym"
    ),
    "duplicate ISO code": (lambda db: add.add_country(db, "Atlantis", "TR"), "iso_code"),
    "missing ISO code": (lambda db: add.add_country(db, "Atlantis", None), "iso_code"),
    "bad ISO code": (lambda db: add.add_country(db, "Atlantis", "T1"), "iso_code"),
    "duplicate alias": (lambda db: add.add_organisation(db, "X", aliases=("SHAPE",)), "alias"),
    "bad side": (lambda db: add.add_organisation(db, "X", side="Warsaw Pact"), "side"),
    "alias of another": (lambda db: edit.add_alias(db, "country", "Austria", "Turkey"), "alias"),
    "alias it has": (lambda db: edit.add_alias(db, "country", "Türkiye", "TR"), "alias"),
    "not an alias": (lambda db: edit.remove_alias(db, "country", "Austria", "Turkey"), "alias"),
    "rename to a taken name": (
        lambda db: edit.rename(db, "country", "Austria", "Germany"), "new name"
    ),
    "rename to the same": (lambda db: edit.rename(db, "type", "Workshop", "Workshop"), "new name"),
    "retire twice": (lambda db: [edit.retire(db, "type", "Other") for _ in "ab"], "name"),
    "bring back what is in use": (lambda db: edit.retire(db, "type", "Other", undo=True), "name"),
    "rank out of range": (lambda db: edit.set_rank(db, "marking", "LIMITE", 4), "rank"),
    "same rank": (lambda db: edit.set_rank(db, "marking", "LIMITE", 3), "rank"),
    "rank of a list without": (lambda db: edit.set_rank(db, "country", "Austria", 1), "rank"),
    "edit nothing": (lambda db: add.edit_organisation(db, "EEAS", side="EU"), "side"),
    "edit to a taken code": (lambda db: add.edit_country(db, "Austria", iso_code="DE"), "iso_code"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_refusal_names_the_field_and_changes_nothing(db: Database, snapshot, case: str) -> None:  # type: ignore[no-untyped-def]
    call, field = REFUSALS[case]
    if case == "retire twice":
        edit.retire(db, "type", "Other")
        call = lambda db: edit.retire(db, "type", "Other")  # noqa: E731
    before = snapshot()
    with pytest.raises(ValidationError) as info:
        call(db)
    assert info.value.field == field, info.value.message
    assert snapshot() == before


def test_the_last_marking_in_use_cannot_be_retired(db: Database, snapshot) -> None:  # type: ignore[no-untyped-def]
    edit.retire(db, "marking", "NATO UNCLASSIFIED")
    edit.retire(db, "marking", "LIMITE")
    before = snapshot()
    with pytest.raises(ValidationError) as info:
        edit.retire(db, "marking", "UNCLASSIFIED")
    assert info.value.field == "name"
    assert "the only handling marking in use" in info.value.message
    assert snapshot() == before
