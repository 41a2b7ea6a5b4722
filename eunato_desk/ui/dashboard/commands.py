"""The dashboard's reads, each a function returning an ``Op``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from PySide6.QtWidgets import QWidget

from eunato_desk.core import listing
from eunato_desk.core.analysis import checklist, coverage
from eunato_desk.core.analysis.checklist import Checklist
from eunato_desk.core.analysis.coverage import AreaSeries, CoverageMatrix, TypeCount
from eunato_desk.core.periods import Quarter
from eunato_desk.core.storage.db import Database
from eunato_desk.ui.dashboard.period_choice import FIRST_QUARTER, Shown
from eunato_desk.ui.ops import DbExecutor, JobContext, Op


@dataclass(frozen=True)
class DashboardData:
    """One reading: the period shown (its dates filled in) and everything counted in it."""

    shown: Shown
    home: Quarter  # the latest quarter with data so far (today's quarter when there is none)
    opened: bool  # the reading chose the period: the latest quarter with data
    has_data: bool  # any interaction counted at all, whatever its date
    series: AreaSeries
    types: tuple[TypeCount, ...]
    matrix: CoverageMatrix
    checklist: Checklist


def home_quarter(db: Database, today: dt.date) -> tuple[Quarter, Quarter | None]:
    """(the latest quarter with data up to today's quarter, else the latest one, else today's;
    the latest quarter with data, None when there is none)."""
    current = Quarter.of(today)
    latest = listing.latest_quarter_with_data(db)
    if latest is None:
        return current, None
    if latest <= current:
        return latest, latest
    return listing.latest_quarter_with_data(db, up_to=current.end) or latest, latest


def load_dashboard(
    parent: QWidget, executor: DbExecutor, shown: Shown | None, today: dt.date
) -> Op:
    """The dashboard for ``shown``; None: for the latest quarter with data (on opening)."""

    def dashboard(db: Database, _c: JobContext) -> DashboardData:
        home, latest = home_quarter(db, today)
        period = shown or Shown.quarter(home)
        if period.start is None or period.end is None:  # all dates, as far as there are any
            last = max(Quarter.of(today), latest or home)
            label = f"{period.label}, {FIRST_QUARTER.label()} – {last.label()}"
            start, end = FIRST_QUARTER.start, last.end
            period = replace(period, label=label, start=start, end=end)
        else:
            start, end = period.start, period.end
        return DashboardData(
            shown=period,
            home=home,
            opened=shown is None,
            has_data=latest is not None,
            series=coverage.interactions_per_quarter_by_area(db, start, end),
            types=coverage.interactions_by_type(db, start, end),
            matrix=coverage.coverage_matrix(db, start, end),
            checklist=checklist.period_end_checklist(db, period.checklist, today),
        )

    return Op(parent, executor, dashboard, writes=False)


def counted_interactions(
    parent: QWidget, executor: DbExecutor, action_uuid: str, date_from: dt.date, date_to: dt.date
) -> Op:
    """Exactly the interactions a coverage cell counts (not cancelled, not in the Trash)."""

    def counted(db: Database, _c: JobContext) -> tuple[str, ...]:
        return coverage.counted_interactions(db, action_uuid, date_from, date_to)

    return Op(parent, executor, counted, writes=False)
