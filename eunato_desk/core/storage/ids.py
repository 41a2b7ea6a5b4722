"""New integer ids for bulk inserts that name their rows' ids themselves (demo data writes an
interaction and its lists in one ``executemany`` each, so it needs the ids before it writes).

The one dialect-specific piece: on a file the writer holds the only write lock (``BEGIN
IMMEDIATE``), so the ids after the highest one are free; on a server other officers save at
the same time, so the ids come from the table's own sequence (``nextval``: never given twice,
whatever else commits meanwhile), which the server's own inserts then continue after.
"""

from __future__ import annotations

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session


def new_ids(session: Session, table: Table, count: int) -> list[int]:
    """``count`` ids for new rows of ``table`` (its integer ``id`` column), in ascending
    order, that no other row has or will be given."""
    if count <= 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence(:t, 'id')) "
                "FROM generate_series(1, :n) ORDER BY 1"
            ),
            {"t": table.name, "n": count},
        )
        return [int(r[0]) for r in rows]
    first = session.scalar(select(func.coalesce(func.max(table.c.id), 0))) + 1
    return list(range(first, first + count))


__all__ = ["new_ids"]
