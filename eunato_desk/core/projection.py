"""An interaction with its lists: the one place that reads interactions together with their
countries, organisations, participants, linked actions (with notes) and areas.

Every reader of "an interaction with its lists" goes through here: the interaction list and
search (``rows_for_ids``), an action's history (``page_lists``), CSV export (``text_cells``,
``link_notes``, ``page_lists``), import planning and undo (``records_by_uuid``,
``ids_for_uuids``), ``interactions.get_interaction`` (``records_by_uuid``) and the record a save
returns (``record_of``). Each list is defined once (``LISTS``: its tables, its items, their
order) and rendered two ways: as a query for a page of interactions, or as a text cell. Lists
are sorted the same way everywhere: links by action number (links to an action without a
number last), names in code-point order (SQLite's BINARY collation sorts them as Python does).

Which SQL style is used where, and why:

- **Driver-level SQL run through the engine** (``run_page``: ``Connection.exec_driver_sql`` on
  the session's connection) for every read here: fixed statements over a page of
  interactions (at most ``PAGE`` ids in one ``IN``), one query per list for that page,
  set-based, never a query per interaction. Nothing to compile or convert: rows come back as
  the driver gives them, values as stored (no ORM object per row; an export writes exactly
  what is stored, and a date that an outside tool wrote oddly cannot stop it). Going through
  the engine, not the raw ``sqlite3`` connection, matters: an SQLite error (disk full, busy,
  I/O error, damaged file) reaches the ``handle_error`` hook that ``open_database`` installs
  (``storage.sqlite_errors``) and becomes a DatabaseError with a sentence, as everywhere.
- **Lists as rows** (``page_lists``: one row per item, grouped in Python) where the items are
  needed one by one: the list page's action numbers and areas, an action history's countries
  and organisations, the records of import planning and ``get_interaction``, the CSV's
  ``links`` layout.
- **Lists as text cells** (``text_cells``: SQLite joins each list with ``group_concat`` in a
  correlated subquery) for the CSV export, the bulk path that must stay fast: one row per
  interaction and no Python per item.
- **ORM** only for the record a save returns (``record_of``): the save has just written and
  flushed those objects, so the record is built from them with no further query, by the same
  ``make_record`` that builds a record from a bulk row, so the two cannot drift apart.
- Elsewhere: filters, sorts and aggregates are Core ``select()`` statements in their modules
  (``listing``, ``search``, ``analysis``: composed at run time, every value a bound
  parameter, no dialect-specific SQL); the writes of an interaction are ORM
  (``interactions``: validation, relationships, the audit triggers see ordinary writes); the
  bulk inserts of demo data are driver-level ``executemany`` through the engine (no dict per
  row, errors still translated).

The dialect-specific pieces of this module are ``group_concat`` (PostgreSQL: ``string_agg``)
and the driver's placeholder (``run_page``: ``storage.sql.driver_sql``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from eunato_desk.core import models
from eunato_desk.core.projection_sql import (  # noqa: F401  (the SQL, re-exported)
    FULL,
    LIST_ROW,
    LISTS,
    NAME_LISTS,
    NOTES,
    PAGE,
    TEXT_CELLS,
    InteractionList,
    Link,
    Stored,
    _day,
    link_order,
    list_rows,
    lists_of,
)
from eunato_desk.core.records import InteractionRecord, InteractionRow, LinkRecord
from eunato_desk.core.storage.sql import driver_sql
from eunato_desk.core.storage.sqlite_errors import driver_errors

# The tables, for the Core statements of ``listing`` and ``search``.
I = models.Interaction.__table__  # noqa: E741
T = models.InteractionType.__table__
IA = models.InteractionAction.__table__
A = models.Action.__table__
AR = models.Area.__table__


def run_page(session: Session, sql: str, ids: Sequence[int]) -> list[tuple]:
    """Run ``sql`` for a page of interactions (``:ids`` stands for the list of their ids) on
    the session's connection, in its transaction, through the engine; the rows as the driver
    gives them (plain tuples: no Row object each). An SQLite error is translated, whether
    the statement or the fetch raises it (``sqlite_errors``)."""
    if not ids:
        return []
    conn = session.connection()
    marks = f"({', '.join(['?'] * len(ids))})"
    result = conn.exec_driver_sql(driver_sql(conn, sql.replace(":ids", marks)), tuple(ids))
    try:
        with driver_errors(conn):
            return result.cursor.fetchall()
    finally:
        result.close()


def page_lists(
    session: Session, ids: Sequence[int], names: Iterable[str] = tuple(LISTS)
) -> dict[str, dict[int, list]]:
    """The lists ``names`` of the interactions ``ids`` (at most a page): for each list, the
    interaction id -> its ``Link``s or its names, in order."""
    return lists_of(lambda sql, page: run_page(session, sql, page), ids, names)


def text_cells(session: Session, ids: Sequence[int], *, links: bool = True) -> dict[int, tuple]:
    """Interaction id -> (id, the CSV's head columns, [its action numbers and area codes,] its
    countries, organisations and participants, the CSV's tail columns), values as stored and
    each list joined by '; ' (None when empty), for a page of ids."""
    query = TEXT_CELLS["with links" if links else "without links"]
    return {row[0]: row for row in run_page(session, query, ids)}


def link_notes(session: Session, ids: Sequence[int]) -> dict[int, dict[int, str]]:
    """Interaction id -> {action number: note} of its links that have a note, for a page."""
    notes: dict[int, dict[int, str]] = defaultdict(dict)
    for iid, number, _title, _code, note, _uuid in run_page(session, NOTES, ids):
        notes[iid][number] = note
    return notes


def rows_for_ids(session: Session, ids: Sequence[int]) -> dict[int, InteractionRow]:
    """The interaction list's rows for up to a page of ids, with their actions, areas,
    countries and organisations (``projection_sql.list_rows``)."""
    return list_rows(lambda sql, page: run_page(session, sql, page), ids)


@dataclass(slots=True)
class FullRow:
    """One whole interaction: ``base`` holds the columns of ``FULL`` as stored, the lists
    are in order (``page_lists``)."""

    base: Stored
    links: list[Link] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)


def full_rows(session: Session, ids: Sequence[int]) -> list[FullRow]:
    """Whole interactions for up to a page of ids, in the order of ``ids`` (missing ids are
    left out)."""
    if not ids:
        return []
    ids = list(ids)
    base = {row[0]: Stored._make(row) for row in run_page(session, FULL, ids)}
    lists = page_lists(session, ids)
    return [
        FullRow(base[iid], *(lists[name].get(iid, []) for name in LISTS))
        for iid in ids
        if iid in base
    ]


def iter_full_pages(
    session: Session, ids: Sequence[int], page: int = PAGE
) -> Iterator[list[FullRow]]:
    """The whole interactions of ``ids``, one page (a list of FullRow) at a time."""
    for start in range(0, len(ids), page):
        yield full_rows(session, ids[start : start + page])


def ids_for_uuids(session: Session, uuids: Iterable[str], column: str = "id") -> dict[str, Any]:
    """UUID -> internal id (or ``updated_at``) of the interactions with these UUIDs; unknown
    UUIDs are left out."""
    if column not in ("id", "updated_at"):
        raise ValueError(column)
    wanted = list(dict.fromkeys(uuids))
    found: dict[str, Any] = {}
    for start in range(0, len(wanted), PAGE):
        chunk = wanted[start : start + PAGE]
        query = select(I.c.uuid, I.c[column]).where(I.c.uuid.in_(chunk))
        found.update(session.execute(query).all())
    return found


# The record's fields that are the interaction's own columns, value for value.
_AS_STORED = tuple(
    f.name
    for f in fields(InteractionRecord)
    if f.name not in {"type", "start_date", "end_date", "marking", "tags", *LISTS}
)


def make_record(
    row: Any,
    *,
    type_name: str,
    marking: str,
    links: Iterable[LinkRecord],
    organisations: Iterable[str],
    countries: Iterable[str],
    participants: Iterable[str],
) -> InteractionRecord:
    """The record of an interaction: ``row`` gives its own columns (an ORM object or a bulk
    row: dates as dates or as stored text), the rest its lists, sorted here."""
    return InteractionRecord(
        **{name: getattr(row, name) for name in _AS_STORED},
        type=type_name,
        start_date=_day(row.start_date),  # type: ignore[arg-type]
        end_date=_day(row.end_date),
        marking=marking,
        tags=tuple(t for t in row.tags.split("; ") if t),
        links=tuple(sorted(links, key=link_order)),
        organisations=tuple(sorted(organisations)),
        countries=tuple(sorted(countries)),
        participants=tuple(sorted(participants)),
    )


def to_record(full: FullRow) -> InteractionRecord:
    """The record of a bulk row (what ``interactions.get_interaction`` returns)."""
    return make_record(
        full.base,
        type_name=full.base.type,
        marking=full.base.marking,
        links=(
            LinkRecord(lk.action_uuid, lk.number, lk.title, lk.area_code, lk.note)
            for lk in full.links
        ),
        organisations=full.organisations,
        countries=full.countries,
        participants=full.participants,
    )


def record_of(row: models.Interaction) -> InteractionRecord:
    """The record of an interaction a save has just written (from its ORM objects)."""
    return make_record(
        row,
        type_name=row.type.name,
        marking=row.marking.name,
        links=(
            LinkRecord(
                action_uuid=lk.action.uuid,
                number=lk.action.number,
                title=lk.action.title,
                area_code=lk.action.area.code if lk.action.area else None,
                note=lk.note,
            )
            for lk in row.links
        ),
        organisations=(o.acronym or o.name for o in row.organisations),
        countries=(c.name for c in row.countries),
        participants=(p.name for p in row.participants),
    )


def records_by_uuid(session: Session, uuids: Iterable[str]) -> dict[str, InteractionRecord]:
    """Current records of the interactions with these UUIDs, read in bulk."""
    ids = ids_for_uuids(session, uuids)
    out: dict[str, InteractionRecord] = {}
    for page in iter_full_pages(session, list(ids.values())):
        out.update((row.base.uuid, to_record(row)) for row in page)
    return out
