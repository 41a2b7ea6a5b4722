"""The draft of a joint progress report: what was done for each action in a reporting period.

Structure, as the joint progress reports: an executive summary (interactions per area in the
period and in the previous period of the same length, ``report_periods.previous_period``; the
active actions with and without activity; the most recent interactions with a recorded
outcome as highlights); then per area (in area order, "No area" last) and per action (by
number), the interactions (date, type, title, outcome); then the counts per type and area;
then the active actions with no activity. The counting rules are those of ``core.coverage``
(live, not cancelled, start date in the period, links made under an earlier number counted
for the new one), for both periods. An interaction linked to actions of two areas is listed
under each action and counted in each area, once in the totals. Interactions linked to no
action are listed at the end of "No area", so every counted interaction appears.

Markings (``markings``): each item carries its own, the report the highest of its items.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from eunato_desk.core.analysis.coverage import (
    IA,
    NO_AREA,
    AreaKey,
    Catalogue,
    T,
    check_range,
    counted_clauses,
    link_target,
    load_catalogue,
)
from eunato_desk.core.analysis.coverage import I as INTERACTION
from eunato_desk.core.analysis.markings import MarkingScale, marking_scale
from eunato_desk.core.analysis.report_data import (
    AreaComparison,
    Comparison,
    ProgressReport,
    ReportAction,
    ReportArea,
    ReportItem,
    TypeAreaTable,
)
from eunato_desk.core.analysis.report_periods import (
    REPORT_PERIODS,
    period_label,
    previous_period,
)
from eunato_desk.core.models import HandlingMarking, utc_now_text
from eunato_desk.core.storage.db import Database

HIGHLIGHTS = 5  # interactions with an outcome in the executive summary
M = HandlingMarking.__table__
AreaSets = dict[int | None, set[int]]  # area code -> the ids of its counted interactions


def _item(row, scale: MarkingScale) -> ReportItem:  # type: ignore[no-untyped-def]
    day = row.start_date
    return ReportItem(
        interaction_uuid=row.uuid,
        date=day if isinstance(day, dt.date) else dt.date.fromisoformat(day),
        type=row.type,
        title=row.title,
        outcome=row.outcome,
        status=row.status,
        marking=row.marking,
        marking_label=scale.label(row.marking),
    )


def _area_sets(cat: Catalogue, pairs: Iterable[tuple[int | None, int]]) -> AreaSets:
    """(the action a link counts for, or None for no link; interaction id) -> the counted
    interactions of each area: an interaction once in each area of its actions."""
    area_ids: AreaSets = defaultdict(set)
    for target, iid in pairs:
        area_ids[None if target is None else cat.records[target].area_code].add(iid)
    return area_ids


def _counted(session: Session, cat: Catalogue, date_from: dt.date, date_to: dt.date) -> AreaSets:
    """The area sets of a period, from ids alone (the previous period of the summary)."""
    I = INTERACTION  # noqa: E741
    where = counted_clauses(date_from, date_to)
    linked = session.execute(
        select(link_target(cat), I.c.id)
        .distinct()
        .select_from(I.join(IA, IA.c.interaction_id == I.c.id))
        .where(*where)
    ).all()
    unlinked = session.execute(
        select(I.c.id).where(*where, ~exists().where(IA.c.interaction_id == I.c.id))
    ).scalars()
    return _area_sets(cat, [*linked, *((None, iid) for iid in unlinked)])


def _fetch(db: Database, date_from: dt.date, date_to: dt.date):  # type: ignore[no-untyped-def]
    """The catalogue, the (target action id, interaction) pairs, the unlinked rows, the types
    in order, the marking scale and the area sets of the previous period."""
    I = INTERACTION  # noqa: E741
    columns = (
        I.c.id,
        I.c.uuid,
        I.c.start_date,
        I.c.start_time,
        T.c.name.label("type"),
        I.c.title,
        I.c.outcome,
        I.c.status,
        M.c.name.label("marking"),
    )
    order = (I.c.start_date, I.c.start_time, I.c.id)
    where = counted_clauses(date_from, date_to)
    with db.read() as session:
        cat = load_catalogue(session)
        query = (
            select(link_target(cat).label("target"), *columns)
            .distinct()
            .select_from(I.join(IA, IA.c.interaction_id == I.c.id))
            .join(T, T.c.id == I.c.type_id)
            .join(M, M.c.id == I.c.marking_id)
            .where(*where)
            .order_by(*order)
        )
        linked = session.execute(query).all()
        unlinked = session.execute(
            select(*columns)
            .select_from(I.join(T, T.c.id == I.c.type_id).join(M, M.c.id == I.c.marking_id))
            .where(*where, ~exists().where(IA.c.interaction_id == I.c.id))
            .order_by(*order)
        ).all()
        types = list(session.execute(select(T.c.name).order_by(T.c.sort_order, T.c.name)).scalars())
        scale = marking_scale(session)
        previous = _counted(session, cat, *previous_period(date_from, date_to))
    return cat, linked, unlinked, types, scale, previous


def _areas(
    cat: Catalogue,
    items: dict[int, list[ReportItem]],
    area_ids: AreaSets,
    no_action: tuple[ReportItem, ...],
) -> list[ReportArea]:
    """The areas with activity, in area order, each with its actions by number."""
    areas = []
    for area in cat.areas:
        acts = sorted(
            (aid for aid in items if cat.records[aid].area_code == area.code),
            key=lambda aid: cat.action_sort_key(cat.records[aid]),
        )
        extra = no_action if area.code is None else ()
        if acts or extra:
            areas.append(
                ReportArea(
                    area=area,
                    actions=tuple(ReportAction(cat.records[a], tuple(items[a])) for a in acts),
                    unlinked=extra,
                    count=len(area_ids[area.code]),
                )
            )
    return areas


def _table(
    columns: tuple[AreaKey, ...],
    area_ids: AreaSets,
    type_of: dict[int, str],
    type_order: list[str],
) -> TypeAreaTable:
    """Interactions per type and area (only types and areas with activity)."""
    per_cell: Counter[tuple[str, int | None]] = Counter()
    for code, ids in area_ids.items():
        per_cell.update((type_of[i], code) for i in ids)
    per_type = Counter(type_of.values())
    types = tuple(t for t in type_order if per_type[t])
    return TypeAreaTable(
        types=types,
        areas=columns,
        counts=tuple(tuple(per_cell[t, a.code] for a in columns) for t in types),
        type_totals=tuple(per_type[t] for t in types),
        area_totals=tuple(len(area_ids[a.code]) for a in columns),
        total=len(type_of),
    )


def _comparison(
    cat: Catalogue, now: AreaSets, before: AreaSets, date_from: dt.date, date_to: dt.date
) -> Comparison:
    """Interactions per area in the period and in the previous one (areas with either)."""
    start, end = previous_period(date_from, date_to)
    rows = tuple(
        AreaComparison(area, len(now[area.code]), len(before[area.code]))
        for area in cat.areas
        if now[area.code] or before[area.code]
    )
    return Comparison(
        date_from=start,
        date_to=end,
        areas=rows,
        total=len(set().union(*now.values())),
        previous_total=len(set().union(*before.values())),
    )


def _highlights(made: dict[int, ReportItem], numbers: dict[int, set[int]]) -> list[ReportItem]:
    """The most recent interactions with a recorded outcome, newest first, with the numbers
    of the actions they count for."""
    with_outcome = [(iid, item) for iid, item in made.items() if item.outcome.strip()]
    recent = sorted(with_outcome, key=lambda pair: (pair[1].date, pair[0]), reverse=True)
    return [
        ReportItem(**{**vars(item), "actions": tuple(sorted(numbers.get(iid, ())))})
        for iid, item in recent[:HIGHLIGHTS]
    ]


def build_report(
    db: Database,
    date_from: dt.date,
    date_to: dt.date,
    today: dt.date | None = None,
    *,
    officer: str = "",
) -> ProgressReport:
    """The draft report of the period (one read transaction; see the module's rules).
    ``officer``: who makes it (the document's author)."""
    check_range(date_from, date_to)
    today = today or dt.date.today()
    cat, linked, unlinked, type_order, scale, before = _fetch(db, date_from, date_to)
    items: dict[int, list[ReportItem]] = defaultdict(list)
    type_of: dict[int, str] = {}
    made: dict[int, ReportItem] = {}  # one bullet object per interaction, however linked
    numbers: dict[int, set[int]] = defaultdict(set)
    for row in [*linked, *unlinked]:
        if row.id not in made:
            made[row.id] = _item(row, scale)
            type_of[row.id] = row.type
    for row in linked:
        items[row.target].append(made[row.id])
        if cat.records[row.target].number is not None:
            numbers[row.id].add(cat.records[row.target].number)
    area_ids = _area_sets(
        cat, [*((r.target, r.id) for r in linked), *((None, r.id) for r in unlinked)]
    )
    no_action = tuple(made[row.id] for row in unlinked)

    areas = _areas(cat, items, area_ids, no_action)
    table = _table(tuple(a.area for a in areas), area_ids, type_of, type_order)
    active = sorted(
        (r for r in cat.records.values() if r.status == "active"),
        key=lambda r: (r.number is None, r.number or 0, r.title.casefold()),
    )
    with_activity = {cat.records[aid].uuid for aid in items}
    return ProgressReport(
        title="Progress report draft",
        subtitle=period_label(date_from, date_to),
        date_from=date_from,
        date_to=date_to,
        today=today,
        generated_at=utc_now_text(),
        total=len(type_of),
        active_actions=len(active),
        areas=tuple(areas),
        table=table,
        quiet_actions=tuple(r for r in active if r.uuid not in with_activity),
        comparison=_comparison(cat, area_ids, before, date_from, date_to),
        highlights=tuple(_highlights(made, numbers)),
        author=officer,
        marking=scale.highest(item.marking for item in made.values()),
        lowest_marking=scale.lowest,
    )


__all__ = [
    "NO_AREA",
    "REPORT_PERIODS",
    "AreaComparison",
    "Comparison",
    "ProgressReport",
    "ReportAction",
    "ReportArea",
    "ReportItem",
    "TypeAreaTable",
    "build_report",
    "period_label",
]
