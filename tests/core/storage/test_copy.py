"""Copying a whole database into another (file to file here; the server variants run where the
PostgreSQL fixture is): every row of every table equal afterwards, ids and UUIDs kept, the
audit trail the source's, search working on the copy; a target with records, a target at
another schema and a cancelled copy leave the target exactly as it was."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from eunato_desk.core import follow_ups, interactions
from eunato_desk.core.catalogue import edit as catalogue_edit
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.errors import DatabaseError, OperationCancelled
from eunato_desk.core.models import Base
from eunato_desk.core.reference import edit as reference_edit
from eunato_desk.core.search.service import search
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.copy import copy_database
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.opening import open_database
from tests.helpers import log, query

TABLES = [t.name for t in Base.metadata.sorted_tables if t.name != "meta"]


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every copied table, in key order, read with sqlite3."""
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}
    finally:
        conn.close()


@pytest.fixture
def source(db, db_path: Path):  # type: ignore[no-untyped-def]
    """Demo data with what makes a real log: a renumbered and a merged action, a renamed
    organisation, follow-ups (one done), an interaction in the Trash."""
    generate_demo_data(db, 150, seed=3)
    catalogue_edit.renumber_action(db, 2, 82, officer="Anna")
    catalogue_edit.merge_actions(db, 8, 9, officer="Anna")
    reference_edit.rename(db, "organisation", "EDA", "Defence Agency (EDA)", officer="Anna")
    uuid = log(db, "Staff talks on the Sophia–Sea Guardian handover", dt.date(2019, 3, 4), [5])
    follow_ups.add_follow_up(db, uuid, "Send the minutes", owner="Anna", action_number=5)
    done = follow_ups.add_follow_up(db, uuid, "Book the room", due_date=dt.date(2019, 3, 1))
    follow_ups.set_follow_up_done(db, done.uuid)
    interactions.delete_interaction(db, log(db, "Logged twice", dt.date(2019, 3, 5)), "Anna")
    return db


def fresh(path: Path):  # type: ignore[no-untyped-def]
    return open_database(path, create=True)


def test_a_file_copied_into_a_fresh_file_is_the_same_log(source, db_path, tmp_path):
    target_path = tmp_path / "copy.sqlite3"
    steps: list[tuple[int, int]] = []
    with fresh(target_path) as target:
        result = copy_database(source, target, progress=lambda d, t: steps.append((d, t)))
    before, after = dump(db_path), dump(target_path)
    for table in TABLES:
        assert after[table] == before[table], table
    assert result.interactions == len(before["interaction"]) == 152
    assert len(before["follow_up"]) >= 2 and before["reference_change"] and before["action_change"]
    assert result.total == sum(len(rows) for rows in before.values())
    assert steps[-1] == (result.total, result.total)
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)
    meta = "SELECT value FROM meta WHERE key = 'audit_txn'"
    assert query(target_path, meta) == query(db_path, meta)
    with open_database(target_path) as copy:  # the search index follows the rows
        hits = [row.uuid for row, _snippet in search(copy, "handover sea guardian").hits]
        assert hits == [row.uuid for row, _s in search(source, "handover sea guardian").hits]
        assert len(hits) == 1


def test_the_copy_goes_on_where_the_source_stopped(source, db_path, tmp_path):
    target_path = tmp_path / "copy.sqlite3"
    with fresh(target_path) as target:
        copy_database(source, target)
        uuid = log(target, "After the copy", dt.date(2020, 1, 2), [3])
    ((new_id,),) = query(target_path, "SELECT id FROM interaction WHERE uuid = ?", uuid)
    ((highest,),) = query(db_path, "SELECT max(id) FROM interaction")
    assert new_id == highest + 1
    trail = "SELECT count(*) FROM audit_log WHERE entity_uuid = ?"
    assert query(target_path, trail, uuid)[0][0] > 0


def test_a_target_with_records_is_refused_untouched(source, tmp_path):
    target_path = tmp_path / "busy.sqlite3"
    with fresh(target_path) as target:
        log(target, "Somebody's own work", dt.date(2018, 1, 1), [1])
        before = dump(target_path)
        with pytest.raises(DatabaseError, match=r"already holds records \(interactions\)"):
            copy_database(source, target, target_label=str(target_path))
    assert dump(target_path) == before


def test_another_schema_is_refused(source, tmp_path):
    target_path = tmp_path / "old.sqlite3"
    with fresh(target_path):
        pass
    migrate.downgrade(target_path, "0006")
    before = dump_tables(target_path)
    with Database(target_path) as target, pytest.raises(DatabaseError, match=r"the target: 0006\)"):
        copy_database(source, target)
    assert dump_tables(target_path) == before


def dump_tables(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [(n, conn.execute(f'SELECT * FROM "{n}"').fetchall()) for n in sorted(names)]
    finally:
        conn.close()


def test_a_cancelled_copy_leaves_the_target_as_it_was(source, tmp_path):
    target_path = tmp_path / "copy.sqlite3"
    with fresh(target_path) as target:
        before = dump(target_path)
        calls = iter(range(100))
        with pytest.raises(OperationCancelled):
            copy_database(source, target, cancelled=lambda: next(calls) >= 3)
    assert dump(target_path) == before
