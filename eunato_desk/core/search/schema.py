"""The full-text index's schema objects, which live outside the SQLAlchemy models.

Revision 0004 creates an FTS5 virtual table (``interaction_fts``), the shadow tables SQLite
keeps for it (``interaction_fts_data``, ``_idx``, ``_docsize``, ``_config``), the view that is
its content (``interaction_fts_source``) and the triggers that keep it in step. None of them is
in ``Base.metadata``: Alembic's autogenerate and ``compare_metadata`` must skip them
(``include_object``), and schema checks listing tables must not count them
(``is_search_table``). Also: ``search_index_ok`` (FTS5's own integrity check of the index
against its content), ``rebuild_search_index`` and ``search_index_paused`` for bulk loaders.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.exc import DatabaseError as SqlDatabaseError
from sqlalchemy.orm import Session

from eunato_desk.core.errors import DatabaseError

FTS_TABLE = "interaction_fts"
FTS_VIEW = "interaction_fts_source"
SHADOW_SUFFIXES = ("_data", "_idx", "_docsize", "_config", "_content")
FTS_COLUMNS = "title, summary, outcome, location, tags, notes, organisations, countries"
TRIGGER_PATTERN = "%\\_fts\\_%"  # every index trigger is named <table>_fts_<when><event>
SQLITE_CORRUPT = 11  # primary result code; FTS5 reports a drifted index as CORRUPT_VTAB


def is_search_table(name: str) -> bool:
    """True for the index's virtual table, its shadow tables and its content view."""
    return name in (FTS_TABLE, FTS_VIEW) or any(
        name == FTS_TABLE + suffix for suffix in SHADOW_SUFFIXES
    )


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic ``include_object`` hook: leave the full-text index out of autogenerate."""
    return not (type_ == "table" and name is not None and is_search_table(name))


def search_index_ok(session: Session) -> bool:
    """FTS5's integrity check, comparing the index with its content (every interaction's
    words as the view shows them now). False when the index has drifted. FTS5 runs it as
    an INSERT, so call it within a write transaction."""
    try:
        session.execute(
            text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
        )
    except (SqlDatabaseError, DatabaseError) as exc:
        original = getattr(exc, "orig", None) or exc.__cause__
        code = getattr(original, "sqlite_errorcode", 0) or 0
        if isinstance(original, sqlite3.DatabaseError) and code & 0xFF == SQLITE_CORRUPT:
            return False
        raise
    return True


def rebuild_search_index(session: Session) -> None:
    """Index every interaction again from scratch (within the caller's write transaction)."""
    session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))


@contextmanager
def search_index_paused(session: Session) -> Iterator[None]:
    """For bulk loaders that only *add* interactions (demo data, say): inside the caller's
    write transaction, the index triggers are dropped, and on leaving, put back and the new
    interactions (ids above the largest before) indexed in one statement. Several times
    faster than the triggers, which re-index an interaction for each organisation and
    country row written. Edits to existing interactions made meanwhile would not be indexed.
    On an error the caller's rollback puts the triggers back (SQLite DDL is transactional).
    On a database without the index (a schema before revision 0004) it does nothing, and
    on a server (its index is a generated column, kept by PostgreSQL itself)."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    has_index = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": FTS_TABLE}
    ).first()
    if has_index is None:
        yield
        return
    triggers = session.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE :p "
             "ESCAPE '\\'"),
        {"p": TRIGGER_PATTERN},
    ).all()  # fmt: skip
    before = session.execute(text("SELECT coalesce(max(id), 0) FROM interaction")).scalar_one()
    for name, _sql in triggers:
        session.execute(text(f'DROP TRIGGER "{name}"'))
    yield
    for _name, sql in triggers:
        session.execute(text(sql))
    session.execute(
        text(
            f"INSERT INTO {FTS_TABLE}(rowid, {FTS_COLUMNS}) "
            f"SELECT id, {FTS_COLUMNS} FROM {FTS_VIEW} WHERE id > :before"
        ),
        {"before": before},
    )
