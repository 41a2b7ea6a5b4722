"""Actions view -> action page -> an interaction and back; follow-ups from the editor to the
Follow-ups view and done; catalogue maintenance from the action page."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox

from eunato_desk.core import interactions
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.ui.actions.view import OVERVIEW_ROLE
from eunato_desk.ui.widgets.list_model import RECORD_ROLE

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def logged(db):  # type: ignore[no-untyped-def]
    made = []
    for title, day, numbers in (
        ("Older workshop", dt.date(2017, 3, 1), [43]),
        ("Newer staff talks", dt.date(2018, 6, 30), [43, 44]),
        ("Unrelated", dt.date(2018, 1, 1), [2]),
    ):
        made.append(
            interactions.create_interaction(
                db,
                InteractionInput(
                    title=title,
                    type="Workshop",
                    start_date=day,
                    links=tuple(LinkInput(n, f"note {title}") for n in numbers),
                ),
            )
        )
    return made


def _action_index(view, number):  # type: ignore[no-untyped-def]
    proxy = view.proxy
    for r in range(proxy.rowCount()):
        area = proxy.index(r, 0)
        for c in range(proxy.rowCount(area)):
            child = proxy.index(c, 0, area)
            overview = child.data(OVERVIEW_ROLE)
            if overview is not None and overview.action.number == number:
                return child
    raise AssertionError(f"action {number} not shown")


def test_actions_view_to_an_action_to_an_interaction_and_back(
    logged, window, settle, qtbot, keyboard
):
    window.show_view("Actions")
    view = window.actions_view
    index = _action_index(view, 43)
    overview = index.data(OVERVIEW_ROLE)
    assert (overview.total, overview.last_date) == (2, dt.date(2018, 6, 30))
    view.tree.clicked.emit(index)
    settle(window)
    assert view.showing_action()
    page = view.page
    assert page.action.number == 43
    history = [
        page.history_model.index(r, 0).data(RECORD_ROLE).title
        for r in range(page.history_model.rowCount())
    ]
    assert history == ["Older workshop", "Newer staff talks"]
    page.newest_first.setChecked(True)
    settle(window)
    assert page.history_uuids() == [logged[1].uuid, logged[0].uuid]

    page.history.activated.emit(page.history_model.index(0, 0))
    settle(window)
    qtbot.waitUntil(
        lambda: window.interactions.editor is not None and window.interactions.editor.isVisible()
    )
    assert window.interactions.editor.title.text() == "Newer staff talks"
    window.interactions.editor.reject()  # nothing changed: closes without asking
    qtbot.waitUntil(lambda: window.interactions.editor is None)
    assert view.showing_action() and page.action.number == 43  # back on the action
    keyboard.focus_on(page.history)
    keyboard.press(Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert not view.showing_action()


def test_follow_up_from_the_editor_to_the_follow_ups_view_and_done(
    logged, window, settle, qtbot, db_path
):
    window.show_view("Interactions")
    window.interactions.edit_interaction(logged[1].uuid)
    settle(window)
    qtbot.waitUntil(
        lambda: window.interactions.editor is not None and window.interactions.editor.isVisible()
    )
    editor = window.interactions.editor
    field = editor.follow_ups
    field.owner.setText("Ben")
    field.due.setText("2018-07-15")
    field.action.setCurrentIndex(field.action.findData(44))
    field.text.setText("Send the joint scenario paper")
    field.text.returnPressed.emit()
    assert len(field.pending()) == 1
    editor.save()
    settle(window)
    qtbot.waitUntil(lambda: window.interactions.editor is None)
    settle(window)

    window.show_view("Follow-ups")
    fv = window.follow_ups_view
    rows = [fv.model.index(r, 0).data(RECORD_ROLE) for r in range(fv.model.rowCount())]
    assert [(f.text, f.owner, f.action_number, f.overdue) for f in rows] == [
        ("Send the joint scenario paper", "Ben", 44, True)
    ]
    assert "1 overdue" in fv.summary.text()
    fv.table.selectRow(0)
    fv.done_button.click()
    settle(window)
    assert fv.model.rowCount() == 0
    fv.show_done.setChecked(True)
    settle(window)
    assert fv.model.rowCount() == 1
    con = sqlite3.connect(db_path)
    done = con.execute("SELECT done_at IS NOT NULL FROM follow_up").fetchall()
    con.close()
    assert done == [(1,)]
    # the action page lists open follow-ups only: none left for 44
    window.show_view("Actions")
    window.actions_controller.open_action(44)
    settle(window)
    assert window.actions_view.page.follow_model.rowCount() == 0


def test_renumber_and_retire_from_the_action_page(logged, window, settle, monkeypatch, db_path):
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (80, True))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.show_view("Actions")
    window.actions_controller.open_action(43)
    settle(window)
    window.actions_view.page.renumber_button.click()
    settle(window)
    page = window.actions_view.page
    assert page.action.number == 80
    assert len(page.history_uuids()) == 2
    con = sqlite3.connect(db_path)
    changes = con.execute("SELECT kind, officer FROM action_change").fetchall()
    con.close()
    assert changes == [("renumber", "Anna Virtanen"), ("renumber", "Anna Virtanen")]
    page.retire_button.click()
    settle(window)
    assert not window.actions_view.showing_action()
    numbers = set()
    proxy = window.actions_view.proxy
    for r in range(proxy.rowCount()):
        for c in range(proxy.rowCount(proxy.index(r, 0))):
            numbers.add(proxy.index(c, 0, proxy.index(r, 0)).data(OVERVIEW_ROLE).action.number)
    assert 80 not in numbers and 43 not in numbers and 44 in numbers


def test_edit_action_dialog_validates_and_saves(logged, window, settle, qtbot, db_path):
    window.show_view("Actions")
    window.actions_controller.open_action(11)
    settle(window)

    def fill() -> None:
        from eunato_desk.ui.actions.dialogs import ActionDialog

        dialogs = [w for w in window.findChildren(ActionDialog) if w.isVisible()]
        d = dialogs[-1]
        if not d.message.isVisible():
            d.title.setText("")  # first try: invalid
            d.accept()
            QTimer.singleShot(50, fill)
            return
        d.title.setText("Maritime information sharing")
        d.area.setCurrentIndex(d.area.findData(2))
        d.accept()

    QTimer.singleShot(50, fill)
    window.actions_view.page.edit_button.click()
    settle(window)
    con = sqlite3.connect(db_path)
    row = con.execute(
        "SELECT a.title, r.code FROM action a JOIN area r ON r.id = a.area_id WHERE a.number = 11"
    ).fetchone()
    con.close()
    assert row == ("Maritime information sharing", 2)
    assert window.actions_view.page.action.title == "Maritime information sharing"


def test_screenshots_of_actions_and_follow_ups(logged, window, settle, screenshot_dir):
    window.show_view("Actions")
    window.grab().save(str(screenshot_dir / "actions-overview.png"))
    window.actions_controller.open_action(43)
    settle(window)
    window.grab().save(str(screenshot_dir / "action-page.png"))
    window.show_view("Follow-ups")
    window.grab().save(str(screenshot_dir / "follow-ups.png"))
    for name in ("actions-overview", "action-page", "follow-ups"):
        assert (screenshot_dir / f"{name}.png").stat().st_size > 10_000


@pytest.mark.parametrize("suffix", ["html", "odt", "pdf"])
def test_export_dossier_from_the_action_page(logged, window, settle, monkeypatch, tmp_path, suffix):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / f"out.{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.show_view("Actions")
    window.actions_controller.open_action(43)
    settle(window)
    window.actions_view.page.dossier_button.click()
    dialog = window.actions_controller.dossier_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.period.combo.currentText() == "All dates"  # the period is asked first
    dialog.export_button.click()
    settle(window)
    assert target.exists()
    data = target.read_bytes()
    if suffix == "html":
        text = data.decode()
        assert text.index("Older workshop") < text.index("Newer staff talks")
    elif suffix == "pdf":
        assert data.startswith(b"%PDF-")
    else:
        assert data[30:38] == b"mimetype"
    assert "Dossier written to" in window.statusBar().currentMessage()


def test_the_dossier_covers_the_period_chosen(
    logged, window, settle, monkeypatch, tmp_path, screenshot_dir
):
    from PySide6.QtWidgets import QFileDialog

    asked: list[str] = []

    def save_name(_parent, _caption, proposed, *_a, **_k):  # type: ignore[no-untyped-def]
        asked.append(proposed)
        return str(tmp_path / "period.html"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    window.show_view("Actions")
    window.actions_controller.open_action(43)
    settle(window)
    window.actions_view.page.dossier_button.click()
    dialog = window.actions_controller.dossier_dialog
    assert "action 43" in dialog.findChild(QLabel).text()
    combo = dialog.period.combo
    combo.setCurrentIndex(combo.findText("Any dates"))
    assert dialog.period.range_box.isVisibleTo(dialog)
    dialog.period.set_range(dt.date(2018, 6, 30), dt.date(2018, 1, 1))  # in the wrong order
    dialog.grab().save(str(screenshot_dir / "dossier-period.png"))
    assert dialog.dates() == (dt.date(2018, 1, 1), dt.date(2018, 6, 30))
    dialog.export_button.click()
    settle(window)
    assert Path(asked[0]).name == "dossier-action-43-2018-01-01-2018-06-30.html"
    text = (tmp_path / "period.html").read_text(encoding="utf-8")
    assert "Newer staff talks" in text  # 30 June 2018, the last day: inside
    assert "Older workshop" not in text  # 2017: outside
    assert "1 January 2018 – 30 June 2018" in text
