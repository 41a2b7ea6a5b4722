"""The command line's `list` and `export` of a date range, read straight from the file.

A filter of dates and a status on a database file (`list --quarter 2018Q2`, `export --from D
--to D --status held`) needs neither SQLAlchemy nor the models: the ids come from one
statement along the index of live interactions by date, the rows from the same statements
as the list's and the export's (``projection_sql``; ``export.export_file``), over a plain
read-only ``sqlite3`` connection (``opening.quick_read``: the cheap checks, no
``quick_check``, one read snapshot, never a write). So the whole process costs little more
than the query. Any other filter (words, an action, a country...), a server, or a file that
must be upgraded first goes through the core as everywhere (``listing``, ``export_csv``);
both give the same rows, the same bytes (a test holds them equal).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.projection_sql import LISTS, PAGE, Run, list_rows, sqlite_run
from eunato_desk.core.rows import InteractionFilter, InteractionRow
from eunato_desk.core.storage.address import Address
from eunato_desk.core.storage.opening import open_database, quick_read
from eunato_desk.core.vocab import INTERACTION_STATUSES

# The interaction list as text, what `list --format csv|table` prints: the columns, and for a
# page of ids the same cells in one statement (each list joined by '; ' in its order, as
# ``list_cells`` joins an ``InteractionRow``'s).
LIST_COLUMNS = ("uuid", "date", "type", "title", "status", "actions", "countries", "organisations")
LIST_CELLS = (
    "SELECT i.id, i.uuid, i.start_date, t.name, i.title, i.status, "
    f"{LISTS['links'].cell('a.number', ' AND a.number IS NOT NULL')}, "
    f"{LISTS['countries'].cell()}, {LISTS['organisations'].cell()} "
    "FROM interaction i JOIN interaction_type t ON t.id = i.type_id WHERE i.id IN :ids"
)
# The filter fields this module serves; any other field set sends the read to the core.
SERVED = frozenset({"date_from", "date_to", "status"})
_ANY = InteractionFilter()


def served(flt: InteractionFilter) -> bool:
    """Whether ``flt`` sets only dates and a status (live interactions only)."""
    return all(
        getattr(flt, name) == getattr(_ANY, name)
        for name in InteractionFilter.__dataclass_fields__
        if name not in SERVED
    )


def ids_of(conn: sqlite3.Connection, flt: InteractionFilter) -> list[int]:
    """The ids of the live interactions of ``flt`` (dates inclusive) in the list's date order,
    oldest first (``listing.ids_query(sort="date", descending=False)``): start date, start
    time, then creation order."""
    if flt.date_from and flt.date_to and flt.date_to < flt.date_from:
        raise ValidationError("to", "the end of the range is before its start.")
    if flt.status is not None and flt.status not in INTERACTION_STATUSES:
        raise ValidationError(
            "status", f"'{flt.status}' is not one of {', '.join(INTERACTION_STATUSES)}."
        )
    where, params = ["deleted_at IS NULL"], []
    for clause, value in (
        ("start_date >= ?", flt.date_from and flt.date_from.isoformat()),
        ("start_date <= ?", flt.date_to and flt.date_to.isoformat()),
        ("status = ?", flt.status),
    ):
        if value:
            where.append(clause)
            params.append(value)
    sql = (
        f"SELECT id FROM interaction WHERE {' AND '.join(where)} "
        "ORDER BY start_date, start_time, id"
    )
    return [row[0] for row in conn.execute(sql, params)]


@dataclass(frozen=True)
class Reader:
    """How an export runs its statements: ``page`` over a page of interaction ids (``:ids``
    stands for their list; ``projection_sql.Run``), ``rows`` with no parameters. Both give
    the rows as the driver does, values as stored."""

    page: Run
    rows: Callable[[str], list[tuple]]


def sqlite_reader(conn: sqlite3.Connection) -> Reader:
    """The statements of ``projection_sql`` run on a plain connection."""
    return Reader(page=sqlite_run(conn), rows=lambda sql: conn.execute(sql).fetchall())


def interaction_rows(address: Address, flt: InteractionFilter) -> list[InteractionRow]:
    """Every row of the interaction list for ``flt``, oldest first, from one read snapshot
    (what `eunato-desk list` prints)."""
    if isinstance(address, Path) and served(flt):
        with quick_read(address) as conn:
            if conn is not None:
                ids = ids_of(conn, flt)
                run = sqlite_reader(conn).page
                rows: list[InteractionRow] = []
                for start in range(0, len(ids), PAGE):
                    found = list_rows(run, ids[start : start + PAGE])
                    rows += [found[iid] for iid in ids[start : start + PAGE]]
                return rows
    # The core's list: SQLAlchemy, loaded only for what the statements above do not serve.
    from eunato_desk.core.listing import list_interactions

    with open_database(address, reading=True) as db:
        return list_interactions(db, flt)


def row_cells(row: InteractionRow) -> list[str]:
    """An interaction list row as the text of ``LIST_COLUMNS``."""
    return [
        row.uuid, row.date.isoformat(), row.type, row.title, row.status,
        "; ".join(map(str, row.actions)), "; ".join(row.countries),
        "; ".join(row.organisations),
    ]  # fmt: skip


def list_cells(address: Address, flt: InteractionFilter) -> list[list[str]]:
    """``interaction_rows`` as the text of ``LIST_COLUMNS`` (``row_cells``); dates and a
    status on a file in one statement per page (``LIST_CELLS``), with no row object each."""
    if isinstance(address, Path) and served(flt):
        with quick_read(address) as conn:
            if conn is not None:
                ids = ids_of(conn, flt)
                run = sqlite_reader(conn).page
                cells: list[list[str]] = []
                for start in range(0, len(ids), PAGE):
                    page = ids[start : start + PAGE]
                    found = {row[0]: row[1:] for row in run(LIST_CELLS, page)}
                    cells += [[v or "" for v in found[iid]] for iid in page]
                return cells
    return [row_cells(row) for row in interaction_rows(address, flt)]
