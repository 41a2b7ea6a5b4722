"""The database file: connection settings, write locking, and the reference seed."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.storage.paths import resources_dir
from tests.helpers import query

SYNCHRONOUS_FULL = 2


def pragmas(dbapi_conn) -> dict[str, object]:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    try:
        return {
            name: cur.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")
        }
    finally:
        cur.close()


@pytest.mark.parametrize("engine_name", ["engine", "read_engine"])
def test_every_connection_has_the_safety_pragmas(db: Database, engine_name: str) -> None:
    engine = getattr(db, engine_name)
    # Two connections held at once, so they are two distinct connections from the pool.
    first = engine.raw_connection()
    second = engine.raw_connection()
    try:
        assert first.driver_connection is not second.driver_connection
        for conn in (first, second):
            found = pragmas(conn.driver_connection)
            assert found["foreign_keys"] == 1, found
            assert found["journal_mode"] == "wal", found
            assert found["synchronous"] == SYNCHRONOUS_FULL, found
            assert isinstance(found["busy_timeout"], int) and found["busy_timeout"] > 0, found
    finally:
        first.close()
        second.close()


def test_sessions_see_the_same_pragmas(db: Database) -> None:
    for ctx in (db.write, db.read):
        with ctx() as session:
            assert session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
            assert session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert session.execute(text("PRAGMA synchronous")).scalar_one() == SYNCHRONOUS_FULL


def test_the_file_itself_is_in_wal_mode(db: Database, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        conn.close()


def try_begin_immediate(path: Path) -> str:
    """'ok' if another connection can take the write lock right now, else SQLite's message."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return "ok"
    except sqlite3.OperationalError as exc:
        return str(exc)
    finally:
        other.close()


def test_a_write_transaction_holds_the_write_lock_from_its_first_statement(
    db: Database, db_path: Path
) -> None:
    assert try_begin_immediate(db_path) == "ok"
    with db.write() as session:
        # Only a read so far: with a plain BEGIN this would hold no write lock.
        assert session.execute(text("SELECT count(*) FROM action")).scalar_one() == 74
        assert try_begin_immediate(db_path) == "database is locked"
    assert try_begin_immediate(db_path) == "ok"


def test_a_read_transaction_never_blocks_a_writer(db: Database, db_path: Path) -> None:
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM action")).scalar_one() == 74
        assert try_begin_immediate(db_path) == "ok"


def test_a_failed_write_transaction_is_rolled_back(db: Database, db_path: Path) -> None:
    with pytest.raises(RuntimeError), db.write() as session:
        session.execute(text("UPDATE action SET title = 'changed' WHERE number = 1"))
        raise RuntimeError("boom")
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT title FROM action WHERE number = 1").fetchone()[0] != "changed"
    finally:
        conn.close()
    assert try_begin_immediate(db_path) == "ok"


def test_foreign_keys_are_enforced_through_the_write_session(db: Database, db_path: Path) -> None:
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), db.write() as session:
        session.execute(
            text(
                "INSERT INTO interaction_action (interaction_id, action_id, note) "
                "VALUES (999, 1, '')"
            )
        )
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM interaction_action").fetchone() == (0,)
    finally:
        conn.close()


# --- reference seed ---------------------------------------------------------------------------


def shipped_rows(name: str) -> list[dict[str, str]]:
    with (resources_dir() / "catalogue" / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


TABLES = (
    "area",
    "action",
    "interaction_type",
    "handling_marking",
    "organisation",
    "country",
    "meta",
)


def table_counts(path: Path) -> dict[str, int]:
    return {t: query(path, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}


def test_the_seed_has_the_74_actions_in_two_sets(db: Database, db_path: Path) -> None:
    rows = query(db_path, "SELECT number, set_year, status FROM action ORDER BY number")
    assert [r[0] for r in rows] == list(range(1, 75))
    assert {r[2] for r in rows} == {"active"}
    assert all(year == 2016 for number, year, _ in rows if number <= 42)
    assert all(year == 2017 for number, year, _ in rows if number >= 43)
    uuids = query(db_path, "SELECT count(DISTINCT uuid) FROM action WHERE length(uuid) = 36")
    assert uuids == [(74,)]


def test_the_seed_has_areas_types_and_countries(db: Database, db_path: Path) -> None:
    areas = query(db_path, "SELECT code, name FROM area ORDER BY code")
    assert [code for code, _ in areas] == list(range(1, 11))
    assert "Countering hybrid threats" in dict(areas).values()
    assert "Military mobility" in dict(areas).values()

    types = [r[0] for r in query(db_path, "SELECT name FROM interaction_type ORDER BY sort_order")]
    assert len(types) == 14
    assert types == [r["name"] for r in shipped_rows("interaction_types.csv")]
    assert {"Cross-briefing", "SHADE MED meeting", "Exercise (PACE)", "Other"} <= set(types)

    pilots = {r[0] for r in query(db_path, "SELECT name FROM country WHERE is_pilot = 1")}
    assert pilots == {"Bosnia and Herzegovina", "Republic of Moldova", "Tunisia"}
    partners = {r[0] for r in query(db_path, "SELECT name FROM country WHERE is_partner = 1")}
    assert {"Georgia", "Ukraine", "Jordan", "Mauritania"} <= partners

    markings = [r[0] for r in query(db_path, "SELECT name FROM handling_marking")]
    assert "UNCLASSIFIED" in markings
    orgs = dict(query(db_path, "SELECT acronym, side FROM organisation"))
    assert orgs["EEAS"] == "EU"
    assert orgs["NATO IS"] == "NATO"
    assert orgs["Hybrid CoE"] == "joint"


def test_the_seed_is_loaded_exactly_once(db_path: Path) -> None:
    open_database(db_path, create=True).dispose()
    first = table_counts(db_path)
    first_uuids = query(db_path, "SELECT number, uuid FROM action ORDER BY number")
    open_database(db_path, create=True).dispose()
    open_database(db_path, create=True).dispose()

    assert table_counts(db_path) == first
    assert first["action"] == 74
    assert first["area"] == 10
    assert first["interaction_type"] == 14
    assert query(db_path, "SELECT number, uuid FROM action ORDER BY number") == first_uuids
    assert query(db_path, "SELECT count(*) FROM meta WHERE key = 'reference_seed_version'") == [
        (1,)
    ]


def test_a_deleted_seeded_type_stays_deleted_after_reopening(db_path: Path) -> None:
    open_database(db_path, create=True).dispose()
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM interaction_type WHERE name = 'Seminar'")
    conn.execute("DELETE FROM organisation WHERE acronym = 'Frontex'")
    conn.commit()
    conn.close()

    open_database(db_path, create=True).dispose()

    assert query(db_path, "SELECT count(*) FROM interaction_type WHERE name = 'Seminar'") == [(0,)]
    assert query(db_path, "SELECT count(*) FROM interaction_type") == [(13,)]
    assert query(db_path, "SELECT count(*) FROM organisation WHERE acronym = 'Frontex'") == [(0,)]
