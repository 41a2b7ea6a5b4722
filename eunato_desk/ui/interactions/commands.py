"""The interaction commands, each a function returning an ``Op`` (as Anki's aqt/operations):
open for editing, save (saying what the save changes), move to the Trash and back, empty the
Trash, add demo data.

Rows are named by their ids (the list always knows them, even for rows whose page is not
loaded); the work reads their uuids, and the actions they are linked to (what the change
touches), on the worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from eunato_desk.core import follow_ups, interactions, listing
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.records import (
    FollowUpRecord,
    InteractionFilter,
    InteractionInput,
    InteractionRecord,
    InteractionRow,
)
from eunato_desk.core.storage.db import Database
from eunato_desk.ui.changes import EVERYTHING, Changes, touched
from eunato_desk.ui.ops import DbExecutor, JobContext, Op

DEMO_COUNT = 300


@dataclass(frozen=True)
class Moved:
    """Interactions moved to the Trash or back: which, how many moved, the actions touched."""

    uuids: list[str]
    count: int
    actions: frozenset[int]


def _moved_changes(moved: Moved) -> Changes:
    return Changes(interactions=True, trash=True, follow_ups=True, actions=moved.actions)


def _actions_of(rows: Sequence[InteractionRow]) -> frozenset[int]:
    return touched(n for r in rows for n in r.actions)


def load_for_editing(parent: QWidget, executor: DbExecutor, uuid: str) -> Op:
    """The interaction and all its follow-ups (done ones too): (record, follow-ups)."""

    def for_editing(db: Database, _c: JobContext):  # type: ignore[no-untyped-def]
        record = interactions.get_interaction(db, uuid)
        return record, follow_ups.list_follow_ups(db, include_done=True, interaction_uuid=uuid)

    return Op(parent, executor, for_editing, writes=False)


def load_interaction(parent: QWidget, executor: DbExecutor, uuid: str) -> Op:
    def interaction(db: Database, _c: JobContext) -> InteractionRecord:
        return interactions.get_interaction(db, uuid)

    return Op(parent, executor, interaction, writes=False)


def save_changes(
    before: InteractionRecord | None,
    data: InteractionInput,
    follow_ups_before: Sequence[FollowUpRecord],
    people: set[str],
) -> Changes:
    """What saving ``data`` over ``before`` changes: the list always; the actions linked
    before or after; the follow-ups if they change or their interaction's date or title does
    (the Follow-ups view shows them); the vocabulary if a new participant joins it."""
    moved = before is None or (before.title, before.start_date) != (data.title, data.start_date)
    edited = data.new_follow_ups or data.changed_follow_ups or data.removed_follow_ups
    links = [lk.number for lk in before.links] if before else []
    return Changes(
        interactions=True,
        follow_ups=bool(edited or (follow_ups_before and moved)),
        vocabulary=any(name not in people for name in data.participants),
        actions=touched(links + [lk.number for lk in data.links]),
    )


def save_interaction(
    parent: QWidget, executor: DbExecutor, uuid: str | None, data: InteractionInput,
    officer: str, changes: Changes, expected_version: int | None = None,
) -> Op:  # fmt: skip
    """Create (``uuid`` None) or update, follow-up changes included, in one transaction. An
    update with ``expected_version`` (the version the editor loaded) fails with the core's
    ``ConflictError``, writing nothing, when someone else saved the interaction since."""

    def save(db: Database, _ctx: JobContext) -> interactions.SaveResult:
        return interactions.save_interaction(
            db, uuid, data, officer=officer, expected_version=expected_version
        )

    return Op(parent, executor, save, changes=changes)


def delete_interactions(parent: QWidget, executor: DbExecutor, ids: list[int], officer: str) -> Op:
    """Move to the Trash (one transaction)."""

    def delete(db: Database, _c: JobContext) -> Moved:
        rows = listing.fetch_rows(db, ids)
        uuids = [r.uuid for r in rows]
        return Moved(uuids, interactions.delete_interactions(db, uuids, officer), _actions_of(rows))

    return Op(parent, executor, delete, changes=_moved_changes)


def restore_interactions(
    parent: QWidget, executor: DbExecutor, *, ids: list[int] | None = None,
    uuids: list[str] | None = None,
) -> Op:  # fmt: skip
    """Bring back from the Trash the rows ``ids`` (selected in it) or the interactions
    ``uuids`` (the last delete, undone)."""

    def restore(db: Database, _c: JobContext) -> Moved:
        named = list(uuids or [r.uuid for r in listing.fetch_rows(db, ids or [])])
        count = interactions.restore_interactions(db, named)
        live = listing.interaction_ids(db, InteractionFilter(uuids=tuple(named)))
        return Moved(named, count, _actions_of(listing.fetch_rows(db, live)))

    return Op(parent, executor, restore, changes=_moved_changes)


def empty_trash(parent: QWidget, executor: DbExecutor, ids: list[int] | None = None) -> Op:
    """Delete for good: the rows ``ids`` of the Trash, or everything in it."""

    def delete_for_good(db: Database, _c: JobContext) -> int:
        uuids = None if ids is None else [r.uuid for r in listing.fetch_rows(db, ids)]
        return interactions.empty_trash(db, uuids)

    return Op(parent, executor, delete_for_good, changes=Changes(trash=True))


def add_demo_data(parent: QWidget, executor: DbExecutor, count: int = DEMO_COUNT) -> Op:
    def demo(db: Database, ctx: JobContext) -> int:
        return generate_demo_data(db, count, seed=1, progress=ctx.report, cancelled=ctx.cancelled)

    return Op(parent, executor, demo, changes=EVERYTHING).with_progress("Adding demo interactions…")
