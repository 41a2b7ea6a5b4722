"""The interaction list: filtered, sorted ids in one query, rows fetched a page at a time.

Bulk reads use SQLAlchemy Core, never one ORM object per row (a list of full ORM entities
costs many times raw sqlite3). Words (``InteractionFilter.text``) are looked up in the
full-text index (``core.search_query``): its hits are intersected with the other filters,
which run on ordinary indexes. For a first page (a ``limit``) of a very common word, the
list walks the sort order and checks each row against the index, rather than collecting
every hit first.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, FromClause

from eunato_desk.core.catalogue.lineage import Lineage
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.models import (
    INTERACTION_STATUSES,
    Country,
    Organisation,
    interaction_country,
    interaction_organisation,
)
from eunato_desk.core.periods import Quarter
from eunato_desk.core.projection import AR, IA, A, I, T, rows_for_ids
from eunato_desk.core.records import InteractionFilter, InteractionRow
from eunato_desk.core.reference.kinds import KINDS
from eunato_desk.core.reference.matching import index_of
from eunato_desk.core.search import server as server_search
from eunato_desk.core.search.query import (
    Query,
    choose_text_mode,
    count_matches,
    mode_cap,
    parse_query,
    text_clauses,
)
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.sql import in_json_list
from eunato_desk.core.storage.sqlite_errors import driver_errors

C = Country.__table__
O = Organisation.__table__  # noqa: E741
IC = interaction_country
IO = interaction_organisation

SORT_COLUMNS = {
    "date": (I.c.start_date, I.c.start_time),
    "title": (func.lower(I.c.title),),
    "type": (T.c.name,),
    "status": (I.c.status,),
    "location": (func.lower(I.c.location),),
}
PAGE = 500


def filter_clauses(
    session: Session, flt: InteractionFilter, *, text_mode: str = "in"
) -> list[ColumnElement[bool]]:
    """WHERE clauses for a filter; every value is a bound parameter. ``session`` reads the
    catalogue's lineage for an action filter (``catalogue.lineage``).

    ``text_mode`` says how words meet the full-text index (``search_query.text_clauses``);
    ``text_mode_for()`` chooses it from how common the words are."""
    if flt.date_from and flt.date_to and flt.date_to < flt.date_from:
        raise ValidationError("to", "the end of the range is before its start.")
    clauses = [
        I.c.deleted_at.is_not(None) if flt.trash else I.c.deleted_at.is_(None),
        *_column_clauses(flt),
        *_list_clauses(session, flt),
    ]
    if flt.text and server_search.is_server(session):
        clauses += server_search.text_clauses(parse_query(flt.text), I.c.id)
    elif flt.text:
        clauses += text_clauses(parse_query(flt.text), I.c.id, text_mode)
    return clauses


def _column_clauses(flt: InteractionFilter) -> Iterator[ColumnElement[bool]]:
    """The filters on the interaction's own columns."""
    if flt.uuids is not None:
        # One bound parameter whatever the number of ids (SQLite limits parameters).
        yield in_json_list(I.c.uuid, json.dumps(list(flt.uuids)))
    if flt.date_from:
        yield I.c.start_date >= flt.date_from
    if flt.date_to:
        yield I.c.start_date <= flt.date_to
    if flt.status:
        if flt.status not in INTERACTION_STATUSES:
            raise ValidationError(
                "status", f"'{flt.status}' is not one of {', '.join(INTERACTION_STATUSES)}."
            )
        yield I.c.status == flt.status


def _list_clauses(session: Session, flt: InteractionFilter) -> Iterator[ColumnElement[bool]]:
    """The filters on what an interaction is linked to: an action, an area, its type, a
    country, an organisation (each an EXISTS on the link table, driven by its index)."""
    if flt.action_number is not None:
        yield _linked(IA.c.action_id, action_ids_for_number(session, flt.action_number))
    if flt.area_code is not None:
        in_area = select(A.c.id).join(AR, AR.c.id == A.c.area_id)
        yield _linked(IA.c.action_id, in_area.where(AR.c.code == flt.area_code))
    if flt.type:
        yield I.c.type_id.in_(_named(session, "type", flt.type))
    if flt.country:
        yield _linked(IC.c.country_id, _named(session, "country", flt.country))
    if flt.organisation:
        yield _linked(IO.c.organisation_id, _named(session, "organisation", flt.organisation))


def _linked(column: ColumnElement, ids) -> ColumnElement[bool]:  # type: ignore[no-untyped-def]
    """The interaction has a row in ``column``'s link table pointing at one of ``ids``."""
    return exists().where(column.table.c.interaction_id == I.c.id).where(column.in_(ids))


def _named(session: Session, kind: str, name: str) -> list[int]:
    """The id of the entry ``name`` names exactly, as matching does (name, code or alias,
    no case or accents; retired ones too: old records have them), or none."""
    found = index_of(session, KINDS[kind]).exact(name, include_retired=True)
    return [] if found is None else [found.ref]


def action_ids_for_number(session: Session, number: int) -> list[int]:
    """Ids of the actions whose links count for what ``number`` means now: that action and
    every action renumbered or merged into it, along the whole chain, so links stay visible
    from the old and the new number (``Lineage.ids_for_number``)."""
    return Lineage.load(session).ids_for_number(number)


def source(flt: InteractionFilter, sort: str = "date") -> FromClause:
    """The interaction table, joined to its type only when the sort needs it (a join on
    every row of a million costs more than the rest of the query)."""
    if sort == "type":
        return I.join(T, T.c.id == I.c.type_id)
    return I


def order_terms(sort: str = "date", descending: bool = True) -> list[ColumnElement]:
    if sort not in SORT_COLUMNS:
        raise ValidationError("sort", f"cannot sort by '{sort}'.")
    cols = SORT_COLUMNS[sort]
    order = [c.desc() if descending else c.asc() for c in cols]
    order.append(I.c.id.desc() if descending else I.c.id.asc())
    return order


def ids_query(
    session: Session,
    flt: InteractionFilter,
    sort: str = "date",
    descending: bool = True,
    *,
    text_mode: str = "in",
) -> Select:
    order = order_terms(sort, descending)
    query = select(I.c.id).select_from(source(flt, sort))
    clauses = filter_clauses(session, flt, text_mode=text_mode)
    if clauses:
        query = query.where(and_(*clauses))
    return query.order_by(*order)


def text_mode_for(
    session: Session, flt: InteractionFilter, sort: str = "date", limit: int | None = None
) -> str:
    """How the filter's words should meet the list (``search_query.text_clauses``): a whole
    list, or an order other than the date (no index to walk), sorts the hits."""
    if not flt.text or sort != "date" or limit is None:
        return "in"
    return page_text_mode(session, parse_query(flt.text), limit)


def page_text_mode(session: Session, query: Query, limit: int) -> str:
    """For the first ``limit`` rows newest first: build from the hits when they are few,
    walk the date index when the words are common. (On a team server: always from the hits,
    ``search.server``.)"""
    if server_search.is_server(session):
        return "in"
    expression = query.positive_expression()
    if expression is None:  # nothing, or only exclusions (then most rows pass)
        return "walk" if query.excluded else "in"
    rows = session.execute(select(func.max(I.c.id))).scalar_one() or 0
    matches = count_matches(session, expression, mode_cap(rows, limit))
    return choose_text_mode(matches, rows, limit, prefix=query.has_prefix)


def _scalars(session: Session, query: Select) -> list[int]:
    """Ids straight from the driver's cursor: a million Python ints without building a Row
    object for each (SQLAlchemy still compiles the query and converts its parameters; an
    SQLite error while fetching is translated as the engine would, ``driver_errors``)."""
    result = session.execute(query)
    try:
        with driver_errors(result.connection):
            return [row[0] for row in result.cursor.fetchall()]
    finally:
        result.close()


def interaction_ids(
    db: Database, flt: InteractionFilter, sort: str = "date", descending: bool = True
) -> list[int]:
    """The ordered ids of every matching interaction (one query; the GUI pages rows by id)."""
    with db.read() as session:
        return _scalars(session, ids_query(session, flt, sort, descending))


def page_ids(
    db: Database,
    flt: InteractionFilter,
    sort: str = "date",
    descending: bool = True,
    limit: int = PAGE,
) -> list[int]:
    """The first ``limit`` ids of the list, quickly even for a very common word: what a
    view can show while ``interaction_ids`` collects the rest."""
    with db.read() as session:
        return _first_ids(session, flt, sort, descending, limit)


def _first_ids(
    session: Session, flt: InteractionFilter, sort: str, descending: bool, limit: int
) -> list[int]:
    mode = text_mode_for(session, flt, sort, limit) if flt.text else "in"
    query = ids_query(session, flt, sort, descending, text_mode=mode)
    return _scalars(session, query.limit(limit))


def count_interactions(db: Database, flt: InteractionFilter) -> int:
    with db.read() as session:
        if flt == InteractionFilter(trash=flt.trash):
            # Every live (or trashed) interaction: the whole table less the Trash, each
            # counted from a small index rather than from a million table rows.
            total = select(func.count()).select_from(I).scalar_subquery()
            trashed = (
                select(func.count()).select_from(I).where(I.c.deleted_at.is_not(None))
            ).scalar_subquery()
            query = select(trashed if flt.trash else total - trashed)
        else:
            query = select(func.count()).select_from(source(flt))
            query = query.where(and_(*filter_clauses(session, flt)))
        return int(session.execute(query).scalar_one())


def fetch_rows(db: Database, ids: Sequence[int]) -> list[InteractionRow]:
    """Rows for the given ids, in the given order."""
    with db.read() as session:
        found = rows_for_ids(session, ids)
    return [found[i] for i in ids if i in found]


def iter_interactions(
    db: Database,
    flt: InteractionFilter,
    sort: str = "date",
    descending: bool = False,
    limit: int | None = None,
) -> Iterator[InteractionRow]:
    """Every matching row in order, fetched a page at a time within one read snapshot."""
    with db.read() as session:
        if limit is None:
            ids = _scalars(session, ids_query(session, flt, sort, descending))
        else:
            ids = _first_ids(session, flt, sort, descending, limit)
        for start in range(0, len(ids), PAGE):
            chunk = ids[start : start + PAGE]
            found = rows_for_ids(session, chunk)
            for iid in chunk:
                yield found[iid]


def list_interactions(
    db: Database,
    flt: InteractionFilter,
    sort: str = "date",
    descending: bool = False,
    limit: int | None = None,
) -> list[InteractionRow]:
    return list(iter_interactions(db, flt, sort, descending, limit))


def latest_quarter_with_data(db: Database, up_to: dt.date | None = None) -> Quarter | None:
    """The quarter of the latest start date among the interactions the dashboard counts (not
    cancelled, not in the Trash: planned, held and postponed ones count), only those starting
    on or before ``up_to`` when given; None when there is none. Read backwards along the
    index of live interactions by start date, so it stays quick on a large file."""
    query = select(I.c.start_date).where(I.c.deleted_at.is_(None), I.c.status != "cancelled")
    if up_to is not None:
        query = query.where(I.c.start_date <= up_to)
    with db.read() as session:
        latest = session.execute(query.order_by(I.c.start_date.desc()).limit(1)).scalar()
    return None if latest is None else Quarter.of(latest)
