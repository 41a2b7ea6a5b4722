"""One question before a command that cannot be taken back (or that adds a lot)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

Button = QMessageBox.StandardButton


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    yes: Button = Button.Yes,
    default_yes: bool = False,
    warning: bool = False,
) -> bool:
    """Ask; True only if the person chose ``yes`` (the other button is Cancel, the default
    unless ``default_yes``)."""
    ask = QMessageBox.warning if warning else QMessageBox.question
    default = yes if default_yes else Button.Cancel
    return ask(parent, title, text, yes | Button.Cancel, default) == yes
