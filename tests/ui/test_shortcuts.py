"""Help > Keyboard shortcuts is written from the application's own commands and key table, and
the README lists exactly the same keys."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from eunato_desk.ui.keys import KEYS
from eunato_desk.ui.shortcuts import shortcut_rows

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_keys() -> list[str]:
    """The first cell of each row of the table under "## Keyboard shortcuts"."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Keyboard shortcuts\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    cells = [row.strip("|").split("|")[0].strip().replace("**", "") for row in rows[2:]]
    return [re.sub(r"\s+", " ", cell) for cell in cells]


def test_the_readme_lists_exactly_the_keys_of_the_application(window):
    app_keys = [keys for keys, _what in shortcut_rows(window)]
    assert len(app_keys) == len(set(app_keys)), "a key listed twice"
    documented = readme_keys()
    assert len(documented) == len(set(documented)), "a key listed twice in the README"
    assert sorted(documented) == sorted(app_keys)


def test_the_list_is_the_menus_shortcuts_then_the_other_keys(window):
    rows = dict(shortcut_rows(window))
    menus = window.menus
    # each menu command with a shortcut, as its QAction says it
    assert rows["Ctrl+N"] == menus.new_action.statusTip()
    assert rows["Enter (in the list)"] == "Open the selected interaction"
    assert rows["Delete (in the list)"].startswith("Move the selected interactions to the Trash")
    assert rows["Ctrl+1 … Ctrl+6"] == (
        "Interactions / Actions / Follow-ups / Dashboard / Trash / Reference data"
    )
    # a key that works in one view says where
    assert rows["F2 (in Reference data)"] == menus.reference_rename_action.statusTip()
    # a changed shortcut changes the list: there is no second copy to forget
    menus.report_action.setShortcut("Ctrl+Shift+R")
    assert "Ctrl+Shift+R" in dict(shortcut_rows(window)) and "Ctrl+R" not in dict(
        shortcut_rows(window)
    )
    # the keys that are not menu commands come from one table
    assert [k for k, _w in shortcut_rows(window)][-len(KEYS) :] == [k.keys for k in KEYS]


def test_f1_shows_the_list(window, keyboard, qtbot, screenshot_dir):
    keyboard.focus_on(window.interactions_view.table)
    keyboard.press(Qt.Key.Key_F1)

    def shown() -> list[QMessageBox]:
        return [
            b for b in window.findChildren(QMessageBox)
            if b.isVisible() and b.windowTitle() == "Keyboard shortcuts"
        ]  # fmt: skip

    qtbot.waitUntil(lambda: len(shown()) == 1)
    box = shown()[0]
    for keys, what in shortcut_rows(window):
        assert f"<b>{escape(keys)}</b>" in box.text()
        assert escape(what) in box.text()
    box.grab().save(str(screenshot_dir / "shortcuts.png"))
    box.close()
