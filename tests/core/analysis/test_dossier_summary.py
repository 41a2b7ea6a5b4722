"""The dossier's one-page summary and its period: every number equals an independent sqlite3
query on demo data (cancelled and deleted interactions, open and done follow-ups, one LIMITE
interaction); the period keeps only the interactions it holds, bounds included."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from eunato_desk.core.analysis.dossier import TOP
from eunato_desk.core.analysis.history import build_dossier
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.errors import ValidationError
from tests.helpers import execute, query

D = dt.date
LIVE = "i.deleted_at IS NULL"
DAY = "CAST(i.start_date AS TEXT)"  # YYYY-MM-DD on both backends
IN_PERIOD = "(CAST(? AS DATE) IS NULL OR i.start_date BETWEEN ? AND ?)"
# The live interactions of the period linked to action ?number (no lineage in demo data).
LINKED = f"""
SELECT DISTINCT i.id FROM interaction i JOIN interaction_action l ON l.interaction_id = i.id
JOIN action a ON a.id = l.action_id WHERE a.number = ? AND {LIVE} AND {IN_PERIOD}"""


@pytest.fixture
def demo(db, db_path: Path):  # type: ignore[no-untyped-def]
    generate_demo_data(db, 400, seed=5)
    execute(
        db_path,
        "UPDATE interaction SET status = 'cancelled' WHERE id % 11 = 0",
        "UPDATE interaction SET deleted_at = '2019-01-01T00:00:00Z' WHERE id % 13 = 0",
        "INSERT INTO follow_up (uuid, interaction_id, action_id, text, owner, due_date, "
        "done_at, created_at, created_by, updated_at) "
        "SELECT 'fu-' || l.interaction_id || '-' || l.action_id, "
        "l.interaction_id, l.action_id, 'Send the minutes', 'Anna', '2019-01-31', "
        "CASE WHEN l.interaction_id % 3 = 0 THEN '2019-02-01T00:00:00Z' END, "
        "'2019-01-01T00:00:00Z', 'Anna', '2019-01-01T00:00:00Z' FROM interaction_action l "
        "WHERE l.interaction_id % 4 = 0",
        "UPDATE interaction SET marking_id = (SELECT id FROM handling_marking "
        "WHERE name = 'LIMITE') WHERE id = (SELECT min(l.interaction_id) "
        "FROM interaction_action l JOIN action a ON a.id = l.action_id "
        "JOIN interaction i ON i.id = l.interaction_id "
        "WHERE a.number = 3 AND i.deleted_at IS NULL AND i.start_date >= '2018-01-01')",
    )
    return db


PERIODS = [(None, None), (D(2018, 1, 1), D(2018, 12, 31)), (D(2017, 5, 15), D(2018, 2, 14))]


@pytest.mark.parametrize(("start", "end"), PERIODS)
@pytest.mark.parametrize("number", [3, 17])
def test_the_summary_equals_independent_queries(demo, db_path, number, start, end):
    made = build_dossier(demo, action_number=number, date_from=start, date_to=end, officer="Ann")
    summary = made.summary
    period = (start, start, end)
    counted = f"{LINKED} AND i.status <> 'cancelled'"
    ids = {i for (i,) in query(db_path, counted, number, *period)}
    listed = {i for (i,) in query(db_path, LINKED, number, *period)}
    assert summary.interactions == len(ids) > 0
    assert summary.cancelled == len(listed - ids)
    assert made.interaction_count == len(listed)

    in_ids = f"i.id IN ({counted})"
    by_type = query(
        db_path,
        "SELECT t.name, count(*) FROM interaction i JOIN interaction_type t ON t.id = i.type_id "
        f"WHERE {in_ids} GROUP BY t.name",
        number,
        *period,
    )
    assert {t.name: t.count for t in summary.by_type} == dict(by_type)
    assert [t.count for t in summary.by_type] == sorted((n for _, n in by_type), reverse=True)

    quarters = query(
        db_path,
        f"SELECT CAST(substr({DAY}, 1, 4) AS INTEGER), "
        f"(CAST(substr({DAY}, 6, 2) AS INTEGER) + 2) / 3, count(*) "
        f"FROM interaction i WHERE {in_ids} GROUP BY 1, 2",
        number,
        *period,
    )
    got = {
        (row.year, q + 1): n for row in summary.by_quarter for q, n in enumerate(row.counts) if n
    }
    assert got == {(y, q): n for y, q, n in quarters}
    if start is not None:  # every year of the period is a row, quarters outside it are empty
        assert [row.year for row in summary.by_quarter] == list(range(start.year, end.year + 1))
        first_row = summary.by_quarter[0].counts
        assert all(first_row[q] is None for q in range((start.month - 1) // 3))

    ((first, last),) = query(
        db_path, f"SELECT min(i.start_date), max(i.start_date) FROM interaction i WHERE {in_ids}",
        number, *period,
    )  # fmt: skip
    assert (str(summary.first), str(summary.last)) == (first, last)

    (open_items,) = query(
        db_path,
        "SELECT count(*) FROM follow_up f JOIN interaction i ON i.id = f.interaction_id "
        f"JOIN action a ON a.id = f.action_id WHERE a.number = ? AND f.done_at IS NULL "
        f"AND {LIVE} AND {IN_PERIOD}",
        number,
        *period,
    )
    assert summary.open_follow_ups == open_items[0]

    shown = (("organisations", "organisation", "coalesce(o.acronym, o.name)"),
             ("countries", "country", "o.name"))  # fmt: skip
    for field, table, name in shown:  # an organisation by its acronym, as everywhere
        rows = query(
            db_path,
            f"SELECT {name}, count(DISTINCT i.id) FROM interaction i "
            f"JOIN interaction_{table} x ON x.interaction_id = i.id "
            f"JOIN {table} o ON o.id = x.{table}_id WHERE {in_ids} GROUP BY 1",
            number,
            *period,
        )
        ranked = sorted(rows, key=lambda row: (-row[1], row[0]))[:TOP]
        assert [(t.name, t.count) for t in getattr(summary, field)] == ranked, field

    marking = query(
        db_path,
        "SELECT m.name FROM interaction i JOIN handling_marking m ON m.id = i.marking_id "
        f"WHERE i.id IN ({LINKED}) ORDER BY m.sort_order DESC LIMIT 1",
        number,
        *period,
    )
    assert made.marking == marking[0][0]
    assert made.author == "Ann"


def test_the_period_keeps_its_interactions_bounds_included(demo, db_path):
    (day,) = query(
        db_path,
        f"SELECT min(i.start_date) FROM ({LINKED}) x JOIN interaction i ON i.id = x.id "
        "WHERE i.start_date >= '2018-06-01'",
        17,
        None,
        None,
        None,
    )[0]
    bound = dt.date.fromisoformat(day)
    for start, end in ((bound, bound + dt.timedelta(days=40)), (bound - dt.timedelta(40), bound)):
        made = build_dossier(demo, action_number=17, date_from=start, date_to=end)
        dates = [e.date for s in made.sections for e in s.history]
        assert bound in dates
        assert all(start <= d <= end for d in dates)
        expected = query(db_path, LINKED, 17, start, start, end)
        assert Counter(e.interaction_uuid for s in made.sections for e in s.history).total() == (
            len(expected)
        )
    everything = build_dossier(demo, action_number=17)
    assert everything.period == "All dates"
    assert everything.summary.date_from is None


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [(D(2018, 1, 1), None, "period"), (D(2018, 2, 1), D(2018, 1, 1), None)],
)
def test_a_half_or_reversed_period_is_refused(demo, start, end, field):
    with pytest.raises(ValidationError) as caught:
        build_dossier(demo, action_number=3, date_from=start, date_to=end)
    if field is not None:
        assert caught.value.field == field
