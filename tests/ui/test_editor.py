"""The interaction editor: editing, links with notes, validation at the field, cancel."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from eunato_desk.core import interactions
from eunato_desk.core.records import InteractionInput, LinkInput

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


def test_edit_links_notes_and_remove_a_link(logged, window, settle, db_path, qtbot, keyboard):
    keyboard.focus_on(window.interactions_view.table)
    window.interactions_view.table.selectRow(0)
    keyboard.press(Qt.Key.Key_Return)  # Enter opens the selected interaction
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.isVisible())
    editor = window.editor
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
    qtbot.waitUntil(lambda: window.editor is None, timeout=10000)
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
    editor = window.new_interaction()
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
    editor = window.new_interaction()
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
    editor = window.new_interaction()
    keyboard.focus_on(editor.title)
    keyboard.type("Half-written note")
    keyboard.press(Qt.Key.Key_Escape)
    assert editor.isVisible(), "the first answer was Cancel: keep editing"
    keyboard.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.editor is None)
    assert len(asked) == 2 and "not saved" in asked[0]
    assert _count(db_path) == 0


def test_save_and_new_keeps_the_editor_open(window, settle, db_path, qtbot):
    editor = window.new_interaction()
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
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.isVisible())
    editor = window.editor
    assert editor.record is None  # a new interaction, not yet saved
    assert editor.title.text() == logged.title
    assert editor.date.text() == dt.date.today().isoformat()
    assert editor.status.currentData() == "planned"
    assert [lk.number for lk in editor.actions.links()] == [1, 2]
    assert editor.summary.toPlainText() == ""
