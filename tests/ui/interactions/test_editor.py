"""The interaction editor: editing, links with notes, validation at the field, cancel."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from eunato_desk.core import interactions, listing
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.records import InteractionFilter, InteractionInput, LinkInput

CTRL = Qt.KeyboardModifier.ControlModifier


def _links(db_path):  # type: ignore[no-untyped-def]
    con = sqlite3.connect(db_path)
    try:
        return con.execute(
            "SELECT a.number, l.note FROM interaction_action l JOIN action a "
            "ON a.id = l.action_id ORDER BY a.number"
        ).fetchall()
    finally:
        con.close()


def _count(db_path, table="interaction"):  # type: ignore[no-untyped-def]
    con = sqlite3.connect(db_path)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def logged(db):  # type: ignore[no-untyped-def]
    return interactions.create_interaction(
        db,
        InteractionInput(
            title="Staff talks on military mobility",
            type="Staff talks",
            start_date=dt.date(2018, 3, 1),
            links=(LinkInput(1, "first note"), LinkInput(2, "")),
            organisations=("EUMS",),
        ),
        officer="Someone Else",
    )


@pytest.fixture
def window_factory_demo(db, make_window):  # type: ignore[no-untyped-def]
    """A main window on 400 demo interactions (two pages of the list)."""
    generate_demo_data(db, 400, seed=11)
    return make_window()


def test_edit_links_notes_and_remove_a_link(logged, window, settle, db_path, qtbot, keyboard):
    keyboard.focus_on(window.interactions_view.table)
    window.interactions_view.table.selectRow(0)
    keyboard.press(Qt.Key.Key_Return)  # Enter opens the selected interaction
    qtbot.waitUntil(
        lambda: window.interactions.editor is not None and window.interactions.editor.isVisible()
    )
    editor = window.interactions.editor
    assert editor.title.text() == "Staff talks on military mobility"
    assert [lk.number for lk in editor.actions.links()] == [1, 2]

    # link two more actions: one by number, one by words of its title
    keyboard.focus_on(editor.actions.input)
    keyboard.type("#44")
    keyboard.press(Qt.Key.Key_Return)
    keyboard.type("gender indicators")
    keyboard.press(Qt.Key.Key_Return)
    assert [lk.number for lk in editor.actions.links()] == [1, 2, 44, 46]
    # notes on the new links, a changed note, and remove action 2
    editor.actions.table.item(2, 2).setText("shared threat picture South")
    editor.actions.table.item(3, 2).setText("indicators mapped")
    editor.actions.table.item(0, 2).setText("changed note")
    editor.actions.table.selectRow(1)
    editor.actions.remove_selected()
    keyboard.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    settle(window)

    assert _links(db_path) == [
        (1, "changed note"),
        (44, "shared threat picture South"),
        (46, "indicators mapped"),
    ]
    record = interactions.get_interaction(window.db, logged.uuid)
    assert record.updated_by == "Anna Virtanen"
    assert record.created_by == "Someone Else"
    # the details pane shows the links and their notes without opening the editor
    html = window.interactions_view.details.toPlainText()
    assert "shared threat picture South" in html and "indicators mapped" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "title: a title is required."),
        ("date", "03/05/2018", "date: '03/05/2018' is not a date; write it as YYYY-MM-DD."),
        ("end_date", "2018-04-30", "end date: the end (2018-04-30) is before the start"),
        ("type", "no such type", "type: unknown interaction type 'no such type'."),
    ],
)
def test_invalid_entry_is_shown_at_the_field_and_nothing_is_saved(
    window, settle, db_path, qtbot, field, value, message
):
    editor = window.interactions.new_interaction()
    editor.title.setText("A valid title")
    editor.type.setEditText("Workshop")
    editor.date.setText("2018-05-03")
    widget = {"title": editor.title, "date": editor.date, "end_date": editor.end_date}.get(field)
    if widget is not None:
        widget.setText(value)
    else:
        editor.type.setEditText(value)
    key = {"end_date": "end date"}.get(field, field)
    editor.save()
    settle(window)
    label = editor.messages[key]
    qtbot.waitUntil(label.isVisible)
    assert label.text().startswith(message)
    assert editor.isVisible()
    assert _count(db_path) == 0
    # the input is kept so the officer can fix it
    assert editor.title.text() == ("" if field == "title" else "A valid title")


def test_unknown_action_number_is_refused_in_the_picker(window, keyboard):
    editor = window.interactions.new_interaction()
    keyboard.focus_on(editor.actions.input)
    keyboard.type("99")
    keyboard.press(Qt.Key.Key_Return)
    assert editor.actions.links() == ()
    assert editor.actions.message.text() == "There is no active action number 99."


def test_escape_asks_before_discarding_changes(window, monkeypatch, qtbot, keyboard, db_path):
    asked = []

    def answer(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args[2])
        return (
            QMessageBox.StandardButton.Cancel
            if len(asked) == 1
            else QMessageBox.StandardButton.Discard
        )

    monkeypatch.setattr(QMessageBox, "question", answer)
    editor = window.interactions.new_interaction()
    keyboard.focus_on(editor.title)
    keyboard.type("Half-written note")
    keyboard.press(Qt.Key.Key_Escape)
    assert editor.isVisible(), "the first answer was Cancel: keep editing"
    keyboard.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.interactions.editor is None)
    assert len(asked) == 2 and "not saved" in asked[0]
    assert _count(db_path) == 0


def test_save_and_new_keeps_the_editor_open(window, settle, db_path, qtbot):
    editor = window.interactions.new_interaction()
    editor.title.setText("First of two")
    editor.type.setEditText("Seminar")
    editor.date.setText("2018-01-10")
    editor.save(new_after=True)
    settle(window)
    assert editor.isVisible()
    assert editor.title.text() == ""
    assert "Saved “First of two”" in editor.banner.text()
    assert _count(db_path) == 1


def test_duplicate_for_a_recurring_meeting(logged, window, settle, qtbot, keyboard):
    keyboard.focus_on(window.interactions_view.table)
    window.interactions_view.table.selectRow(0)
    keyboard.press(Qt.Key.Key_D, CTRL)
    qtbot.waitUntil(
        lambda: window.interactions.editor is not None and window.interactions.editor.isVisible()
    )
    editor = window.interactions.editor
    assert editor.record is None  # a new interaction, not yet saved
    assert editor.title.text() == logged.title
    assert editor.date.text() == dt.date.today().isoformat()
    assert editor.status.currentData() == "planned"
    assert [lk.number for lk in editor.actions.links()] == [1, 2]
    assert editor.summary.toPlainText() == ""


def _names(db_path, table, name="name"):  # type: ignore[no-untyped-def]
    con = sqlite3.connect(db_path)
    try:
        return [
            r[0]
            for r in con.execute(
                f"SELECT t.{name} FROM interaction_{table} x JOIN {table} t "
                f"ON t.id = x.{table}_id ORDER BY t.{name}"
            )
        ]
    finally:
        con.close()


def test_text_left_in_the_pickers_is_linked_at_save(window, settle, db_path, qtbot, keyboard):
    editor = window.interactions.new_interaction()
    editor.title.setText("Workshop on hybrid threats")
    editor.type.setEditText("Workshop")
    editor.date.setText("2018-05-03")
    # typed in each picker, never confirmed with Enter
    for picker, text in (
        (editor.actions, "43"),
        (editor.organisations, "eeas"),
        (editor.countries, "Finland"),
        (editor.participants, "Maria Rossi"),
    ):
        keyboard.focus_on(picker.input)
        keyboard.type(text)
    keyboard.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    settle(window)

    assert _links(db_path) == [(43, "")]
    assert _names(db_path, "organisation", "acronym") == ["EEAS"]
    assert _names(db_path, "country") == ["Finland"]
    assert _names(db_path, "person") == ["Maria Rossi"]


def test_text_in_a_picker_naming_no_single_entry_refuses_the_save(
    window, settle, db_path, qtbot, keyboard
):
    editor = window.interactions.new_interaction()
    editor.title.setText("Workshop on hybrid threats")
    editor.type.setEditText("Workshop")
    for picker, text in (
        (editor.actions, "99"),
        (editor.organisations, "zzz"),
        (editor.countries, "an"),
    ):
        keyboard.focus_on(picker.input)
        keyboard.type(text)
    keyboard.press(Qt.Key.Key_Return, CTRL)
    settle(window)

    assert editor.isVisible() and _count(db_path) == 0
    assert editor.actions.message.text() == "actions: there is no active action number 99."
    assert editor.organisations.message.text() == (
        "organisations: 'zzz' matches no organisation; press Enter in the field to add it, or "
        "pick one from the list."
    )
    assert editor.countries.message.text().startswith("countries: 'an' matches ")
    # best first: a word starting with "an", then names containing it
    assert "countries (Bosnia and Herzegovina, Afghanistan, Albania, …)" in (
        editor.countries.message.text()
    )
    for picker in (editor.actions, editor.organisations, editor.countries):
        assert picker.message.isVisible()
    # nothing typed is lost, and the cursor is at the first picker named
    assert [p.input.text() for p in (editor.actions, editor.organisations, editor.countries)] == [
        "99",
        "zzz",
        "an",
    ]
    assert editor.actions.input.hasFocus()
    # editing a picker's text takes its message away
    keyboard.press(Qt.Key.Key_Backspace)
    assert not editor.actions.message.isVisible()
    assert editor.organisations.message.isVisible()


def test_after_a_save_the_list_selects_and_shows_the_saved_row(
    db, window_factory_demo, settle, qtbot, keyboard
):
    window = window_factory_demo
    view = window.interactions_view
    assert view.model.rowCount() == 400  # more than one page of rows

    def shown(uuid: str) -> bool:
        index = view.table.currentIndex()
        rect = view.table.visualRect(index)
        return (
            index.isValid()
            and view.current_uuid() == uuid
            and view.table.viewport().rect().contains(rect.center())
        )

    # a new interaction, older than every other: the last row of the list
    editor = window.interactions.new_interaction()
    editor.title.setText("The oldest meeting of all")
    editor.type.setEditText("Workshop")
    editor.date.setText("2010-01-04")
    keyboard.focus_on(editor.title)
    keyboard.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    settle(window)
    oldest = InteractionFilter(date_to=dt.date(2010, 1, 4))
    uuid = listing.list_interactions(db, oldest)[0].uuid
    qtbot.waitUntil(lambda: shown(uuid))
    assert view.table.currentIndex().row() == 400
    qtbot.waitUntil(lambda: "The oldest meeting of all" in view.details.toPlainText())

    # an edited one that moves: the newest, dated back to 2010-01-05 (second to last)
    keyboard.focus_on(view.table)
    view.table.selectRow(0)
    edited = view.current_uuid()
    keyboard.press(Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.interactions.editor is not None and window.interactions.editor.isVisible()
    )
    window.interactions.editor.date.setText("2010-01-05")
    keyboard.focus_on(window.interactions.editor.title)
    keyboard.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    settle(window)
    qtbot.waitUntil(lambda: shown(edited))
    assert view.table.currentIndex().row() == 399


def test_enter_moves_on_and_tab_skips_empty_lists(window, keyboard):
    editor = window.interactions.new_interaction()
    keyboard.focus_on(editor.title)
    keyboard.press(Qt.Key.Key_Return)  # Enter in a single-line field moves on
    assert editor.type.hasFocus()
    keyboard.focus_on(editor.date)
    keyboard.press(Qt.Key.Key_Return)
    assert editor.start_time.hasFocus()
    keyboard.press(Qt.Key.Key_Tab)
    assert editor.actions.input.hasFocus()
    keyboard.press(Qt.Key.Key_Tab)  # the links table is empty: Tab goes past it
    assert editor.organisations.input.hasFocus()
    keyboard.press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert editor.actions.input.hasFocus()
    keyboard.type("43")
    keyboard.press(Qt.Key.Key_Return)
    keyboard.press(Qt.Key.Key_Tab)  # now it has a link: Tab stops there, for its note
    assert editor.actions.table.hasFocus()
    keyboard.focus_on(editor.countries.input)
    keyboard.press(Qt.Key.Key_Return)  # Enter on an empty picker moves on
    assert editor.participants.input.hasFocus()
    keyboard.focus_on(editor.follow_ups.owner)
    keyboard.press(Qt.Key.Key_Return)  # nothing typed for a follow-up: on to the next field
    assert editor.status.hasFocus()
    assert editor.follow_ups.list.count() == 0
