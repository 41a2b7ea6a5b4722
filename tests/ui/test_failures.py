"""One failure handler for every operation: cancelled (said where the screen wants, or
nothing), the core's own sentence, or anything unexpected with its details; never swallowed."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from eunato_desk.core.errors import DeskError, OperationCancelled
from eunato_desk.ui.failures import on_failure, say_in
from eunato_desk.ui.ops import Op


def shown(parent: QWidget) -> list[QMessageBox]:
    return [b for b in parent.findChildren(QMessageBox) if b.isVisible()]


def test_cancelled_expected_and_unexpected(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    said: list[str] = []
    handle = on_failure(
        parent, "The export failed", cancelled=lambda: said.append("cancelled"),
        expected=say_in(said.append), always=lambda: said.append("always"),
    )  # fmt: skip
    handle(OperationCancelled("stopped"))
    handle(DeskError("File: the folder does not exist."))
    assert said == ["always", "cancelled", "always", "File: the folder does not exist."]
    assert shown(parent) == []

    error = RuntimeError("a bug")
    error.details = "Traceback: the details"  # type: ignore[attr-defined]
    handle(error)
    (box,) = shown(parent)
    assert box.windowTitle() == "The export failed"
    assert box.text() == "Something went wrong: a bug"
    assert box.detailedText() == "Traceback: the details"
    box.close()

    on_failure(parent, "Nothing saved")(DeskError("date: not a date."))
    (box,) = shown(parent)  # no place given for the core's sentence: a dialog
    assert box.text() == "date: not a date."
    box.close()


def test_an_op_without_its_own_handler_shows_the_failure(window, settle):
    def broken(_db, _c):  # type: ignore[no-untyped-def]
        raise ValueError("unforeseen")

    Op(window, window.executor, broken, writes=False).run()
    settle(window)
    (box,) = shown(window)
    assert box.text() == "Something went wrong: unforeseen"
    assert "ValueError: unforeseen" in box.detailedText()
    box.close()
