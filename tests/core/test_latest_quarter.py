"""The latest quarter with data (where the dashboard opens): counted as the dashboard counts,
not cancelled and not in the Trash, checked against an independent sqlite3 query."""

from __future__ import annotations

import datetime as dt

from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.interactions import delete_interaction
from eunato_desk.core.listing import latest_quarter_with_data
from eunato_desk.core.periods import Quarter
from tests.helpers import log, query

D = dt.date
COUNTED = "deleted_at IS NULL AND status != 'cancelled'"


def test_no_interaction_no_quarter(db):  # type: ignore[no-untyped-def]
    assert latest_quarter_with_data(db) is None
    assert latest_quarter_with_data(db, up_to=D(2030, 1, 1)) is None


def test_cancelled_and_trashed_interactions_do_not_count(db, db_path):  # type: ignore[no-untyped-def]
    log(db, "Held", D(2018, 5, 3))
    log(db, "Postponed, on the last day of Q3", D(2019, 9, 30), status="postponed")
    log(db, "Cancelled later", D(2019, 12, 1), status="cancelled")
    delete_interaction(db, log(db, "Trashed later still", D(2020, 1, 5)))
    assert latest_quarter_with_data(db) == Quarter(2019, 3)  # the last day counts for Q3
    (latest,) = query(db_path, f"SELECT max(start_date) FROM interaction WHERE {COUNTED}")[0]
    assert Quarter.of(D.fromisoformat(latest)) == Quarter(2019, 3)


def test_planned_interactions_count_and_up_to_stops_at_a_date(db):  # type: ignore[no-untyped-def]
    log(db, "Held", D(2018, 5, 3))
    log(db, "Planned", D(2027, 2, 1), status="planned")
    assert latest_quarter_with_data(db) == Quarter(2027, 1)
    assert latest_quarter_with_data(db, up_to=D(2026, 12, 31)) == Quarter(2018, 2)
    assert latest_quarter_with_data(db, up_to=D(2018, 5, 3)) == Quarter(2018, 2)  # inclusive
    assert latest_quarter_with_data(db, up_to=D(2018, 5, 2)) is None


def test_demo_data_ends_in_its_last_counted_quarter(db, db_path):  # type: ignore[no-untyped-def]
    generate_demo_data(db, 300, seed=3)
    (latest,) = query(db_path, f"SELECT max(start_date) FROM interaction WHERE {COUNTED}")[0]
    assert latest_quarter_with_data(db) == Quarter.of(D.fromisoformat(latest))
