"""Catalogue maintenance: edit, add, retire, renumber, merge and split actions.

Links stay valid: a renumbered or merged action is retired with ``superseded_by`` pointing at
its successor and its links move there, so history is found from the old and the new number;
a split copies the links to the new action, so both show them. Every change is recorded in
``action_change`` with date and officer, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.models import (
    ACTION_SETS,
    Action,
    ActionChange,
    Area,
    InteractionAction,
    new_uuid,
    utc_now_text,
)
from eunato_desk.core.storage.db import Database


@dataclass(frozen=True)
class ActionEdit:
    title: str
    description: str = ""
    area_code: int | None = None
    set_year: int = 2016


def _active(session: Session, number: int, field: str = "number") -> Action:
    action = session.scalar(
        select(Action).where(Action.number == number, Action.status == "active")
    )
    if action is None:
        raise ValidationError(field, f"there is no active action number {number}.")
    return action


def _check_free(session: Session, number: int, field: str = "new number") -> None:
    if number <= 0:
        raise ValidationError(field, "must be a positive whole number.")
    if session.scalar(select(Action.id).where(Action.number == number, Action.status == "active")):
        raise ValidationError(field, f"action {number} already exists.")


def _area_id(session: Session, code: int | None) -> int | None:
    if code is None:
        return None
    area_id = session.scalar(select(Area.id).where(Area.code == code))
    if area_id is None:
        raise ValidationError("area", f"there is no area with code {code}.")
    return area_id


def validate_action_edit(edit: ActionEdit) -> None:
    if not edit.title.strip():
        raise ValidationError("title", "a title is required.")
    if len(edit.title) > 500:
        raise ValidationError("title", "at most 500 characters.")
    if edit.set_year not in ACTION_SETS:
        raise ValidationError("set", f"'{edit.set_year}' is not 2016 or 2017.")


def _log(session: Session, action: Action, kind: str, detail: str, officer: str) -> None:
    session.add(
        ActionChange(
            action_id=action.id,
            kind=kind,
            detail=detail,
            officer=officer,
            changed_at=utc_now_text(),
        )
    )


def _move_links(session: Session, source: Action, target: Action, *, copy: bool) -> int:
    """Links of ``source`` to ``target``. An interaction linked to both keeps one link whose
    note joins the two notes. Returns how many links were moved or copied."""
    links = list(
        session.scalars(select(InteractionAction).where(InteractionAction.action_id == source.id))
    )
    existing = {
        lk.interaction_id: lk
        for lk in session.scalars(
            select(InteractionAction).where(InteractionAction.action_id == target.id)
        )
    }
    for link in links:
        if link.interaction_id in existing:
            kept = existing[link.interaction_id]
            if link.note and link.note not in kept.note:
                kept.note = f"{kept.note}; {link.note}" if kept.note else link.note
            if not copy:
                session.delete(link)
        else:
            session.add(
                InteractionAction(
                    interaction_id=link.interaction_id, action_id=target.id, note=link.note
                )
            )
            if not copy:
                session.delete(link)
    session.flush()
    return len(links)


def _new_action(source: Action, number: int, **values: str) -> Action:
    """A new active action ``number`` in the set and area of ``source`` (a renumber's
    successor, a split's new part); ``values`` give its title and the rest."""
    values = {"description": "", **values}
    return Action(
        uuid=new_uuid(),
        number=number,
        set_year=source.set_year,
        area_id=source.area_id,
        status="active",
        **values,
    )


def update_action(db: Database, number: int, edit: ActionEdit, officer: str = "") -> None:
    validate_action_edit(edit)
    with db.write() as session:
        action = _active(session, number)
        changed = []
        area_id = _area_id(session, edit.area_code)
        for name, old, new in (
            ("title", action.title, edit.title.strip()),
            ("description", action.description, edit.description.strip()),
            ("area", action.area_id, area_id),
            ("set", action.set_year, edit.set_year),
        ):
            if old != new:
                changed.append(name)
        if not changed:
            return
        action.title = edit.title.strip()
        action.description = edit.description.strip()
        action.area_id = area_id
        action.set_year = edit.set_year
        action.updated_at = utc_now_text()
        _log(session, action, "edit", "changed " + ", ".join(changed), officer)


def add_action(db: Database, number: int, edit: ActionEdit, officer: str = "") -> None:
    validate_action_edit(edit)
    with db.write() as session:
        _check_free(session, number, "number")
        action = Action(
            uuid=new_uuid(),
            number=number,
            set_year=edit.set_year,
            area_id=_area_id(session, edit.area_code),
            title=edit.title.strip(),
            description=edit.description.strip(),
            status="active",
            confidence="to_be_confirmed",
        )
        session.add(action)
        session.flush()
        _log(session, action, "create", f"added as action {number}", officer)


def retire_action(db: Database, number: int, officer: str = "") -> None:
    """Retire an action: it leaves the catalogue; its links and history stay."""
    with db.write() as session:
        action = _active(session, number)
        action.status = "retired"
        action.updated_at = utc_now_text()
        _log(session, action, "retire", f"action {number} retired", officer)


def renumber_action(db: Database, old: int, new: int, officer: str = "") -> None:
    with db.write() as session:
        source = _active(session, old, "number")
        _check_free(session, new)
        target = _new_action(
            source,
            new,
            title=source.title,
            description=source.description,
            confidence=source.confidence,
            source_note=source.source_note,
        )
        source.status = "retired"
        session.flush()  # frees the number's active slot before the new one claims it
        session.add(target)
        session.flush()
        source.superseded_by_id = target.id
        moved = _move_links(session, source, target, copy=False)
        _log(session, source, "renumber", f"renumbered {old} → {new}", officer)
        _log(session, target, "renumber", f"renumbered from {old}; {moved} link(s) moved", officer)


def merge_actions(db: Database, source_number: int, into_number: int, officer: str = "") -> None:
    if source_number == into_number:
        raise ValidationError("merge", "an action cannot be merged into itself.")
    with db.write() as session:
        source = _active(session, source_number, "merge")
        target = _active(session, into_number, "into")
        moved = _move_links(session, source, target, copy=False)
        source.status = "retired"
        source.superseded_by_id = target.id
        _log(session, source, "merge", f"merged into {into_number}", officer)
        _log(session, target, "merge", f"{source_number} merged in; {moved} link(s) moved", officer)


def split_action(
    db: Database, number: int, new_number: int, new_title: str, officer: str = ""
) -> None:
    """Split an action in two: a new action takes part of the scope. Existing links are
    copied to it, so the history shows under both numbers; unlink where it does not apply."""
    if not new_title.strip():
        raise ValidationError("title", "the new action needs a title.")
    with db.write() as session:
        source = _active(session, number)
        _check_free(session, new_number)
        target = _new_action(
            source, new_number, title=new_title.strip(), confidence="to_be_confirmed"
        )
        session.add(target)
        session.flush()
        copied = _move_links(session, source, target, copy=True)
        _log(session, source, "split", f"split: {new_number} created from it", officer)
        _log(session, target, "split", f"split from {number}; {copied} link(s) copied", officer)


def record_change(session: Session, action: Action, kind: str, detail: str, officer: str) -> None:
    """Record a catalogue change made elsewhere (e.g. loading an official text) in
    ``action_change``, in the caller's transaction. Call it after changing the action (and
    flushing), so the audit trail names the officer for that change."""
    _log(session, action, kind, detail, officer)
