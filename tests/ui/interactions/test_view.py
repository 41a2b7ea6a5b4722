"""The interaction list: filters and sorting as the database says, delete/undo/Trash,
settings that persist, the empty state, and every model through qtmodeltester."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.periods import Quarter
from eunato_desk.ui.interactions.table_model import InteractionTableModel

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    generate_demo_data(db, 400, seed=11)
    return db


def _rows(db_path):  # type: ignore[no-untyped-def]
    """Every live interaction with what filters look at, read straight from the file."""
    con = sqlite3.connect(db_path)
    try:
        rows = con.execute(
            "SELECT i.uuid, i.title, i.start_date, coalesce(i.start_time, ''), i.id, t.name, "
            "i.status, i.deleted_at, i.title || ' ' || i.summary || ' ' || i.outcome || ' ' "
            "|| i.location || ' ' || i.tags FROM interaction i JOIN interaction_type t "
            "ON t.id = i.type_id"
        ).fetchall()
        links = con.execute(
            "SELECT i.uuid, a.number FROM interaction_action l JOIN interaction i "
            "ON i.id = l.interaction_id JOIN action a ON a.id = l.action_id"
        ).fetchall()
        countries = con.execute(
            "SELECT i.uuid, c.name FROM interaction_country x JOIN interaction i "
            "ON i.id = x.interaction_id JOIN country c ON c.id = x.country_id"
        ).fetchall()
    finally:
        con.close()
    out = {}
    for uuid, title, date, time, iid, type_name, status, deleted, text in rows:
        out[uuid] = {
            "title": title, "date": date, "time": time, "id": iid, "type": type_name,
            "status": status, "deleted": deleted, "actions": set(), "countries": set(),
            "text": text.lower(),
        }  # fmt: skip
    for uuid, number in links:
        out[uuid]["actions"].add(number)
    for uuid, name in countries:
        out[uuid]["countries"].add(name)
    return out


def test_filters_narrow_the_table_as_the_database_says(
    demo, window, settle, db_path, qtbot, listed
):
    view = window.interactions_view
    bar = view.filter_bar
    data = _rows(db_path)
    newest_first = sorted(
        (u for u, r in data.items() if not r["deleted"]),
        key=lambda u: (data[u]["date"], data[u]["time"], data[u]["id"]),
        reverse=True,
    )
    assert listed(view) == newest_first

    q = Quarter(2018, 2)
    bar.period.set_key(str(q))
    settle(window)
    expected = [
        u for u in newest_first if q.start.isoformat() <= data[u]["date"] <= q.end.isoformat()
    ]
    assert expected and listed(view) == expected
    assert window.count_label.text() == f"{len(expected)} of {len(newest_first)} interactions match"

    bar.period.next_button.click()  # 2018 Q3
    settle(window)
    q3 = q.next()
    assert listed(view) == [
        u for u in newest_first if q3.start.isoformat() <= data[u]["date"] <= q3.end.isoformat()
    ]

    bar.period.set_key("all")
    bar.action.setCurrentIndex(bar.action.findData(43))
    bar.country.setCurrentIndex(bar.country.findData("Tunisia"))
    settle(window)
    expected = [
        u for u in newest_first if 43 in data[u]["actions"] and "Tunisia" in data[u]["countries"]
    ]
    assert listed(view) == expected

    bar.clear()
    bar.type.setCurrentIndex(bar.type.findData("Workshop"))
    bar.status.setCurrentIndex(bar.status.findData("held"))
    settle(window)
    assert listed(view) == [
        u for u in newest_first if data[u]["type"] == "Workshop" and data[u]["status"] == "held"
    ]

    bar.clear()
    with qtbot.waitSignal(bar.changed):  # typing is debounced
        bar.search.setText("aegean frontex")  # every word must appear, in any searched field
    settle(window)
    expected = [
        u for u in newest_first if "aegean" in data[u]["text"] and "frontex" in data[u]["text"]
    ]
    assert expected and listed(view) == expected


def test_header_click_sorts_in_sql(demo, window, settle, db_path, qtbot, listed):
    view = window.interactions_view
    data = _rows(db_path)
    live = [u for u, r in data.items() if not r["deleted"]]
    header = view.table.horizontalHeader()
    header.setSortIndicator(2, Qt.SortOrder.AscendingOrder)  # Title
    settle(window)
    assert view.model.sort_key == "title"
    assert listed(view) == sorted(live, key=lambda u: (data[u]["title"].lower(), data[u]["id"]))
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # Date, oldest first
    settle(window)
    assert listed(view) == sorted(
        live, key=lambda u: (data[u]["date"], data[u]["time"], data[u]["id"])
    )
    header.setSortIndicator(3, Qt.SortOrder.AscendingOrder)  # Actions: not sortable
    settle(window)
    assert view.model.sort_key == "date"
    assert header.sortIndicatorSection() == 0


def only_row(table, row: int) -> None:  # type: ignore[no-untyped-def]
    """Make ``row`` the current and only selected row, whatever modifier keys are down."""
    flags = QItemSelectionModel.SelectionFlag
    table.selectionModel().setCurrentIndex(
        table.model().index(row, 0), flags.ClearAndSelect | flags.Rows
    )


def test_delete_undo_restore_and_empty_trash(
    demo, window, settle, db_path, qtbot, keyboard, monkeypatch, no_blocking_message_boxes, listed
):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Discard)
    view = window.interactions_view
    before = listed(view)
    keyboard.focus_on(view.table)
    flags = QItemSelectionModel.SelectionFlag
    view.table.selectionModel().select(
        QItemSelection(view.model.index(0, 0), view.model.index(1, 0)),
        flags.ClearAndSelect | flags.Rows,
    )
    doomed = view.selected_uuids()
    assert doomed == before[:2]
    keyboard.press(Qt.Key.Key_Delete)
    settle(window)
    assert listed(view) == before[2:]
    data = _rows(db_path)
    assert all(data[u]["deleted"] for u in doomed)
    assert sorted(listed(window.trash_view)) == sorted(doomed)

    keyboard.press(Qt.Key.Key_Z, CTRL)  # undo the delete
    settle(window)
    assert listed(view) == before
    assert listed(window.trash_view) == []

    only_row(view.table, 0)  # (selectRow would follow the modifiers Ctrl+Z left behind)
    keyboard.focus_on(view.table)
    keyboard.press(Qt.Key.Key_Delete)
    settle(window)
    assert listed(view) == before[1:]
    window.show_view("Trash")
    assert listed(window.trash_view) == before[:1]
    only_row(window.trash_view.table, 0)
    window.trash_view.restore_button.click()
    settle(window)
    assert listed(view) == before
    assert listed(window.trash_view) == []

    window.show_view("Interactions")
    only_row(view.table, 0)
    keyboard.focus_on(view.table)
    keyboard.press(Qt.Key.Key_Delete)
    settle(window)
    assert listed(window.trash_view) == before[:1]
    window.trash_view.empty_button.click()
    settle(window)
    data = _rows(db_path)
    assert before[0] not in data, "emptying the Trash deletes for good"
    assert len(data) == len(before) - 1
    con = sqlite3.connect(db_path)
    orphans = con.execute(
        "SELECT count(*) FROM interaction_action "
        "WHERE interaction_id NOT IN (SELECT id FROM interaction)"
    ).fetchone()[0]
    con.close()
    assert orphans == 0


def test_delete_key_in_the_search_box_deletes_nothing(demo, window, settle, keyboard, db_path):
    view = window.interactions_view
    view.table.selectRow(0)
    keyboard.focus_on(view.filter_bar.search)
    keyboard.type("x")
    keyboard.press(Qt.Key.Key_Delete)
    settle(window)
    assert not any(r["deleted"] for r in _rows(db_path).values())


def test_ctrl_f_focuses_the_search_box(window, keyboard, qtbot):
    window.show_view("Actions")
    keyboard.press(Qt.Key.Key_F, CTRL)
    assert window.current_view_name() == "Interactions"
    qtbot.waitUntil(window.interactions_view.filter_bar.search.hasFocus)


def test_settings_persist_across_a_new_main_window(demo, make_window, settle):
    first = make_window()
    bar = first.interactions_view.filter_bar
    bar.period.set_key("2018Q2")
    bar.type.setCurrentIndex(bar.type.findData("Seminar"))
    first.interactions_view.table.setColumnWidth(5, 222)
    first.resize(1300, 777)
    size = (first.width(), first.height())
    assert size[1] == 777
    first.show_view("Actions")
    settle(first)
    first.close()

    second = make_window()
    bar2 = second.interactions_view.filter_bar
    assert bar2.period.key() == "2018Q2"
    assert bar2.type.currentData() == "Seminar"
    assert second.interactions_view.table.columnWidth(5) == 222
    assert (second.width(), second.height()) == size
    assert second.current_view_name() == "Actions"
    flt = second.interactions_view.base_filter()
    assert (flt.date_from, flt.date_to, flt.type) == (
        dt.date(2018, 4, 1),
        dt.date(2018, 6, 30),
        "Seminar",
    )


def test_empty_state_and_load_demo_data(window, settle, monkeypatch, db_path):
    view = window.interactions_view
    assert view.pages.currentWidget() is view.empty
    assert window.count_label.text() == "No interactions yet"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    view.empty.demo_button.click()
    settle(window)
    assert view.pages.currentWidget() is view.splitter
    assert len(_rows(db_path)) == 300
    assert view.model.rowCount() == 300


def test_empty_state_log_button_opens_the_editor(window, qtbot):
    window.interactions_view.empty.log_button.click()
    assert window.interactions.editor is not None and window.interactions.editor.isVisible()


def test_models_pass_qtmodeltester(demo, window, qtmodeltester):
    qtmodeltester.check(window.interactions_view.model)
    qtmodeltester.check(window.trash_view.model)
    qtmodeltester.check(window.actions_view.proxy)
    qtmodeltester.check(window.actions_view.model)


def test_table_model_holds_only_pages_it_was_asked_for(demo, window, qtbot):
    model = window.interactions_view.model
    assert model.rowCount() == 400
    assert model.cached_row_count() == 200  # the first page came with the ids
    assert model.index(399, 2).data() is None  # not here yet: asked for, on the worker
    qtbot.waitUntil(lambda: model.index(399, 2).data() is not None)
    assert model.cached_row_count() == 400

    # Only the pages asked for are read (fetches answered at once here, no database).
    asked: list[list[int]] = []
    rows = {r.id: r for r in (model.row_at(i) for i in range(400)) if r is not None}
    fake = InteractionTableModel(
        lambda ids, deliver, _failed: asked.append(ids) or deliver([rows[i] for i in ids])
    )
    fake.set_ids(model.ids())
    assert fake.index(399, 2).data() is not None
    assert asked == [model.ids()[200:400]]
    assert fake.cached_row_count() == 200  # one page (rows 200-399), not the whole list


def test_alt_left_and_right_step_the_quarter(window, keyboard, settle):
    bar = window.interactions_view.filter_bar
    bar.period.set_key("2018Q2")
    keyboard.focus_on(window.interactions_view.table)
    keyboard.press(Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert bar.period.key() == "2018Q3"
    keyboard.press(Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    keyboard.press(Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert bar.period.key() == "2018Q1"
    settle(window)


def test_search_box_shows_matches_and_a_snippet_and_survives_bad_syntax(
    demo, window, settle, qtbot, db_path
):
    view = window.interactions_view
    bar = view.filter_bar
    with qtbot.waitSignal(bar.changed):
        bar.search.setText('"sea guardian"')
    settle(window)
    con = sqlite3.connect(db_path)
    expected = con.execute(
        "SELECT count(*) FROM interaction WHERE deleted_at IS NULL AND (title LIKE "
        "'%sea guardian%' OR summary LIKE '%sea guardian%' OR outcome LIKE '%sea guardian%')"
    ).fetchone()[0]
    con.close()
    assert expected and view.model.rowCount() == expected
    view.table.selectRow(0)
    settle(window)
    assert "font-weight:700" in view.details.toHtml().replace(" ", "")  # the match in bold
    before = view.model.rowCount()
    with qtbot.waitSignal(bar.changed):
        bar.search.setText("c*")  # a one-letter prefix: a message, no dialog, rows kept
    settle(window)
    assert view.no_match.isVisible() and "letters before *" in view.no_match.text()
    assert view.model.rowCount() == before
