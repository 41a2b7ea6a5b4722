"""The dashboard's reads, each a function returning an ``Op``."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from eunato_desk.core.analysis import checklist, coverage
from eunato_desk.core.periods import Quarter
from eunato_desk.core.storage.db import Database
from eunato_desk.ui.ops import DbExecutor, JobContext, Op


def load_dashboard(
    parent: QWidget, executor: DbExecutor, date_from: dt.date, date_to: dt.date, quarter: Quarter
) -> Op:
    """(per quarter by area, by type, the coverage matrix, the quarter's checklist)."""

    def dashboard(db: Database, _c: JobContext):  # type: ignore[no-untyped-def]
        return (
            coverage.interactions_per_quarter_by_area(db, date_from, date_to),
            coverage.interactions_by_type(db, date_from, date_to),
            coverage.coverage_matrix(db, date_from, date_to),
            checklist.period_end_checklist(db, quarter),
        )

    return Op(parent, executor, dashboard, writes=False)


def counted_interactions(
    parent: QWidget, executor: DbExecutor, action_uuid: str, date_from: dt.date, date_to: dt.date
) -> Op:
    """Exactly the interactions a coverage cell counts (not cancelled, not in the Trash)."""

    def counted(db: Database, _c: JobContext) -> tuple[str, ...]:
        return coverage.counted_interactions(db, action_uuid, date_from, date_to)

    return Op(parent, executor, counted, writes=False)
