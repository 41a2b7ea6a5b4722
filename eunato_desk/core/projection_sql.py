"""The SQL of an interaction with its lists, and the interaction list's rows built from it.

No SQLAlchemy here: ``projection`` runs these statements through the engine (errors
translated, in the session's transaction), and the start-up's first page
(``storage.first_page``) runs the same statements with ``sqlite3`` before SQLAlchemy is
imported, so both build their rows with the same code. ``Run`` is how a statement is run
for a page of ids (``:ids`` stands for their list). See ``projection`` for the SQL styles.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from eunato_desk.core.rows import InteractionRow

PAGE = 900  # ids per IN (...) list; well under SQLite's bound-parameter limit

# Runs an SQL statement for a page of interaction ids; the rows as the driver gives them.
Run = Callable[[str, Sequence[int]], list[tuple]]


def sqlite_run(conn: sqlite3.Connection) -> Run:
    """``Run`` on a plain ``sqlite3`` connection (``:ids`` becomes one ``?`` per id)."""

    def run(sql: str, ids: Sequence[int]) -> list[tuple]:
        if not ids:
            return []
        marks = f"({', '.join('?' * len(ids))})"
        return conn.execute(sql.replace(":ids", marks), tuple(ids)).fetchall()

    return run


@dataclass(frozen=True)
class InteractionList:
    """One list of an interaction, in SQL: ``source`` joins the link table (aliased ``l``, with
    its ``interaction_id``) to what it names, ``items`` is what one item is, ``order`` how
    the items are ordered."""

    source: str
    items: str
    order: str

    def page_query(self, where: str = "") -> str:
        """The items of a page of interactions, by interaction, in order."""
        return (
            f"SELECT l.interaction_id, {self.items} FROM {self.source} "
            f"WHERE l.interaction_id IN :ids{where} ORDER BY l.interaction_id, {self.order}"
        )

    def cell(self, value: str = "", where: str = "", *, distinct: bool = False) -> str:
        """The items (or their ``value``) of interaction ``i`` joined by '; ', NULL when it
        has none: a subquery for a text cell."""
        pick = f"{'DISTINCT ' if distinct else ''}{value or self.items}"
        return (
            f"(SELECT group_concat(v, '; ') FROM (SELECT {pick} AS v FROM {self.source} "
            f"WHERE l.interaction_id = i.id{where} ORDER BY v))"
        )


_ORGANISATION = "coalesce(nullif(o.acronym, ''), o.name)"
LISTS = {
    "links": InteractionList(
        "interaction_action l JOIN action a ON a.id = l.action_id "
        "LEFT JOIN area ar ON ar.id = a.area_id",
        "a.number, a.title, ar.code, l.note, a.uuid",
        "a.number IS NULL, a.number, l.action_id",
    ),
    "countries": InteractionList(
        "interaction_country l JOIN country c ON c.id = l.country_id", "c.name", "c.name"
    ),
    "organisations": InteractionList(
        "interaction_organisation l JOIN organisation o ON o.id = l.organisation_id",
        _ORGANISATION,
        _ORGANISATION,
    ),
    "participants": InteractionList(
        "interaction_person l JOIN person p ON p.id = l.person_id", "p.name", "p.name"
    ),
}
NAME_LISTS = ("countries", "organisations", "participants")
_PAGE_QUERIES = {name: lst.page_query() for name, lst in LISTS.items()}
# The links of a page that carry a note (numbered actions only), read through the partial
# index of noted links (``ix_interaction_action_noted``, revision 0011), not every link.
NOTES = LISTS["links"].page_query(" AND l.note <> '' AND a.number IS NOT NULL")

# The interaction's own columns: the CSV's head and tail, then the rest of a record.
_HEAD = (
    "i.uuid, i.title, t.name AS type, i.start_date, i.start_time, i.end_date, i.end_time, "
    "i.status, i.location, i.format"
)
_TAIL = "i.summary, i.outcome, m.name AS marking, i.tags"
_FROM = (
    "FROM interaction i JOIN interaction_type t ON t.id = i.type_id "
    "JOIN handling_marking m ON m.id = i.marking_id WHERE i.id IN :ids"
)
_STORED = (
    f"i.id, {_HEAD}, {_TAIL}, i.created_at, i.created_by, i.updated_at, i.updated_by, "
    "i.deleted_at, i.version"
)
FULL = f"SELECT {_STORED} {_FROM}"
# A row of ``FULL``: an interaction's own columns as stored, named as the query names them.
Stored = namedtuple("Stored", [c.split(" AS ")[-1].split(".")[-1] for c in _STORED.split(", ")])
# What a line of the interaction list shows of the interaction itself.
LIST_ROW = (
    "SELECT i.id, i.uuid, i.title, i.start_date, t.name, i.status FROM interaction i "
    "JOIN interaction_type t ON t.id = i.type_id WHERE i.id IN :ids"
)
_NAME_CELLS = ", ".join(LISTS[name].cell() for name in NAME_LISTS)
_LINK_CELLS = ", ".join(
    (
        LISTS["links"].cell("a.number", " AND a.number IS NOT NULL"),
        LISTS["links"].cell("ar.code", " AND ar.code IS NOT NULL", distinct=True),
    )
)
# Id, head, [action numbers, area codes,] countries, organisations, participants, tail.
TEXT_CELLS = {
    "with links": f"SELECT i.id, {_HEAD}, {_LINK_CELLS}, {_NAME_CELLS}, {_TAIL} {_FROM}",
    "without links": f"SELECT i.id, {_HEAD}, {_NAME_CELLS}, {_TAIL} {_FROM}",
}


class Link(NamedTuple):
    """One linked action, as stored."""

    number: int | None
    title: str
    area_code: int | None
    note: str
    action_uuid: str


def link_order(link: Any) -> tuple[bool, int]:
    """Links by action number; links to an action without a number last."""
    return (link.number is None, link.number or 0)


def lists_of(
    run: Run, ids: Sequence[int], names: Iterable[str] = tuple(LISTS)
) -> dict[str, dict[int, list]]:
    """The lists ``names`` of the interactions ``ids`` (at most a page): for each list, the
    interaction id -> its ``Link``s or its names, in order."""
    out: dict[str, dict[int, list]] = {}
    for name in names:
        found: dict[int, list] = defaultdict(list)
        rows = run(_PAGE_QUERIES[name], ids)
        if name == "links":
            for iid, *link in rows:
                found[iid].append(Link(*link))
        else:
            for iid, value in rows:
                found[iid].append(value)
        out[name] = found
    return out


def list_rows(run: Run, ids: Sequence[int]) -> dict[int, InteractionRow]:
    """The interaction list's rows for up to a page of ids, with their actions, areas,
    countries and organisations."""
    if not ids:
        return {}
    ids = list(ids)
    base = run(LIST_ROW, ids)
    lists = lists_of(run, ids, ("links", "countries", "organisations"))
    countries, orgs = lists["countries"], lists["organisations"]
    actions: dict[int, tuple[int, ...]] = {}
    areas: dict[int, tuple[int, ...]] = {}
    for iid, links in lists["links"].items():
        actions[iid] = tuple(lk.number for lk in links if lk.number is not None)
        areas[iid] = tuple(sorted({lk.area_code for lk in links if lk.area_code is not None}))
    return {
        iid: InteractionRow(
            id=iid,
            uuid=uuid,
            title=title,
            date=_day(start),
            type=type_name,
            status=status,
            actions=actions.get(iid, ()),
            areas=areas.get(iid, ()),
            countries=tuple(countries.get(iid, ())),
            organisations=tuple(orgs.get(iid, ())),
        )
        for iid, uuid, title, start, type_name, status in base
    }


def _day(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)
