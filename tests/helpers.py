"""Helpers the test modules share (importable as ``tests.helpers``: pytest puts the repository
root on sys.path, see ``pythonpath`` in pyproject.toml)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from eunato_desk.core import interactions
from eunato_desk.core.records import InteractionInput, LinkInput


def query(path: Path, sql: str, *params: object) -> list[tuple]:
    """Rows of one SQL statement, read with a plain sqlite3 connection of its own."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def log(  # type: ignore[no-untyped-def]
    db,
    title: str,
    day: dt.date,
    numbers=(),
    status: str = "held",
    *,
    type: str = "Workshop",
    notes: dict[int, str] | None = None,
    officer: str = "",
    **fields,
) -> str:
    """Log one interaction linked to the action ``numbers`` (with ``notes`` by number);
    returns its UUID."""
    notes = notes or {}
    data = InteractionInput(
        title=title,
        type=type,
        start_date=day,
        status=status,
        links=tuple(LinkInput(n, notes.get(n, "")) for n in numbers),
        **fields,
    )
    return interactions.create_interaction(db, data, officer=officer).uuid
