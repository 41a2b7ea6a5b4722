"""Interaction services: create, update, delete, get, list with filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from eunato_desk.core.errors import (
    UNCERTAIN,
    DatabaseError,
    DeskError,
    NotFoundError,
    ValidationError,
)
from eunato_desk.core.follow_ups import save_follow_ups_in, validate_follow_up
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
    new_uuid,
    utc_now_text,
)
from eunato_desk.core.records import (
    InteractionInput,
    InteractionRecord,
    LinkRecord,
)
from eunato_desk.core.storage.db import Database

TITLE_MAX = 500


def normalise_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for tag in tags:
        clean = " ".join(tag.split()).strip(" ;,")
        if clean and clean.lower() not in seen:
            seen[clean.lower()] = clean
    return tuple(seen.values())


def validate(data: InteractionInput) -> None:
    """Checks that need no database. Raises ValidationError naming the field (the first
    problem; ``problems`` lists them all)."""
    for problem in problems(data):
        raise problem


def problems(data: InteractionInput) -> list[ValidationError]:
    """Every problem the checks that need no database find, in the order of the form."""
    return list(_problems(data))


def _problems(data: InteractionInput) -> Iterator[ValidationError]:
    if not data.title or not data.title.strip():
        yield ValidationError("title", "a title is required.")
    elif len(data.title) > TITLE_MAX:
        yield ValidationError("title", f"at most {TITLE_MAX} characters (has {len(data.title)}).")
    if not data.type or not data.type.strip():
        yield ValidationError("type", "choose the type of interaction.")
    if data.start_date is None:
        yield ValidationError("date", "a start date is required.")
    elif data.end_date is not None and data.end_date < data.start_date:
        yield ValidationError(
            "end date",
            f"the end ({data.end_date.isoformat()}) is before the start "
            f"({data.start_date.isoformat()}).",
        )
    elif (
        data.end_date == data.start_date
        and data.start_time
        and data.end_time
        and data.end_time < data.start_time
    ):
        yield ValidationError("end time", "the end time is before the start time.")
    if data.status not in INTERACTION_STATUSES:
        yield ValidationError(
            "status", f"'{data.status}' is not one of {', '.join(INTERACTION_STATUSES)}."
        )
    if data.format is not None and data.format not in INTERACTION_FORMATS:
        yield ValidationError(
            "format", f"'{data.format}' is not one of {', '.join(INTERACTION_FORMATS)}."
        )
    for follow_up in (*data.new_follow_ups, *data.changed_follow_ups):
        try:
            validate_follow_up(follow_up.text)
        except ValidationError as exc:
            yield exc
            break
    for field, names in (
        ("participants", data.participants),
        ("organisations", data.organisations),
        ("countries", data.countries),
    ):
        bad = [name for name in names if ";" in name]
        if bad:
            yield ValidationError(field, f"'{bad[0]}': a name cannot contain ';'.")
    numbers = [link.number for link in data.links]
    dupes = sorted({n for n in numbers if numbers.count(n) > 1})
    if dupes:
        yield ValidationError("actions", f"action {dupes[0]} is linked twice.")


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
        save_follow_ups_in(session, row, data, officer)
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
        save_follow_ups_in(session, row, data, officer)
        return _record(row)


@dataclass(frozen=True)
class SaveResult:
    """A save, with ``warning`` set when the disk reported an error after the data was
    committed (re-read from the database on fresh connections)."""

    record: InteractionRecord
    warning: str = ""


def _content(data: InteractionInput) -> tuple:  # type: ignore[type-arg]
    """What a save writes verbatim in one transaction (names of organisations and countries
    are resolved, so they are left out): enough to tell whether that transaction committed."""
    return (
        " ".join(data.title.split()),
        data.start_date,
        data.start_time or None,
        data.end_date,
        data.end_time or None,
        data.status,
        data.location.strip(),
        data.format or None,
        data.summary.strip(),
        data.outcome.strip(),
        tuple(sorted(" ".join(t.split()).casefold() for t in data.tags)),
        tuple(sorted((link.number, link.note.strip()) for link in data.links)),
    )


def save_interaction(
    db: Database, uuid: str | None, data: InteractionInput, officer: str = ""
) -> SaveResult:
    """Create (``uuid`` None) or update an interaction, and tell the truth when the database
    reports an error: after a disk or I/O error the pooled connections are replaced and the
    database is read again. If the interaction is there as it was to be saved, the save
    happened (with a warning); if it is not, the error says nothing was saved; if the database
    cannot even be read, the error says so and that the form keeps the input."""
    target = uuid or new_uuid()
    try:
        if uuid is None:
            return SaveResult(create_interaction(db, data, officer=officer, uuid=target))
        return SaveResult(update_interaction(db, uuid, data, officer=officer))
    except DatabaseError as error:
        exc = DatabaseError(error.message.replace(UNCERTAIN, ""))
        db.reconnect()
        try:
            stored = get_interaction(db, target)
        except NotFoundError:
            raise DatabaseError(_nothing_saved(exc.message)) from error
        except DeskError as again:
            raise DatabaseError(
                f"{exc.message} The database could not be read again to check whether the "
                f"save reached it ({again.message}). Your input is still in the form: look at "
                "the list before saving again."
            ) from error
        if uuid is None or _content(stored.to_input()) == _content(data):
            return SaveResult(
                stored,
                warning=f"Saved, but the disk then reported an error: {exc.message} The "
                "interaction was read back from the database and is complete.",
            )
        raise DatabaseError(_nothing_saved(exc.message)) from error


def _nothing_saved(message: str) -> str:
    if "Nothing was saved" in message:
        return message
    return (
        f"{message} The database was read again: nothing was saved. Your input is still in "
        "the form."
    )


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
