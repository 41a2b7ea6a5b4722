"""The period-end checklist of a quarter: what is still missing before the quarter is closed.

Four lines, each carrying what it counts so the GUI can open exactly those items:

- **Actions with no interaction**: active actions whose coverage-matrix cell for the quarter
  is empty (same rules as ``core.coverage``: live, not cancelled, links made under an
  earlier number count for the new one). Carries the actions.
- **Planned interactions whose date has passed**: live interactions still ``planned`` whose
  start date is in the quarter and before ``today``. Carries their uuids and an
  ``InteractionFilter`` that lists exactly them.
- **Interactions with an empty summary**: live, not cancelled interactions of the quarter that
  have already started (start date on or before ``today``) and whose summary is blank.
  Carries their uuids (the interaction filter cannot express "empty summary").
- **Overdue follow-ups**: open follow-ups due before ``today``, whatever the quarter, as the
  Follow-ups view shows them (its rule: a follow-up of an interaction in the Trash is hidden).
  Carries their uuids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from eunato_desk.core.analysis.coverage import I, coverage_matrix
from eunato_desk.core.models import FollowUp
from eunato_desk.core.periods import Quarter
from eunato_desk.core.records import ActionRecord, InteractionFilter
from eunato_desk.core.storage.db import Database

F = FollowUp.__table__

QUIET_ACTIONS = "quiet_actions"
PLANNED_PASSED = "planned_passed"
EMPTY_SUMMARY = "empty_summary"
OVERDUE_FOLLOW_UPS = "overdue_follow_ups"


@dataclass(frozen=True)
class ChecklistLine:
    """One check. ``count`` is the length of whichever tuple the line fills."""

    key: str  # one of the four constants above
    label: str  # e.g. "Actions with no interaction in 2018 Q2"
    count: int
    actions: tuple[ActionRecord, ...] = ()
    interaction_uuids: tuple[str, ...] = ()
    follow_up_uuids: tuple[str, ...] = ()
    filter: InteractionFilter | None = None  # the interaction list showing exactly them

    @property
    def ok(self) -> bool:
        return self.count == 0

    @property
    def action_numbers(self) -> tuple[int, ...]:
        return tuple(a.number for a in self.actions if a.number is not None)

    def text(self) -> str:
        return f"{self.label}: {self.count}" if self.count else f"{self.label}: none"


@dataclass(frozen=True)
class Checklist:
    quarter: Quarter
    today: dt.date
    lines: tuple[ChecklistLine, ...]

    @property
    def all_clear(self) -> bool:
        return all(line.ok for line in self.lines)

    def line(self, key: str) -> ChecklistLine:
        return next(line for line in self.lines if line.key == key)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def period_end_checklist(db: Database, quarter: Quarter, today: dt.date | None = None) -> Checklist:
    """The four checks of ``quarter`` as of ``today`` (default: the current date)."""
    today = today or dt.date.today()
    matrix = coverage_matrix(db, quarter.start, quarter.end)
    quiet = tuple(row.action for row in matrix.rows if row.counts[0] == 0)
    passed_end = min(quarter.end, today - dt.timedelta(days=1))
    planned_filter = None
    if passed_end >= quarter.start:
        planned_filter = InteractionFilter(
            date_from=quarter.start, date_to=passed_end, status="planned"
        )
    with db.read() as session:
        planned = _uuids(session, _planned(quarter.start, passed_end)) if planned_filter else ()
        no_summary = _uuids(session, _empty_summary(quarter.start, min(quarter.end, today)))
        overdue = tuple(
            session.execute(
                select(F.c.uuid)
                .select_from(F.join(I, I.c.id == F.c.interaction_id))
                .where(I.c.deleted_at.is_(None), F.c.done_at.is_(None), F.c.due_date < today)
                .order_by(F.c.due_date, F.c.id)
            ).scalars()
        )
    label = quarter.label()
    lines = (
        ChecklistLine(
            QUIET_ACTIONS, f"Actions with no interaction in {label}", len(quiet), actions=quiet
        ),
        ChecklistLine(
            PLANNED_PASSED,
            "Planned interactions whose date has passed",
            len(planned),
            interaction_uuids=planned,
            filter=planned_filter,
        ),
        ChecklistLine(
            EMPTY_SUMMARY,
            f"Interactions of {label} with an empty summary",
            len(no_summary),
            interaction_uuids=no_summary,
        ),
        ChecklistLine(
            OVERDUE_FOLLOW_UPS, "Overdue follow-ups", len(overdue), follow_up_uuids=overdue
        ),
    )
    return Checklist(quarter=quarter, today=today, lines=lines)


def _planned(start: dt.date, end: dt.date) -> list[ColumnElement[bool]]:
    """Live interactions still planned, starting within the range."""
    return [I.c.deleted_at.is_(None), I.c.status == "planned", I.c.start_date.between(start, end)]


def _empty_summary(start: dt.date, end: dt.date) -> list[ColumnElement[bool]]:
    """Live, not cancelled interactions starting within the range, with a blank summary."""
    return [
        I.c.deleted_at.is_(None),
        I.c.status != "cancelled",
        I.c.start_date.between(start, end),
        func.trim(I.c.summary, " \t\r\n") == "",
    ]


def _uuids(session: Session, clauses: list[ColumnElement[bool]]) -> tuple[str, ...]:
    """The uuids of the interactions meeting ``clauses``, in date order."""
    query = select(I.c.uuid).where(*clauses).order_by(I.c.start_date, I.c.start_time, I.c.id)
    return tuple(session.execute(query).scalars())


def checklist_summary(checklist: Checklist) -> str:
    """One sentence for a status bar or a tooltip."""
    if checklist.all_clear:
        return f"{checklist.quarter.label()}: nothing left to check."
    missing = [line for line in checklist.lines if not line.ok]
    return f"{checklist.quarter.label()}: {_plural(len(missing), 'check')} to look at."
