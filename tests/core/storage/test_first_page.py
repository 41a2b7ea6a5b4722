"""The first page read as the application starts (``storage.first_page``): the same rows as
the list reads through SQLAlchemy, nothing written, and None for every file the full open
must look at first (so nothing is shown from it before its checks)."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest

from eunato_desk.core import interactions, listing
from eunato_desk.core.records import InteractionFilter, InteractionInput, LinkInput
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.first_page import read_first_page
from eunato_desk.core.storage.opening import open_database
from tests.helpers import crash_leaving_hot_journal, crash_leaving_wal


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fill(path: Path) -> None:
    """Ties on the date (with and without a time), links, names, a deleted interaction."""
    db = open_database(path, create=True)
    try:
        made = []
        for n in range(230):
            made.append(
                interactions.create_interaction(
                    db,
                    InteractionInput(
                        title=f"Meeting {n}",
                        type=("Workshop", "Staff talks", "Cross-briefing")[n % 3],
                        start_date=dt.date(2018, 1, 1) + dt.timedelta(days=n // 4),
                        start_time=f"{9 + n % 3:02d}:00" if n % 2 else None,
                        status=("held", "planned")[n % 2],
                        links=tuple(LinkInput(a) for a in (n % 30 + 1, 40)[: n % 3]),
                        countries=("France", "Tunisia")[: n % 3],
                        organisations=("EEAS", "NATO IS")[: (n + 1) % 3],
                    ),
                    officer="Anna",
                )
            )
        interactions.delete_interactions(db, [made[-1].uuid], officer="Anna")
    finally:
        db.dispose()


def test_the_first_page_is_the_lists_own_first_page(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    _fill(path)
    before = _digest(path)
    page = read_first_page(path, limit=200)
    assert page is not None and len(page) == 200
    assert _digest(path) == before, "a read: the file is unchanged"
    db = open_database(path)
    try:
        expected = listing.list_interactions(db, InteractionFilter(), descending=True, limit=200)
    finally:
        db.dispose()
    assert page == expected
    assert "Meeting 229" not in {r.title for r in page}  # in the Trash
    assert any(r.actions and r.countries and r.organisations for r in page)


def test_an_empty_database_has_an_empty_first_page(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    open_database(path, create=True).dispose()
    page = read_first_page(path)
    assert page is not None and page == []


def _older_schema(path: Path) -> None:
    _fill(path)
    migrate.downgrade(path, "0009")


def _blank(path: Path) -> None:
    sqlite3.connect(path).close()
    path.write_bytes(b"")


def _not_ours(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE interaction (id INTEGER PRIMARY KEY)")
    conn.close()


def _not_sqlite(path: Path) -> None:
    path.write_text("date,title\n2018-01-01,Workshop\n", encoding="utf-8")


def _hot_journal(path: Path) -> None:
    _fill(path)
    crash_leaving_hot_journal(path)


def _leftover_wal(path: Path) -> None:
    _fill(path)
    crash_leaving_wal(path)


@pytest.mark.parametrize(
    "make",
    [_older_schema, _blank, _not_ours, _not_sqlite, _hot_journal, _leftover_wal],
    ids=["older schema", "empty file", "not ours", "not SQLite", "hot journal", "after a crash"],
)
def test_nothing_is_read_early_from_a_file_the_full_open_must_look_at_first(
    tmp_path: Path, make
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "desk.sqlite3"
    make(path)
    files = _data_files(tmp_path)
    assert read_first_page(path) is None
    assert _data_files(tmp_path) == files


def _data_files(folder: Path) -> dict[str, str]:
    """Every file's digest but the -shm (SQLite's shared-memory index, rebuilt by any reader
    of a file with a -wal: the cheap checks that every open starts with read it too)."""
    return {
        p.name: _digest(p) for p in folder.iterdir() if p.is_file() and not p.name.endswith("-shm")
    }


def test_a_missing_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    assert read_first_page(path) is None
    assert list(tmp_path.iterdir()) == []
