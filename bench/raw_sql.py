"""Hand-written sqlite3 baselines: the same rows as the app's, by plain SQL on a plain
``sqlite3`` connection (no SQLAlchemy, no dataclasses)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

# One list row (what ``listing.rows_for_ids`` returns as an InteractionRow): actions by number,
# distinct area codes, country names, organisation acronym-or-name, each sorted.
ROW_COLUMNS = """
  i.id, i.uuid, i.title, i.start_date, t.name, i.status,
  (SELECT group_concat(n, ',') FROM (
     SELECT a.number AS n FROM interaction_action ia JOIN action a ON a.id = ia.action_id
     WHERE ia.interaction_id = i.id AND a.number IS NOT NULL ORDER BY a.number)),
  (SELECT group_concat(c, ',') FROM (
     SELECT DISTINCT ar.code AS c FROM interaction_action ia JOIN action a ON a.id = ia.action_id
     JOIN area ar ON ar.id = a.area_id WHERE ia.interaction_id = i.id ORDER BY ar.code)),
  (SELECT group_concat(n, '|') FROM (
     SELECT c.name AS n FROM interaction_country ic JOIN country c ON c.id = ic.country_id
     WHERE ic.interaction_id = i.id ORDER BY c.name)),
  (SELECT group_concat(n, '|') FROM (
     SELECT coalesce(nullif(o.acronym, ''), o.name) AS n FROM interaction_organisation io
     JOIN organisation o ON o.id = io.organisation_id
     WHERE io.interaction_id = i.id ORDER BY n))
"""
FROM = "FROM interaction i JOIN interaction_type t ON t.id = i.type_id"
NEWEST = "ORDER BY i.start_date DESC, i.start_time DESC, i.id DESC"
OLDEST = "ORDER BY i.start_date, i.start_time, i.id"
LIVE = "i.deleted_at IS NULL"
SNIPPET = "snippet(interaction_fts, -1, char(2), char(3), '…', 12)"

FIRST_PAGE = f"SELECT {ROW_COLUMNS} {FROM} WHERE {LIVE} {NEWEST} LIMIT ?"
ALL_IDS = f"SELECT i.id FROM interaction i WHERE {LIVE} {NEWEST}"
LIVE_COUNT = "SELECT count(*) FROM interaction WHERE deleted_at IS NULL"
QUARTER_IDS = (
    f"SELECT i.id FROM interaction i WHERE {LIVE} AND i.start_date BETWEEN ? AND ? {NEWEST}"
)
QUARTER_ROWS = f"SELECT {ROW_COLUMNS} {FROM} WHERE {LIVE} AND i.start_date BETWEEN ? AND ? {OLDEST}"
SEARCH_RANKED = (
    f"SELECT {ROW_COLUMNS}, {SNIPPET} FROM interaction_fts "
    "JOIN interaction i ON i.id = interaction_fts.rowid "
    "JOIN interaction_type t ON t.id = i.type_id "
    f"WHERE interaction_fts MATCH ? AND {LIVE} ORDER BY interaction_fts.rank LIMIT ?"
)
SEARCH_NEWEST = (
    f"SELECT {ROW_COLUMNS}, {SNIPPET} FROM interaction_fts "
    "JOIN interaction i ON i.id = interaction_fts.rowid "
    "JOIN interaction_type t ON t.id = i.type_id "
    f"WHERE interaction_fts MATCH ? AND {LIVE} {NEWEST} LIMIT ?"
)


def connect(path: Path) -> sqlite3.Connection:
    """A read connection, as a hand-written tool would open it."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def rows_by_ids(conn: sqlite3.Connection, ids: Sequence[int]) -> list[tuple]:
    """Rows for a page of ids, in the given order."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    found = {
        r[0]: r
        for r in conn.execute(f"SELECT {ROW_COLUMNS} {FROM} WHERE i.id IN ({marks})", list(ids))
    }
    return [found[i] for i in ids if i in found]


def row_key(row: object) -> tuple:
    """An InteractionRow in the shape of a raw row, to check both sides return the same."""
    return (
        row.id,  # type: ignore[attr-defined]
        row.uuid,  # type: ignore[attr-defined]
        row.title,  # type: ignore[attr-defined]
        row.date.isoformat(),  # type: ignore[attr-defined]
        row.type,  # type: ignore[attr-defined]
        row.status,  # type: ignore[attr-defined]
        ",".join(map(str, row.actions)) or None,  # type: ignore[attr-defined]
        ",".join(map(str, row.areas)) or None,  # type: ignore[attr-defined]
        "|".join(row.countries) or None,  # type: ignore[attr-defined]
        "|".join(row.organisations) or None,  # type: ignore[attr-defined]
    )
