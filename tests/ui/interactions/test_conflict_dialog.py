"""Two officers, one interaction: the editor's save after someone else's save opens the conflict
dialog (theirs against mine, only the fields that differ), and each choice stores what it says;
Cancel keeps the form as typed and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QRadioButton

from eunato_desk.core import interactions
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.core.storage.opening import open_database
from tests.helpers import query

CTRL = Qt.KeyboardModifier.ControlModifier
STORED = "SELECT title, summary, outcome, version, updated_by FROM interaction"


@pytest.fixture
def logged(db):  # type: ignore[no-untyped-def]
    return interactions.create_interaction(
        db,
        InteractionInput(
            title="Staff talks on military mobility",
            type="Staff talks",
            start_date=dt.date(2018, 3, 1),
            summary="Agenda agreed.",
            links=(LinkInput(1),),
        ),
        officer="Someone Else",
    )


@pytest.fixture
def conflict(logged, window, settle, db_path, qtbot, keyboard):  # type: ignore[no-untyped-def]
    """The editor open on version 1; Ben Okafor saves version 2 from another connection (a
    title and an outcome); I change the title and the summary and press Ctrl+Return."""
    window.interactions.edit_interaction(logged.uuid)
    qtbot.waitUntil(lambda: window.interactions.editor is not None, timeout=10000)
    editor = window.interactions.editor
    qtbot.waitUntil(editor.isVisible)
    other = open_database(db_path)
    try:
        theirs = interactions.get_interaction(other, logged.uuid).to_input()
        changed = InteractionInput(**{**vars(theirs), "title": "Staff talks (moved to May)",
                                      "outcome": "Next round in Brussels."})  # fmt: skip
        interactions.update_interaction(other, logged.uuid, changed, officer="Ben Okafor")
    finally:
        other.dispose()
    editor.title.setText("Staff talks on military mobility, 1 March")
    editor.summary.setPlainText("Agenda agreed; two new pilot projects.")
    keyboard.focus_on(editor.title)
    keyboard.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: editor.conflict_dialog is not None, timeout=10000)
    dialog = editor.conflict_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert query(db_path, STORED)[0][3] == 2, "nothing of mine was written"
    return editor, dialog


def _saved(window, settle, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    settle(window)


def test_the_dialog_shows_only_what_differs_with_who_changed_it(conflict, screenshot_dir):
    _editor, dialog = conflict
    assert [(r.label, r.theirs, r.mine) for r in dialog.rows] == [
        ("Title", "Staff talks (moved to May)", "Staff talks on military mobility, 1 March"),
        ("Summary", "Agenda agreed.", "Agenda agreed; two new pilot projects."),
        ("Outcome", "Next round in Brussels.", "(empty)"),
    ]
    # preselected: mine where I changed it, theirs where only they did
    assert [mine.isChecked() for _theirs, mine in dialog.radios] == [True, True, False]
    assert any("Ben Okafor saved" in label.text() for label in dialog.findChildren(QLabel))
    dialog.grab().save(str(screenshot_dir / "conflict_dialog.png"))


def test_keep_all_theirs_stores_their_version(conflict, window, settle, db_path, qtbot):
    _editor, dialog = conflict
    qtbot.mouseClick(dialog.theirs_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    _saved(window, settle, qtbot)
    assert query(db_path, STORED) == [
        ("Staff talks (moved to May)", "Agenda agreed.", "Next round in Brussels.", 3,
         "Anna Virtanen"),
    ]  # fmt: skip


def test_keep_all_mine_stores_my_form(conflict, window, settle, db_path, qtbot):
    _editor, dialog = conflict
    qtbot.mouseClick(dialog.mine_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    _saved(window, settle, qtbot)
    assert query(db_path, STORED) == [
        ("Staff talks on military mobility, 1 March", "Agenda agreed; two new pilot projects.",
         "", 3, "Anna Virtanen"),
    ]  # fmt: skip


def test_per_field_choice_with_the_keyboard(conflict, window, settle, db_path, qtbot, keyboard):
    """Tab reaches each row's choice, Space takes it, Enter saves: their title, my summary,
    their outcome (preselected)."""
    _editor, dialog = conflict
    title_theirs = dialog.radios[0][0]
    keyboard.focus_on(dialog.radios[0][1])  # the title row's "Keep yours", checked
    keyboard.press(Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is title_theirs
    keyboard.press(Qt.Key.Key_Space)
    assert title_theirs.isChecked()
    keyboard.press(Qt.Key.Key_Tab)
    assert isinstance(QApplication.focusWidget(), QRadioButton)
    keyboard.press(Qt.Key.Key_Return)
    _saved(window, settle, qtbot)
    assert query(db_path, STORED) == [
        ("Staff talks (moved to May)", "Agenda agreed; two new pilot projects.",
         "Next round in Brussels.", 3, "Anna Virtanen"),
    ]  # fmt: skip


def test_cancel_keeps_the_form_as_typed_and_writes_nothing(
    conflict, window, settle, db_path, qtbot, keyboard
):
    editor, _dialog = conflict
    keyboard.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editor.conflict_dialog is None)
    assert editor.isVisible()
    assert editor.title.text() == "Staff talks on military mobility, 1 March"
    assert editor.summary.toPlainText() == "Agenda agreed; two new pilot projects."
    assert query(db_path, STORED) == [
        ("Staff talks (moved to May)", "Agenda agreed.", "Next round in Brussels.", 2,
         "Ben Okafor"),
    ]  # fmt: skip
    # saving again asks again: the editor still counts from the version it opened
    editor.save()
    qtbot.waitUntil(lambda: editor.conflict_dialog is not None, timeout=10000)
    assert [r.label for r in editor.conflict_dialog.rows] == ["Title", "Summary", "Outcome"]
    editor.conflict_dialog.reject()


def test_a_save_with_no_one_else_in_between_needs_no_dialog(logged, window, settle, db_path, qtbot):
    window.interactions.edit_interaction(logged.uuid)
    qtbot.waitUntil(lambda: window.interactions.editor is not None, timeout=10000)
    editor = window.interactions.editor
    editor.outcome.setPlainText("Minutes circulated.")
    editor.save()
    _saved(window, settle, qtbot)
    assert query(db_path, "SELECT outcome, version FROM interaction") == [
        ("Minutes circulated.", 2)
    ]
