"""Keyboard habits shared by the editor's fields: Enter moves on, Tab skips empty lists."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QWidget


def focus_after(widget: QWidget) -> None:
    """Give the focus to the widget the Tab key reaches after ``widget``."""
    nxt = widget.nextInFocusChain()
    while nxt is not None and nxt is not widget:
        if (
            nxt.focusPolicy() & Qt.FocusPolicy.TabFocus
            and nxt.focusProxy() is None
            and nxt.isVisible()
            and nxt.isEnabled()
            and nxt.window() is widget.window()
        ):
            nxt.setFocus(Qt.FocusReason.TabFocusReason)
            return
        nxt = nxt.nextInFocusChain()


def tab_stop_when_filled(view: QAbstractItemView, filled: bool) -> None:
    """An empty list or table is skipped by Tab (there is nothing to select in it)."""
    view.setFocusPolicy(Qt.FocusPolicy.StrongFocus if filled else Qt.FocusPolicy.ClickFocus)


class EnterInput(QLineEdit):
    """A line edit whose Enter never reaches the dialog (it adds to the list instead)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


def message_label(parent: QWidget) -> QLabel:
    """A hidden line for a message about a field (red, by the editor's style sheet)."""
    label = QLabel(parent)
    label.setObjectName("fieldMessage")
    label.setWordWrap(True)
    label.hide()
    return label


def capitalised(reason: str) -> str:
    return reason[:1].upper() + reason[1:]
