"""What was done in each period: the coverage matrix and the dashboard's series.

Counting rules (the same in the matrix, the series, the checklist and the progress report):

- An interaction counts when it is **live** (not in the Trash: ``deleted_at IS NULL``) and
  **not cancelled** (planned, held and postponed ones count), as in the Actions view.
- It belongs to the period and to the quarter of its **start date**; ranges are inclusive, so
  an interaction on the last day of a quarter counts for that quarter. A range that does not
  start or end on a quarter boundary clips its first and last quarters (``cell_range``).
- A link made to a retired action that was renumbered or merged (``superseded_by``, followed
  along the chain) counts for the action that replaced it, as in the Actions view and the
  action page. A link to an action retired without a successor counts for that action.
- **Matrix** (active actions x quarters): each cell is the number of distinct interactions
  linked to that action (or to an action it replaced) in that quarter. An interaction linked
  to several actions counts once for each of them; linked to an action and to the action it
  replaced, it counts once.
- **Per area** (``interactions_per_quarter_by_area``): an interaction counts once in each
  area of the actions it is linked to (the area of the action that replaced a retired one).
  "No area" (code None) holds the interactions linked to an action without an area, and
  those linked to no action at all. The quarter **totals** count each interaction once, so a
  quarter's areas can add up to more than its total.
- **Per type**: each interaction once, under its type.

Everything is read with SQLAlchemy Core aggregates in one read transaction; the results are
frozen dataclasses.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Integer, case, cast, exists, func, null, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from eunato_desk.core.catalogue.actions import action_records
from eunato_desk.core.catalogue.lineage import Lineage
from eunato_desk.core.errors import NotFoundError, ValidationError
from eunato_desk.core.models import Action, Area, Interaction, InteractionAction, InteractionType
from eunato_desk.core.periods import Quarter
from eunato_desk.core.records import ActionRecord, InteractionFilter
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.sql import quarter_key_of

I = Interaction.__table__  # noqa: E741
IA = InteractionAction.__table__
T = InteractionType.__table__
NO_AREA = "No area"

# year * 4 + (quarter - 1) of the start date (storage.sql spells it for each backend).
QUARTER_KEY = quarter_key_of(I.c.start_date)


def quarter_key(quarter: Quarter) -> int:
    return quarter.year * 4 + quarter.q - 1


def check_range(date_from: dt.date, date_to: dt.date) -> None:
    if date_to < date_from:
        raise ValidationError("to", "the end of the range is before its start.")


def quarters_between(date_from: dt.date, date_to: dt.date) -> tuple[Quarter, ...]:
    """Every calendar quarter that the inclusive range touches, in order."""
    check_range(date_from, date_to)
    out = [Quarter.of(date_from)]
    last = Quarter.of(date_to)
    while out[-1] < last:
        out.append(out[-1].next())
    return tuple(out)


def counted_clauses(date_from: dt.date, date_to: dt.date) -> list[ColumnElement[bool]]:
    """The interactions that count: live, not cancelled, start date within the range."""
    return [
        I.c.deleted_at.is_(None),
        I.c.status != "cancelled",
        I.c.start_date >= date_from,
        I.c.start_date <= date_to,
    ]


@dataclass(frozen=True)
class AreaKey:
    """An area as a row group or series; code None is "No area"."""

    code: int | None
    name: str

    @property
    def label(self) -> str:
        return NO_AREA if self.code is None else f"{self.code} — {self.name}"


@dataclass(frozen=True)
class Catalogue:
    """The actions by internal id and the id each one counts for (after renumbers/merges)."""

    records: dict[int, ActionRecord]
    final: dict[int, int]
    areas: tuple[AreaKey, ...]  # every area in display order, "No area" last
    lineage: Lineage

    def area_rank(self, code: int | None) -> int:
        codes = [a.code for a in self.areas]
        return codes.index(code) if code in codes else len(codes)

    def action_sort_key(self, record: ActionRecord) -> tuple:
        return (
            self.area_rank(record.area_code),
            record.number is None,
            record.number or 0,
            record.title.casefold(),
        )


def load_catalogue(session: Session) -> Catalogue:
    by_uuid = {r.uuid: r for r in action_records(session)}
    rows = session.execute(select(Action.id, Action.uuid)).all()
    lineage = Lineage.load(session)
    areas = tuple(
        AreaKey(code, name)
        for code, name in session.execute(
            select(Area.code, Area.name).order_by(Area.sort_order, Area.code)
        )
    )
    return Catalogue(
        records={aid: by_uuid[uuid] for aid, uuid in rows},
        final=lineage.finals(),
        areas=(*areas, AreaKey(None, NO_AREA)),
        lineage=lineage,
    )


def link_target(cat: Catalogue) -> ColumnElement[int]:
    """The id of the action a link counts for: its own, or its successor's after a renumber
    or merge. A CASE over the few superseded actions, so that queries are driven by the
    start-date index rather than by the catalogue (a join on a mapping table is not)."""
    moved = {aid: fid for aid, fid in cat.final.items() if aid != fid}
    if not moved:
        return IA.c.action_id
    return case(moved, value=IA.c.action_id, else_=IA.c.action_id)


@dataclass(frozen=True)
class CoverageRow:
    action: ActionRecord
    counts: tuple[int, ...]  # one per quarter of the matrix
    total: int  # distinct interactions over the whole range


@dataclass(frozen=True)
class CoverageMatrix:
    date_from: dt.date
    date_to: dt.date
    quarters: tuple[Quarter, ...]
    rows: tuple[CoverageRow, ...]  # by area (in area order, "No area" last), then by number
    areas: tuple[AreaKey, ...]  # the groups that have rows, in order

    def rows_of(self, area_code: int | None) -> tuple[CoverageRow, ...]:
        return tuple(r for r in self.rows if r.action.area_code == area_code)

    def cell_range(self, index: int) -> tuple[dt.date, dt.date]:
        """The dates a column counts: its quarter, clipped to the matrix's range."""
        q = self.quarters[index]
        return max(q.start, self.date_from), min(q.end, self.date_to)

    def cell_filter(self, row: CoverageRow, index: int) -> InteractionFilter | None:
        """The interaction-list filter of a cell (None for an action without a number).
        The list also shows cancelled interactions, which the cell does not count;
        ``counted_interactions`` gives exactly the interactions the cell counts."""
        if row.action.number is None:
            return None
        start, end = self.cell_range(index)
        return InteractionFilter(date_from=start, date_to=end, action_number=row.action.number)

    def empty_cells(self) -> int:
        return sum(c == 0 for r in self.rows for c in r.counts)


def coverage_matrix(db: Database, date_from: dt.date, date_to: dt.date) -> CoverageMatrix:
    """Every active action x every quarter the range touches (see the module's rules)."""
    quarters = quarters_between(date_from, date_to)
    column_of = {quarter_key(q): i for i, q in enumerate(quarters)}
    with db.read() as session:
        cat = load_catalogue(session)
        active = {aid for aid, r in cat.records.items() if r.status == "active"}
        target = link_target(cat)
        query = (
            select(target, QUARTER_KEY, func.count(IA.c.interaction_id.distinct()))
            .select_from(I.join(IA, IA.c.interaction_id == I.c.id))
            .where(*counted_clauses(date_from, date_to))
            .group_by(target, QUARTER_KEY)
        )
        cells: dict[int, list[int]] = defaultdict(lambda: [0] * len(quarters))
        for aid, key, n in session.execute(query):
            cells[aid][column_of[key]] = n
    # An interaction has one start date, so a row's total is the sum of its quarters.
    rows = sorted(
        (CoverageRow(cat.records[aid], tuple(cells[aid]), sum(cells[aid])) for aid in active),
        key=lambda r: cat.action_sort_key(r.action),
    )
    present = {r.action.area_code for r in rows}
    return CoverageMatrix(
        date_from=date_from,
        date_to=date_to,
        quarters=quarters,
        rows=tuple(rows),
        areas=tuple(a for a in cat.areas if a.code in present),
    )


def counted_interactions(
    db: Database, action_uuid: str, date_from: dt.date, date_to: dt.date
) -> tuple[str, ...]:
    """The uuids a matrix cell (or a row total) counts, oldest first: exactly its number."""
    check_range(date_from, date_to)
    with db.read() as session:
        cat = load_catalogue(session)
        target = next((aid for aid, r in cat.records.items() if r.uuid == action_uuid), None)
        if target is None:
            raise NotFoundError(f"No action with id {action_uuid}.")
        family = cat.lineage.family(cat.final[target])
        query = (
            select(I.c.uuid)
            .where(
                *counted_clauses(date_from, date_to),
                exists().where(IA.c.interaction_id == I.c.id, IA.c.action_id.in_(family)),
            )
            .order_by(I.c.start_date, I.c.start_time, I.c.id)
        )
        return tuple(session.execute(query).scalars())


@dataclass(frozen=True)
class AreaSeries:
    """Interactions per quarter and area; ``counts[a][q]`` for ``areas[a]``, ``quarters[q]``."""

    quarters: tuple[Quarter, ...]
    areas: tuple[AreaKey, ...]  # every area in display order, then "No area"
    counts: tuple[tuple[int, ...], ...]
    totals: tuple[int, ...]  # distinct interactions per quarter

    def count(self, area_code: int | None, quarter: Quarter) -> int:
        a = [k.code for k in self.areas].index(area_code)
        return self.counts[a][self.quarters.index(quarter)]

    @property
    def total(self) -> int:
        return sum(self.totals)


def interactions_per_quarter_by_area(
    db: Database, date_from: dt.date, date_to: dt.date
) -> AreaSeries:
    """Distinct interactions per quarter in each area, and per quarter in all (see above)."""
    quarters = quarters_between(date_from, date_to)
    column_of = {quarter_key(q): i for i, q in enumerate(quarters)}
    where = counted_clauses(date_from, date_to)
    with db.read() as session:
        cat = load_catalogue(session)
        grid = {a.code: [0] * len(quarters) for a in cat.areas}
        # The area of the action each link counts for; NULL: an action without an area.
        codes = {
            aid: cat.records[fid].area_code
            for aid, fid in cat.final.items()
            if cat.records[fid].area_code is not None
        }
        # (a typed NULL: PostgreSQL refuses a bare constant in GROUP BY)
        area = case(codes, value=IA.c.action_id, else_=None) if codes else cast(null(), Integer)
        query = (
            select(area, QUARTER_KEY, func.count(I.c.id.distinct()))
            .select_from(I.join(IA, IA.c.interaction_id == I.c.id))
            .where(*where)
            .group_by(area, QUARTER_KEY)
        )
        for code, key, n in session.execute(query):
            grid.setdefault(code, [0] * len(quarters))[column_of[key]] += n
        unlinked = (~exists().where(IA.c.interaction_id == I.c.id)).cast(Integer)
        query = (
            select(QUARTER_KEY, func.count(), func.sum(unlinked))
            .select_from(I)
            .where(*where)
            .group_by(QUARTER_KEY)
        )
        totals = [0] * len(quarters)
        for key, n, without_links in session.execute(query):
            totals[column_of[key]] = n
            grid[None][column_of[key]] += int(without_links or 0)
    return AreaSeries(
        quarters=quarters,
        areas=cat.areas,
        counts=tuple(tuple(grid[a.code]) for a in cat.areas),
        totals=tuple(totals),
    )


@dataclass(frozen=True)
class TypeCount:
    type: str
    count: int


def interactions_by_type(
    db: Database, date_from: dt.date, date_to: dt.date
) -> tuple[TypeCount, ...]:
    """Every interaction type (in the catalogue's order, zeros included) and how many
    interactions of that type count in the range."""
    check_range(date_from, date_to)
    counts = (
        select(I.c.type_id, func.count().label("n"))
        .where(*counted_clauses(date_from, date_to))
        .group_by(I.c.type_id)
        .subquery()
    )
    query = (
        select(T.c.name, func.coalesce(counts.c.n, 0))
        .select_from(T.outerjoin(counts, counts.c.type_id == T.c.id))
        .order_by(T.c.sort_order, T.c.name)
    )
    with db.read() as session:
        return tuple(TypeCount(name, n) for name, n in session.execute(query))


__all__ = [
    "NO_AREA",
    "AreaKey",
    "AreaSeries",
    "CoverageMatrix",
    "CoverageRow",
    "TypeCount",
    "counted_interactions",
    "coverage_matrix",
    "interactions_by_type",
    "interactions_per_quarter_by_area",
    "quarters_between",
]
