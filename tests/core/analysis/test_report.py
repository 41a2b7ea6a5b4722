"""The progress-report draft: every count and every bullet equals an independent sqlite3 query
on demo data; hand-made edge cases; the joint report periods."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from pathlib import Path

import pytest

from eunato_desk.core import interactions
from eunato_desk.core.analysis.report import REPORT_PERIODS, build_report, period_label
from eunato_desk.core.analysis.report_periods import previous_period
from eunato_desk.core.catalogue import edit as catalogue_edit
from eunato_desk.core.catalogue.edit import ActionEdit
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.errors import ValidationError
from tests.helpers import execute, query
from tests.helpers import log as shared_log

D = dt.date
FAMILY = """
WITH RECURSIVE fam(id, final) AS (
    SELECT id, id FROM action WHERE superseded_by_id IS NULL
    UNION
    SELECT a.id, fam.final FROM action a JOIN fam ON a.superseded_by_id = fam.id
)"""
COUNTED = "i.deleted_at IS NULL AND i.status <> 'cancelled' AND i.start_date BETWEEN ? AND ?"
# (interaction, area code) pairs: the area of the action each link counts for, NULL for an
# action without area or an interaction without links.
HITS = f"""{FAMILY}, hits AS (
    SELECT DISTINCT i.id AS iid, i.type_id AS tid, ar.code AS code
    FROM interaction i JOIN interaction_action l ON l.interaction_id = i.id
    JOIN fam ON fam.id = l.action_id JOIN action fa ON fa.id = fam.final
    LEFT JOIN area ar ON ar.id = fa.area_id WHERE {COUNTED}
    UNION SELECT i.id, i.type_id, NULL FROM interaction i WHERE {COUNTED}
    AND i.id NOT IN (SELECT interaction_id FROM interaction_action))"""
AREAS = {20: 3, 21: 2, 22: 2, 30: 7, 31: 7, 50: 10}


log = functools.partial(shared_log, type="Seminar")


@pytest.fixture
def demo(db, db_path: Path):  # type: ignore[no-untyped-def]
    for number, code in AREAS.items():
        catalogue_edit.update_action(db, number, ActionEdit(f"Action {number}", "", code, 2016))
    generate_demo_data(db, 500, seed=21)
    catalogue_edit.renumber_action(db, 2, 82)
    catalogue_edit.merge_actions(db, 8, 9)
    catalogue_edit.retire_action(db, 30)  # retired without successor: still reported
    log(db, "Linked to nothing", D(2018, 7, 1))
    execute(
        db_path,
        "UPDATE interaction SET status = 'cancelled' WHERE id % 23 = 0",
        "UPDATE interaction SET deleted_at = '2019-01-01T00:00:00Z' WHERE id % 31 = 0",
        "UPDATE interaction SET marking_id = (SELECT id FROM handling_marking "
        "WHERE name = 'LIMITE') WHERE id IN (SELECT min(id) FROM interaction "
        "WHERE deleted_at IS NULL AND status <> 'cancelled' "
        "AND start_date BETWEEN '2018-03-20' AND '2018-04-10' "
        "UNION SELECT max(id) FROM interaction WHERE deleted_at IS NULL "
        "AND status <> 'cancelled' AND start_date BETWEEN '2018-06-01' AND '2019-05-31')",
    )
    return db


PERIODS = [
    (D(2018, 6, 1), D(2019, 5, 31)),
    (D(2017, 1, 1), D(2019, 12, 31)),
    (D(2018, 3, 20), D(2018, 4, 10)),
]


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_every_count_and_bullet_equals_independent_queries(demo, db_path, start, end):
    report = build_report(demo, start, end, today=D(2020, 1, 1))
    (total,) = query(db_path, f"SELECT count(*) FROM interaction i WHERE {COUNTED}", start, end)
    assert report.total == total[0] == report.table.total > 0

    by_code = f"{HITS} SELECT code, count(*) FROM hits GROUP BY code"
    per_area = dict(query(db_path, by_code, start, end, start, end))
    assert {a.area.code: a.count for a in report.areas} == per_area
    codes = [a.code for a in report.table.areas]
    assert dict(zip(codes, report.table.area_totals, strict=True)) == per_area

    bullets: dict[str, list[str]] = defaultdict(list)
    for action_uuid, uuid, *_ in query(
        db_path,
        f"{FAMILY} SELECT DISTINCT fa.uuid, i.uuid, i.start_date, i.start_time, i.id "
        "FROM interaction i JOIN interaction_action l ON l.interaction_id = i.id "
        "JOIN fam ON fam.id = l.action_id JOIN action fa ON fa.id = fam.final "
        f"WHERE {COUNTED} ORDER BY i.start_date, i.start_time, i.id",
        start,
        end,
    ):
        bullets[action_uuid].append(uuid)
    got = {
        entry.action.uuid: [item.interaction_uuid for item in entry.items]
        for entry in report.actions_with_activity
    }
    assert got == bullets
    assert all(entry.count == len(entry.items) for entry in report.actions_with_activity)

    cells = query(
        db_path,
        f"{HITS} SELECT t.name, code, count(*) FROM hits JOIN interaction_type t ON t.id = tid "
        "GROUP BY t.name, code",
        start,
        end,
        start,
        end,
    )
    table = report.table
    assert {
        (t, a.code): n
        for t, row in zip(table.types, table.counts, strict=True)
        for a, n in zip(table.areas, row, strict=True)
        if n
    } == {(t, code): n for t, code, n in cells}
    per_type = query(
        db_path,
        "SELECT t.name, count(*) FROM interaction i JOIN interaction_type t ON t.id = i.type_id "
        f"WHERE {COUNTED} GROUP BY t.name",
        start,
        end,
    )
    assert dict(zip(table.types, table.type_totals, strict=True)) == dict(per_type)

    quiet = query(
        db_path,
        f"{FAMILY} SELECT a.uuid FROM action a WHERE a.status = 'active' AND NOT EXISTS ("
        " SELECT 1 FROM interaction i JOIN interaction_action l ON l.interaction_id = i.id"
        f" JOIN fam ON fam.id = l.action_id WHERE fam.final = a.id AND {COUNTED})"
        " ORDER BY a.number",
        start,
        end,
    )
    assert [a.uuid for a in report.quiet_actions] == [u for (u,) in quiet]
    active = query(db_path, "SELECT count(*) FROM action WHERE status = 'active'")[0][0]
    assert report.active_actions == active

    # The executive summary: per area, this period and the previous one of the same length.
    before = previous_period(start, end)
    earlier = dict(query(db_path, by_code, *before, *before))
    comparison = report.comparison
    assert comparison is not None and (comparison.date_from, comparison.date_to) == before
    assert {a.area.code: (a.count, a.previous) for a in comparison.areas} == {
        code: (per_area.get(code, 0), earlier.get(code, 0)) for code in {*per_area, *earlier}
    }
    (previous_total,) = query(
        db_path, f"SELECT count(*) FROM interaction i WHERE {COUNTED}", *before
    )
    assert (comparison.total, comparison.previous_total) == (total[0], previous_total[0])

    # Highlights: the newest interactions with a recorded outcome, with their action numbers.
    newest = query(
        db_path,
        f"SELECT i.uuid, i.id FROM interaction i WHERE {COUNTED} AND trim(i.outcome) <> '' "
        "ORDER BY i.start_date DESC, i.id DESC LIMIT 5",
        start,
        end,
    )
    assert [h.interaction_uuid for h in report.highlights] == [u for u, _ in newest]
    for highlight, (_uuid, iid) in zip(report.highlights, newest, strict=True):
        numbers = query(
            db_path,
            f"{FAMILY} SELECT DISTINCT fa.number FROM interaction_action l "
            "JOIN fam ON fam.id = l.action_id JOIN action fa ON fa.id = fam.final "
            "WHERE l.interaction_id = ? AND fa.number IS NOT NULL ORDER BY fa.number",
            iid,
        )
        assert highlight.actions == tuple(n for (n,) in numbers)

    # The marking: the highest-ranked one of what the report holds.
    (highest,) = query(
        db_path,
        "SELECT m.name FROM interaction i JOIN handling_marking m ON m.id = i.marking_id "
        f"WHERE {COUNTED} ORDER BY m.sort_order DESC LIMIT 1",
        start,
        end,
    )
    assert report.marking == highest[0] == "LIMITE"


def test_areas_and_actions_come_in_order(demo, db_path):
    report = build_report(demo, D(2017, 1, 1), D(2019, 12, 31))
    assert [a.area.code for a in report.areas] == [1, 2, 3, 7, 10, None]
    for area in report.areas:
        numbers = [e.action.number for e in area.actions]
        assert numbers == sorted(numbers)
        assert all(e.action.area_code == area.area.code for e in area.actions)
    listed = {e.action.number: e.action.status for e in report.actions_with_activity}
    assert listed[30] == "retired" and listed[82] == "active" and listed[9] == "active"
    assert 2 not in listed and 8 not in listed  # their links count for 82 and 9
    assert [i.title for i in report.areas[-1].unlinked] == ["Linked to nothing"]
    assert report.areas[-1].area.name == "No area"
    assert report.quiet_actions == ()  # 500 interactions over three years touch every action


def test_hand_made_report(db):
    catalogue_edit.update_action(db, 20, ActionEdit("Cyber action", "", 3, 2016))
    two_areas = log(db, "Two areas", D(2018, 5, 31), [1, 20, 40], outcome="Agreed.\nMinutes.")
    log(db, "Planned", D(2018, 6, 1), [1], status="planned")
    log(db, "Cancelled", D(2018, 5, 2), [1], status="cancelled")
    trashed = log(db, "Trashed", D(2018, 5, 3), [1])
    interactions.delete_interaction(db, trashed)
    log(db, "Outside", D(2018, 6, 2), [1])
    report = build_report(db, D(2018, 1, 1), D(2018, 6, 1), today=D(2018, 6, 1))
    assert report.total == 2
    assert [(a.area.code, a.count) for a in report.areas] == [(1, 2), (3, 1), (None, 1)]
    first = report.areas[0].actions[0]
    assert first.action.number == 1
    assert [(i.title, i.status, i.outcome) for i in first.items] == [
        ("Two areas", "held", "Agreed.\nMinutes."),
        ("Planned", "planned", ""),
    ]
    assert first.items[0].interaction_uuid == two_areas
    assert [e.action.number for e in report.areas[2].actions] == [40]
    assert report.table.types == ("Seminar",)
    assert report.table.counts == ((2, 1, 1),) and report.table.type_totals == (2,)
    assert len(report.quiet_actions) == 74 - 3
    assert report.period_open  # the period ends today
    assert not build_report(db, D(2018, 1, 1), D(2018, 5, 31), today=D(2018, 6, 1)).period_open


def test_an_empty_period_and_a_bad_range(db):
    report = build_report(db, D(2018, 1, 1), D(2018, 6, 30))
    assert report.total == 0 and report.areas == () and report.table.types == ()
    assert len(report.quiet_actions) == report.active_actions == 74
    with pytest.raises(ValidationError) as err:
        build_report(db, D(2018, 6, 30), D(2018, 1, 1))
    assert err.value.field == "to"


def test_report_periods_follow_the_reporting_calendar():
    assert len(REPORT_PERIODS) == 10
    starts = [start for _, start, _ in REPORT_PERIODS]
    assert starts == sorted(starts)
    assert REPORT_PERIODS[0][1:] == (D(2016, 12, 1), D(2017, 6, 30))
    assert REPORT_PERIODS[2][1:] == (D(2018, 1, 1), D(2018, 6, 30))
    for n, (label, start, end) in enumerate(REPORT_PERIODS, 1):
        assert start < end and start.day == 1
        assert (end + dt.timedelta(days=1)).day == 1  # ends on a month's last day
        assert ("(inferred)" in label) == (n in (1, 2, 4, 10)), label
        assert period_label(start, end) == label
        if n >= 4:  # yearly, June to May
            assert (start.month, end.month, end.year - start.year) == (6, 5, 1)
    assert period_label(D(2018, 3, 5), D(2018, 9, 30)) == "5 March 2018 – 30 September 2018"
