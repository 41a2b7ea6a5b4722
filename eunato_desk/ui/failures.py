"""The one way a failed operation is shown to the person.

Three cases, always in this order: cancelled by the person (nothing was changed: said where
the screen wants it, or nothing), a ``DeskError`` (the core's own sentence: in a dialog, or
where the screen wants it, e.g. under a field), anything unexpected (a dialog with the
details, so nothing is ever swallowed).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from eunato_desk.core.errors import DeskError, OperationCancelled

Failure = Callable[[BaseException], None]


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> QMessageBox:
    """The core's message as it is; anything unexpected with its details."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    if isinstance(exc, DeskError):
        box.setText(exc.message)
    else:
        box.setText(f"Something went wrong: {exc}")
        box.setDetailedText(getattr(exc, "details", ""))
    box.open()
    return box


def on_failure(
    parent: QWidget | None,
    title: str,
    *,
    cancelled: Callable[[], None] | None = None,
    expected: Callable[[DeskError], None] | None = None,
    always: Callable[[], None] | None = None,
) -> Failure:
    """A failure callback for an ``Op``: ``always`` first (e.g. enable a button again), then
    ``cancelled()`` for a cancelled operation (default: nothing), ``expected(exc)`` for a
    ``DeskError`` (default: a dialog titled ``title``), a dialog with details otherwise."""

    def handle(exc: BaseException) -> None:
        if always is not None:
            always()
        if isinstance(exc, OperationCancelled):
            if cancelled is not None:
                cancelled()
        elif isinstance(exc, DeskError) and expected is not None:
            expected(exc)
        else:
            show_error(parent, title, exc)

    return handle


def say_in(show: Callable[[str], None]) -> Callable[[DeskError], None]:
    """``expected=say_in(label.setText)``: the core's sentence, where the screen shows text."""
    return lambda exc: show(exc.message)
