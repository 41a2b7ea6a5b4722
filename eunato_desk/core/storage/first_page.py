"""The interaction list's first page, read with ``sqlite3`` while the application starts.

The window shows the newest interactions before SQLAlchemy, the models and the rest of the
application are imported and the database is opened for use (``opening.open_database``):
``read_first_page`` runs the same statements as the list (``projection_sql``) over a plain
connection. It reads only a file that a full open would read as it is, and answers None for
anything else (absent, blank, not ours or damaged at first sight, another schema revision,
an unfinished write or a leftover -wal after a crash): the full open then decides, and says
why, before anything is shown. It never writes, and it is done before the full open starts
(the caller runs both on the same thread), so no Python I/O on the file ever overlaps a
connection (``storage.raw``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from eunato_desk.core.projection_sql import list_rows, sqlite_run
from eunato_desk.core.rows import InteractionRow
from eunato_desk.core.storage.dbfile import examine
from eunato_desk.core.storage.raw import BUSY_TIMEOUT_MS, connect_raw
from eunato_desk.core.storage.revisions import head_revision, known_revisions

# The list's default order (``listing.order_terms("date")``): newest first, along the index
# of live interactions. A test holds it to the ids the list itself reads.
FIRST_IDS = (
    "SELECT id FROM interaction WHERE deleted_at IS NULL "
    "ORDER BY start_date DESC, start_time DESC, id DESC LIMIT ?"
)


def read_first_page(path: Path, limit: int = 200) -> list[InteractionRow] | None:
    """The first ``limit`` rows of the interaction list (live interactions, newest first) of
    the database file ``path`` (an already resolved path), or None when the file is not one
    to read before a full open."""
    facts = examine(path, check=None, known=frozenset(known_revisions()))
    if facts.kind != "ours" or facts.revision != head_revision():
        return None
    if facts.leftover_wal or facts.hot_journal:
        return None  # after a crash: the full open and its checks come first
    try:
        with connect_raw(path, timeout=BUSY_TIMEOUT_MS / 1000) as conn:
            ids = [row[0] for row in conn.execute(FIRST_IDS, (limit,))]
            found = list_rows(sqlite_run(conn), ids)
    except sqlite3.Error:
        return None  # the full open reads the file again and says what is wrong
    return [found[i] for i in ids if i in found]
