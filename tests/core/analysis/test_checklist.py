"""The period-end checklist: every line's count and items equal independent sqlite3 queries,
and each line carries exactly the items it counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eunato_desk.core import follow_ups, interactions
from eunato_desk.core.analysis.checklist import (
    EMPTY_SUMMARY,
    OVERDUE_FOLLOW_UPS,
    PLANNED_PASSED,
    QUIET_ACTIONS,
    checklist_summary,
    period_end_checklist,
)
from eunato_desk.core.catalogue import edit as catalogue_edit
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.listing import list_interactions
from eunato_desk.core.periods import Quarter
from eunato_desk.core.records import InteractionInput, LinkInput
from tests.helpers import execute, query

D = dt.date
Q2 = Quarter(2018, 2)


def log(db, title, day, numbers=(1,), status="held", summary="Met."):  # type: ignore[no-untyped-def]
    return interactions.create_interaction(
        db,
        InteractionInput(
            title=title,
            type="Staff talks",
            start_date=day,
            status=status,
            summary=summary,
            links=tuple(LinkInput(n) for n in numbers),
        ),
    ).uuid


@pytest.fixture
def edges(db):  # type: ignore[no-untyped-def]
    """2018 Q2 checked on 15 June 2018."""
    made = {
        "planned_april": log(db, "Planned in April", D(2018, 4, 10), status="planned"),
        "planned_yesterday": log(db, "Planned yesterday", D(2018, 6, 14), [2], "planned", ""),
        "planned_today": log(db, "Planned today", D(2018, 6, 15), status="planned"),
        "planned_future": log(db, "Planned later", D(2018, 6, 20), [2], "planned", ""),
        "planned_q1": log(db, "Planned in Q1", D(2018, 3, 31), status="planned"),
        "planned_trashed": log(db, "Planned, trashed", D(2018, 4, 11), status="planned"),
        "blank": log(db, "No summary", D(2018, 4, 1), [3], summary=""),
        "spaces": log(db, "Blank summary", D(2018, 6, 15), summary="  \n\t "),
        "cancelled_blank": log(db, "Cancelled", D(2018, 5, 1), [4], "cancelled", ""),
        "trashed_blank": log(db, "Trashed", D(2018, 5, 2), [5], summary=""),
        "renumbered": log(db, "Linked under 6", D(2018, 5, 3), [6]),
    }
    interactions.delete_interactions(db, [made["planned_trashed"], made["trashed_blank"]])
    catalogue_edit.renumber_action(db, 6, 86)
    add = follow_ups.add_follow_up
    made["overdue"] = add(db, made["blank"], "Send minutes", due_date=D(2018, 6, 14)).uuid
    made["overdue_old"] = add(db, made["planned_q1"], "Old", due_date=D(2018, 1, 2)).uuid
    add(db, made["blank"], "Due today", due_date=D(2018, 6, 15))
    add(db, made["blank"], "No due date")
    done = add(db, made["blank"], "Done already", due_date=D(2018, 5, 1)).uuid
    follow_ups.set_follow_up_done(db, done)
    add(db, made["trashed_blank"], "Of a trashed interaction", due_date=D(2018, 5, 1))
    return made


def test_each_line_carries_exactly_what_it_counts(db, edges):
    checklist = period_end_checklist(db, Q2, today=D(2018, 6, 15))
    planned = checklist.line(PLANNED_PASSED)
    assert planned.interaction_uuids == (edges["planned_april"], edges["planned_yesterday"])
    assert planned.count == 2 and planned.filter is not None
    assert tuple(r.uuid for r in list_interactions(db, planned.filter)) == planned.interaction_uuids

    blank = checklist.line(EMPTY_SUMMARY)
    # Started on or before today, not cancelled, not in the Trash; blank after trimming.
    assert blank.interaction_uuids == (
        edges["blank"],
        edges["planned_yesterday"],
        edges["spaces"],
    )
    overdue = checklist.line(OVERDUE_FOLLOW_UPS)
    assert overdue.follow_up_uuids == (edges["overdue_old"], edges["overdue"])

    quiet = checklist.line(QUIET_ACTIONS)
    # 1, 2, 3 have interactions, 86 one linked under 6; 4 only a cancelled one, 5 a trashed one.
    assert {1, 2, 3, 86}.isdisjoint(quiet.action_numbers)
    assert {4, 5} <= set(quiet.action_numbers)
    assert 6 not in quiet.action_numbers  # retired: no longer in the catalogue
    assert quiet.count == len(quiet.actions) == 74 - 4
    assert not checklist.all_clear
    assert "4 checks to look at" in checklist_summary(checklist)


def test_the_planned_line_at_quarter_boundaries(db, edges):
    first_day = period_end_checklist(db, Q2, today=D(2018, 4, 1))
    assert first_day.line(PLANNED_PASSED).count == 0
    assert first_day.line(PLANNED_PASSED).filter is None
    after = period_end_checklist(db, Q2, today=D(2018, 7, 1))
    assert after.line(PLANNED_PASSED).interaction_uuids == (
        edges["planned_april"],
        edges["planned_yesterday"],
        edges["planned_today"],
        edges["planned_future"],
    )
    flt = after.line(PLANNED_PASSED).filter
    assert flt is not None and (flt.date_from, flt.date_to) == (D(2018, 4, 1), D(2018, 6, 30))


@pytest.fixture
def demo(db, db_path: Path):  # type: ignore[no-untyped-def]
    generate_demo_data(db, 500, seed=5)
    execute(
        db_path,
        "UPDATE interaction SET summary = '' WHERE id % 13 = 0",
        "UPDATE interaction SET summary = ' ' WHERE id % 17 = 0",
        "UPDATE interaction SET status = 'planned' WHERE id % 5 = 0",
        "UPDATE interaction SET deleted_at = '2019-01-01T00:00:00Z' WHERE id % 19 = 0",
    )
    rows = query(db_path, "SELECT uuid, start_date FROM interaction WHERE id % 7 = 0")
    for i, (uuid, start) in enumerate(rows):
        due = dt.date.fromisoformat(start) + dt.timedelta(days=i % 90)
        follow_ups.add_follow_up(db, uuid, f"Step {i}", due_date=due)
    return db


@pytest.mark.parametrize(
    ("quarter", "today"),
    [(Quarter(2018, 2), D(2018, 5, 15)), (Quarter(2017, 4), D(2018, 1, 10)), (Q2, D(2018, 7, 1))],
)
def test_counts_equal_independent_queries_on_demo_data(demo, db_path, quarter, today):
    checklist = period_end_checklist(demo, quarter, today=today)
    start, end = quarter.start, quarter.end
    live = "i.deleted_at IS NULL"
    planned = query(
        db_path,
        f"SELECT uuid FROM interaction i WHERE {live} AND status = 'planned' "
        "AND start_date BETWEEN ? AND ? AND start_date < ? ORDER BY start_date, start_time, id",
        start,
        end,
        today,
    )
    assert checklist.line(PLANNED_PASSED).interaction_uuids == tuple(u for (u,) in planned)
    blank = query(
        db_path,
        f"SELECT uuid FROM interaction i WHERE {live} AND status != 'cancelled' "
        "AND start_date BETWEEN ? AND ? AND start_date <= ? AND trim(summary) = '' "
        "ORDER BY start_date, start_time, id",
        start,
        end,
        today,
    )
    assert checklist.line(EMPTY_SUMMARY).interaction_uuids == tuple(u for (u,) in blank)
    overdue = query(
        db_path,
        "SELECT f.uuid FROM follow_up f JOIN interaction i ON i.id = f.interaction_id "
        f"WHERE {live} AND f.done_at IS NULL AND f.due_date < ?",
        today,
    )
    got = checklist.line(OVERDUE_FOLLOW_UPS).follow_up_uuids
    assert sorted(got) == sorted(u for (u,) in overdue) and len(got) > 0
    quiet = query(
        db_path,
        "SELECT a.uuid FROM action a WHERE a.status = 'active' AND NOT EXISTS ("
        " SELECT 1 FROM interaction_action l JOIN interaction i ON i.id = l.interaction_id"
        f" WHERE l.action_id = a.id AND {live} AND i.status != 'cancelled'"
        " AND i.start_date BETWEEN ? AND ?)",
        start,
        end,
    )
    got_quiet = checklist.line(QUIET_ACTIONS).actions
    assert sorted(a.uuid for a in got_quiet) == sorted(u for (u,) in quiet)
    assert checklist.line(PLANNED_PASSED).count > 0
    assert checklist.line(EMPTY_SUMMARY).count > 0
