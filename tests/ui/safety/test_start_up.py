"""The application's start-up path (``start_gui``): it asks before creating a database, shows
every failure in a dialog (never a silent exit or a bare traceback), and recovers a leftover
rollback journal exactly as the command line does."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from eunato_desk.ui import app as gui_app
from tests.helpers import crash_leaving_hot_journal


@pytest.fixture
def started():  # type: ignore[no-untyped-def]
    """``started(path)``: the main window ``start_gui(path)`` opened (it must open one); the
    database is closed and its lock let go after the test."""
    finished = []

    def start(path):  # type: ignore[no-untyped-def]
        result = gui_app.start_gui(path)
        assert result is not None
        _app, window, finish = result
        finished.append(finish)
        return window

    yield start
    for finish in finished:
        finish()


@pytest.fixture
def release(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The open for use waits (on the executor's thread) until the test sets this event: the
    window stays as it is while the database opens, for the test to look at or type into."""
    real_open = gui_app._open_file

    def held_back(path, create):  # type: ignore[no-untyped-def]
        assert release.wait(30), "the test never let the open go on"
        return real_open(path, create)

    release = threading.Event()
    monkeypatch.setattr(gui_app, "_open_file", held_back)
    return release


def test_a_missing_database_is_created_only_after_asking(
    tmp_path, no_blocking_message_boxes, monkeypatch, started, officer
):
    path = tmp_path / "new" / "desk.sqlite3"
    assert gui_app.start_gui(path) is None  # the question was answered Cancel
    assert ("question", f"EU-NATO Desk: create a new database?: There is no database at {path}.\n\n"
            "Create a new, empty one there?") in no_blocking_message_boxes  # fmt: skip
    assert not path.parent.exists()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window = started(path)
    assert path.is_file() and window.db.path == path
    window.close()


def test_start_up_failures_are_shown_in_a_dialog(tmp_path, no_blocking_message_boxes, monkeypatch):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert gui_app.start_gui(folder) is None
    kind, text = no_blocking_message_boxes[-1]
    assert kind == "critical" and "this is a folder, not a database file" in text

    db = tmp_path / "desk.sqlite3"
    db.write_bytes(b"")  # anything: open_database is made to fail unexpectedly below

    def broken(*_a, **_k):  # type: ignore[no-untyped-def]
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setattr(gui_app, "_open_file", broken)
    assert gui_app.start_gui(db) is None
    kind, text = no_blocking_message_boxes[-1]
    assert kind == "critical" and "could not start: something nobody foresaw" in text
    assert not Path(f"{db}.lock").exists()


def test_a_hot_rollback_journal_is_recovered_as_the_command_line_does(
    tmp_path, run_cli, started, officer, qtbot
):
    db = tmp_path / "desk.sqlite3"
    assert run_cli("--db", db, "db", "upgrade").code == 0
    assert run_cli("--db", db, "log", "--title", "Kept", "--date", "2018-01-01",
                   "--type", "Workshop").code == 0  # fmt: skip
    crash_leaving_hot_journal(db)

    window = started(db)
    # As after a leftover -wal: the whole file is checked before the first write.
    assert window.db.deep_check_due == "integrity_check"
    qtbot.waitUntil(lambda: window.db.deep_check_due is None, timeout=15000)
    assert window.safety.deep_problem is None
    window.close()
    assert not Path(f"{db}-journal").exists()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT title FROM interaction").fetchall() == [("Kept",)]
    conn.close()


def test_settings_that_cannot_be_saved_keep_the_dialog_open_with_the_reason(
    window, monkeypatch, qtbot
):
    from eunato_desk.core import settings as user_settings
    from eunato_desk.core.errors import DeskError

    def refuse(_values):  # type: ignore[no-untyped-def]
        raise DeskError("settings.json: the settings could not be saved (Permission denied).")

    monkeypatch.setattr(user_settings, "save", refuse)
    dialog = window.open_settings()
    dialog.name.setText("Ben Okafor")
    dialog.accept()
    assert dialog.isVisible()
    assert "could not be saved (Permission denied)" in dialog.problem.text()
    assert dialog.problem.isVisible()
    dialog.reject()  # the officer can always leave
    qtbot.waitUntil(lambda: not dialog.isVisible())


def _demo_database(tmp_path: Path, run_cli, interactions: int) -> Path:  # type: ignore[no-untyped-def]
    """A database at this schema with ``interactions`` demo interactions, made by the CLI."""
    db = tmp_path / "desk.sqlite3"
    assert run_cli("--db", db, "db", "upgrade").code == 0
    assert run_cli("--db", db, "demo", "--interactions", str(interactions), "--seed", "3").code == 0
    return db


def _opening_windows() -> list:
    """The main window being opened (not those that earlier tests left behind)."""
    return [
        w
        for w in QApplication.topLevelWidgets()
        if hasattr(w, "interactions_view") and w.isVisible() and not w.complete
    ]


def test_the_window_shows_the_newest_interactions_while_the_database_opens(
    tmp_path, run_cli, started, officer, release, screenshot_dir
):
    """The window is up with the list's first page (read with sqlite3) before the open for
    use has finished; the open then completes the window and the list stays as it was."""
    db = _demo_database(tmp_path, run_cli, 300)
    seen: dict[str, object] = {}

    def look() -> None:
        windows = _opening_windows()
        view = windows[0].interactions_view if windows else None
        if view is None or view.model.rowCount() == 0:
            QTimer.singleShot(10, look)
            return
        seen["complete"] = windows[0].complete
        seen["rows"] = [view.model.row_at(r).title for r in range(view.model.rowCount())]
        seen["status"] = windows[0].statusBar().currentMessage()
        windows[0].grab().save(str(screenshot_dir / "start-first-page.png"))
        release.set()

    QTimer.singleShot(0, look)
    window = started(db)
    assert seen["complete"] is False and f"Opening {db}" in str(seen["status"])
    assert len(seen["rows"]) == 200  # type: ignore[arg-type]
    newest = (
        sqlite3.connect(db)
        .execute(
            "SELECT title FROM interaction WHERE deleted_at IS NULL "
            "ORDER BY start_date DESC, start_time DESC, id DESC LIMIT 200"
        )
        .fetchall()
    )
    assert seen["rows"] == [t for (t,) in newest]
    assert window.complete and window.db.path == db
    assert window.menuBar().actions()[0].menu().actions(), "the menus are built"
    window.executor.wait_idle()
    window.close()


def test_a_saved_filter_waits_for_the_open(tmp_path, run_cli, started, officer, release, qtbot):
    """The early page is the list as it opens by default: with a filter kept from the last
    session, no row shows until the list has been read with that filter."""
    from PySide6.QtCore import QSettings

    db = _demo_database(tmp_path, run_cli, 50)
    gui_app.configure_application(QApplication.instance())
    QSettings().setValue("interactions/filter", '{"status": "planned"}')
    shown_early: list[int] = []

    def look() -> None:  # well after the early page would have shown
        windows = _opening_windows()
        shown_early.append(windows[0].interactions_view.model.rowCount())
        release.set()

    QTimer.singleShot(400, look)
    window = started(db)
    view = window.interactions_view
    assert shown_early == [0]
    assert view.filter_bar.filter().status == "planned"
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    qtbot.waitUntil(lambda: all(view.model.row_at(r) for r in range(view.model.rowCount())))
    assert {view.model.row_at(r).status for r in range(view.model.rowCount())} == {"planned"}
    window.close()


def test_keys_typed_while_the_window_opens_are_not_lost(
    tmp_path, run_cli, started, officer, release, qtbot
):
    """Ctrl+N and a title typed before the commands exist: once the window is complete the
    editor opens and the title holds what was typed, in order."""
    db = _demo_database(tmp_path, run_cli, 20)
    typed: list[bool] = []

    def type_early() -> None:
        windows = _opening_windows()
        if not windows:
            QTimer.singleShot(10, type_early)
            return
        window = windows[0]
        handle = window.windowHandle()  # where the keyboard's events arrive, as for real
        qtbot.keyClick(handle, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        for char in "Typed early":
            qtbot.keyClick(handle, char)
        typed.append(not window.complete)
        release.set()

    QTimer.singleShot(0, type_early)
    window = started(db)
    assert typed == [True], "the keys were typed while the window was still opening"
    editor = window.interactions.editor
    assert editor is not None and editor.isVisible()
    assert editor.title.text() == "Typed early"
    editor.reject()
    window.close()
