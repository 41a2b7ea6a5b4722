"""Matching typed text to reference entries: folded, exact before partial, retired entries
left out of new input; the same answers from a Vocabulary (no SQL) and from a session."""

from __future__ import annotations

import pytest

from eunato_desk.core.catalogue.actions import vocabulary
from eunato_desk.core.reference import edit, matching
from eunato_desk.core.reference.matching import EXACT, PART, PREFIX, WORD, fold_key
from eunato_desk.core.storage.db import Database


def test_fold_key_drops_case_accents_and_extra_spaces() -> None:
    assert fold_key("  Türkiye ") == "turkiye"
    assert fold_key("SÉCURITÉ   et  Défense") == "securite et defense"


@pytest.mark.parametrize("how", ["vocabulary", "session"])
@pytest.mark.parametrize(
    ("typed", "country"),
    [("TR", "Türkiye"), ("tr", "Türkiye"), ("Turkey", "Türkiye"), ("turkiye", "Türkiye"),
     ("TÜRKIYE", "Türkiye"), ("Czech Republic", "Czechia"), ("FYROM", "North Macedonia"),
     ("Macedonia", "North Macedonia"), ("moldova", "Republic of Moldova"),
     ("Holland", "Netherlands"), ("UK", "United Kingdom"), ("Great Britain", "United Kingdom"),
     ("USA", "United States"), ("US", "United States"), ("XK", "Kosovo"), ("LY", "Libya")],
)  # fmt: skip
def test_a_code_name_or_alias_names_one_country_exactly(
    db: Database, how: str, typed: str, country: str
) -> None:
    if how == "vocabulary":
        source = vocabulary(db)
        found = matching.exact_country(source, typed)
        ranked = matching.match_countries(source, typed)
    else:
        with db.read() as session:
            found = matching.exact_country(session, typed)
            ranked = matching.match_countries(session, typed)
    assert found is not None and found.name == country
    assert ranked[0].name == country, "the exact match comes first"


def test_an_exact_code_beats_partial_matches(db: Database) -> None:
    vocab = vocabulary(db)
    found = matching.matches(vocab, "country", "TR")
    assert [(m.record.name, m.rank, m.matched) for m in found[:1]] == [("Türkiye", EXACT, "TR")]
    austria = next(m for m in found if m.record.name == "Austria")
    assert austria.rank == PART  # "tr" inside "austria": listed, but after Türkiye


def test_a_prefix_lists_turkiye_and_says_which_key_matched(db: Database) -> None:
    vocab = vocabulary(db)
    found = matching.matches(vocab, "country", "tur")
    assert found[0].record.name == "Türkiye"
    assert found[0].rank == PREFIX
    assert matching.exact_country(vocab, "tur") is None, "a prefix is not an exact match"
    naples = matching.matches(vocab, "organisation", "naples")
    assert [(m.record.acronym, m.rank) for m in naples] == [("JFC Naples", WORD)]


def test_organisations_by_name_acronym_and_alias(db: Database) -> None:
    vocab = vocabulary(db)
    assert matching.exact_organisation(vocab, "SHAPE").acronym == "ACO"
    assert matching.exact_organisation(vocab, "allied command operations").acronym == "ACO"
    assert matching.exact_organisation(vocab, "eeas").name == "European External Action Service"
    assert matching.exact_organisation(vocab, "Operation Sophia").acronym == "EUNAVFOR MED"
    assert matching.exact_type(vocab, "pace").name == "Exercise (PACE)"
    assert matching.exact_marking(vocab, "NU").name == "NATO UNCLASSIFIED"


def test_an_empty_text_lists_every_entry_in_list_order(db: Database) -> None:
    vocab = vocabulary(db)
    assert [r.name for r in matching.match_markings(vocab, "")] == list(vocab.markings)
    assert len(matching.match_countries(vocab, "")) == len(vocab.countries)


def test_retired_entries_match_only_when_asked(db: Database) -> None:
    edit.retire(db, "country", "Libya")
    vocab = vocabulary(db)
    assert matching.exact_country(vocab, "LY") is None
    assert matching.match_countries(vocab, "Liby") == []
    assert matching.exact_country(vocab, "LY", include_retired=True).retired is True
    libya = next(c for c in vocab.countries if c.name == "Libya")
    assert libya.retired is True, "the vocabulary keeps it, flagged, for old records"


def test_the_vocabulary_carries_every_list_with_aliases_and_flags(db: Database) -> None:
    edit.retire(db, "marking", "LIMITE")
    vocab = vocabulary(db)
    assert vocab.markings == ("UNCLASSIFIED", "NATO UNCLASSIFIED", "LIMITE")
    assert [(m.name, m.rank, m.retired) for m in vocab.marking_records] == [
        ("UNCLASSIFIED", 1, False), ("NATO UNCLASSIFIED", 2, False), ("LIMITE", 3, True)
    ]  # fmt: skip
    turkiye = next(c for c in vocab.countries if c.iso_code == "TR")
    assert "Turkey" in turkiye.aliases and turkiye.retired is False
    aco = next(o for o in vocab.organisations if o.acronym == "ACO")
    assert (aco.side, aco.aliases[0], aco.label) == (
        "NATO",
        "SHAPE",
        "ACO — Allied Command Operations",
    )
    assert vocab.types == tuple(t.name for t in vocab.type_records)
    assert {p.name for p in vocab.countries if p.is_pilot} == {
        "Bosnia and Herzegovina", "Republic of Moldova", "Tunisia"
    }  # fmt: skip
