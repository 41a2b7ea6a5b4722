"""Help > Keyboard shortcuts (F1), written from the application itself: every menu command
that has a shortcut (its keys and its status tip, or its text), then the keys that are not
menu commands (``keys.KEYS``). The README's table is checked against the same rows."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

from eunato_desk.ui.keys import KEYS

WHERE = "where"  # QAction property: where its shortcut works ("in the list")
GROUP = "group"  # QAction property: actions shown as one row ("Ctrl+1 … Ctrl+5")


NAMES = {"Return": "Enter", "Del": "Delete"}  # as the keys are labelled and said


def keys_of(action: QAction) -> str:
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
    keys = "+".join(NAMES.get(part, part) for part in keys.split("+"))
    where = action.property(WHERE)
    return f"{keys} ({where})" if where else keys


def what_of(action: QAction) -> str:
    return action.statusTip() or action.text().replace("&", "").rstrip("…")


def menu_rows(window: QMainWindow) -> list[tuple[str, str]]:
    """(keys, what) of each menu command with a shortcut, in menu order; a group of commands
    (the views) as one row."""
    rows: list[tuple[str, str]] = []
    groups: dict[str, int] = {}
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions() if menu is not None else ():
            if action.isSeparator() or action.shortcut().isEmpty():
                continue
            group = action.property(GROUP)
            if group and group in groups:
                keys, what = rows[groups[group]]
                first = keys.split(" … ")[0]
                rows[groups[group]] = (
                    f"{first} … {keys_of(action)}",
                    f"{what} / {what_of(action)}",
                )
                continue
            if group:
                groups[group] = len(rows)
            rows.append((keys_of(action), what_of(action)))
    return rows


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str]]:
    """Every shortcut of the application: the menu commands, then the other keys."""
    return menu_rows(window) + [(k.keys, k.what) for k in KEYS]


def show_shortcuts(window: QMainWindow) -> QMessageBox:
    rows = "".join(
        f"<tr><td style='padding-right:16px'><b>{escape(keys)}</b></td><td>{escape(what)}</td></tr>"
        for keys, what in shortcut_rows(window)
    )
    box = QMessageBox(window)
    box.setWindowTitle("Keyboard shortcuts")
    # Wide enough for most rows to take one line: the list stays shorter than a laptop screen.
    box.setStyleSheet("QLabel { min-width: 860px; }")
    box.setText(f"<table>{rows}</table>")
    box.open()
    return box
