"""Waiting on the GUI thread for work done elsewhere, with the window still painting: a local
event loop runs until the work hands over its outcome (the start-up's first page and open,
a team database's open)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop


def wait_for(start: Callable[[Callable[[Any], None]], None]) -> Any:
    """``start(done)`` begins the work, which calls ``done(outcome)`` on the GUI thread when
    it is over (at once or later); the outcome, once it has come."""
    loop = QEventLoop()
    outcome: list[Any] = []

    def done(value: Any) -> None:
        outcome.append(value)
        loop.quit()

    start(done)
    if not outcome:
        loop.exec()
    return outcome[0]
