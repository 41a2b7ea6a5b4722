"""File > Export quarter writes the file the CLI would; the import dialog previews counts and
rejected rows, imports, and Edit > Undo import reverts it."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.transfer.format import COLUMNS
from eunato_desk.ui.transfer.choices import list_separator


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    generate_demo_data(db, 300, seed=4)
    return db


@pytest.mark.parametrize(
    ("layout", "flavor", "separator", "given"),
    [
        ("links", "excel", ",", ","),
        ("links", "plain", ";", ";"),
        ("readable", "excel", ";", ";"),
        ("readable", "plain", "\t", "tab"),
        ("interactions", "excel", "\t", "tab"),
    ],
)
def test_export_dialog_writes_the_file_the_cli_would(
    demo, window, settle, run_cli, db_path, tmp_path, qtbot, layout, flavor, separator, given
):
    bar = window.interactions_view.filter_bar
    bar.period.set_key("2018Q2")
    settle(window)
    dialog = window.transfer.export_quarter()
    assert dialog.period.key() == "2018Q2"  # pre-selected from the current filter
    gui_file = tmp_path / f"gui-{flavor}.csv"
    dialog.path.setText(str(gui_file))
    dialog.flavor.setCurrentIndex(dialog.flavor.findData(flavor))
    dialog.layout_combo.setCurrentIndex(dialog.layout_combo.findData(layout))
    dialog.separator.setCurrentIndex(dialog.separator.findData(separator))
    with qtbot.waitSignal(dialog.finished, timeout=15000):
        dialog.export()
    settle(window)
    assert dialog.result is not None and "Exported" in window.statusBar().currentMessage()
    cli_file = tmp_path / f"cli-{flavor}.csv"
    result = run_cli("--db", db_path, "export", "--quarter", "2018Q2", "--layout", layout,
                     "--flavor", flavor, "--delimiter", given, "-o", cli_file)  # fmt: skip
    assert result.code == 0, result
    assert gui_file.read_bytes() == cli_file.read_bytes()
    assert gui_file.read_bytes().startswith(b"\xef\xbb\xbf") == (flavor == "excel")
    header = gui_file.read_bytes().decode("utf-8-sig").split("\r\n", 1)[0]
    assert header == separator.join(COLUMNS[layout])


def test_import_preview_shows_counts_and_rejected_rows_then_imports_and_undoes(
    window, settle, tmp_path, qtbot, db_path
):
    csv_file = tmp_path / "foreign.csv"
    csv_file.write_text(
        "Title;Date;Type;Action;Organisation\n"
        "Seminar on resilience;2018-04-03;Seminar;Action 6;EEAS\n"
        "Workshop with Tunisia;2018-05-10;Workshop;#43;NATO IS\n"
        "Bad row;2018-13-45;Workshop;43;EEAS\n"
        "Unknown action;2018-05-11;Workshop;999;EEAS\n",
        encoding="utf-8",
    )
    dialog = window.transfer.import_csv()
    dialog.path.setText(str(csv_file))
    dialog.run_preview()
    settle(window)
    qtbot.waitUntil(lambda: dialog.preview is not None)
    assert dialog.counts.text().startswith("2 to create, 0 to update, 0 unchanged, 2 rejected.")
    rejected = [
        (dialog.rejected.item(r, 0).text(), dialog.rejected.item(r, 1).text())
        for r in range(dialog.rejected.rowCount())
    ]
    assert [row for row, _col in rejected] == ["4", "5"]
    assert not dialog.import_button.isEnabled(), "all or nothing: rejected rows block the import"
    dialog.valid_only.setChecked(True)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.finished, timeout=15000) as blocker:
        dialog.run_import()
    assert blocker.args == [QDialog.DialogCode.Accepted.value]
    settle(window)
    con = sqlite3.connect(db_path)
    titles = sorted(r[0] for r in con.execute("SELECT title FROM interaction"))
    con.close()
    assert titles == ["Seminar on resilience", "Workshop with Tunisia"]
    assert window.menus.undo_import_action.isEnabled()
    window.menus.undo_import_action.trigger()
    settle(window)
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT count(*) FROM interaction").fetchone()[0] == 0
    con.close()
    assert not window.menus.undo_import_action.isEnabled()


def fingerprint(path: Path) -> tuple[int, int, int]:
    """Inode, size and modification time: the database is open in this process, so its bytes
    are not read here (closing a descriptor on it would drop SQLite's locks)."""
    st = os.stat(path)
    return st.st_ino, st.st_size, st.st_mtime_ns


def test_export_dialog_asks_before_replacing_a_typed_file(
    demo, window, settle, tmp_path, qtbot, monkeypatch, no_blocking_message_boxes
):
    target = tmp_path / "q2.csv"
    target.write_bytes(b"last quarter's file")
    dialog = window.transfer.export_quarter()
    dialog.path.setText(str(target))
    dialog.export()  # the question is answered Cancel (tests/ui/conftest.py)
    assert no_blocking_message_boxes == [
        ("question", f"Replace the file?: {target} already exists. Replace it with the export?")
    ]
    assert dialog.isVisible() and dialog.buttons.isEnabled()
    assert dialog.message.text() == "File: it already exists; choose another name."
    assert target.read_bytes() == b"last quarter's file"

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.finished, timeout=15000):
        dialog.export()
    settle(window)
    # the GUI's defaults: readable, this computer's list separator, Excel flavor
    sep = list_separator().encode()
    assert target.read_bytes().startswith(b"\xef\xbb\xbfDate" + sep + b"Type" + sep + b"Title")
    assert [p.name for p in tmp_path.glob(".*.part")] == []


def test_export_dialog_does_not_ask_twice_for_a_file_chosen_with_browse(
    demo, window, settle, tmp_path, qtbot, monkeypatch, no_blocking_message_boxes
):
    target = tmp_path / "chosen.csv"
    target.write_bytes(b"old")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog = window.transfer.export_quarter()
    dialog._browse()  # QFileDialog asked "replace?" itself before returning an existing file
    with qtbot.waitSignal(dialog.finished, timeout=15000):
        dialog.export()
    settle(window)
    assert no_blocking_message_boxes == []
    assert target.read_bytes().startswith(b"\xef\xbb\xbfDate")


def test_export_dialog_refuses_the_database_its_files_and_sqlite_files(
    demo, window, db_path, tmp_path, no_blocking_message_boxes
):
    other = tmp_path / "other.csv"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.close()
    other_bytes = other.read_bytes()
    before = fingerprint(db_path)
    dialog = window.transfer.export_quarter()
    for target, reason in (
        (db_path, "is the database itself; choose another file."),
        (Path(f"{db_path}-wal"), "belongs to the database (its write-ahead log"),
        (tmp_path / "backups" / "q.csv", "is in the database's backups folder"),
        (other, "is an SQLite database, never replaced; choose another file."),
    ):
        dialog.path.setText(str(target))
        dialog.export()
        assert dialog.message.text().startswith(f"File: {target} "), dialog.message.text()
        assert reason in dialog.message.text()
        assert dialog.isVisible() and dialog.buttons.isEnabled()
    assert no_blocking_message_boxes == []  # refused outright, nothing to confirm
    assert fingerprint(db_path) == before and other.read_bytes() == other_bytes
    assert not (tmp_path / "backups" / "q.csv").exists()


def test_dossier_save_refuses_the_database_and_replaces_a_confirmed_file(
    demo, window, settle, db_path, tmp_path, monkeypatch
):
    chosen: list[Path] = [db_path]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen[0]), ""))
    before = fingerprint(db_path)
    window.actions_controller.export_dossier(action_number=43)
    settle(window)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert [b.text() for b in boxes] == [
        f"File: {db_path} is the database itself; choose another file."
    ]
    assert fingerprint(db_path) == before
    boxes[0].close()

    chosen[0] = tmp_path / "dossier.html"
    chosen[0].write_text("yesterday", encoding="utf-8")  # the file dialog asked to replace it
    window.actions_controller.export_dossier(action_number=43)
    settle(window)
    assert chosen[0].read_bytes().startswith(b"<!DOCTYPE html>")
    assert "Dossier written to" in window.statusBar().currentMessage()
