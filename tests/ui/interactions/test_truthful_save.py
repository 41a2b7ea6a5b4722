"""The editor after a database error: one message, and a true one."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

from PySide6.QtWidgets import QApplication, QMessageBox

from eunato_desk.core.errors import UNCERTAIN, DatabaseError
from eunato_desk.core.storage.db import Database

IO_ERROR = "desk.sqlite3: the disk reported an error (disk I/O error)." + UNCERTAIN


def visible_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)
            and w.isVisible()]  # fmt: skip


def fill(editor) -> None:  # type: ignore[no-untyped-def]
    editor.title.setText("Cross-briefing on PACE18")
    editor.type.setCurrentText("Cross-briefing")
    editor.date.setText("2018-05-03")


def test_a_save_the_disk_complained_about_after_committing(
    window, settle, db_path, monkeypatch, qtbot
):
    real = Database.write

    @contextmanager
    def write(self):  # type: ignore[no-untyped-def]
        with real(self) as session:
            yield session
        raise DatabaseError(IO_ERROR)

    monkeypatch.setattr(Database, "write", write)
    editor = window.interactions.new_interaction()
    fill(editor)
    editor.save()
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    settle(window)
    boxes = visible_boxes()
    assert [b.windowTitle() for b in boxes] == ["Saved, with a disk warning"]
    assert "read back from the database and is complete" in boxes[0].text()
    assert "Nothing was saved" not in boxes[0].text()
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT title FROM interaction").fetchall() == [
        ("Cross-briefing on PACE18",)
    ]
    conn.close()
    for box in boxes:
        box.close()


def test_a_save_that_did_not_reach_the_database_keeps_the_form(
    window, settle, db_path, monkeypatch, qtbot
):
    real = Database.write

    @contextmanager
    def write(self):  # type: ignore[no-untyped-def]
        raise DatabaseError(IO_ERROR)
        yield

    monkeypatch.setattr(Database, "write", write)
    editor = window.interactions.new_interaction()
    fill(editor)
    editor.save()
    settle(window)
    assert window.interactions.editor is editor and editor.isVisible()
    assert editor.title.text() == "Cross-briefing on PACE18"
    shown = editor.banner.text()
    assert "The database was read again: nothing was saved." in shown
    assert "may not have been saved" not in shown
    assert visible_boxes() == []
    monkeypatch.setattr(Database, "write", real)
    editor.save()  # the same form saves once the disk is well again
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM interaction").fetchone()[0] == 1
    conn.close()
