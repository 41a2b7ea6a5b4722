"""The shipped reference lists: complete for the field in a new database, and, in a database
seeded with the first (short) lists, the entries new in version 2 added once, without
duplicating what the officer already has."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from eunato_desk.core.catalogue.seed import SEED_KEY, SEED_VERSION
from eunato_desk.core.interactions import get_interaction
from eunato_desk.core.reference import matching
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.storage.paths import resources_dir
from tests.helpers import execute, log, query

EU_MEMBERS = {
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus",
    "CZ": "Czechia", "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France",
    "DE": "Germany", "GR": "Greece", "HU": "Hungary", "IE": "Ireland", "IT": "Italy",
    "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg", "MT": "Malta", "NL": "Netherlands",
    "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SK": "Slovakia", "SI": "Slovenia",
    "ES": "Spain", "SE": "Sweden",
}  # fmt: skip
NATO_ONLY = {
    "AL": "Albania", "CA": "Canada", "IS": "Iceland", "ME": "Montenegro",
    "MK": "North Macedonia", "NO": "Norway", "TR": "Türkiye", "GB": "United Kingdom",
    "US": "United States",
}  # fmt: skip
PARTNERS_AND_OTHERS = {
    "BA": "Bosnia and Herzegovina", "RS": "Serbia", "XK": "Kosovo", "UA": "Ukraine",
    "GE": "Georgia", "MD": "Republic of Moldova", "AM": "Armenia", "AZ": "Azerbaijan",
    "LY": "Libya", "EG": "Egypt", "JO": "Jordan", "MR": "Mauritania", "MA": "Morocco",
    "DZ": "Algeria", "TN": "Tunisia", "LB": "Lebanon", "IL": "Israel", "PS": "Palestine",
    "SY": "Syria", "IQ": "Iraq", "AF": "Afghanistan", "RU": "Russia", "BY": "Belarus",
    "CH": "Switzerland",
}  # fmt: skip
BODIES = {
    "EEAS", "EUMS", "EU INTCEN", "EUMC", "PSC", "HWP ERCHT", "EC", "EDA", "ESDC", "Frontex",
    "Europol", "EUNAVFOR MED", "EUFOR Althea", "EUTM Mali", "EUAM Ukraine", "EUMM Georgia",
    "EUBAM Libya", "EUNAVFOR Atalanta", "CERT-EU", "NAC", "MC", "NATO IS", "IMS", "ACO", "ACT",
    "MARCOM", "JFC Naples", "NSD-S Hub", "NCI Agency", "NCIRC", "JISD", "ESCD", "Hybrid CoE",
    "StratCom COE", "CCDCOE", "SHADE MED",
}  # fmt: skip


def rows(name: str) -> list[dict[str, str]]:
    with (resources_dir() / "catalogue" / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_a_new_database_has_the_complete_lists(db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    countries = dict(query(db_path, "SELECT iso_code, name FROM country"))
    for wanted in (EU_MEMBERS, NATO_ONLY, PARTNERS_AND_OTHERS):
        assert {iso: countries.get(iso) for iso in wanted} == wanted
    assert all(len(iso) == 2 and iso.isupper() for iso in countries)
    acronyms = {a for (a,) in query(db_path, "SELECT acronym FROM organisation")}
    assert acronyms >= BODIES
    assert query(db_path, "SELECT value FROM meta WHERE key = ?", SEED_KEY) == [(SEED_VERSION,)]
    aliases = rows("aliases.csv")
    counted = sum(
        query(db_path, f"SELECT count(*) FROM {t}_alias")[0][0]
        for t in ("organisation", "country", "interaction_type", "handling_marking")
    )
    assert counted == len(aliases), "every shipped alias is attached"
    kinds = {"organisation": "organisation", "country": "country", "type": "type",
             "marking": "marking"}  # fmt: skip
    with db.read() as session:
        for row in aliases:
            entry = matching.exact(session, kinds[row["list"]], row["entry"])
            assert matching.exact(session, kinds[row["list"]], row["alias"]) == entry, row
    assert query(db_path, "SELECT count(*) FROM reference_change") == [(0,)]


def make_first_version_database(path: Path) -> str:
    """A database at revision 0006 seeded with the first lists, as version 1 left it, with
    one interaction; then changes an officer made by hand: Europol removed, Libya and SHAPE
    (an alias of a new entry) added under other names. Returns the interaction's UUID."""
    db = open_database(path, create=True)
    try:
        uuid = log(db, "Talks", dt.date(2018, 5, 3), organisations=("EEAS", "NATO IS"),
                   countries=("Tunisia", "Türkiye"), participants=("Ann Lee",))  # fmt: skip
    finally:
        db.dispose()
    migrate.downgrade(path, "0006")
    conn = sqlite3.connect(path)
    with conn:
        for table, column, file in (("organisation", "name", "organisations.csv"),
                                    ("country", "name", "countries.csv")):  # fmt: skip
            second = [(r["name"],) for r in rows(file) if r["since"] == "2"]
            conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", second)
        conn.execute("DELETE FROM organisation WHERE acronym = 'Europol'")
        conn.execute("INSERT INTO country (name, iso_code, is_pilot, is_partner) "
                     "VALUES ('State of Libya', 'LY', 0, 0)")  # fmt: skip
        conn.execute(
            "INSERT INTO organisation (name, acronym, side) "
            "VALUES ('Supreme Headquarters Allied Powers Europe', 'SHAPE HQ', 'NATO')"
        )
    conn.close()
    assert query(path, "SELECT value FROM meta WHERE key = ?", SEED_KEY) == [("1",)]
    assert query(path, "SELECT count(*) FROM country") == [(44,)]
    return uuid


@pytest.mark.backends("sqlite")  # a file downgraded to revision 0006 by hand
def test_a_database_with_the_first_lists_gets_the_new_entries_once(db_path: Path) -> None:
    uuid = make_first_version_database(db_path)

    db = open_database(db_path)
    try:
        record = get_interaction(db, uuid)
        with db.read() as session:
            assert matching.exact_country(session, "Turkey").name == "Türkiye"
            assert matching.exact_country(session, "Kosovo").iso_code == "XK"
            shape = matching.exact_organisation(
                session, "Supreme Headquarters Allied Powers Europe"
            )
            assert shape.acronym == "SHAPE HQ", "ACO (which has that alias) was not added"
    finally:
        db.dispose()

    assert (record.organisations, record.countries, record.participants) == (
        ("EEAS", "NATO IS"), ("Tunisia", "Türkiye"), ("Ann Lee",)
    )  # fmt: skip
    assert query(db_path, "SELECT value FROM meta WHERE key = ?", SEED_KEY) == [(SEED_VERSION,)]
    assert query(db_path, "SELECT count(*) FROM organisation WHERE acronym = 'Europol'") == [(0,)]
    assert query(db_path, "SELECT name FROM country WHERE iso_code = 'LY'") == [("State of Libya",)]
    assert query(db_path, "SELECT count(*) FROM organisation WHERE acronym = 'ACO'") == [(0,)]
    new_countries = [r for r in rows("countries.csv") if r["since"] == "2"]
    assert query(db_path, "SELECT count(*) FROM country") == [(44 + len(new_countries) - 1,)]
    added = query(db_path, "SELECT kind, name, detail, officer FROM reference_change "
                  "WHERE change = 'add' AND name = 'Kosovo'")  # fmt: skip
    assert added == [("country", "Kosovo", "added with the shipped lists of version 2", "")]

    # Once only: what the officer removes after the step stays removed.
    execute(
        db_path,
        "DELETE FROM country WHERE iso_code = 'XK'",
    )
    open_database(db_path).dispose()
    assert query(db_path, "SELECT count(*) FROM country WHERE iso_code = 'XK'") == [(0,)]
