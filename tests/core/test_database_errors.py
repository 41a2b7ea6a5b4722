"""SQLite errors on the bulk paths (export, import planning, demo data, the list's ids) read as
sentences, like on every other path: the bulk queries run through the engine, whose
``handle_error`` hook (``storage.sqlite_errors.install_error_messages``) turns a full disk, a
busy or damaged database into a DatabaseError naming the file, never "Something went wrong"
with an sqlite3 error; ids fetched straight from the cursor go through ``driver_errors``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, text

from eunato_desk.core import listing
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.errors import DatabaseError
from eunato_desk.core.interactions import get_interaction
from eunato_desk.core.records import InteractionFilter
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.storage.sqlite_errors import driver_errors
from eunato_desk.core.transfer.export import export_csv
from eunato_desk.core.transfer.importer import preview_import


def page_count(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA page_count").fetchone()[0])
    finally:
        conn.close()


def test_demo_data_on_a_full_disk_says_so_and_adds_nothing(db, db_path: Path) -> None:
    generate_demo_data(db, 20, seed=1)
    db.engine.dispose()  # pooled connections would not have the cap

    def cap(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {page_count(db_path) + 2}")

    event.listen(db.engine, "connect", cap)
    with pytest.raises(DatabaseError) as info:
        generate_demo_data(db, 2000, seed=1)  # written with executemany, driver-level SQL

    assert info.value.message.startswith(f"{db_path}: the disk is full")
    assert isinstance(info.value.__cause__, sqlite3.OperationalError)
    event.remove(db.engine, "connect", cap)
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM interaction")).scalar_one() == 20


def damaged_list_table(tmp_path: Path) -> tuple[Path, str]:
    """A database whose interaction_country pages are damaged, and the uuid of one of its
    interactions (the rest of the file is sound, so it opens when the check is deferred)."""
    path = tmp_path / "damaged.sqlite3"
    db = open_database(path, create=True)
    generate_demo_data(db, 50, seed=2)
    with db.read() as session:
        uuid = session.execute(text("SELECT uuid FROM interaction LIMIT 1")).scalar_one()
    db.dispose()
    conn = sqlite3.connect(path)
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = (
        "SELECT rootpage FROM sqlite_master WHERE tbl_name = 'interaction_country' "
        "AND type IN ('table', 'index')"
    )
    roots = [root for (root,) in conn.execute(pages)]
    conn.close()
    assert not Path(f"{path}-wal").exists()
    with path.open("r+b") as fh:  # the database is closed: no connection's locks to drop
        for root in roots:
            fh.seek((root - 1) * size)
            fh.write(b"\xee" * 16)  # not a b-tree page type: "database disk image is malformed"
    return path, uuid


def test_bulk_reads_of_a_damaged_database_say_it_is_damaged(tmp_path: Path) -> None:
    path, uuid = damaged_list_table(tmp_path)
    db = open_database(path, defer_deep_check=True)  # the GUI's way: check after showing
    try:
        with pytest.raises(DatabaseError) as exported:
            export_csv(db, InteractionFilter(), tmp_path / "out.csv")
        with pytest.raises(DatabaseError) as read_one:
            get_interaction(db, uuid)
    finally:
        db.dispose()
    for info in (exported, read_one):
        message = info.value.message
        assert message.startswith(f"{path}: the database is damaged (")
        assert "eunato-desk db check" in message
        assert isinstance(info.value.__cause__, sqlite3.DatabaseError)
    assert not (tmp_path / "out.csv").exists()


def test_import_planning_on_a_damaged_database_says_it_is_damaged(tmp_path: Path) -> None:
    path, uuid = damaged_list_table(tmp_path)
    source = tmp_path / "update.csv"
    source.write_text(f"uuid,title\n{uuid},A new title\n", encoding="utf-8")
    db = open_database(path, defer_deep_check=True)
    try:
        with pytest.raises(DatabaseError, match="the database is damaged"):
            preview_import(db, source)  # reads the current record in bulk to compare
    finally:
        db.dispose()


def test_ids_read_straight_from_the_cursor_are_translated_too(db, db_path: Path) -> None:
    with db.read() as session:
        connection = session.connection()
        with pytest.raises(DatabaseError) as info, driver_errors(connection):
            raise sqlite3.OperationalError("database or disk is full")
        assert info.value.message.startswith(f"{db_path}: the disk is full (")
        assert "Nothing was saved" not in info.value.message  # a read: nothing to save
        with (
            pytest.raises(sqlite3.OperationalError, match="no such table"),
            driver_errors(connection),
        ):
            raise sqlite3.OperationalError("no such table: nope")  # the app's SQL: left alone


def test_the_list_of_a_damaged_database_says_it_is_damaged(tmp_path: Path) -> None:
    path, _uuid = damaged_list_table(tmp_path)
    db = open_database(path, defer_deep_check=True)
    try:
        flt = InteractionFilter(country="Tunisia")
        with pytest.raises(DatabaseError, match="the database is damaged"):
            listing.interaction_ids(db, flt)
        with pytest.raises(DatabaseError, match="the database is damaged"):
            listing.list_interactions(db, InteractionFilter())
    finally:
        db.dispose()
