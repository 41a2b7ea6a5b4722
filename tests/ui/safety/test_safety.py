"""Back up now, restore from a backup, check the database, history; start-up refusals."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from eunato_desk.core import interactions
from eunato_desk.core.records import InteractionInput
from eunato_desk.core.storage.backup import list_backups
from eunato_desk.core.storage.lock import DatabaseLock, LockedError


def _log(db, title):  # type: ignore[no-untyped-def]
    return interactions.create_interaction(
        db, InteractionInput(title=title, type="Workshop", start_date=dt.date(2018, 1, 1)), "Anna"
    )


def _titles(db_path):  # type: ignore[no-untyped-def]
    con = sqlite3.connect(db_path)
    try:
        return sorted(r[0] for r in con.execute("SELECT title FROM interaction"))
    finally:
        con.close()


def test_backup_now_then_restore_brings_the_data_back(db, window, settle, db_path):
    _log(db, "Before the backup")
    window.safety.backup_now()
    settle(window)
    backups = list_backups(db_path)
    assert len(backups) == 1 and backups[0].interactions == 1
    _log(db, "After the backup")
    assert _titles(db_path) == ["After the backup", "Before the backup"]
    window.safety.restore()  # the backups are listed on the worker, then the dialog shows
    settle(window)
    dialog = window.safety.restore_dialog
    assert dialog is not None and dialog.table.rowCount() == 1
    dialog.accept()
    settle(window)
    assert _titles(db_path) == ["Before the backup"]
    assert window.interactions_view.model.rowCount() == 1
    assert len(list_backups(db_path)) == 2, "the current database was backed up first"


def test_check_database_reports_ok(window, settle):
    window.menus.check_action.trigger()
    settle(window)
    assert window.safety.last_check.ok


def test_history_of_an_interaction_shows_who_changed_what(db, window, settle, qtbot):
    record = _log(db, "Original title")
    interactions.update_interaction(
        db,
        record.uuid,
        InteractionInput(title="New title", type="Workshop", start_date=dt.date(2018, 1, 1)),
        "Ben",
    )
    window.safety.interaction_history(record.uuid)
    settle(window)
    text = window.safety.history_browser.toPlainText()
    assert "Original title" in text and "New title" in text and "Ben" in text


def test_closing_after_changes_makes_a_backup(db, make_window, settle, db_path):
    window = make_window()
    _log(db, "Changed")
    window.close()
    assert [b.reason for b in list_backups(db_path)] == ["on-close"]


def test_a_second_instance_is_refused(db_path, db):
    first = DatabaseLock(db_path).acquire()
    try:
        with pytest.raises(LockedError) as err:
            DatabaseLock(db_path).acquire()
        assert str(db_path) in err.value.message or "in use" in err.value.message.lower()
    finally:
        first.release()


def test_a_damaged_database_offers_the_newest_backup(db, db_path, monkeypatch, qapp, officer):
    """Through the start-up path: the window shows at once; the open (on the executor's
    thread) finds the damage, and the officer is offered the newest good backup. Cancel
    leaves the file as it was; Yes sets it aside and restores the backup."""
    from eunato_desk.core.storage.backup import make_backup
    from eunato_desk.ui.app import start_gui

    _log(db, "Safe in the backup")
    make_backup(db_path, "manual")
    db.dispose()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # overwrite the schema page
    db_path.write_bytes(bytes(data))
    for extra in (
        db_path.with_name(db_path.name + "-wal"),
        db_path.with_name(db_path.name + "-shm"),
    ):
        extra.unlink(missing_ok=True)
    damaged = db_path.read_bytes()
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel,
    )
    assert start_gui(db_path) is None
    assert db_path.read_bytes() == damaged, "refused: the file is untouched"
    assert "backup" in asked[0]
    assert not Path(f"{db_path}.lock").exists()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    started = start_gui(db_path)
    assert started is not None
    _app, window, finish = started
    try:
        assert window.complete and window.db.path == db_path
    finally:
        window.close()
        finish()
    assert _titles(db_path) == ["Safe in the backup"]
    assert any(".damaged-" in p.name for p in db_path.parent.iterdir())


def test_history_from_the_editor(db, window, settle, qtbot):
    record = _log(db, "Edited in the editor")
    window.interactions.edit_interaction(record.uuid)
    settle(window)
    qtbot.waitUntil(
        lambda: window.interactions.editor is not None and window.interactions.editor.isVisible()
    )
    assert window.interactions.editor.history_button.isVisible()
    window.interactions.editor.history_button.click()
    settle(window)
    assert "Edited in the editor" in window.safety.history_browser.toPlainText()


def test_a_database_damaged_inside_is_caught_after_a_quick_open(
    db, db_path, make_window, settle, qtbot
):
    """A quick open skips quick_check; the writer's first job runs it, refuses every write
    when it fails, and offers the newest good backup."""
    from eunato_desk.core.demo import generate_demo_data
    from eunato_desk.core.storage.backup import make_backup
    from eunato_desk.core.storage.opening import open_database

    generate_demo_data(db, 400, seed=2)
    make_backup(db_path, "manual")
    db.dispose()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    data = bytearray(db_path.read_bytes())
    middle = (pages // 2) * page_size
    data[middle : middle + page_size] = bytes(range(256)) * (page_size // 256)
    db_path.write_bytes(bytes(data))
    before = db_path.read_bytes()  # read with Python I/O only while nothing has it open

    quick = open_database(db_path, defer_deep_check=True)  # cheap checks pass
    from eunato_desk.ui.main_window import MainWindow

    window = MainWindow(quick, deep_check=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.safety.deep_problem is not None, timeout=15000)
    assert "damaged" in window.safety.deep_problem.message
    assert window.safety.deep_problem.backup is not None
    failures = []
    window.executor.submit(
        lambda d, _c: _log(d, "Must not be written"), None, failures.append, writes=True
    )
    qtbot.waitUntil(lambda: bool(failures), timeout=15000)
    assert "damaged" in str(failures[0])
    window.safety.deep_box.close()
    window.executor.wait_idle()
    quick.dispose()
    assert db_path.read_bytes() == before, "nothing was written to the damaged file"
