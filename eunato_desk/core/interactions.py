"""Interaction services: create, update, delete, get, list with filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from eunato_desk.core.db import Database
from eunato_desk.core.errors import NotFoundError, ValidationError
from eunato_desk.core.follow_ups import add_follow_up_in, validate_follow_up
from eunato_desk.core.models import (
    INTERACTION_FORMATS,
    INTERACTION_STATUSES,
    Action,
    Country,
    HandlingMarking,
    Interaction,
    InteractionAction,
    InteractionType,
    Organisation,
    Person,
    utc_now_text,
)
from eunato_desk.core.records import (
    InteractionInput,
    InteractionRecord,
    LinkRecord,
)

TITLE_MAX = 500


def normalise_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for tag in tags:
        clean = " ".join(tag.split()).strip(" ;,")
        if clean and clean.lower() not in seen:
            seen[clean.lower()] = clean
    return tuple(seen.values())


def validate(data: InteractionInput) -> None:
    """Checks that need no database. Raises ValidationError naming the field."""
    if not data.title or not data.title.strip():
        raise ValidationError("title", "a title is required.")
    if len(data.title) > TITLE_MAX:
        raise ValidationError("title", f"at most {TITLE_MAX} characters (has {len(data.title)}).")
    if not data.type or not data.type.strip():
        raise ValidationError("type", "choose the type of interaction.")
    if data.start_date is None:
        raise ValidationError("date", "a start date is required.")
    if data.end_date is not None and data.end_date < data.start_date:
        raise ValidationError(
            "end date",
            f"the end ({data.end_date.isoformat()}) is before the start "
            f"({data.start_date.isoformat()}).",
        )
    if (
        data.end_date == data.start_date
        and data.start_time
        and data.end_time
        and data.end_time < data.start_time
    ):
        raise ValidationError("end time", "the end time is before the start time.")
    if data.status not in INTERACTION_STATUSES:
        raise ValidationError(
            "status", f"'{data.status}' is not one of {', '.join(INTERACTION_STATUSES)}."
        )
    if data.format is not None and data.format not in INTERACTION_FORMATS:
        raise ValidationError(
            "format", f"'{data.format}' is not one of {', '.join(INTERACTION_FORMATS)}."
        )
    for follow_up in data.new_follow_ups:
        validate_follow_up(follow_up.text)
    for field, names in (
        ("participants", data.participants),
        ("organisations", data.organisations),
        ("countries", data.countries),
    ):
        for name in names:
            if ";" in name:
                raise ValidationError(field, f"'{name}': a name cannot contain ';'.")
    numbers = [link.number for link in data.links]
    dupes = sorted({n for n in numbers if numbers.count(n) > 1})
    if dupes:
        raise ValidationError("actions", f"action {dupes[0]} is linked twice.")


# --- name resolution -------------------------------------------------------------------------


def _one_by_name(session: Session, model, name: str, field: str, what: str):  # type: ignore[no-untyped-def]
    row = session.scalar(select(model).where(func.casefold(model.name) == name.strip().casefold()))
    if row is None:
        raise ValidationError(field, f"unknown {what} '{name}'.")
    return row


def resolve_organisation(session: Session, name: str) -> Organisation:
    key = name.strip().casefold()
    org = session.scalar(
        select(Organisation).where(
            (func.casefold(Organisation.name) == key) | (func.casefold(Organisation.acronym) == key)
        )
    )
    if org is None:
        raise ValidationError("organisations", f"unknown organisation '{name}'.")
    return org


def resolve_country(session: Session, name: str) -> Country:
    key = name.strip().casefold()
    country = session.scalar(
        select(Country).where(
            (func.casefold(Country.name) == key) | (func.casefold(Country.iso_code) == key)
        )
    )
    if country is None:
        raise ValidationError("countries", f"unknown country '{name}'.")
    return country


def resolve_action(session: Session, number: int, field: str = "actions") -> Action:
    """The active action with this number; a retired number follows its superseded-by link."""
    action = session.scalar(
        select(Action).where(Action.number == number).order_by(Action.status == "retired")
    )
    seen: set[int] = set()
    while action is not None and action.status == "retired" and action.superseded_by_id:
        if action.id in seen:
            break
        seen.add(action.id)
        action = session.get(Action, action.superseded_by_id)
    if action is None or action.status != "active":
        raise ValidationError(field, f"there is no active action number {number}.")
    return action


def _resolve_person(session: Session, name: str) -> Person:
    clean = " ".join(name.split())
    person = session.scalar(
        select(Person).where(func.casefold(Person.name) == clean.casefold()).order_by(Person.id)
    )
    if person is None:
        person = Person(name=clean)
        session.add(person)
    return person


def apply_input(session: Session, row: Interaction, data: InteractionInput) -> None:
    validate(data)
    with session.no_autoflush:
        _assign(session, row, data)


def _assign(session: Session, row: Interaction, data: InteractionInput) -> None:
    row.title = data.title.strip()
    row.type = _one_by_name(session, InteractionType, data.type, "type", "interaction type")
    row.start_date = data.start_date  # type: ignore[assignment]
    row.start_time = data.start_time or None
    row.end_date = data.end_date
    row.end_time = data.end_time or None
    row.status = data.status
    row.location = data.location.strip()
    row.format = data.format
    row.summary = data.summary
    row.outcome = data.outcome
    row.marking = _one_by_name(
        session, HandlingMarking, data.marking or "UNCLASSIFIED", "marking", "handling marking"
    )
    row.tags = "; ".join(normalise_tags(data.tags))
    row.organisations = _unique([resolve_organisation(session, n) for n in data.organisations])
    row.countries = _unique([resolve_country(session, n) for n in data.countries])
    row.participants = _unique(
        [_resolve_person(session, n) for n in data.participants if n.strip()]
    )
    wanted: dict[int, str] = {}
    for link in data.links:
        action = resolve_action(session, link.number)
        if action.id in wanted:
            raise ValidationError("actions", f"action {link.number} is linked twice.")
        wanted[action.id] = link.note.strip()
    existing = {lk.action_id: lk for lk in row.links}
    for action_id, lk in existing.items():
        if action_id not in wanted:
            row.links.remove(lk)
    for action_id, note in wanted.items():
        if action_id in existing:
            existing[action_id].note = note
        else:
            row.links.append(InteractionAction(action_id=action_id, note=note))


def _unique(items: list) -> list:
    out, seen = [], set()
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            out.append(item)
    return out


def _record(row: Interaction) -> InteractionRecord:
    links = sorted(
        (
            LinkRecord(
                action_uuid=lk.action.uuid,
                number=lk.action.number,
                title=lk.action.title,
                area_code=lk.action.area.code if lk.action.area else None,
                note=lk.note,
            )
            for lk in row.links
        ),
        key=lambda lk: (lk.number is None, lk.number or 0),
    )
    return InteractionRecord(
        uuid=row.uuid,
        title=row.title,
        type=row.type.name,
        start_date=row.start_date,
        start_time=row.start_time,
        end_date=row.end_date,
        end_time=row.end_time,
        status=row.status,
        location=row.location,
        format=row.format,
        summary=row.summary,
        outcome=row.outcome,
        marking=row.marking.name,
        tags=tuple(t for t in row.tags.split("; ") if t),
        links=tuple(links),
        organisations=tuple(sorted(o.acronym or o.name for o in row.organisations)),
        countries=tuple(sorted(c.name for c in row.countries)),
        participants=tuple(sorted(p.name for p in row.participants)),
        created_at=row.created_at,
        created_by=row.created_by,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
        deleted_at=row.deleted_at,
    )


def get_row(session: Session, uuid: str, *, live: bool = False) -> Interaction:
    row = session.scalar(select(Interaction).where(Interaction.uuid == uuid))
    if row is None:
        raise NotFoundError(f"No interaction with id {uuid}.")
    if live and row.deleted_at is not None:
        raise ValidationError(
            "interaction", f"'{row.title}' is in the Trash; restore it before changing it."
        )
    return row


# --- public services --------------------------------------------------------------------------


def create_interaction(
    db: Database, data: InteractionInput, officer: str = "", uuid: str | None = None
) -> InteractionRecord:
    """Create one interaction with its links, in one transaction."""
    validate(data)
    with db.write() as session:
        now = utc_now_text()
        row = Interaction(created_at=now, updated_at=now, created_by=officer, updated_by=officer)
        if uuid:
            row.uuid = uuid
        apply_input(session, row, data)
        session.add(row)
        session.flush()
        for follow_up in data.new_follow_ups:
            add_follow_up_in(session, row, follow_up, officer)
        return _record(row)


def update_interaction(
    db: Database, uuid: str, data: InteractionInput, officer: str = ""
) -> InteractionRecord:
    validate(data)
    with db.write() as session:
        row = get_row(session, uuid, live=True)
        apply_input(session, row, data)
        row.updated_at = utc_now_text()
        row.updated_by = officer
        session.flush()
        for follow_up in data.new_follow_ups:
            add_follow_up_in(session, row, follow_up, officer)
        return _record(row)


def delete_interactions(db: Database, uuids: list[str], officer: str = "") -> int:
    """Move interactions to the Trash (one transaction). Returns how many moved."""
    now = utc_now_text()
    with db.write() as session:
        moved = 0
        for uuid in uuids:
            row = get_row(session, uuid)
            if row.deleted_at is None:
                row.deleted_at = now
                row.deleted_by = officer
                moved += 1
        return moved


def delete_interaction(db: Database, uuid: str, officer: str = "") -> None:
    delete_interactions(db, [uuid], officer)


def restore_interactions(db: Database, uuids: list[str]) -> int:
    """Bring interactions back from the Trash (one transaction). Returns how many came back."""
    with db.write() as session:
        restored = 0
        for uuid in uuids:
            row = get_row(session, uuid)
            if row.deleted_at is not None:
                row.deleted_at = None
                row.deleted_by = None
                restored += 1
        return restored


def empty_trash(db: Database, uuids: list[str] | None = None) -> int:
    """Delete for good the interactions in the Trash (all, or those of ``uuids`` that are in
    it), with their links. Live interactions are never touched. Returns how many."""
    with db.write() as session:
        query = select(Interaction.id).where(Interaction.deleted_at.is_not(None))
        if uuids is not None:
            query = query.where(Interaction.uuid.in_(uuids))
        ids = list(session.scalars(query))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            session.execute(delete(Interaction).where(Interaction.id.in_(chunk)))
        return len(ids)


def trash_count(db: Database) -> int:
    with db.read() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(Interaction)
                .where(Interaction.deleted_at.is_not(None))
            )
            or 0
        )


def duplicate_input(record: InteractionRecord, day: dt.date) -> InteractionInput:
    """What a copy for the next occurrence of a recurring meeting starts from: same title, type,
    place, links, people and marking; dated ``day``, planned, no minutes or outcome yet."""
    return replace(
        record.to_input(),
        start_date=day,
        end_date=None,
        end_time=None,
        status="planned",
        summary="",
        outcome="",
    )


def get_interaction(db: Database, uuid: str) -> InteractionRecord:
    with db.read() as session:
        return _record(get_row(session, uuid))
