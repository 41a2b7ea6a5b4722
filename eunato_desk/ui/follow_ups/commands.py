"""The follow-up commands, each a function returning an ``Op``."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from eunato_desk.core import follow_ups
from eunato_desk.core.records import FollowUpRecord
from eunato_desk.core.storage.db import Database
from eunato_desk.ui.changes import Changes, touched
from eunato_desk.ui.ops import DbExecutor, JobContext, Op


def load_follow_ups(parent: QWidget, executor: DbExecutor, *, include_done: bool) -> Op:
    """Open follow-ups, overdue first (and done ones if asked)."""

    def follow_up_list(db: Database, _c: JobContext) -> list[FollowUpRecord]:
        return follow_ups.list_follow_ups(db, include_done=include_done)

    return Op(parent, executor, follow_up_list, writes=False)


def mark_follow_ups(
    parent: QWidget, executor: DbExecutor, rows: list[FollowUpRecord], done: bool
) -> Op:
    """Mark done (or open again); their actions' pages list the open ones."""
    uuids = [f.uuid for f in rows]

    def mark(db: Database, _c: JobContext) -> int:
        return follow_ups.set_follow_ups_done(db, uuids, done)

    changes = Changes(follow_ups=True, actions=touched(f.action_number for f in rows))
    return Op(parent, executor, mark, changes=changes)
