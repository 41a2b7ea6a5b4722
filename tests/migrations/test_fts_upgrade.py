"""Revision 0004 (full-text search) on a populated database: the upgrade indexes every
existing interaction, the downgrade removes every object it made and keeps the data, and a
second upgrade builds the index again."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from eunato_desk.core.catalogue.seed import SEED_KEY, SEED_VERSION
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.records import InteractionFilter
from eunato_desk.core.search.service import search_interactions
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.opening import open_database

NOW = "2018-01-01T00:00:00Z"
REFERENCE = [
    "INSERT INTO area (id, code, name, sort_order) VALUES (1, 1, 'Countering hybrid threats', 1)",
    "INSERT INTO action (id, uuid, number, set_year, area_id, title, description, status, "
    "confidence, source_note, updated_at) VALUES "
    f"(1, 'a-1', 1, 2016, 1, 'Situational awareness', '', 'active', 'confirmed', '', '{NOW}'),"
    f"(2, 'a-2', 2, 2016, 1, 'Strategic communication', '', 'active', 'confirmed', '', '{NOW}'),"
    f"(3, 'a-3', 3, 2016, NULL, 'Early warning', '', 'active', 'confirmed', '', '{NOW}')",
    "INSERT INTO interaction_type (id, name, sort_order) VALUES (1, 'Workshop', 1), "
    "(2, 'Staff talks', 2)",
    "INSERT INTO handling_marking (id, name, sort_order) VALUES (1, 'UNCLASSIFIED', 1)",
    "INSERT INTO organisation (id, name, acronym, side) VALUES "
    "(1, 'European External Action Service', 'EEAS', 'EU'), "
    "(2, 'Allied Maritime Command', 'MARCOM', 'NATO'), (3, 'Europol', NULL, 'EU')",
    "INSERT INTO country (id, name, iso_code, is_pilot, is_partner) VALUES "
    "(1, 'Tunisia', 'TN', 0, 1), (2, 'Türkiye', 'TR', 0, 0)",
]
INTERACTIONS = [
    # id, title, summary, outcome, location, tags, deleted_at
    (1, "Workshop on hybrid threats", "Résilience baselines.", "", "Helsinki", "", None),
    (2, "Staff talks on maritime awareness", "Shipping lanes.", "Follow-up agreed.", "Rome",
     "sea; aegean", None),
    (3, "Trashed staff talks", "Hybrid exchange.", "", "Brussels", "", NOW),
]  # fmt: skip
LINKS = [(1, 1, "Kaliningrad corridor"), (2, 2, ""), (3, 1, "")]
ORGS = [(1, 1), (2, 2), (2, 3)]
COUNTRIES = [(1, 1), (2, 2)]


def build_0003(path: Path) -> None:
    """A database at revision 0003 with hand-written rows and 200 demo interactions."""
    migrate.upgrade(path, "0003")
    conn = sqlite3.connect(path)
    for sql in REFERENCE:
        conn.execute(sql)
    # These rows stand for the reference catalogue: opening must not seed it again.
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (SEED_KEY, SEED_VERSION))
    conn.executemany(
        "INSERT INTO interaction (id, uuid, title, type_id, start_date, status, location, "
        "summary, outcome, marking_id, tags, created_at, created_by, updated_at, updated_by, "
        "deleted_at) VALUES (?, 'u-' || ?, ?, 1, '2018-05-0' || ?, 'held', ?, ?, ?, 1, ?, "
        f"'{NOW}', '', '{NOW}', '', ?)",
        [(i, i, t, i, loc, s, o, tags, d) for i, t, s, o, loc, tags, d in INTERACTIONS],
    )
    conn.executemany("INSERT INTO interaction_action VALUES (?, ?, ?)", LINKS)
    conn.executemany("INSERT INTO interaction_organisation VALUES (?, ?)", ORGS)
    conn.executemany("INSERT INTO interaction_country VALUES (?, ?)", COUNTRIES)
    conn.commit()
    conn.close()
    db = Database(path)
    try:
        generate_demo_data(db, 200, seed=5)
    finally:
        db.dispose()


def words(text: str) -> set[str]:
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).lower()
    return set(re.findall(r"[^\W_]+", plain))


def reference(path: Path, word: str) -> set[int]:
    """Ids of interactions whose fields, link notes, organisations or countries contain the
    word, computed from the tables with plain Python."""
    conn = sqlite3.connect(path)
    try:
        text: dict[int, list[str]] = {}
        for row in conn.execute(
            "SELECT id, title, summary, outcome, location, tags FROM interaction"
        ):
            text[row[0]] = list(row[1:])
        for iid, note in conn.execute("SELECT interaction_id, note FROM interaction_action"):
            text[iid].append(note)
        for iid, name, acronym in conn.execute(
            "SELECT io.interaction_id, o.name, o.acronym FROM interaction_organisation io "
            "JOIN organisation o ON o.id = io.organisation_id"
        ):
            text[iid] += [name, acronym or ""]
        for iid, name, iso in conn.execute(
            "SELECT ic.interaction_id, c.name, c.iso_code FROM interaction_country ic "
            "JOIN country c ON c.id = ic.country_id"
        ):
            text[iid] += [name, iso]
    finally:
        conn.close()
    return {iid for iid, fields in text.items() if word in words(" ".join(fields))}


def fts_hits(path: Path, word: str) -> set[int]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT rowid FROM interaction_fts WHERE interaction_fts MATCH ?", (f'"{word}"',)
        )
        return {r[0] for r in rows}
    finally:
        conn.close()


def index_checks_out(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        conn.execute(
            "INSERT INTO interaction_fts(interaction_fts, rank) VALUES ('integrity-check', 1)"
        )
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def schema_objects(path: Path) -> set[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return {
            (kind, name)
            for kind, name in conn.execute("SELECT type, name FROM sqlite_master")
            if not name.startswith("sqlite_")
        }
    finally:
        conn.close()


def data(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
            for t in ("interaction", "interaction_action", "interaction_organisation",
                      "interaction_country", "organisation", "country")
        }  # fmt: skip
    finally:
        conn.close()


WORDS = ["kaliningrad", "resilience", "aegean", "eeas", "europol", "tr", "turkiye", "tunisia",
         "hybrid", "brussels", "helsinki", "follow", "marcom", "the"]  # fmt: skip


@pytest.fixture
def old_db(db_path: Path) -> Path:
    build_0003(db_path)
    return db_path


def test_the_upgrade_indexes_every_existing_interaction(old_db: Path) -> None:
    before = data(old_db)
    migrate.upgrade(old_db, "0004")

    assert index_checks_out(old_db)
    for word in WORDS:
        want = reference(old_db, word)
        assert fts_hits(old_db, word) == want, word
    assert fts_hits(old_db, "kaliningrad") == {1}
    assert fts_hits(old_db, "resilience") >= {1}  # "Résilience", accent folded
    assert 3 in fts_hits(old_db, "hybrid")  # trashed interactions stay indexed
    assert data(old_db) == before


def test_the_downgrade_removes_every_object_and_keeps_the_data(old_db: Path) -> None:
    objects_0003 = schema_objects(old_db)
    before = data(old_db)
    migrate.upgrade(old_db, "0004")
    added = schema_objects(old_db) - objects_0003
    assert ("table", "interaction_fts") in added
    assert ("view", "interaction_fts_source") in added
    assert ("index", "ix_interaction_live_start") in added
    assert sum(1 for kind, _ in added if kind == "trigger") == 26

    migrate.downgrade(old_db, "0003")
    assert schema_objects(old_db) == objects_0003
    assert data(old_db) == before

    migrate.upgrade(old_db, "0004")
    assert index_checks_out(old_db)
    assert fts_hits(old_db, "aegean") == reference(old_db, "aegean")


def test_opening_an_old_database_makes_it_searchable(old_db: Path) -> None:
    db = open_database(old_db, create=True)
    try:
        hits = search_interactions(db, "kaliningrad corridor")
        assert [row.title for row, _ in hits] == ["Workshop on hybrid threats"]
        assert search_interactions(db, "trashed") == []
        trashed = search_interactions(db, "trashed", InteractionFilter(trash=True))
        assert [row.title for row, _ in trashed] == ["Trashed staff talks"]
    finally:
        db.dispose()
