"""After a database error the application tells the truth: it reads the database again on
fresh connections before saying whether a save happened."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import contextmanager

import pytest
from sqlalchemy.orm import SessionTransaction as Session

from eunato_desk.core import interactions
from eunato_desk.core.errors import UNCERTAIN, DatabaseError
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.core.storage.db import Database

FORM = InteractionInput(
    title="Staff talks on hybrid threats",
    type="Staff talks",
    start_date=dt.date(2019, 3, 12),
    summary="Two lines.\nOf minutes.",
    links=(LinkInput(1, "playbook"), LinkInput(3)),
    organisations=("EEAS",),
)
IO_ERROR = "desk.sqlite3: the disk reported an error (disk I/O error)." + UNCERTAIN


def titles(path) -> list[str]:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT title FROM interaction ORDER BY id")]
    finally:
        conn.close()


def fail_after_commit(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The commit reaches the disk, then SQLite reports an I/O error (as with a -wal that
    was unlinked under the connection)."""
    real = Database.write

    @contextmanager
    def write(self):  # type: ignore[no-untyped-def]
        with real(self) as session:
            yield session
        raise DatabaseError(IO_ERROR)

    monkeypatch.setattr(Database, "write", write)


@pytest.fixture
def error_after_commit(monkeypatch):  # type: ignore[no-untyped-def]
    fail_after_commit(monkeypatch)


@pytest.fixture
def error_before_commit(monkeypatch):  # type: ignore[no-untyped-def]
    def commit(self):  # type: ignore[no-untyped-def]
        raise DatabaseError(IO_ERROR)

    monkeypatch.setattr(Session, "commit", commit)


def test_a_create_that_committed_is_reported_saved_with_the_warning(
    db, db_path, error_after_commit
):
    pool = db.engine.pool
    result = interactions.save_interaction(db, None, FORM, officer="Anna")
    assert titles(db_path) == [FORM.title]
    assert result.record.title == FORM.title
    assert "Saved, but the disk then reported an error" in result.warning
    assert "may not have been saved" not in result.warning
    assert db.engine.pool is not pool  # fresh connections after the error


def test_an_update_that_committed_is_reported_saved(db, db_path, monkeypatch):
    first = interactions.save_interaction(db, None, FORM, officer="Anna").record
    fail_after_commit(monkeypatch)
    changed = interactions.save_interaction(
        db, first.uuid, FORM.__class__(**{**FORM.__dict__, "title": "Renamed"}), officer="Ben"
    )
    assert changed.warning and titles(db_path) == ["Renamed"]


def test_a_save_that_did_not_commit_says_nothing_was_saved(db, db_path, error_before_commit):
    with pytest.raises(DatabaseError) as info:
        interactions.save_interaction(db, None, FORM, officer="Anna")
    assert titles(db_path) == []
    message = info.value.message
    assert "The database was read again: nothing was saved." in message
    assert "may not have been saved" not in message


def test_when_the_database_cannot_be_read_again_it_says_so(db, error_before_commit, monkeypatch):
    def unreadable(_db, _uuid):  # type: ignore[no-untyped-def]
        raise DatabaseError("desk.sqlite3: the disk reported an error while reading (I/O).")

    monkeypatch.setattr(interactions, "get_interaction", unreadable)
    with pytest.raises(DatabaseError) as info:
        interactions.save_interaction(db, None, FORM, officer="Anna")
    assert "could not be read again to check whether the save reached it" in info.value.message
    assert "Your input is still in the form" in info.value.message
    assert "nothing was saved" not in info.value.message
