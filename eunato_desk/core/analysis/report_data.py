"""What a progress-report draft holds (built by ``report.build_report``): frozen records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from eunato_desk.core.analysis.coverage import AreaKey
from eunato_desk.core.analysis.report_periods import range_text
from eunato_desk.core.records import ActionRecord


@dataclass(frozen=True)
class ReportItem:
    """One interaction as the draft lists it."""

    interaction_uuid: str
    date: dt.date
    type: str
    title: str
    outcome: str
    status: str
    marking: str = ""
    marking_label: str = ""  # the marking, or "" when it is the lowest-ranked one
    actions: tuple[int, ...] = ()  # highlights: the numbers of the actions it counts for


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
class AreaComparison:
    area: AreaKey
    count: int  # distinct interactions of the area in the period
    previous: int  # ... in the previous period of the same length


@dataclass(frozen=True)
class Comparison:
    """The executive summary's comparison with the previous period of the same length."""

    date_from: dt.date  # the previous period
    date_to: dt.date
    areas: tuple[AreaComparison, ...]  # areas with activity in either period, in area order
    total: int
    previous_total: int


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
    comparison: Comparison | None = None
    highlights: tuple[ReportItem, ...] = ()  # newest first
    author: str = ""  # the officer who made it
    marking: str = ""  # the highest marking of its items
    lowest_marking: str = ""

    @property
    def document_title(self) -> str:
        return f"{self.title}: {self.subtitle}"

    @property
    def subject(self) -> str:
        return (
            "Draft joint progress report on EU-NATO cooperation: staff-to-staff interactions, "
            f"{range_text(self.date_from, self.date_to)}"
        )

    @property
    def actions_with_activity(self) -> tuple[ReportAction, ...]:
        return tuple(a for area in self.areas for a in area.actions)

    @property
    def active_with_activity(self) -> int:
        """Active actions with at least one interaction (retired ones are listed too)."""
        return sum(1 for a in self.actions_with_activity if a.action.status == "active")

    @property
    def period_open(self) -> bool:
        """True when the period runs past ``today`` (the draft counts what exists so far)."""
        return self.date_to >= self.today


__all__ = [
    "AreaComparison",
    "Comparison",
    "ProgressReport",
    "ReportAction",
    "ReportArea",
    "ReportItem",
    "TypeAreaTable",
]
