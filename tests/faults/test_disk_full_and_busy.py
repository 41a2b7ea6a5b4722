"""A full disk and a busy database: a clear message naming the file, nothing half-saved,
the database still sound, and the same save succeeds when tried again."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import event

from eunato_desk.core.errors import DatabaseError
from eunato_desk.core.interactions import create_interaction, get_interaction
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.core.storage.backup import quick_check
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.opening import open_database

pytestmark = pytest.mark.slow

FORM = InteractionInput(
    title="Staff talks on military mobility",
    type="Staff talks",
    start_date=dt.date(2019, 3, 12),
    summary="Long minutes. " * 20_000,  # about 280 KB: more than the room left
    links=(LinkInput(70, "rail corridors"), LinkInput(71), LinkInput(72)),
)


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path, create=True)
    create_interaction(database, replace(FORM, summary="short"), officer="Anna")
    yield database
    database.dispose()


def limit_pages(db: Database, pages: int):  # type: ignore[no-untyped-def]
    """Cap the database's size on every new connection of the write engine (SQLite's
    ``max_page_count``), as a full disk would."""
    db.engine.dispose()  # pooled connections do not have the cap

    def cap(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(db.engine, "connect", cap)
    return cap


def test_a_full_disk_gives_a_clear_message_and_the_save_can_be_retried(
    db: Database, db_path: Path
) -> None:
    conn = sqlite3.connect(db_path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    before = (count(db_path, "interaction"), count(db_path, "interaction_action"))
    cap = limit_pages(db, pages + 5)

    with pytest.raises(DatabaseError) as info:
        create_interaction(db, FORM, officer="Anna")

    message = info.value.message
    assert message.startswith(f"{db_path}: the disk is full")
    assert "Nothing was saved" in message
    assert (count(db_path, "interaction"), count(db_path, "interaction_action")) == before
    assert quick_check(db_path) == "ok"

    event.remove(db.engine, "connect", cap)  # space was freed
    db.engine.dispose()
    saved = create_interaction(db, FORM, officer="Anna")
    assert get_interaction(db, saved.uuid).summary == FORM.summary
    assert count(db_path, "interaction_action") == before[1] + 3
    assert quick_check(db_path) == "ok"


def shorten_busy_timeout(db: Database) -> None:
    """Wait 0.2 s instead of the app's 5 s for the other writer (only to keep the test short)."""
    db.engine.dispose()

    def short(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute("PRAGMA busy_timeout = 200")

    event.listen(db.engine, "connect", short)


def test_another_writer_past_the_busy_timeout_is_reported_and_nothing_is_lost(
    db: Database, db_path: Path
) -> None:
    shorten_busy_timeout(db)
    other = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE interaction SET outcome = 'written by the other program'")

    with pytest.raises(DatabaseError) as info:
        create_interaction(db, FORM, officer="Anna")

    message = info.value.message
    assert message.startswith(f"{db_path}: the database is busy")
    assert "Nothing was saved" in message and "try again" in message
    other.execute("COMMIT")
    other.close()

    saved = create_interaction(db, FORM, officer="Anna")  # the retry succeeds

    assert count(db_path, "interaction") == 2
    assert get_interaction(db, saved.uuid).title == FORM.title
    conn = sqlite3.connect(db_path)
    try:
        outcomes = {r[0] for r in conn.execute("SELECT outcome FROM interaction")}
        assert outcomes == {"written by the other program", ""}
    finally:
        conn.close()
    assert quick_check(db_path) == "ok"
