"""Dashboard: counts equal independent SQL counts; a matrix click filters the interaction list
exactly; checklist lines open what they count; screenshot."""

from __future__ import annotations

import sqlite3

import pytest

from eunato_desk.core.demo import generate_demo_data
from eunato_desk.ui.dashboard.view import CoverageModel
from eunato_desk.ui.interactions.table_model import UUID_ROLE


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    generate_demo_data(db, 500, seed=8)
    return db


def _sql(db_path, query, *args):  # type: ignore[no-untyped-def]
    con = sqlite3.connect(db_path)
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def test_dashboard_counts_and_matrix_click(demo, window, settle, db_path, screenshot_dir):
    window.show_view("Dashboard")
    dash = window.dashboard_view
    dash.period.set_key(2018)
    settle(window)
    model = dash.coverage_model
    matrix = model.matrix
    assert matrix is not None and [str(q) for q in matrix.quarters] == [
        "2018Q1",
        "2018Q2",
        "2018Q3",
        "2018Q4",
    ]
    row_index = next(i for i, r in enumerate(matrix.rows) if r.action.number == 43)
    expected = _sql(
        db_path,
        "SELECT count(DISTINCT i.id) FROM interaction i JOIN interaction_action l "
        "ON l.interaction_id = i.id JOIN action a ON a.id = l.action_id WHERE a.number = 43 "
        "AND i.deleted_at IS NULL AND i.status != 'cancelled' "
        "AND i.start_date BETWEEN '2018-04-01' AND '2018-06-30'",
    )[0][0]
    cell = model.index(row_index, CoverageModel.FIXED + 1)
    assert model.data(cell) == (str(expected) if expected else "·")

    total_2018 = _sql(
        db_path,
        "SELECT count(*) FROM interaction WHERE deleted_at IS NULL AND status != 'cancelled' "
        "AND start_date BETWEEN '2018-01-01' AND '2018-12-31'",
    )[0][0]
    assert dash.summary.text().startswith(f"{total_2018:,} interactions in the period")
    # hovering the chart's first column tells its total
    dash.by_area.grab()  # lays out the columns
    q1 = _sql(
        db_path,
        "SELECT count(*) FROM interaction WHERE deleted_at IS NULL AND status != 'cancelled' "
        "AND start_date BETWEEN '2018-01-01' AND '2018-03-31'",
    )[0][0]
    tips = [t for _box, t in dash.by_area._boxes if t.startswith("2018 Q1:")]
    assert tips == [f"2018 Q1: {q1} interaction(s)"]
    window.grab().save(str(screenshot_dir / "dashboard.png"))

    # a click on the cell lists exactly the interactions it counts
    dash._cell_clicked(cell)
    settle(window)
    settle(window)
    assert window.current_view_name() == "Interactions"
    view = window.interactions_view
    shown = {view.model.index(r, 0).data(UUID_ROLE) for r in range(view.model.rowCount())}
    listed = {
        u
        for (u,) in _sql(
            db_path,
            "SELECT DISTINCT i.uuid FROM interaction i JOIN interaction_action l "
            "ON l.interaction_id = i.id JOIN action a ON a.id = l.action_id WHERE a.number = 43 "
            "AND i.deleted_at IS NULL AND i.status != 'cancelled' "
            "AND i.start_date BETWEEN '2018-04-01' AND '2018-06-30'",
        )
    }
    assert shown == listed and len(shown) == expected
    assert view.filter_bar.pinned_label.isVisible()
    assert "Action 43, 2018 Q2" in view.filter_bar.pinned_label.text()
    view.filter_bar.unpin_button.click()
    settle(window)
    assert view.model.rowCount() >= len(shown)
    assert view.filter_bar.period.key() == "2018Q2"
    assert view.filter_bar.action.currentData() == 43


def test_checklist_lines_open_what_they_count(demo, db, window, settle, db_path):
    window.show_view("Dashboard")
    dash = window.dashboard_view
    dash.period.set_key("2019Q4")
    settle(window)
    items = [dash.checklist.item(i) for i in range(dash.checklist.count())]
    texts = [i.text() for i in items]
    assert len(texts) == 4
    planned = _sql(
        db_path,
        "SELECT count(*) FROM interaction WHERE deleted_at IS NULL AND status = 'planned' "
        "AND start_date BETWEEN '2019-10-01' AND '2019-12-31'",
    )[0][0]
    line = next(i for i in items if "planned" in i.text().lower())
    assert line.text().endswith(f": {planned}")
    dash._line_activated(line)
    settle(window)
    assert window.current_view_name() == "Interactions"
    assert window.interactions_view.model.rowCount() == planned
    # the empty-summary line opens exactly the interactions without a summary
    con = sqlite3.connect(db_path)
    blank = [
        u
        for (u,) in con.execute(
            "SELECT uuid FROM interaction WHERE start_date BETWEEN '2019-10-01' AND '2019-12-31' "
            "AND status = 'held' ORDER BY id LIMIT 3"
        )
    ]
    con.executemany("UPDATE interaction SET summary = '' WHERE uuid = ?", [(u,) for u in blank])
    con.commit()
    con.close()
    window.show_view("Dashboard")
    settle(window)
    line = next(
        dash.checklist.item(i)
        for i in range(dash.checklist.count())
        if "empty summary" in dash.checklist.item(i).text()
    )
    assert line.text().endswith(": 3")
    dash._line_activated(line)
    settle(window)
    view = window.interactions_view
    shown = {view.model.index(r, 0).data(UUID_ROLE) for r in range(view.model.rowCount())}
    assert shown == set(blank)
