"""The progress-report draft: preview in the app, then saved as ODT/PDF/HTML."""

from __future__ import annotations

import os
import sqlite3
import zipfile

import pytest
from PySide6.QtWidgets import QFileDialog

from eunato_desk.core.demo import generate_demo_data


@pytest.mark.parametrize("suffix", ["odt", "pdf"])
def test_report_preview_and_save(db, window, settle, monkeypatch, tmp_path, suffix, screenshot_dir):
    generate_demo_data(db, 300, seed=9)
    dialog = window.open_report()
    settle(window)
    assert dialog.report is not None
    text = dialog.preview.toPlainText()
    for area in dialog.report.areas:
        assert area.area.name in text or area.area.label in text
    dialog.grab().save(str(screenshot_dir / "report-preview.png"))
    target = tmp_path / f"draft.{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.save_as()
    settle(window)
    assert dialog.written == target and target.exists()
    if suffix == "pdf":
        assert target.read_bytes().startswith(b"%PDF-")
    else:
        with zipfile.ZipFile(target) as z:
            assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    assert dialog.message.text() == f"Saved to {target}"


def test_report_save_refuses_the_database_and_sqlite_files(
    db, db_path, window, settle, monkeypatch, tmp_path
):
    generate_demo_data(db, 50, seed=2)
    dialog = window.open_report()
    settle(window)
    other = tmp_path / "old-copy.odt"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.close()
    other_bytes = other.read_bytes()
    st = os.stat(db_path)  # the database is open here: look at it without reading it
    for target, reason in (
        (db_path, "is the database itself"),
        (tmp_path / f"{db_path.name}.lock", "belongs to the database (its lock file"),
        (other, "is an SQLite database, never replaced"),
    ):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t), ""))
        dialog.save_as()
        settle(window)
        assert dialog.message.text().startswith(f"File: {target} "), dialog.message.text()
        assert reason in dialog.message.text()
        assert dialog.written is None
    assert (os.stat(db_path).st_size, os.stat(db_path).st_mtime_ns) == (
        st.st_size,
        st.st_mtime_ns,
    )
    assert other.read_bytes() == other_bytes
    assert not (tmp_path / f"{db_path.name}.lock").exists()

    target = tmp_path / "draft.html"
    target.write_text("an older draft", encoding="utf-8")  # the file dialog asked to replace it
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.save_as()
    settle(window)
    assert dialog.written == target
    assert target.read_bytes().startswith(b"<!DOCTYPE html>")
