"""The application's start-up path (``start_gui``): it asks before creating a database, shows
every failure in a dialog (never a silent exit or a bare traceback), and recovers a leftover
rollback journal exactly as the command line does."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from eunato_desk.ui import app as gui_app


@pytest.fixture
def started():  # type: ignore[no-untyped-def]
    finished = []
    yield finished
    for finish in finished:
        finish()


def test_a_missing_database_is_created_only_after_asking(
    tmp_path, no_blocking_message_boxes, monkeypatch, started, officer
):
    path = tmp_path / "new" / "desk.sqlite3"
    assert gui_app.start_gui(path) is None  # the question was answered Cancel
    assert ("question", f"EU-NATO Desk: create a new database?: There is no database at {path}.\n\n"
            "Create a new, empty one there?") in no_blocking_message_boxes  # fmt: skip
    assert not path.parent.exists()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    result = gui_app.start_gui(path)
    assert result is not None
    _app, window, finish = result
    started.append(finish)
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

    monkeypatch.setattr(gui_app, "open_or_offer_backup", broken)
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
    code = (
        "import os, signal, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('PRAGMA journal_mode=DELETE')\n"
        "conn.execute('PRAGMA cache_size=1')\n"
        "conn.execute('BEGIN')\n"
        "conn.execute(\"UPDATE interaction SET title = 'Half-written', summary = "
        'hex(randomblob(20000))")\n'
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], check=False, timeout=60)
    assert Path(f"{db}-journal").stat().st_size > 0

    result = gui_app.start_gui(db)
    assert result is not None
    _app, window, finish = result
    started.append(finish)
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
