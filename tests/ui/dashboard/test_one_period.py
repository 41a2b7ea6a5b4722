"""One period drives the whole dashboard: the charts, the coverage matrix and the checklist say
the same period (the checklist, the quarter it covers); it opens on the latest quarter with
data; Alt+Left / Alt+Right step quarters, and from all dates go to the latest quarter with
data. Expected quarters and counts come from independent sqlite3 queries."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.periods import Quarter
from eunato_desk.ui.dashboard.period_choice import Shown
from eunato_desk.ui.dashboard.view import DashboardView
from tests.helpers import log, query

COUNTED = "deleted_at IS NULL AND status != 'cancelled'"
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    generate_demo_data(db, 500, seed=8)
    return db


def latest_quarter(db_path, up_to: dt.date) -> Quarter:  # type: ignore[no-untyped-def]
    sql = f"SELECT max(start_date) FROM interaction WHERE {COUNTED} AND start_date <= ?"
    (day,) = query(db_path, sql, up_to.isoformat())[0]
    return Quarter.of(dt.date.fromisoformat(day))


def counted(db_path, start: dt.date, end: dt.date) -> int:  # type: ignore[no-untyped-def]
    sql = f"SELECT count(*) FROM interaction WHERE {COUNTED} AND start_date BETWEEN ? AND ?"
    return query(db_path, sql, start.isoformat(), end.isoformat())[0][0]


def checklist_texts(dash: DashboardView) -> list[str]:
    return [dash.checklist.item(i).text() for i in range(dash.checklist.count())]


def assert_showing(dash: DashboardView, label: str, quarters: list[Quarter], checked: Quarter):
    """Every part of the dashboard counts ``label``'s ``quarters``; the checklist ``checked``."""
    assert dash.shown is not None and dash.shown.label == label
    assert f"in the period ({label})" in dash.summary.text()
    assert dash.area_box.title().startswith(f"{label}: interactions per quarter")
    assert dash.type_box.title() == f"{label}: by type"
    assert dash.coverage_box.title().startswith(f"{label}: linked interactions")
    assert list(dash.by_area.categories) == [q.label() for q in quarters]
    model = dash.coverage_model
    headers = [model.headerData(2 + i, Qt.Orientation.Horizontal) for i in range(len(quarters))]
    assert headers == [f"{q.year}\nQ{q.q}" for q in quarters]
    assert model.matrix is not None and list(model.matrix.quarters) == quarters
    assert dash.checklist_box.title() == f"Period-end checklist: {checked.label()} (click a line)"
    texts = checklist_texts(dash)
    assert len(texts) == 4 and f"Actions with no interaction in {checked.label()}:" in texts[0]
    assert f"Interactions of {checked.label()} with an empty summary" in texts[2]


def quiet_actions(dash: DashboardView) -> int:
    text = checklist_texts(dash)[0].rsplit(": ", 1)[1]
    return 0 if text == "none" else int(text)


def test_it_opens_on_the_latest_quarter_with_data(demo, window, settle, db_path, screenshot_dir):
    latest = latest_quarter(db_path, Quarter.of(dt.date.today()).end)  # 2019 Q4 in the demo
    window.show_view("Dashboard")
    settle(window)
    dash = window.dashboard_view
    assert dash.period.key() == str(latest) and dash.period.combo.currentText() == latest.label()
    assert_showing(dash, latest.label(), [latest], latest)
    total = counted(db_path, latest.start, latest.end)
    assert total > 0
    assert dash.summary.text().startswith(f"{total:,} interactions in the period")
    # the checklist's quiet actions are the matrix's empty cells of that quarter
    matrix = dash.coverage_model.matrix
    assert quiet_actions(dash) == sum(1 for row in matrix.rows if row.counts[0] == 0) > 0
    assert not dash.checklist_note.isVisibleTo(dash)  # a quarter: the checklist is its own
    window.grab().save(str(screenshot_dir / "dashboard-opening.png"))


def test_one_choice_moves_charts_matrix_and_checklist_together(
    demo, window, settle, db_path, keyboard, screenshot_dir
):
    window.show_view("Dashboard")
    settle(window)
    dash = window.dashboard_view
    dash.period.set_key(2018)
    settle(window)
    year = [Quarter(2018, q) for q in range(1, 5)]
    assert_showing(dash, "2018", year, Quarter(2018, 4))
    assert dash.checklist_note.isVisibleTo(dash)
    assert "2018 Q4, the last quarter of 2018" in dash.checklist_note.text()
    total = counted(db_path, dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    assert dash.summary.text().startswith(f"{total:,} interactions in the period (2018)")
    window.grab().save(str(screenshot_dir / "dashboard-year.png"))

    dash.period.set_key("2018Q2")
    settle(window)
    assert_showing(dash, "2018 Q2", [Quarter(2018, 2)], Quarter(2018, 2))
    assert not dash.checklist_note.isVisibleTo(dash)
    quiet = sum(1 for row in dash.coverage_model.matrix.rows if row.counts[0] == 0)
    assert quiet_actions(dash) == quiet

    keyboard.focus_on(dash.period.combo)
    keyboard.press(Qt.Key.Key_Left, ALT)
    settle(window)
    assert dash.period.key() == "2018Q1"
    assert_showing(dash, "2018 Q1", [Quarter(2018, 1)], Quarter(2018, 1))
    keyboard.press(Qt.Key.Key_Right, ALT)
    keyboard.press(Qt.Key.Key_Right, ALT)
    settle(window)
    assert_showing(dash, "2018 Q3", [Quarter(2018, 3)], Quarter(2018, 3))

    dash.period.set_range(dt.date(2018, 2, 10), dt.date(2018, 8, 15))
    settle(window)
    label = "2018-02-10 – 2018-08-15"
    assert_showing(dash, label, [Quarter(2018, q) for q in (1, 2, 3)], Quarter(2018, 3))
    assert "2018 Q3, the quarter in which the range ends" in dash.checklist_note.text()
    total = counted(db_path, dt.date(2018, 2, 10), dt.date(2018, 8, 15))
    assert dash.summary.text().startswith(f"{total:,} interactions in the period ({label})")

    dash.period.date_from.setDate(QDate(2018, 9, 1))  # typed past its end: said, not read
    settle(window)
    assert dash.summary.text() == "The range ends before it starts: choose its dates again."
    assert not [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert dash.shown is not None and dash.shown.label == label  # the last reading stays


def test_alt_left_from_all_dates_goes_to_the_latest_quarter_with_data(
    demo, db, window, settle, db_path, keyboard
):
    current = Quarter.of(dt.date.today())
    window.show_view("Dashboard")
    settle(window)
    dash = window.dashboard_view
    dash.period.set_key("all")
    settle(window)
    label = f"All dates, 2016 Q4 – {current.label()}"
    quarters = [Quarter(2016, 4)]
    while quarters[-1] < current:
        quarters.append(quarters[-1].next())
    assert_showing(dash, label, quarters, current)  # the checklist: the current quarter
    assert "the current quarter" in dash.checklist_note.text()
    total = counted(db_path, dt.date(2016, 10, 1), current.end)
    assert dash.summary.text().startswith(f"{total:,} interactions in the period ({label})")

    keyboard.focus_on(dash.period.combo)
    keyboard.press(Qt.Key.Key_Left, ALT)
    settle(window)
    latest = latest_quarter(db_path, current.end)
    assert dash.period.key() == str(latest)
    assert_showing(dash, latest.label(), [latest], latest)

    # the way home follows the data: a later interaction, F5, all dates, Alt+Left
    log(db, "Later", dt.date(2020, 5, 4))
    window.refresh()
    settle(window)
    dash.period.set_key("all")
    settle(window)
    keyboard.press(Qt.Key.Key_Left, ALT)
    settle(window)
    assert latest_quarter(db_path, current.end) == Quarter(2020, 2)
    assert_showing(dash, "2020 Q2", [Quarter(2020, 2)], Quarter(2020, 2))


def test_with_no_data_it_opens_on_the_current_quarter_and_says_so(
    window, settle, keyboard, screenshot_dir
):
    current = Quarter.of(dt.date.today())
    window.show_view("Dashboard")
    settle(window)
    dash = window.dashboard_view
    assert dash.period.key() == str(current)
    assert dash.summary.text().startswith("No interactions logged yet: press Ctrl+N")
    assert dash.area_box.title().startswith(f"{current.label()}:")
    assert list(dash.by_area.categories) == [current.label()] and not any(dash.by_area.totals)
    assert dash.by_type.items == ()  # both charts say "No interactions in this period."
    assert dash.checklist_box.title().startswith(f"Period-end checklist: {current.label()}")
    window.grab().save(str(screenshot_dir / "dashboard-empty.png"))
    dash.period.set_key("all")
    settle(window)
    keyboard.focus_on(dash.period.combo)
    keyboard.press(Qt.Key.Key_Left, ALT)
    settle(window)
    assert dash.period.key() == str(current)


def test_planned_work_after_this_quarter_does_not_move_the_opening(db, make_window, settle):
    later = Quarter.of(dt.date.today()).next().next()
    log(db, "Held", dt.date(2018, 5, 3))
    log(db, "Planned", later.start, status="planned")
    window = make_window()
    window.show_view("Dashboard")
    settle(window)
    dash = window.dashboard_view
    assert dash.period.key() == "2018Q2"
    dash.period.set_key("all")  # all dates reach the planned work
    settle(window)
    assert dash.shown is not None and dash.shown.label.endswith(f" – {later.label()}")
    assert dash.summary.text().startswith("2 interactions in the period")


def test_only_planned_work_opens_on_its_quarter(db, window, make_window, settle):
    later = Quarter.of(dt.date.today()).next().next().next()  # not listed until needed
    assert window.dashboard_view.period.combo.findData(str(later)) < 0
    log(db, "Planned", later.start, status="planned")
    window = make_window()
    window.show_view("Dashboard")
    settle(window)
    dash = window.dashboard_view
    assert dash.period.key() == str(later) and dash.period.combo.currentText() == later.label()
    assert_showing(dash, later.label(), [later], later)


def test_the_periods_and_the_checklist_each_one_covers(qtbot):
    dash = DashboardView(today=dt.date(2018, 5, 3))  # 2018 Q2
    qtbot.addWidget(dash)
    dash.show()
    picker = dash.period
    keys = [picker.combo.itemData(i) for i in range(picker.combo.count())]
    assert keys[:7] == ["all", "range", 2018, "2018Q3", "2018Q2", "2018Q1", 2017]
    assert keys[-2:] == [2016, "2016Q4"]
    assert picker.key() == "2018Q2" and not picker.range_box.isVisible()
    assert dash.checklist_quarter() == Quarter(2018, 2)
    picker.set_key(2017)
    assert dash.chosen_period() == Shown(
        "2017", dt.date(2017, 1, 1), dt.date(2017, 12, 31), Quarter(2017, 4),
        "the last quarter of 2017",
    )  # fmt: skip
    picker.step(+1)  # a year steps to the next year
    assert picker.key() == 2018
    assert dash.chosen_period().checklist == Quarter(2018, 2)  # not a quarter not yet begun
    assert dash.chosen_period().note == "the current quarter"
    picker.set_key("2016Q4")
    picker.step(-1)  # nothing listed before: it stays
    assert picker.key() == "2016Q4"
    picker.set_key("range")
    assert picker.range_box.isVisible() and not picker.prev_button.isEnabled()
    picker.set_key("all")
    picker.step(-1)  # nothing read yet: home is today's quarter
    assert picker.key() == "2018Q2"
    picker.show_quarter(Quarter(2015, 3))  # older than the list: listed where it belongs
    keys = [picker.combo.itemData(i) for i in range(picker.combo.count())]
    assert keys[-3:] == ["2016Q4", 2015, "2015Q3"] and picker.key() == "2015Q3"
