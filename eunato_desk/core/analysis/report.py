"""The draft of a joint progress report: what was done for each action in a reporting period.

Structure: per area (in area order, "No area" last), then per action (by number), the number
of interactions and one bullet per interaction (date, type, title, outcome); then a table of
counts per type and area; then the active actions with no activity. The counting rules are
those of ``core.coverage`` (live, not cancelled, start date in the period, links made under
an earlier number counted for the new one). An interaction linked to actions of two areas is
listed under each action and counted in each area, once in the totals. Interactions linked
to no action are listed at the end of "No area", so every counted interaction appears.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import exists, select

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
from eunato_desk.core.models import utc_now_text
from eunato_desk.core.records import ActionRecord
from eunato_desk.core.storage.db import Database

# The joint progress reports (DOMAIN.md, section 4): (label, first day, last day).
# Periods are read as whole months, as the sources give them, so two neighbouring periods
# may share a month (a report is dated in the month its period ends). Report 5 is described
# as "Jun 2019–Jun 2020"; like the reports after it, it is taken as June to May.
REPORT_PERIODS: tuple[tuple[str, dt.date, dt.date], ...] = (
    ("1st report (June 2017): December 2016 – June 2017 (inferred)",
     dt.date(2016, 12, 1), dt.date(2017, 6, 30)),
    ("2nd report (December 2017): June – December 2017 (inferred)",
     dt.date(2017, 6, 1), dt.date(2017, 12, 31)),
    ("3rd report (June 2018): January – June 2018",
     dt.date(2018, 1, 1), dt.date(2018, 6, 30)),
    ("4th report (June 2019): June 2018 – May 2019 (inferred)",
     dt.date(2018, 6, 1), dt.date(2019, 5, 31)),
    ("5th report (June 2020): June 2019 – May 2020",
     dt.date(2019, 6, 1), dt.date(2020, 5, 31)),
    ("6th report (June 2021): June 2020 – May 2021",
     dt.date(2020, 6, 1), dt.date(2021, 5, 31)),
    ("7th report (June 2022): June 2021 – May 2022",
     dt.date(2021, 6, 1), dt.date(2022, 5, 31)),
    ("8th report (June 2023): June 2022 – May 2023",
     dt.date(2022, 6, 1), dt.date(2023, 5, 31)),
    ("9th report (June 2024): June 2023 – May 2024",
     dt.date(2023, 6, 1), dt.date(2024, 5, 31)),
    ("10th report (2025): June 2024 – May 2025 (inferred)",
     dt.date(2024, 6, 1), dt.date(2025, 5, 31)),
)  # fmt: skip


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def day_text(day: dt.date) -> str:
    """'1 June 2018' (English month names, whatever the locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def period_label(date_from: dt.date, date_to: dt.date) -> str:
    """The report period's label when the range is one, else the range in words."""
    for label, start, end in REPORT_PERIODS:
        if (start, end) == (date_from, date_to):
            return label
    return f"{day_text(date_from)} – {day_text(date_to)}"


@dataclass(frozen=True)
class ReportItem:
    """One bullet: an interaction."""

    interaction_uuid: str
    date: dt.date
    type: str
    title: str
    outcome: str
    status: str


@dataclass(frozen=True)
class ReportAction:
    action: ActionRecord
    items: tuple[ReportItem, ...]  # in date order

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class ReportArea:
    area: AreaKey
    actions: tuple[ReportAction, ...]  # only actions with activity, by number
    unlinked: tuple[ReportItem, ...]  # "No area" only: interactions linked to no action
    count: int  # distinct interactions of the area


@dataclass(frozen=True)
class TypeAreaTable:
    """``counts[t][a]`` for ``types[t]`` and ``areas[a]``; only types and areas with activity."""

    types: tuple[str, ...]
    areas: tuple[AreaKey, ...]
    counts: tuple[tuple[int, ...], ...]
    type_totals: tuple[int, ...]  # distinct interactions per type
    area_totals: tuple[int, ...]  # distinct interactions per area
    total: int


@dataclass(frozen=True)
class ProgressReport:
    title: str
    subtitle: str  # the period
    date_from: dt.date
    date_to: dt.date
    today: dt.date
    generated_at: str
    total: int  # distinct interactions in the period
    active_actions: int
    areas: tuple[ReportArea, ...]
    table: TypeAreaTable
    quiet_actions: tuple[ActionRecord, ...]  # active actions with no activity, by number

    @property
    def actions_with_activity(self) -> tuple[ReportAction, ...]:
        return tuple(a for area in self.areas for a in area.actions)

    @property
    def period_open(self) -> bool:
        """True when the period runs past ``today`` (the draft counts what exists so far)."""
        return self.date_to >= self.today


def _item(row) -> ReportItem:  # type: ignore[no-untyped-def]
    day = row.start_date
    return ReportItem(
        interaction_uuid=row.uuid,
        date=day if isinstance(day, dt.date) else dt.date.fromisoformat(day),
        type=row.type,
        title=row.title,
        outcome=row.outcome,
        status=row.status,
    )


def _fetch(db: Database, date_from: dt.date, date_to: dt.date):  # type: ignore[no-untyped-def]
    """The catalogue, the (target action id, interaction) pairs and the unlinked items."""
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
            .where(*where)
            .order_by(*order)
        )
        linked = session.execute(query).all()
        unlinked = session.execute(
            select(*columns)
            .select_from(I.join(T, T.c.id == I.c.type_id))
            .where(*where, ~exists().where(IA.c.interaction_id == I.c.id))
            .order_by(*order)
        ).all()
        types = list(session.execute(select(T.c.name).order_by(T.c.sort_order, T.c.name)).scalars())
    return cat, linked, unlinked, types


def _areas(
    cat: Catalogue,
    items: dict[int, list[ReportItem]],
    area_ids: dict[int | None, set[int]],
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
    area_ids: dict[int | None, set[int]],
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


def build_report(
    db: Database, date_from: dt.date, date_to: dt.date, today: dt.date | None = None
) -> ProgressReport:
    """The draft report of the period (one read transaction; see the module's rules)."""
    check_range(date_from, date_to)
    today = today or dt.date.today()
    cat, linked, unlinked, type_order = _fetch(db, date_from, date_to)
    items: dict[int, list[ReportItem]] = defaultdict(list)
    area_ids: dict[int | None, set[int]] = defaultdict(set)
    type_of: dict[int, str] = {}
    made: dict[int, ReportItem] = {}  # one bullet object per interaction, however linked
    for row in linked:
        if row.id not in made:
            made[row.id] = _item(row)
        items[row.target].append(made[row.id])
        area_ids[cat.records[row.target].area_code].add(row.id)
        type_of[row.id] = row.type
    for row in unlinked:
        area_ids[None].add(row.id)
        type_of[row.id] = row.type
    no_action = tuple(_item(row) for row in unlinked)

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
    )


__all__ = [
    "NO_AREA",
    "REPORT_PERIODS",
    "ProgressReport",
    "ReportAction",
    "ReportArea",
    "ReportItem",
    "TypeAreaTable",
    "build_report",
    "period_label",
]
