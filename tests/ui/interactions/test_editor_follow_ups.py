"""Follow-ups in the interaction editor: the saved ones are shown and can be edited, marked
done or open, and removed; new ones can be removed and edited before the save; everything is
saved with the interaction, in one transaction; "Save and new" starts from a blank form."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from eunato_desk.core import follow_ups, interactions
from eunato_desk.core.records import FollowUpInput, InteractionInput, LinkInput
from eunato_desk.ui.interactions.editor import InteractionEditor

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _follow_ups(db_path):  # type: ignore[no-untyped-def]
    """(text, owner, due, action number, done) of every follow-up, read from the file."""
    con = sqlite3.connect(db_path)
    try:
        return con.execute(
            "SELECT f.text, f.owner, f.due_date, a.number, f.done_at IS NOT NULL "
            "FROM follow_up f LEFT JOIN action a ON a.id = f.action_id ORDER BY f.text"
        ).fetchall()
    finally:
        con.close()


def _links(db_path):  # type: ignore[no-untyped-def]
    con = sqlite3.connect(db_path)
    try:
        return [r[0] for r in con.execute("SELECT action_id FROM interaction_action")]
    finally:
        con.close()


@pytest.fixture
def logged(db):  # type: ignore[no-untyped-def]
    record = interactions.create_interaction(
        db,
        InteractionInput(
            title="Staff talks on military mobility",
            type="Staff talks",
            start_date=dt.date(2018, 3, 1),
            links=(LinkInput(1), LinkInput(2)),
            new_follow_ups=(
                FollowUpInput("Send the paper", "Ben", dt.date(2018, 4, 1), 1),
                FollowUpInput("Book the room"),
                FollowUpInput("Circulate the minutes", "Anna"),
                FollowUpInput("Old item"),
            ),
        ),
        officer="Someone Else",
    )
    old = follow_ups.list_follow_ups(db, interaction_uuid=record.uuid)
    follow_ups.set_follow_up_done(db, next(f.uuid for f in old if f.text == "Old item"))
    return record


def _open(window, keyboard, qtbot):  # type: ignore[no-untyped-def]
    """Open the first interaction of the list with Enter, as a person would."""
    keyboard.focus_on(window.interactions_view.table)
    window.interactions_view.table.selectRow(0)
    keyboard.press(Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.interactions.editor is not None and window.interactions.editor.isVisible()
    )
    return window.interactions.editor


def _select(field, text: str) -> None:  # type: ignore[no-untyped-def]
    rows = [i for i, e in enumerate(field.entries()) if e.text == text]
    assert rows, f"no follow-up {text!r} in {field.entries()}"
    field.list.setCurrentRow(rows[0])


def test_saved_follow_ups_are_shown_edited_done_reopened_and_removed(
    logged, window, settle, db_path, qtbot, keyboard
):
    editor = _open(window, keyboard, qtbot)
    field = editor.follow_ups
    shown = [field.list.item(i).text() for i in range(field.list.count())]
    assert len(shown) == 4
    assert any("Send the paper — owner Ben, due 2018-04-01, action 1" in s for s in shown)
    assert any(s.startswith("✓ done: Old item") for s in shown)

    # Enter on a follow-up puts it into the inputs; Enter in the owner puts it back, changed.
    keyboard.focus_on(field.list)
    _select(field, "Send the paper")
    keyboard.press(Qt.Key.Key_Return)
    assert field.text.hasFocus() and field.text.text() == "Send the paper"
    assert (field.owner.text(), field.due.text(), field.action.currentData()) == (
        "Ben",
        "2018-04-01",
        1,
    )
    keyboard.type(" to the EEAS")
    keyboard.focus_on(field.due)
    field.due.selectAll()
    keyboard.type("2018-04-15")
    field.action.setCurrentIndex(field.action.findData(2))
    keyboard.focus_on(field.owner)
    keyboard.type(" Okafor")
    keyboard.press(Qt.Key.Key_Return)
    assert field.text.text() == "" and field.list.count() == 4
    # Space marks done and opens again; Delete removes.
    keyboard.focus_on(field.list)
    _select(field, "Circulate the minutes")
    keyboard.press(Qt.Key.Key_Space)
    _select(field, "Old item")
    keyboard.press(Qt.Key.Key_Space)
    _select(field, "Book the room")
    keyboard.press(Qt.Key.Key_Delete)
    assert [e.text for e in field.entries()].count("Book the room") == 0
    # Nothing is written before the save.
    assert len(_follow_ups(db_path)) == 4

    keyboard.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    settle(window)
    assert _follow_ups(db_path) == [
        ("Circulate the minutes", "Anna", None, None, 1),
        ("Old item", "", None, None, 0),
        ("Send the paper to the EEAS", "Ben Okafor", "2018-04-15", 2, 0),
    ]
    # Opened again, the editor shows them as saved.
    editor = _open(window, keyboard, qtbot)
    assert sorted((e.text, e.done) for e in editor.follow_ups.entries()) == [
        ("Circulate the minutes", True),
        ("Old item", False),
        ("Send the paper to the EEAS", False),
    ]
    assert not editor.is_dirty()


def test_follow_up_changes_are_saved_with_the_interaction_or_not_at_all(
    logged, window, settle, db_path, qtbot, keyboard
):
    editor = _open(window, keyboard, qtbot)
    field = editor.follow_ups
    before_links = _links(db_path)
    before = _follow_ups(db_path)
    # remove one follow-up, change the owner of one for action 1, and unlink action 1
    _select(field, "Book the room")
    field.remove_selected()
    _select(field, "Send the paper")
    field.edit_selected()
    field.owner.setText("Carla")
    field.add()
    editor.actions.table.selectRow(0)
    editor.actions.remove_selected()
    editor.save()
    settle(window)

    message = editor.messages["follow-up action"]
    qtbot.waitUntil(message.isVisible)
    assert message.text() == "follow-up action: action 1 is not linked to this interaction."
    assert editor.isVisible()
    assert _follow_ups(db_path) == before  # the removed one is still there, Ben still owns
    assert _links(db_path) == before_links  # and the link the same save removed is kept


def test_new_follow_ups_can_be_removed_and_edited(window, settle, db_path, qtbot, keyboard):
    editor = window.interactions.new_interaction()
    editor.show()
    field = editor.follow_ups
    editor.title.setText("Workshop on hybrid threats")
    editor.type.setEditText("Workshop")
    editor.actions.add(43)
    # the owner input shows a long name in full
    name = "Anna Virtanen-Koskinen"
    assert field.owner.width() >= field.owner.fontMetrics().horizontalAdvance(name) + 16

    # Enter in the owner adds the follow-up, Enter in the due date too
    keyboard.focus_on(field.text)
    keyboard.type("Draft the agenda")
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.type(name)
    keyboard.press(Qt.Key.Key_Return)
    keyboard.focus_on(field.text)
    keyboard.type("Book the room")
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.type("2018-06-01")
    keyboard.press(Qt.Key.Key_Return)
    keyboard.focus_on(field.text)
    keyboard.type("Invite the PSC")
    keyboard.press(Qt.Key.Key_Return)
    assert [(f.text, f.owner, f.due_date) for f in field.pending()] == [
        ("Draft the agenda", name, None),
        ("Book the room", "", dt.date(2018, 6, 1)),
        ("Invite the PSC", "", None),
    ]

    # Delete removes the selected one
    keyboard.focus_on(field.list)
    field.list.setCurrentRow(0)
    keyboard.press(Qt.Key.Key_Delete)
    assert [f.text for f in field.pending()] == ["Book the room", "Invite the PSC"]

    # a double-click puts it back into the inputs; Enter puts it back, changed
    rect = field.list.visualItemRect(field.list.item(0))
    # as a real double-click: press and release, then the double-click
    qtbot.mouseClick(field.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(field.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert field.text.text() == "Book the room" and field.due.text() == "2018-06-01"
    field.action.setCurrentIndex(field.action.findData(43))
    keyboard.focus_on(field.text)
    keyboard.type(" for the workshop")
    keyboard.press(Qt.Key.Key_Return)

    # the context menu offers Edit and Remove
    rect = field.list.visualItemRect(field.list.item(1))
    field.list.customContextMenuRequested.emit(rect.center())
    menu = field.context_menu
    labels = [a.text().split("\t")[0].replace("&", "") for a in menu.actions()]
    assert labels == ["Edit", "Mark done", "Remove"]
    assert not menu.actions()[1].isEnabled()  # a new follow-up is open until it is saved
    menu.actions()[2].trigger()
    menu.close()
    rect = field.list.visualItemRect(field.list.item(0))
    field.list.customContextMenuRequested.emit(rect.center())
    field.context_menu.actions()[0].trigger()
    field.context_menu.close()
    assert field.text.text() == "Book the room for the workshop"
    assert field.action.currentData() == 43

    # saved as the list shows them (the one in the inputs goes with the save)
    keyboard.focus_on(field.owner)
    keyboard.type("Ben")
    keyboard.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    settle(window)
    assert _follow_ups(db_path) == [("Book the room for the workshop", "Ben", "2018-06-01", 43, 0)]


def test_save_and_new_starts_from_a_blank_form(window, settle, db_path, qtbot, keyboard):
    editor = window.interactions.new_interaction()
    editor.title.setText("First of two")
    editor.type.setEditText("Seminar")
    editor.date.setText("2018-01-10")
    editor.start_time.setText("09:30")
    editor.end_date.setText("2018-01-11")
    editor.location.setText("Brussels")
    editor.tags.setText("mobility")
    editor.summary.setPlainText("Minutes")
    editor.outcome.setPlainText("Outcome")
    editor.status.setCurrentIndex(editor.status.findData("planned"))
    editor.format.setCurrentIndex(editor.format.findData("video"))
    editor.marking.setCurrentIndex(1)
    editor.actions.add(43)
    editor.organisations.set_values(["EEAS"])
    editor.countries.set_values(["Finland"])
    editor.participants.set_values(["Maria Rossi"])
    field = editor.follow_ups
    field.text.setText("Send the paper")
    field.owner.setText("Ben")
    field.action.setCurrentIndex(field.action.findData(43))
    field.add()
    keyboard.focus_on(editor.title)
    keyboard.press(Qt.Key.Key_Return, CTRL | SHIFT)
    settle(window)
    qtbot.waitUntil(lambda: "Saved “First of two”" in editor.banner.text())

    # every field is as in a new editor: nothing of the follow-up typed before stays
    assert (field.text.text(), field.owner.text(), field.due.text()) == ("", "", "")
    assert field.action.currentData() is None and field.action.count() == 1
    assert editor.state() == InteractionEditor(window.executor, window.vocabulary.vocab).state()
    assert editor.title.hasFocus()

    editor.title.setText("Second of two")
    editor.type.setEditText("Seminar")
    field.text.setText("Book the room")
    field.add()
    keyboard.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    settle(window)
    assert _follow_ups(db_path) == [
        ("Book the room", "", None, None, 0),
        ("Send the paper", "Ben", None, 43, 0),
    ]
    assert QApplication.activeModalWidget() is None
