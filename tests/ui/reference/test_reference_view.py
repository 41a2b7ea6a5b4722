"""Reference data (Ctrl+6): the lists with their counts of use, searched as the pickers
match, and every command (add, edit, rename, alias, merge, retire and back, move, history)
through a dialog and the core, changing what the rest of the window shows."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from eunato_desk.core import interactions
from eunato_desk.core.records import InteractionInput
from eunato_desk.core.reference import add
from eunato_desk.core.reference import history as reference_history
from tests.helpers import log, query

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
ENTER = Qt.Key.Key_Return


@pytest.fixture
def logged(db):  # type: ignore[no-untyped-def]
    add.add_organisation(db, "Italian Navy", side="national")
    day = dt.date(2018, 4, 9)
    for title, organisations in (
        ("Staff talks with the EEAS", ("EEAS",)),
        ("Navy briefing", ("Italian Navy", "EEAS")),
        ("In the Trash", ("EEAS",)),
    ):
        uuid = log(db, title, day, organisations=organisations, countries=("Türkiye",))
    interactions.delete_interactions(db, [uuid])  # the last one


def _shown(window, settle):  # type: ignore[no-untyped-def]
    """Reference data, its list read."""
    settle(window)
    view = window.reference_view
    return {item.record.name: item for item in view.items()}


def _open(window, qtbot, keyboard, settle):  # type: ignore[no-untyped-def]
    """Ctrl+6: Reference data, its list read, the cursor in its search."""
    keyboard.focus_on(window.interactions_view.table)
    keyboard.press(Qt.Key.Key_6, CTRL)
    qtbot.waitUntil(lambda: window.reference_view.search.hasFocus())
    settle(window)
    return window.reference_view


def _dialog(window, qtbot):  # type: ignore[no-untyped-def]
    """The dialog a command opened, once it has the keyboard."""
    qtbot.waitUntil(
        lambda: window.reference.dialog is not None and window.reference.dialog.isVisible()
    )
    dialog = window.reference.dialog
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    return dialog


def _list_cell(window, title: str, column: str) -> str:
    model = window.interactions_view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    for row in range(model.rowCount()):
        if model.index(row, headers.index("Title")).data() == title:
            return model.index(row, headers.index(column)).data()
    raise AssertionError(f"{title} not listed")


def test_ctrl_6_lists_organisations_with_their_counts_keyboard_first(
    logged, window, settle, qtbot, keyboard, screenshot_dir
):
    assert window.nav.count() == 6 and window.nav.item(5).text() == "Reference data"
    view = _open(window, qtbot, keyboard, settle)
    assert window.current_view_name() == "Reference data"
    entries = _shown(window, settle)
    eeas = entries["European External Action Service"]
    assert (eeas.interactions, eeas.record.acronym) == (3, "EEAS")  # the Trash counts too
    assert entries["Italian Navy"].interactions == 1
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert headers == ["Name", "Acronym", "Side", "Interactions", "People", "Retired",
                       "Other names (aliases)"]  # fmt: skip
    window.grab().save(str(screenshot_dir / "reference-organisations.png"))

    # the search matches as the pickers do: an acronym, then Down to the list
    keyboard.type("intcen")
    assert [i.record.acronym for i in view.items()][:1] == ["EU INTCEN"]
    assert "match" in view.summary.text()
    keyboard.press(Qt.Key.Key_Down)
    assert view.table.hasFocus() and view.current_item().record.acronym == "EU INTCEN"

    # the countries: "TR" finds Türkiye first
    view.set_kind("country")
    settle(window)
    view.focus_search()
    keyboard.type("TR")
    assert view.items()[0].record.name == "Türkiye"
    assert view.items()[0].interactions == 3


def test_counts_of_use_are_read_on_the_worker(logged, window, settle, monkeypatch):
    threads: list[bool] = []
    list_entries = reference_history.list_entries

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread() is threading.main_thread())
        return list_entries(*args, **kwargs)

    monkeypatch.setattr(reference_history, "list_entries", counting)
    window.show_view("Reference data")
    settle(window)
    window.reference_view.set_kind("marking")
    settle(window)
    assert threads == [False, False]
    assert [i.record.name for i in window.reference_view.items()] == [
        "UNCLASSIFIED", "NATO UNCLASSIFIED", "LIMITE",
    ]  # fmt: skip


def test_add_shows_the_core_message_under_the_field_then_adds(
    logged, window, settle, qtbot, keyboard, db_path, screenshot_dir
):
    view = _open(window, qtbot, keyboard, settle)
    settle(window)
    keyboard.press(Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    dialog = _dialog(window, qtbot)
    assert dialog.windowTitle() == "Add an organisation"
    qtbot.waitUntil(dialog.name.hasFocus)
    keyboard.type("Maritime Security Centre of Excellence")
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.type("EUMS")  # the acronym of another organisation
    dialog.side.setCurrentText("joint")
    keyboard.press(ENTER)
    qtbot.waitUntil(dialog.messages["acronym"].isVisible)
    assert dialog.messages["acronym"].text() == (
        "'EUMS' already names the organisation 'EU Military Staff'."
    )
    assert query(db_path, "SELECT count(*) FROM organisation WHERE name LIKE 'Maritime S%'") == [
        (0,)
    ]
    dialog.grab().save(str(screenshot_dir / "reference-add-dialog.png"))

    dialog.code.setText("")
    dialog.aliases.setText("MARSEC COE; Centre for maritime security")
    keyboard.focus_on(dialog.name)
    keyboard.press(ENTER)
    qtbot.waitUntil(lambda: window.reference.dialog is None)
    settle(window)
    name = "Maritime Security Centre of Excellence"
    assert query(db_path, "SELECT side FROM organisation WHERE name LIKE 'Maritime S%'") == [
        ("joint",)
    ]
    assert view.current_item().record.name == name  # selected in the list
    # the vocabulary, the filter bar and the pickers know it (by its alias too)
    organisations = window.interactions_view.filter_bar.organisation
    assert organisations.findData(name) > 0
    editor = window.interactions.new_interaction()
    editor.organisations.input.setText("marsec coe")
    assert editor.organisations.commit_typed() == ""
    assert editor.organisations.values() == (name,)


def test_rename_reaches_the_interaction_list_and_keeps_the_old_name(
    logged, window, settle, qtbot, keyboard, db_path
):
    settle(window)
    assert _list_cell(window, "Navy briefing", "Organisations") == "EEAS, Italian Navy"
    view = _open(window, qtbot, keyboard, settle)
    keyboard.type("italian navy")
    keyboard.press(ENTER)  # to the list
    keyboard.press(Qt.Key.Key_F2)
    dialog = _dialog(window, qtbot)
    assert dialog.line.text() == "Italian Navy" and dialog.line.hasFocus()
    keyboard.type("Marina Militare")
    keyboard.press(ENTER)
    qtbot.waitUntil(lambda: window.reference.dialog is None)
    settle(window)
    assert query(db_path, "SELECT name FROM organisation WHERE side = 'national'") == [
        ("Marina Militare",)
    ]
    assert _list_cell(window, "Navy briefing", "Organisations") == "EEAS, Marina Militare"
    renamed = view.current_item()
    assert renamed.record.name == "Marina Militare" and renamed.record.aliases == ("Italian Navy",)
    assert "Renamed “Italian Navy” to “Marina Militare”" in window.statusBar().currentMessage()
    # the filter bar finds it by its old name, now an alias
    bar = window.interactions_view.filter_bar
    bar.typed["organisation"].choose(renamed.record)
    assert bar.filter().organisation == "Marina Militare"


def test_alias_edit_merge_and_history(logged, window, settle, qtbot, keyboard, db_path):
    add.add_organisation(window.db, "Navy of Italy", side="national")
    view = _open(window, qtbot, keyboard, settle)
    settle(window)
    keyboard.type("Navy of Italy")
    keyboard.press(Qt.Key.Key_Down)
    # an alias
    window.menus.reference_alias_action.trigger()
    dialog = _dialog(window, qtbot)
    keyboard.type("Marina")
    keyboard.press(ENTER)
    qtbot.waitUntil(lambda: window.reference.dialog is None)
    settle(window)
    assert view.current_item().record.aliases == ("Marina",)
    # its acronym and side
    view.edit_button.click()
    dialog = _dialog(window, qtbot)
    dialog.code.setText("MMI")
    dialog.side.setCurrentText("partner")
    dialog.accept()
    qtbot.waitUntil(lambda: window.reference.dialog is None)
    settle(window)
    assert query(
        db_path, "SELECT acronym, side FROM organisation WHERE name = 'Navy of Italy'"
    ) == [("MMI", "partner")]
    # merged into Italian Navy, chosen as a picker chooses: its links and name go there
    interactions.create_interaction(
        window.db,
        InteractionInput(title="Typed twice", type="Workshop", start_date=dt.date(2018, 5, 2),
                         organisations=("MMI",)),
    )  # fmt: skip
    window.refresh()
    settle(window)
    view.merge_button.click()
    dialog = _dialog(window, qtbot)
    keyboard.type("italian")
    qtbot.waitUntil(dialog.into_suggestions.is_shown)
    assert dialog.into_suggestions.labels()[0] == "Italian Navy"
    keyboard.press(ENTER)
    qtbot.waitUntil(lambda: window.reference.dialog is None)
    settle(window)
    assert query(
        db_path,
        "SELECT o.name FROM interaction i JOIN interaction_organisation io "
        "ON io.interaction_id = i.id JOIN organisation o ON o.id = io.organisation_id "
        "WHERE i.title = 'Typed twice'",
    ) == [("Italian Navy",)]
    merged = view.current_item()
    assert merged.record.name == "Italian Navy" and merged.interactions == 2
    assert set(merged.record.aliases) == {"Marina", "Navy of Italy", "MMI"}
    assert _list_cell(window, "Typed twice", "Organisations") == "Italian Navy"
    assert "Merged “Navy of Italy” into “Italian Navy”: 1 interaction moved." in (
        window.statusBar().currentMessage()
    )
    # the list's history: every change, newest first, with the officer
    view.history_button.click()
    dialog = _dialog(window, qtbot)
    rows = [(c.change, c.name, c.officer) for c in dialog.model.records()]
    assert rows[0] == ("merge", "Italian Navy", "Anna Virtanen")
    assert ("alias", "Navy of Italy", "Anna Virtanen") in rows
    assert dialog.model.index(0, 2).data() == "merged in"
    dialog.close()


def test_retire_bring_back_and_move_markings(
    logged, window, settle, qtbot, keyboard, db_path, monkeypatch, screenshot_dir
):
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question",
        lambda _p, title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.Yes,
    )  # fmt: skip
    view = _open(window, qtbot, keyboard, settle)
    view.set_kind("marking")
    settle(window)
    view.focus_search()
    keyboard.type("limite")
    keyboard.press(ENTER)
    assert view.current_item().record.name == "LIMITE"
    keyboard.press(Qt.Key.Key_Up, ALT)  # one rank lower
    settle(window)
    assert [i.record.name for i in view.items()] == ["LIMITE"]  # the search still applies
    view.search.clear()
    settle(window)
    assert [(i.record.rank, i.record.name) for i in view.items()] == [
        (1, "UNCLASSIFIED"), (2, "LIMITE"), (3, "NATO UNCLASSIFIED"),
    ]  # fmt: skip
    assert query(db_path, "SELECT name FROM handling_marking ORDER BY sort_order") == [
        ("UNCLASSIFIED",), ("LIMITE",), ("NATO UNCLASSIFIED",),
    ]  # fmt: skip
    assert view.current_item().record.name == "LIMITE"
    keyboard.focus_on(view.table)
    keyboard.press(Qt.Key.Key_Down, ALT)
    settle(window)
    assert [i.record.name for i in view.items()][2] == "LIMITE"

    # retire the lowest marking: a new interaction gets the next one
    view.table.selectRow(0)
    view.retire_button.click()
    settle(window)
    assert "Retire “UNCLASSIFIED”?" in asked[0]
    item = view.current_item()
    assert item.record.retired and view.retire_button.text() == "&Bring back"
    assert view.model.index(0, 3).data() == "retired"
    window.grab().save(str(screenshot_dir / "reference-markings.png"))
    editor = window.interactions.new_interaction()
    assert editor.marking.currentText() == "NATO UNCLASSIFIED"
    assert "UNCLASSIFIED" not in [editor.marking.itemText(i) for i in range(editor.marking.count())]
    editor.reject()
    view.retire_button.click()  # bring it back: no question
    settle(window)
    assert not view.current_item().record.retired and len(asked) == 1
    assert query(
        db_path, "SELECT retired_at FROM handling_marking WHERE name = 'UNCLASSIFIED'"
    ) == [(None,)]


def test_a_refusal_without_a_dialog_shows_the_core_message(logged, window, settle, qtbot):
    window.show_view("Reference data")
    view = window.reference_view
    view.set_kind("type")
    settle(window)
    view.table.selectRow(0)
    window.reference.move(-1)  # the first type cannot go higher
    settle(window)

    def boxes() -> list[QMessageBox]:
        return [b for b in window.findChildren(QMessageBox) if b.isVisible()]

    qtbot.waitUntil(lambda: bool(boxes()))
    assert boxes()[0].text() == "rank: give a rank from 1 (lowest) to 14, not 0."
    boxes()[0].close()
