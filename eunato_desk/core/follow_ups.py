"""Follow-ups: next steps agreed at an interaction, optionally for one of its actions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from eunato_desk.core.errors import NotFoundError, ValidationError
from eunato_desk.core.models import Action, FollowUp, Interaction, InteractionAction, utc_now_text
from eunato_desk.core.records import FollowUpInput, FollowUpRecord, InteractionInput
from eunato_desk.core.storage.db import Database
from eunato_desk.core.versions import bump, bump_ids

TEXT_MAX = 2000


def _record(f: FollowUp, i: Interaction, number: int | None, today: dt.date) -> FollowUpRecord:
    return FollowUpRecord(
        uuid=f.uuid,
        interaction_uuid=i.uuid,
        interaction_title=i.title,
        interaction_date=i.start_date,
        action_number=number,
        text=f.text,
        owner=f.owner,
        due_date=f.due_date,
        done_at=f.done_at,
        overdue=f.done_at is None and f.due_date is not None and f.due_date < today,
    )


def _query():  # type: ignore[no-untyped-def]
    return (
        select(FollowUp, Interaction, Action.number)
        .join(Interaction, Interaction.id == FollowUp.interaction_id)
        .outerjoin(Action, Action.id == FollowUp.action_id)
        .where(Interaction.deleted_at.is_(None))
    )


def validate_follow_up(text: str) -> None:
    if not text or not text.strip():
        raise ValidationError("follow-up", "say what is to be done.")
    if len(text) > TEXT_MAX:
        raise ValidationError("follow-up", f"at most {TEXT_MAX} characters.")


def _linked_action_id(session: Session, interaction: Interaction, number: int | None) -> int | None:
    """The id of action ``number`` if the interaction is linked to it (None for no action)."""
    if number is None:
        return None
    action_id = session.scalar(
        select(Action.id)
        .join(InteractionAction, InteractionAction.action_id == Action.id)
        .where(InteractionAction.interaction_id == interaction.id, Action.number == number)
    )
    if action_id is None:
        raise ValidationError(
            "follow-up action", f"action {number} is not linked to this interaction."
        )
    return action_id


def add_follow_up_in(
    session: Session, interaction: Interaction, data: FollowUpInput, officer: str = ""
) -> FollowUp:
    """Add a follow-up inside an open write transaction (the interaction is already flushed).
    The action, if given, must be one the interaction is linked to."""
    validate_follow_up(data.text)
    action_id = _linked_action_id(session, interaction, data.action_number)
    now = utc_now_text()
    row = FollowUp(
        interaction_id=interaction.id,
        action_id=action_id,
        text=data.text.strip(),
        owner=data.owner.strip(),
        due_date=data.due_date,
        created_at=now,
        updated_at=now,
        created_by=officer,
    )
    session.add(row)
    session.flush()
    return row


def _own_follow_up(session: Session, interaction: Interaction, uuid: str) -> FollowUp:
    row = session.scalar(
        select(FollowUp).where(FollowUp.uuid == uuid, FollowUp.interaction_id == interaction.id)
    )
    if row is None:
        raise NotFoundError(f"No follow-up with id {uuid} in '{interaction.title}'.")
    return row


def save_follow_ups_in(
    session: Session, interaction: Interaction, data: InteractionInput, officer: str = ""
) -> None:
    """Inside an interaction's save (the interaction is flushed): remove, change and add its
    follow-ups as the editor left them. A changed action must be linked to the interaction."""
    for uuid in data.removed_follow_ups:
        session.delete(_own_follow_up(session, interaction, uuid))
    now = utc_now_text()
    for change in data.changed_follow_ups:
        validate_follow_up(change.text)
        row = _own_follow_up(session, interaction, change.uuid)
        row.text = change.text.strip()
        row.owner = change.owner.strip()
        row.due_date = change.due_date
        row.action_id = _linked_action_id(session, interaction, change.action_number)
        if change.done != (row.done_at is not None):
            row.done_at = now if change.done else None
        if session.is_modified(row):
            row.updated_at = now
    for follow_up in data.new_follow_ups:
        add_follow_up_in(session, interaction, follow_up, officer)
    session.flush()


def add_follow_up(
    db: Database,
    interaction_uuid: str,
    text: str,
    *,
    owner: str = "",
    due_date: dt.date | None = None,
    action_number: int | None = None,
    officer: str = "",
    today: dt.date | None = None,
) -> FollowUpRecord:
    """Record a next step for an existing interaction (one transaction)."""
    data = FollowUpInput(text, owner, due_date, action_number)
    validate_follow_up(text)
    with db.write() as session:
        interaction = session.scalar(
            select(Interaction).where(Interaction.uuid == interaction_uuid)
        )
        if interaction is None:
            raise NotFoundError(f"No interaction with id {interaction_uuid}.")
        row = add_follow_up_in(session, interaction, data, officer)
        bump(interaction)
        return _record(row, interaction, action_number, today or dt.date.today())


def set_follow_ups_done(db: Database, uuids: list[str], done: bool = True) -> int:
    """Mark follow-ups done (or open again), in one transaction. Returns how many changed."""
    now = utc_now_text()
    changed = 0
    parents: set[int] = set()
    with db.write() as session:
        for uuid in uuids:
            row = session.scalar(select(FollowUp).where(FollowUp.uuid == uuid))
            if row is None:
                raise NotFoundError(f"No follow-up with id {uuid}.")
            if (row.done_at is not None) != done:
                row.done_at = now if done else None
                row.updated_at = now
                parents.add(row.interaction_id)
                changed += 1
        bump_ids(session, parents)  # their interactions: one more version each
    return changed


def set_follow_up_done(db: Database, uuid: str, done: bool = True) -> None:
    set_follow_ups_done(db, [uuid], done)


def delete_follow_up(db: Database, uuid: str) -> None:
    with db.write() as session:
        row = session.scalar(select(FollowUp).where(FollowUp.uuid == uuid))
        if row is None:
            raise NotFoundError(f"No follow-up with id {uuid}.")
        bump_ids(session, [row.interaction_id])
        session.delete(row)


def list_follow_ups(
    db: Database,
    *,
    include_done: bool = False,
    overdue_only: bool = False,
    interaction_uuid: str | None = None,
    today: dt.date | None = None,
) -> list[FollowUpRecord]:
    """Open follow-ups (and done ones if asked): overdue first, then by due date (undated
    last), then oldest first."""
    today = today or dt.date.today()
    query = _query()
    if not include_done:
        query = query.where(FollowUp.done_at.is_(None))
    if interaction_uuid is not None:
        query = query.where(Interaction.uuid == interaction_uuid)
    with db.read() as session:
        rows = [_record(f, i, n, today) for f, i, n in session.execute(query).all()]
    if overdue_only:
        rows = [r for r in rows if r.overdue]
    return sorted(
        rows,
        key=lambda r: (
            r.done_at is not None,
            not r.overdue,
            r.due_date is None,
            r.due_date or dt.date.max,
            r.interaction_date,
        ),
    )


def follow_ups_for_actions(
    session: Session, action_ids: list[int], today: dt.date
) -> dict[int, list[FollowUpRecord]]:
    """Open follow-ups per action id (within an open read session)."""
    out: dict[int, list[FollowUpRecord]] = defaultdict(list)
    if not action_ids:
        return out
    query = (
        _query()
        .add_columns(FollowUp.action_id)
        .where(FollowUp.done_at.is_(None), FollowUp.action_id.in_(action_ids))
        .order_by(FollowUp.due_date.is_(None), FollowUp.due_date, FollowUp.id)
    )
    for f, i, n, action_id in session.execute(query).all():
        out[action_id].append(_record(f, i, n, today))
    return out
