"""The executor is the one owner of the open database: nothing runs SQL on the GUI thread (the
window's first reads, a save, the list's pages, the 30-minute backup timer, the backup list,
a restore, the backup on close), a restore closes, restores and opens the database again on
the writer thread, and a failed restore is shown, with the database as it was."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import traceback

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from eunato_desk.core import audit, interactions
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.records import InteractionInput
from eunato_desk.core.storage import db as core_db
from eunato_desk.core.storage.backup import make_backup
from eunato_desk.core.storage.db import Database
from eunato_desk.ui.safety.controller import AUTO_BACKUP_MS


@pytest.fixture
def on_gui_thread(monkeypatch):  # type: ignore[no-untyped-def]
    """Every database use (a session, a plain sqlite3 connection, a Database made) from the
    GUI thread, with where it came from."""
    seen: list[str] = []

    def guarded(name, fn):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            if threading.current_thread() is threading.main_thread():
                seen.append(f"{name}\n{''.join(traceback.format_stack(limit=12))}")
            return fn(*args, **kwargs)

        return wrapper

    for name in ("read", "write", "__init__", "dispose"):
        monkeypatch.setattr(Database, name, guarded(f"Database.{name}", getattr(Database, name)))
    monkeypatch.setattr(sqlite3, "connect", guarded("sqlite3.connect", sqlite3.connect))
    monkeypatch.setattr(sqlite3.dbapi2, "connect", guarded("connect", sqlite3.dbapi2.connect))
    return seen


def backups(db_path):  # type: ignore[no-untyped-def]
    return sorted(p.name for p in (db_path.parent / "backups").glob("*.sqlite3"))


def test_database_work_runs_on_the_worker_only(
    db, db_path, make_window, settle, qtbot, on_gui_thread, officer
):
    generate_demo_data(db, 250, seed=3)  # (before the guard counts: the test's own setup)
    made = make_backup(db_path, "manual")
    audit.latest_change(db)  # the guard sees database work on this thread...
    assert any(seen.startswith("Database.read") for seen in on_gui_thread)
    on_gui_thread.clear()  # ...and from here on, the application does none

    window = make_window()  # the first reads: vocabulary, list, Trash, follow-ups, marker
    qtbot.waitUntil(lambda: window.safety.marker is not None)
    view = window.interactions_view
    view.table.selectRow(240)  # a row of the second page: read when it is first shown
    qtbot.waitUntil(lambda: view.current_uuid() is not None)
    editor = window.interactions.new_interaction()
    editor.title.setText("Saved from the editor")
    editor.type.setEditText("Workshop")
    editor.save()
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    settle(window)
    assert on_gui_thread == []

    # The 30-minute timer asks the worker whether anything changed, and backs up if so.
    assert window.safety.timer.interval() == AUTO_BACKUP_MS and window.safety.timer.isActive()
    before = backups(db_path)
    window.safety.auto_backup()
    settle(window)
    assert len(backups(db_path)) == len(before) + 1
    assert "Backed up to" in window.statusBar().currentMessage()
    window.safety.auto_backup()  # nothing changed since: no backup
    settle(window)
    assert len(backups(db_path)) == len(before) + 1
    assert on_gui_thread == []

    # File > Restore from backup: the list is read on the worker, then the dialog shows.
    window.safety.restore()
    assert window.safety.restore_dialog is None
    settle(window)
    dialog = window.safety.restore_dialog
    assert dialog is not None and dialog.isVisible()
    names = [b.path.name for b in dialog.backups]
    assert made.path.name in names
    assert on_gui_thread == []

    # The restore: the executor closes, restores and opens again; the window follows.
    old = window.db
    dialog.table.selectRow(names.index(made.path.name))
    dialog.accept()
    settle(window)
    assert on_gui_thread == []
    assert window.db is not old and window.executor.db is window.db
    assert core_db.open_paths() == {str(db_path.resolve())}
    assert view.model.rowCount() == 250  # the backup's interactions, read again
    assert f"Restored {made.path.name}." == window.statusBar().currentMessage()

    qtbot.waitUntil(lambda: window.safety.marker is not None)  # of the restored database
    editor = window.interactions.new_interaction()
    editor.title.setText("Saved after the restore")
    editor.type.setEditText("Workshop")
    editor.save()
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    settle(window)
    assert view.model.rowCount() == 251
    window.close()  # the backup on close runs on the worker too (something changed)
    assert on_gui_thread == []
    assert any("on-close" in name for name in backups(db_path))


def test_a_restore_that_fails_is_shown_and_the_database_stays(
    db, db_path, window, settle, qtbot, officer
):
    interactions.create_interaction(
        db, InteractionInput(title="Kept", type="Workshop", start_date=dt.date(2018, 1, 1))
    )
    bad = make_backup(db_path, "manual")
    with open(bad.path, "r+b") as damaged:  # a backup, not the open database: allowed
        damaged.seek(100)
        damaged.write(b"\xff" * 3996)
    window.refresh()
    settle(window)
    window.safety.restore()
    settle(window)
    window.safety.restore_dialog.accept()
    settle(window)

    def boxes() -> list[QMessageBox]:
        return [
            w for w in QApplication.topLevelWidgets() + window.findChildren(QMessageBox)
            if isinstance(w, QMessageBox) and w.isVisible()
        ]  # fmt: skip

    qtbot.waitUntil(lambda: bool(boxes()))
    box = boxes()[0]
    assert box.windowTitle() == "The backup was not restored"
    assert "cannot restore from it" in box.text()
    box.close()
    assert window.interactions_view.model.rowCount() == 1  # the database as it was, open again
    editor = window.interactions.new_interaction()
    editor.title.setText("Saved after the failed restore")
    editor.type.setEditText("Workshop")
    editor.save()
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    settle(window)
    assert window.interactions_view.model.rowCount() == 2
