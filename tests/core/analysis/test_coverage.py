"""Coverage matrix and dashboard series: every count equals an independent SQL count (on
both backends).

The independent queries below share nothing with eunato_desk.core.analysis.coverage: they follow
renumbers and merges with a recursive CTE (the module follows them in Python) and name
quarters from the date's ISO text, "2018Q2" (the module computes one integer per quarter).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from pathlib import Path

import pytest

from eunato_desk.core import interactions
from eunato_desk.core.analysis import coverage
from eunato_desk.core.catalogue import edit as catalogue_edit
from eunato_desk.core.catalogue.edit import ActionEdit
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.listing import list_interactions
from eunato_desk.core.periods import Quarter
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
DAY = "CAST(i.start_date AS TEXT)"  # YYYY-MM-DD on both backends
QUARTER = f"substr({DAY}, 1, 4) || 'Q' || ((CAST(substr({DAY}, 6, 2) AS INTEGER) + 2) / 3)"
LINKED = (
    "interaction i JOIN interaction_action l ON l.interaction_id = i.id "
    "JOIN fam ON fam.id = l.action_id JOIN action fa ON fa.id = fam.final"
)
# Some actions in other areas, so that interactions touch several areas; areas 2 and 3 swap
# places in the display order (sort_order), which must win over the code.
AREAS = {20: 3, 21: 2, 22: 2, 30: 7, 31: 7, 50: 10}


log = functools.partial(shared_log, summary="s")


def reshape_catalogue(db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    for number, code in AREAS.items():
        catalogue_edit.update_action(db, number, ActionEdit(f"Action {number}", "", code, 2016))
    execute(
        db_path,
        "UPDATE area SET sort_order = 3 WHERE code = 2",
        "UPDATE area SET sort_order = 2 WHERE code = 3",
    )


@pytest.fixture
def demo(db, db_path: Path):  # type: ignore[no-untyped-def]
    """500 demo interactions, then catalogue changes, trashed and cancelled interactions."""
    reshape_catalogue(db, db_path)
    generate_demo_data(db, 500, seed=11)
    catalogue_edit.renumber_action(db, 3, 80)
    catalogue_edit.merge_actions(db, 4, 1)
    catalogue_edit.split_action(db, 7, 81, "Split part")
    uuids = [u for (u,) in query(db_path, "SELECT uuid FROM interaction ORDER BY id")]
    interactions.delete_interactions(db, uuids[::37])
    execute(db_path, "UPDATE interaction SET status = 'cancelled' WHERE id % 29 = 0")
    return db


def expected_matrix(path: Path, start: dt.date, end: dt.date) -> dict[tuple[str, str], int]:
    rows = query(
        path,
        f"{FAMILY} SELECT fa.uuid, {QUARTER}, count(DISTINCT i.id) FROM {LINKED} "
        f"WHERE {COUNTED} AND fa.status = 'active' GROUP BY 1, 2",
        start,
        end,
    )
    return {(uuid, q): n for uuid, q, n in rows}


def matrix_cells(matrix: coverage.CoverageMatrix) -> dict[tuple[str, str], int]:
    return {
        (row.action.uuid, str(q)): n
        for row in matrix.rows
        for q, n in zip(matrix.quarters, row.counts, strict=True)
        if n
    }


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2017, 1, 1), D(2019, 12, 31)),
        (D(2018, 1, 1), D(2018, 12, 31)),
        (D(2018, 2, 15), D(2018, 5, 10)),
    ],
)
def test_every_matrix_cell_and_total_equals_an_independent_count(demo, db_path, start, end):
    matrix = coverage.coverage_matrix(demo, start, end)
    expected = expected_matrix(db_path, start, end)
    assert sum(expected.values()) > 20
    assert matrix_cells(matrix) == expected
    totals = dict(
        query(
            db_path,
            f"{FAMILY} SELECT fa.uuid, count(DISTINCT i.id) FROM {LINKED} "
            f"WHERE {COUNTED} AND fa.status = 'active' GROUP BY 1",
            start,
            end,
        )
    )
    assert {r.action.uuid: r.total for r in matrix.rows if r.total} == totals
    for row in matrix.rows:  # an interaction is in one quarter only
        assert row.total == sum(row.counts)


def test_rows_are_every_active_action_grouped_by_area_order(demo, db_path):
    matrix = coverage.coverage_matrix(demo, D(2018, 1, 1), D(2018, 12, 31))
    order = query(
        db_path,
        "SELECT a.uuid FROM action a LEFT JOIN area ar ON ar.id = a.area_id "
        "WHERE a.status = 'active' "
        "ORDER BY ar.id IS NULL, ar.sort_order, ar.code, a.number IS NULL, a.number",
    )
    assert [r.action.uuid for r in matrix.rows] == [u for (u,) in order]
    assert [a.code for a in matrix.areas] == [1, 3, 2, 7, 10, None]
    assert [r.action.number for r in matrix.rows_of(2)] == [21, 22]
    assert matrix.quarters == tuple(Quarter(2018, q) for q in (1, 2, 3, 4))
    numbers = {r.action.number for r in matrix.rows}
    assert {80, 81, 1} <= numbers and not {3, 4} & numbers  # renumbered and merged away


def test_a_cell_lists_exactly_what_it_counts(demo):
    matrix = coverage.coverage_matrix(demo, D(2018, 2, 15), D(2018, 12, 31))
    checked = 0
    for row in matrix.rows:
        for index, count in enumerate(row.counts):
            start, end = matrix.cell_range(index)
            uuids = coverage.counted_interactions(demo, row.action.uuid, start, end)
            assert len(uuids) == count
            flt = matrix.cell_filter(row, index)
            assert flt is not None and (flt.date_from, flt.date_to) == (start, end)
            shown = list_interactions(demo, flt)
            # The list filter also shows cancelled interactions, which the cell leaves out.
            assert tuple(r.uuid for r in shown if r.status != "cancelled") == uuids
            checked += count
    assert checked > 50
    assert matrix.cell_range(0) == (D(2018, 2, 15), D(2018, 3, 31))


def test_per_quarter_and_area_series_equal_independent_counts(demo, db_path):
    start, end = D(2017, 1, 1), D(2019, 12, 31)
    series = coverage.interactions_per_quarter_by_area(demo, start, end)
    hits = query(
        db_path,
        f"{FAMILY}, hits AS ("
        f" SELECT DISTINCT i.id AS iid, {QUARTER} AS q, ar.code AS code FROM {LINKED}"
        f" LEFT JOIN area ar ON ar.id = fa.area_id WHERE {COUNTED}"
        f" UNION SELECT i.id, {QUARTER}, NULL FROM interaction i WHERE {COUNTED}"
        f" AND i.id NOT IN (SELECT interaction_id FROM interaction_action))"
        " SELECT q, code, count(*) FROM hits GROUP BY q, code",
        start,
        end,
        start,
        end,
    )
    expected = {(q, code): n for q, code, n in hits}
    got = {
        (str(q), area.code): n
        for area, counts in zip(series.areas, series.counts, strict=True)
        for q, n in zip(series.quarters, counts, strict=True)
        if n
    }
    assert got == expected
    assert len({code for _, code in expected}) >= 4  # several areas, and "No area"
    totals = dict(
        query(
            db_path,
            f"SELECT {QUARTER}, count(*) FROM interaction i WHERE {COUNTED} GROUP BY 1",
            start,
            end,
        )
    )
    assert {str(q): n for q, n in zip(series.quarters, series.totals, strict=True)} == totals
    assert series.total == sum(totals.values())
    # Interactions touching two areas make the areas add up to more than the totals.
    assert sum(map(sum, series.counts)) > series.total
    assert [a.code for a in series.areas] == [1, 3, 2, 4, 5, 6, 7, 8, 9, 10, None]


def test_types_equal_independent_counts(demo, db_path):
    start, end = D(2018, 1, 1), D(2018, 12, 31)
    by_type = coverage.interactions_by_type(demo, start, end)
    expected = dict(
        query(
            db_path,
            "SELECT t.name, count(i.id) FROM interaction_type t LEFT JOIN interaction i "
            f"ON i.type_id = t.id AND {COUNTED} GROUP BY t.id",
            start,
            end,
        )
    )
    assert {t.type: t.count for t in by_type} == expected
    names = query(db_path, "SELECT name FROM interaction_type ORDER BY sort_order, name")
    assert [t.type for t in by_type] == [n for (n,) in names]


@pytest.fixture
def edges(db, db_path: Path):  # type: ignore[no-untyped-def]
    """Hand-made edge cases in 2018 (areas: 1, 2, 3 assigned; actions 20-22 moved)."""
    reshape_catalogue(db, db_path)
    made = {
        "q1_last_day": log(db, "Last day of Q1", D(2018, 3, 31), [1]),
        "q2_first_day": log(db, "First day of Q2", D(2018, 4, 1), [1]),
        "q2_last_day": log(db, "Last day of Q2", D(2018, 6, 30), [2]),
        "q4_last_day": log(db, "Last day of the year", D(2018, 12, 31), [2]),
        "before": log(db, "Day before the range", D(2017, 12, 31), [1]),
        "after": log(db, "Day after the range", D(2019, 1, 1), [1]),
        "three_actions": log(db, "Linked three times", D(2018, 5, 5), [1, 2, 21]),
        "two_areas": log(db, "Two areas", D(2018, 5, 6), [20, 21, 40]),
        "cancelled": log(db, "Cancelled", D(2018, 5, 7), [1], status="cancelled"),
        "trashed": log(db, "Trashed", D(2018, 5, 8), [1]),
        "planned": log(db, "Planned", D(2018, 5, 9), [2], status="planned"),
        "postponed": log(db, "Postponed", D(2018, 5, 10), [2], status="postponed"),
        "unlinked": log(db, "Not linked", D(2018, 8, 1), []),
        "old_number": log(db, "Linked under 5", D(2018, 2, 1), [5]),
    }
    interactions.delete_interaction(db, made["trashed"])
    catalogue_edit.renumber_action(db, 5, 90)
    # A link left on the retired action (as older data may have) and a second link of the
    # same interaction to the action that replaced it: counted once, for action 90.
    execute(
        db_path,
        *(
            (
                "INSERT INTO interaction_action (interaction_id, action_id, note) "
                "SELECT i.id, a.id, '' FROM interaction i, action a "
                "WHERE i.uuid = ? AND a.number = 5 ON CONFLICT DO NOTHING",
                (made[key],),
            )
            for key in ("q1_last_day", "old_number")
        ),
    )
    return made


def test_hand_made_edges_in_the_matrix(db, edges):
    matrix = coverage.coverage_matrix(db, D(2018, 1, 1), D(2018, 12, 31))
    cells = {r.action.number: r.counts for r in matrix.rows}
    assert cells[1] == (1, 2, 0, 0)  # 31 March in Q1, 1 April in Q2; cancelled and trash out
    assert cells[2] == (0, 4, 0, 1)  # 30 June in Q2 (with planned, postponed), 31 Dec in Q4
    assert cells[21] == (0, 2, 0, 0)  # the interactions linked to several actions count here
    assert cells[20] == cells[40] == (0, 1, 0, 0)
    assert cells[90] == (2, 0, 0, 0)  # the old number's links, once each, for the new one
    assert 5 not in cells
    uuids = coverage.counted_interactions(
        db, matrix.rows_of(1)[0].action.uuid, D(2018, 1, 1), D(2018, 6, 30)
    )
    assert uuids == tuple(edges[k] for k in ("q1_last_day", "q2_first_day", "three_actions"))
    one_day = coverage.coverage_matrix(db, D(2018, 3, 31), D(2018, 3, 31))
    assert one_day.quarters == (Quarter(2018, 1),)
    assert {r.action.number: r.counts[0] for r in one_day.rows if r.total} == {1: 1, 90: 1}


def test_hand_made_edges_in_the_series(db, edges):
    series = coverage.interactions_per_quarter_by_area(db, D(2018, 1, 1), D(2018, 12, 31))
    assert series.totals == (2, 6, 1, 1)  # cancelled, trashed and out-of-range left out
    q2 = Quarter(2018, 2)
    # First day, last day, planned, postponed, and linked three times (area 1 once).
    assert series.count(1, q2) == 5
    assert series.count(2, q2) == 2  # linked three times (21) and two areas (21)
    assert series.count(3, q2) == 1  # two areas (20)
    assert series.count(None, q2) == 1  # two areas (40 has no area)
    assert series.count(None, Quarter(2018, 3)) == 1  # not linked to any action
    assert series.count(1, Quarter(2018, 1)) == 2  # action 90 (ex 5) sits in area 1
    by_type = coverage.interactions_by_type(db, D(2018, 1, 1), D(2018, 12, 31))
    types = Counter({t.type: t.count for t in by_type})
    assert types["Workshop"] == sum(series.totals) == 10


def test_quarters_between_and_bad_ranges(db):
    assert coverage.quarters_between(D(2018, 3, 31), D(2018, 4, 1)) == (
        Quarter(2018, 1),
        Quarter(2018, 2),
    )
    assert len(coverage.quarters_between(D(2017, 12, 31), D(2019, 1, 1))) == 6
    with pytest.raises(ValidationError) as err:
        coverage.coverage_matrix(db, D(2018, 2, 1), D(2018, 1, 1))
    assert err.value.field == "to"
    with pytest.raises(ValidationError):
        coverage.interactions_by_type(db, D(2018, 2, 1), D(2018, 1, 1))
    empty = coverage.coverage_matrix(db, D(2018, 1, 1), D(2018, 3, 31))
    assert empty.rows and all(r.counts == (0,) for r in empty.rows)
    assert empty.empty_cells() == len(empty.rows)


def test_with_no_action_in_any_area_everything_counts_under_no_area(db, db_path):
    log(db, "Linked", D(2018, 5, 1), [1])
    log(db, "Linked twice", D(2018, 8, 1), [2, 3])
    log(db, "Not linked", D(2018, 5, 2), [])
    execute(db_path, "UPDATE action SET area_id = NULL")
    series = coverage.interactions_per_quarter_by_area(db, D(2018, 1, 1), D(2018, 12, 31))
    by_area = {a.code: counts for a, counts in zip(series.areas, series.counts, strict=True)}
    assert list(by_area[None]) == [0, 2, 1, 0]
    assert all(not any(counts) for code, counts in by_area.items() if code is not None)
    assert series.total == 3
