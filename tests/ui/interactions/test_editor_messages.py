"""Messages in the interaction editor: every problem at once, each under its field, each gone
when its field is edited; and labels whose Alt+letter leads to one field only."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel

CTRL = Qt.KeyboardModifier.ControlModifier


def _count(db_path) -> int:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(db_path)
    try:
        return con.execute("SELECT count(*) FROM interaction").fetchone()[0]
    finally:
        con.close()


def test_every_problem_is_shown_at_once_under_its_field(window, settle, db_path, keyboard):
    editor = window.interactions.new_interaction()
    editor.type.setEditText("Workshop")
    editor.date.setText("2018-02-30")
    editor.start_time.setText("25:00")
    editor.end_time.setText("9h")
    editor.organisations.input.setText("zzz")
    editor.follow_ups.owner.setText("Ben")
    editor.follow_ups.due.setText("2018-13-01")
    keyboard.focus_on(editor.title)
    keyboard.press(Qt.Key.Key_Return, CTRL)
    settle(window)

    expected = {
        "title": "title: a title is required.",
        "date": "date: '2018-02-30' is not a date: February 2018 has 28 days.",
        "start time": "start time: '25:00' is not a time; write it as HH:MM (24 hours).",
        "organisations": "organisations: 'zzz' matches no organisation; press Enter in the "
        "field to add it, or pick one from the list.",
        "follow-up": "follow-up: say what is to be done.",
        "due date": "due date: '2018-13-01' is not a date: there is no month 13 "
        "(months go from 01 to 12).",
        "end time": "end time: '9h' is not a time; write it as HH:MM (24 hours).",
    }
    shown = {key: label.text() for key, label in editor.messages.items() if label.isVisible()}
    assert shown == expected
    assert _count(db_path) == 0
    assert editor.title.hasFocus()  # the first field named, top left
    assert editor.title.property("invalid") and editor.date.property("invalid")
    # each message sits under its own field
    for key in expected:
        widget = editor.focus_widgets[key]
        label = editor.messages[key]
        assert (
            label.mapTo(editor, label.rect().topLeft()).y()
            > widget.mapTo(editor, widget.rect().topLeft()).y()
        )

    # editing a field takes its message away, and only its own
    keyboard.type("Workshop on hybrid threats")
    assert not editor.messages["title"].isVisible() and not editor.title.property("invalid")
    keyboard.focus_on(editor.date)
    editor.date.selectAll()
    keyboard.type("2018-02-28")
    assert not editor.messages["date"].isVisible()
    assert editor.messages["start time"].isVisible()
    keyboard.focus_on(editor.follow_ups.due)
    keyboard.press(Qt.Key.Key_Backspace)
    assert not editor.messages["due date"].isVisible()
    assert editor.messages["follow-up"].isVisible()
    assert sum(label.isVisible() for label in editor.messages.values()) == 4

    # the rest fixed, the interaction is saved
    editor.start_time.setText("09:30")
    editor.end_time.clear()
    editor.organisations.input.setText("EEAS")
    editor.follow_ups.owner.clear()
    editor.follow_ups.due.clear()
    editor.save()
    settle(window)
    assert _count(db_path) == 1


def test_each_mnemonic_leads_to_one_field(window, qtbot, keyboard):
    editor = window.interactions.new_interaction()
    texts = [w.text() for w in editor.findChildren(QLabel) + editor.findChildren(QAbstractButton)]
    letters = [m.group(1).lower() for t in texts for m in re.finditer(r"&([^&\s])", t)]
    assert len(letters) >= 18
    assert [letter for letter, n in Counter(letters).items() if n > 1] == []
    # every label with a mnemonic has a buddy to lead to
    for label in editor.findChildren(QLabel):
        if re.search(r"&[^&\s]", label.text()):
            assert label.buddy() is not None, label.text()
    # Alt+M: the summary; Alt+R: the start time
    keyboard.focus_on(editor.title)
    keyboard.press(Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(editor.summary.hasFocus)
    keyboard.press(Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(editor.start_time.hasFocus)
