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
from collections import defaultdict
from collections.abc import Iterator, Sequence

from sqlalchemy import Select, and_, exists, func, literal_column, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, FromClause

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.models import (
    INTERACTION_STATUSES,
    Action,
    Area,
    Country,
    Interaction,
    InteractionAction,
    InteractionType,
    Organisation,
    interaction_country,
    interaction_organisation,
)
from eunato_desk.core.records import InteractionFilter, InteractionRow
from eunato_desk.core.search.query import (
    Query,
    choose_text_mode,
    count_matches,
    mode_cap,
    parse_query,
    text_clauses,
)
from eunato_desk.core.storage.db import Database

I = Interaction.__table__  # noqa: E741
T = InteractionType.__table__
IA = InteractionAction.__table__
A = Action.__table__
AR = Area.__table__
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


def filter_clauses(flt: InteractionFilter, *, text_mode: str = "in") -> list[ColumnElement[bool]]:
    """WHERE clauses for a filter; every value is a bound parameter.

    ``text_mode`` says how words meet the full-text index (``search_query.text_clauses``);
    ``text_mode_for()`` chooses it from how common the words are."""
    clauses: list[ColumnElement[bool]] = [
        I.c.deleted_at.is_not(None) if flt.trash else I.c.deleted_at.is_(None)
    ]
    if flt.date_from and flt.date_to and flt.date_to < flt.date_from:
        raise ValidationError("to", "the end of the range is before its start.")
    if flt.uuids is not None:
        # One bound parameter whatever the number of ids (SQLite limits parameters).
        chosen = select(literal_column("value")).select_from(
            func.json_each(json.dumps(list(flt.uuids)))
        )
        clauses.append(I.c.uuid.in_(chosen))
    if flt.date_from:
        clauses.append(I.c.start_date >= flt.date_from)
    if flt.date_to:
        clauses.append(I.c.start_date <= flt.date_to)
    if flt.status:
        if flt.status not in INTERACTION_STATUSES:
            raise ValidationError(
                "status", f"'{flt.status}' is not one of {', '.join(INTERACTION_STATUSES)}."
            )
        clauses.append(I.c.status == flt.status)
    if flt.type:
        clauses.append(func.lower(T.c.name) == flt.type.strip().lower())
    if flt.action_number is not None:
        clauses.append(
            exists()
            .where(IA.c.interaction_id == I.c.id)
            .where(IA.c.action_id.in_(action_ids_for_number(flt.action_number)))
        )
    if flt.area_code is not None:
        clauses.append(
            exists()
            .where(IA.c.interaction_id == I.c.id)
            .where(
                IA.c.action_id.in_(
                    select(A.c.id)
                    .join(AR, AR.c.id == A.c.area_id)
                    .where(AR.c.code == flt.area_code)
                )
            )
        )
    if flt.country:
        key = flt.country.strip().lower()
        clauses.append(
            exists()
            .where(IC.c.interaction_id == I.c.id)
            .where(
                IC.c.country_id.in_(
                    select(C.c.id).where(
                        or_(func.lower(C.c.name) == key, func.lower(C.c.iso_code) == key)
                    )
                )
            )
        )
    if flt.organisation:
        key = flt.organisation.strip().lower()
        clauses.append(
            exists()
            .where(IO.c.interaction_id == I.c.id)
            .where(
                IO.c.organisation_id.in_(
                    select(O.c.id).where(
                        or_(func.lower(O.c.name) == key, func.lower(O.c.acronym) == key)
                    )
                )
            )
        )
    if flt.text:
        clauses += text_clauses(parse_query(flt.text), I.c.id, text_mode)
    return clauses


def action_ids_for_number(number: int):  # type: ignore[no-untyped-def]
    """Ids of every action ever known by this number, and of actions that superseded them,
    so links stay visible from both the old and the new number."""
    direct = select(A.c.id).where(A.c.number == number)
    successors = select(A.c.superseded_by_id).where(
        A.c.number == number, A.c.superseded_by_id.is_not(None)
    )
    return direct.union(successors)


def source(flt: InteractionFilter, sort: str = "date") -> FromClause:
    """The interaction table, joined to its type only when the filter or the sort needs it
    (a join on every row of a million costs more than the rest of the query)."""
    if flt.type or sort == "type":
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
    flt: InteractionFilter,
    sort: str = "date",
    descending: bool = True,
    *,
    text_mode: str = "in",
) -> Select:
    order = order_terms(sort, descending)
    query = select(I.c.id).select_from(source(flt, sort))
    clauses = filter_clauses(flt, text_mode=text_mode)
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
    walk the date index when the words are common."""
    expression = query.positive_expression()
    if expression is None:  # nothing, or only exclusions (then most rows pass)
        return "walk" if query.excluded else "in"
    rows = session.execute(select(func.max(I.c.id))).scalar_one() or 0
    matches = count_matches(session, expression, mode_cap(rows, limit))
    return choose_text_mode(matches, rows, limit, prefix=query.has_prefix)


def _scalars(session: Session, query: Select) -> list[int]:
    """Ids straight from the driver's cursor: a million Python ints without building a Row
    object for each (SQLAlchemy still compiles the query and converts its parameters)."""
    result = session.execute(query)
    try:
        return [row[0] for row in result.cursor.fetchall()]
    finally:
        result.close()


def interaction_ids(
    db: Database, flt: InteractionFilter, sort: str = "date", descending: bool = True
) -> list[int]:
    """The ordered ids of every matching interaction (one query; the GUI pages rows by id)."""
    with db.read() as session:
        return _scalars(session, ids_query(flt, sort, descending))


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
    return _scalars(session, ids_query(flt, sort, descending, text_mode=mode).limit(limit))


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
            query = query.where(and_(*filter_clauses(flt)))
        return int(session.execute(query).scalar_one())


def rows_for_ids(session: Session, ids: Sequence[int]) -> dict[int, InteractionRow]:
    """Rows for up to a page of ids, with their actions, areas, countries and organisations."""
    if not ids:
        return {}
    ids = list(ids)
    base = session.execute(
        select(I.c.id, I.c.uuid, I.c.title, I.c.start_date, T.c.name, I.c.status)
        .select_from(I.join(T, T.c.id == I.c.type_id))
        .where(I.c.id.in_(ids))
    ).all()
    actions: dict[int, list[int]] = defaultdict(list)
    areas: dict[int, set[int]] = defaultdict(set)
    for iid, number, code in session.execute(
        select(IA.c.interaction_id, A.c.number, AR.c.code)
        .select_from(IA.join(A, A.c.id == IA.c.action_id).outerjoin(AR, AR.c.id == A.c.area_id))
        .where(IA.c.interaction_id.in_(ids))
    ):
        if number is not None:
            actions[iid].append(number)
        if code is not None:
            areas[iid].add(code)
    countries: dict[int, list[str]] = defaultdict(list)
    for iid, name in session.execute(
        select(IC.c.interaction_id, C.c.name)
        .select_from(IC.join(C, C.c.id == IC.c.country_id))
        .where(IC.c.interaction_id.in_(ids))
    ):
        countries[iid].append(name)
    orgs: dict[int, list[str]] = defaultdict(list)
    for iid, name, acronym in session.execute(
        select(IO.c.interaction_id, O.c.name, O.c.acronym)
        .select_from(IO.join(O, O.c.id == IO.c.organisation_id))
        .where(IO.c.interaction_id.in_(ids))
    ):
        orgs[iid].append(acronym or name)
    return {
        iid: InteractionRow(
            id=iid,
            uuid=uuid,
            title=title,
            date=start if isinstance(start, dt.date) else dt.date.fromisoformat(start),
            type=type_name,
            status=status,
            actions=tuple(sorted(actions[iid])),
            areas=tuple(sorted(areas[iid])),
            countries=tuple(sorted(countries[iid])),
            organisations=tuple(sorted(orgs[iid])),
        )
        for iid, uuid, title, start, type_name, status in base
    }


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
            ids = _scalars(session, ids_query(flt, sort, descending))
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
