"""File > Export quarter writes the file the CLI would; the import dialog previews counts and
rejected rows, imports, and Edit > Undo import reverts it."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QDialog

from eunato_desk.core.demo import generate_demo_data


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    generate_demo_data(db, 300, seed=4)
    return db


@pytest.mark.parametrize("flavor", ["excel", "plain"])
def test_export_dialog_writes_the_file_the_cli_would(
    demo, window, settle, run_cli, db_path, tmp_path, qtbot, flavor
):
    bar = window.interactions_view.filter_bar
    bar.period.setCurrentIndex(bar.period.findData("2018Q2"))
    settle(window)
    dialog = window.transfer.export_quarter()
    assert dialog.period.currentData() == "2018Q2"  # pre-selected from the current filter
    gui_file = tmp_path / f"gui-{flavor}.csv"
    dialog.path.setText(str(gui_file))
    dialog.flavor.setCurrentIndex(dialog.flavor.findData(flavor))
    dialog.layout_combo.setCurrentIndex(dialog.layout_combo.findData("links"))
    with qtbot.waitSignal(dialog.finished, timeout=15000):
        dialog.export()
    settle(window)
    assert dialog.result is not None and "Exported" in window.statusBar().currentMessage()
    cli_file = tmp_path / f"cli-{flavor}.csv"
    result = run_cli("--db", db_path, "export", "--quarter", "2018Q2", "--layout", "links",
                     "--flavor", flavor, "-o", cli_file)  # fmt: skip
    assert result.code == 0, result
    assert gui_file.read_bytes() == cli_file.read_bytes()
    assert gui_file.read_bytes().startswith(b"\xef\xbb\xbf") == (flavor == "excel")


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
    assert window.undo_import_action.isEnabled()
    window.undo_import_action.trigger()
    settle(window)
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT count(*) FROM interaction").fetchone()[0] == 0
    con.close()
    assert not window.undo_import_action.isEnabled()
