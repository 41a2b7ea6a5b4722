"""Demo data: deterministic for a seed, plausible, bulk, cancellable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eunato_desk.core import demo
from eunato_desk.core.errors import DeskError, OperationCancelled
from eunato_desk.core.storage.db import Database
from tests.helpers import log, open_db, query

COUNT = 60


def fresh_demo(path: Path, count: int = COUNT, seed: int = 7) -> list[tuple]:
    db = open_db(path, create=True)
    try:
        assert demo.generate_demo_data(db, count=count, seed=seed) == count
    finally:
        db.dispose()
    return query(path, "SELECT uuid, title, start_date, summary FROM interaction ORDER BY id")


def test_the_same_seed_gives_the_same_data(tmp_path: Path) -> None:
    first = fresh_demo(tmp_path / "a.sqlite3")
    second = fresh_demo(tmp_path / "b.sqlite3")
    assert len(first) == COUNT
    assert first == second
    links = (
        "SELECT i.uuid, a.number FROM interaction_action ia JOIN interaction i ON "
        "i.id = ia.interaction_id JOIN action a ON a.id = ia.action_id ORDER BY 1, 2"
    )
    assert query(tmp_path / "a.sqlite3", links) == query(tmp_path / "b.sqlite3", links)


def test_the_same_seed_gives_the_same_data_on_both_backends(db_path: Path, tmp_path: Path) -> None:
    """The test's database (a fresh one: a file, or on the server) and another file."""
    here = fresh_demo(db_path)
    assert here == fresh_demo(tmp_path / "file.sqlite3")
    links = (
        "SELECT i.uuid, a.number, ia.note FROM interaction_action ia JOIN interaction i ON "
        "i.id = ia.interaction_id JOIN action a ON a.id = ia.action_id ORDER BY 1, 2"
    )
    assert query(db_path, links) == query(tmp_path / "file.sqlite3", links)


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    first = fresh_demo(tmp_path / "a.sqlite3", seed=7)
    other = fresh_demo(tmp_path / "b.sqlite3", seed=8)
    assert {r[0] for r in first}.isdisjoint({r[0] for r in other})
    assert [r[1] for r in first] != [r[1] for r in other]


def test_demo_data_is_plausible_and_counts_are_exact(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    fresh_demo(path, count=COUNT, seed=3)

    assert query(path, "SELECT count(*), count(DISTINCT uuid) FROM interaction") == [(COUNT, COUNT)]
    for (day,) in query(path, "SELECT start_date FROM interaction"):
        assert dt.date(2017, 1, 1) <= dt.date.fromisoformat(day) <= dt.date(2019, 12, 31)
    per_interaction = query(
        path,
        "SELECT i.id, count(ia.action_id) FROM interaction i "
        "LEFT JOIN interaction_action ia ON ia.interaction_id = i.id GROUP BY i.id",
    )
    assert len(per_interaction) == COUNT
    assert {n for _, n in per_interaction} <= {1, 2, 3}
    assert query(path, "SELECT count(*) FROM interaction_country") == [(COUNT,)]
    orgs = query(
        path,
        "SELECT count(*) FROM interaction i WHERE (SELECT count(*) FROM interaction_organisation "
        "o WHERE o.interaction_id = i.id) NOT IN (1, 2)",
    )
    assert orgs == [(0,)]
    statuses = {r[0] for r in query(path, "SELECT DISTINCT status FROM interaction")}
    assert statuses <= {"held", "planned", "cancelled", "postponed"}
    assert "held" in statuses
    assert query(path, "SELECT count(*) FROM interaction WHERE length(trim(title)) = 0") == [(0,)]
    summaries = [r[0] for r in query(path, "SELECT summary FROM interaction")]
    assert all(s.count(".") >= 2 for s in summaries)
    pilot = query(
        path,
        "SELECT count(*) FROM interaction i JOIN interaction_type t ON t.id = i.type_id "
        "JOIN interaction_country ic ON ic.interaction_id = i.id "
        "JOIN country c ON c.id = ic.country_id "
        "WHERE t.name = 'Pilot-country consultation' AND c.is_pilot = 0",
    )
    assert pilot == [(0,)]
    assert query(path, "PRAGMA foreign_key_check") == []


def test_progress_is_reported_per_chunk(db: Database) -> None:
    seen: list[tuple[int, int]] = []
    total = demo.CHUNK + 7
    demo.generate_demo_data(db, count=total, seed=1, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(demo.CHUNK, total), (total, total)]


def test_cancelling_after_the_first_chunk_adds_nothing(db: Database, db_path: Path) -> None:
    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1  # the first chunk runs, then the user cancels

    before = {
        t: query(db_path, f"SELECT count(*) FROM {t}")[0][0]
        for t in ("interaction", "interaction_action", "interaction_country")
    }
    with pytest.raises(OperationCancelled):
        demo.generate_demo_data(db, count=demo.CHUNK + 10, seed=2, cancelled=cancelled)

    assert len(calls) == 2
    after = {t: query(db_path, f"SELECT count(*) FROM {t}")[0][0] for t in before}
    assert after == before == {"interaction": 0, "interaction_action": 0, "interaction_country": 0}


def test_a_negative_count_is_refused(db: Database, db_path: Path) -> None:
    with pytest.raises(DeskError):
        demo.generate_demo_data(db, count=-1)
    assert query(db_path, "SELECT count(*) FROM interaction") == [(0,)]


def test_demo_data_can_be_added_twice_to_the_same_database(db: Database, db_path: Path) -> None:
    """`eunato-desk demo` run twice (same default seed) must not crash on duplicate uuids."""
    demo.generate_demo_data(db, count=20, seed=1)
    demo.generate_demo_data(db, count=20, seed=1)
    assert query(db_path, "SELECT count(*), count(DISTINCT uuid) FROM interaction") == [(40, 40)]


def test_saves_after_demo_data_get_ids_of_their_own(db: Database, db_path: Path) -> None:
    """Demo rows name their ids (bulk insert); an officer's save afterwards still gets a new
    one (on a server the ids come from the table's sequence, which then continues)."""
    demo.generate_demo_data(db, count=30, seed=4)
    uuid = log(db, "After the demo", dt.date(2019, 1, 1), [3])
    demo.generate_demo_data(db, count=5, seed=4)
    assert query(db_path, "SELECT count(*), count(DISTINCT id) FROM interaction") == [(36, 36)]
    ((mine,),) = query(db_path, "SELECT id FROM interaction WHERE uuid = ?", uuid)
    ids = sorted(i for (i,) in query(db_path, "SELECT id FROM interaction"))
    assert ids.index(mine) == 30  # after the first demo rows, before the second ones
