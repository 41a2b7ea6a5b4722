"""The README's "Log a meeting in thirty seconds", keystroke by keystroke."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

CTRL = Qt.KeyboardModifier.ControlModifier


def test_log_a_meeting_in_thirty_seconds(window, keyboard, settle, db_path, qtbot):
    # 1. Ctrl+N opens the editor with the cursor in the title.
    keyboard.press(Qt.Key.Key_N, CTRL)
    editor = window.interactions.editor
    assert editor is not None and editor.isVisible()
    qtbot.waitUntil(lambda: editor.title.hasFocus())
    keyboard.type("Cross-briefing to the PSC on PACE17")
    # 2. Tab to the type; a few letters are enough.
    keyboard.press(Qt.Key.Key_Tab)
    assert editor.type.hasFocus()
    keyboard.type("cross")
    # 3. Tab to the date (selected, so typing replaces today's date).
    keyboard.press(Qt.Key.Key_Tab)
    assert editor.date.hasFocus() and editor.date.selectedText() == editor.date.text()
    keyboard.type("2018-05-03")
    # 4. Tab past the optional start time to the action picker: 3, Enter, 43, Enter;
    #    Enter on the empty picker moves on, past the links table, to the organisations.
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.press(Qt.Key.Key_Tab)
    assert editor.actions.input.hasFocus()
    keyboard.type("3")
    keyboard.press(Qt.Key.Key_Return)
    keyboard.type("43")
    keyboard.press(Qt.Key.Key_Return)
    assert [link.number for link in editor.actions.links()] == [3, 43]
    keyboard.press(Qt.Key.Key_Return)
    assert editor.organisations.input.hasFocus()
    # 5. EEAS, Enter, EUMS, Enter; Enter on the empty picker moves on to the summary.
    keyboard.type("EEAS")
    keyboard.press(Qt.Key.Key_Return)
    keyboard.type("EUMS")
    keyboard.press(Qt.Key.Key_Return)
    assert editor.organisations.values() == ("EEAS", "EUMS")
    keyboard.press(Qt.Key.Key_Return)
    assert editor.summary.hasFocus()
    # 6. Two lines of summary (Enter starts the second line).
    keyboard.type("EUMS briefed the PSC on PACE17 planning.")
    keyboard.press(Qt.Key.Key_Return)
    keyboard.type("Both staffs agreed a shared scenario timeline.")
    # 7. Tab to the outcome.
    keyboard.press(Qt.Key.Key_Tab)
    assert editor.outcome.hasFocus()
    keyboard.type("A joint scenario paper by the end of May.")
    # 8. Tab to the follow-up, Tab to its owner, Tab to its due date; Enter adds it.
    keyboard.press(Qt.Key.Key_Tab)
    assert editor.follow_ups.text.hasFocus()
    keyboard.type("Send the joint scenario paper")
    keyboard.press(Qt.Key.Key_Tab)
    assert editor.follow_ups.owner.hasFocus()
    keyboard.type("Ben Okafor")
    keyboard.press(Qt.Key.Key_Tab)
    assert editor.follow_ups.due.hasFocus()
    keyboard.type("2018-05-31")
    keyboard.press(Qt.Key.Key_Return)
    assert editor.follow_ups.list.count() == 1 and editor.follow_ups.text.text() == ""
    # 9. Ctrl+Return saves and closes the editor.
    keyboard.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    settle(window)

    # The README says 18 keystrokes beyond the text; this walk took exactly that many.
    assert keyboard.keystrokes == 18, f"{keyboard.keystrokes} keystrokes beyond the text"
    con = sqlite3.connect(db_path)
    rows = con.execute(
        "SELECT i.title, t.name, i.start_date, i.summary, i.outcome, i.created_by "
        "FROM interaction i JOIN interaction_type t ON t.id = i.type_id"
    ).fetchall()
    assert rows == [
        (
            "Cross-briefing to the PSC on PACE17",
            "Cross-briefing",
            "2018-05-03",
            "EUMS briefed the PSC on PACE17 planning.\n"
            "Both staffs agreed a shared scenario timeline.",
            "A joint scenario paper by the end of May.",
            "Anna Virtanen",
        )
    ]
    links = con.execute(
        "SELECT a.number FROM interaction_action l JOIN action a ON a.id = l.action_id "
        "ORDER BY a.number"
    ).fetchall()
    assert links == [(3,), (43,)]
    orgs = con.execute(
        "SELECT o.acronym FROM interaction_organisation x JOIN organisation o "
        "ON o.id = x.organisation_id ORDER BY o.acronym"
    ).fetchall()
    assert orgs == [("EEAS",), ("EUMS",)]
    follow_ups = con.execute(
        "SELECT f.text, f.owner, f.due_date, f.action_id, f.done_at, f.created_by "
        "FROM follow_up f JOIN interaction i ON i.id = f.interaction_id"
    ).fetchall()
    assert follow_ups == [
        ("Send the joint scenario paper", "Ben Okafor", "2018-05-31", None, None, "Anna Virtanen")
    ]
    con.close()
    # The new interaction is in the list, selected, and the status bar counts it.
    view = window.interactions_view
    assert view.model.rowCount() == 1
    qtbot.waitUntil(lambda: view.table.currentIndex().row() == 0)
    assert window.count_label.text() == "1 interaction"
