"""The README's "Log a meeting in thirty seconds", keystroke by keystroke."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

CTRL = Qt.KeyboardModifier.ControlModifier


def test_log_a_meeting_in_thirty_seconds(window, keyboard, settle, db_path, qtbot):
    # 1. Ctrl+N opens the editor with the cursor in the title.
    keyboard.press(Qt.Key.Key_N, CTRL)
    editor = window.editor
    assert editor is not None and editor.isVisible()
    qtbot.waitUntil(lambda: editor.title.hasFocus())
    keyboard.type("Cross-briefing to the PSC on PACE17")
    # 2. Tab to the type; a few letters are enough.
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.type("cross")
    # 3. Tab to the date (selected, so typing replaces today's date).
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.type("2018-05-03")
    # 4. Tab past the optional start time to the action picker: 3, Enter, 43, Enter.
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.type("3")
    keyboard.press(Qt.Key.Key_Return)
    keyboard.type("43")
    keyboard.press(Qt.Key.Key_Return)
    # 5. Tab twice (past the links table) to organisations: EEAS, Enter.
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.type("EEAS")
    keyboard.press(Qt.Key.Key_Return)
    # 6. Tab twice (past the chosen list) to the summary: two lines.
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.type("EUMS briefed the PSC on PACE17 planning.")
    keyboard.press(Qt.Key.Key_Return)
    keyboard.type("Both staffs agreed a shared scenario timeline.")
    # 7. Ctrl+Return saves and closes the editor.
    keyboard.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.editor is None, timeout=10000)
    settle(window)

    assert keyboard.keystrokes <= 15, f"{keyboard.keystrokes} keystrokes beyond the text"
    con = sqlite3.connect(db_path)
    rows = con.execute(
        "SELECT i.title, t.name, i.start_date, i.summary, i.created_by FROM interaction i "
        "JOIN interaction_type t ON t.id = i.type_id"
    ).fetchall()
    assert rows == [
        (
            "Cross-briefing to the PSC on PACE17",
            "Cross-briefing",
            "2018-05-03",
            "EUMS briefed the PSC on PACE17 planning.\n"
            "Both staffs agreed a shared scenario timeline.",
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
        "ON o.id = x.organisation_id"
    ).fetchall()
    assert orgs == [("EEAS",)]
    con.close()
    # The new interaction is in the list, and the status bar counts it.
    assert window.interactions_view.model.rowCount() == 1
    assert (
        window.count_label.text() == "1 interactions"
        or "1 interaction" in window.count_label.text()
    )
