"""Interaction services: create, update, save truthfully, delete, restore, get.

The checks that need no database live in ``interaction_checks`` (``validate``, ``problems``
and ``normalise_tags`` are importable from here too); names and action numbers are resolved
here, against the catalogue, when a form is applied to a row. Lists (``listing``) and bulk
reads (``projection``) live elsewhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from eunato_desk.core import versions
from eunato_desk.core.catalogue.lineage import Lineage, current_action
from eunato_desk.core.errors import (
    UNCERTAIN,
    DatabaseError,
    DeskError,
    NotFoundError,
    ValidationError,
)
from eunato_desk.core.follow_ups import save_follow_ups_in
from eunato_desk.core.interaction_checks import TITLE_MAX, normalise_tags, problems, validate
from eunato_desk.core.models import (
    Action,
    Country,
    Interaction,
    InteractionAction,
    Organisation,
    new_uuid,
    utc_now_text,
)
from eunato_desk.core.projection import record_of, records_by_uuid
from eunato_desk.core.records import InteractionInput, InteractionRecord
from eunato_desk.core.reference.resolve import Resolver
from eunato_desk.core.storage.db import Database
from eunato_desk.core.versions import ConflictError, bump

__all__ = [
    "TITLE_MAX",
    "SaveResult",
    "apply_input",
    "create_interaction",
    "delete_interaction",
    "delete_interactions",
    "duplicate_input",
    "edit_interaction",
    "empty_trash",
    "get_interaction",
    "get_row",
    "normalise_tags",
    "problems",
    "resolve_action",
    "resolve_country",
    "resolve_organisation",
    "restore_interactions",
    "save_interaction",
    "trash_count",
    "update_interaction",
    "validate",
]

# --- name resolution -------------------------------------------------------------------------
# Names are matched by eunato_desk.core.reference (resolve, matching): name, acronym, ISO code
# or alias, without case or accents; retired entries only where the interaction has them.


def resolve_organisation(
    session: Session, name: str, *, include_retired: bool = False
) -> Organisation:
    """An organisation in use by name, acronym or alias (any retired one too with
    ``include_retired``); ValidationError naming 'organisations' if there is none."""
    return Resolver(session, allow_retired=include_retired).one("organisation", name)


def resolve_country(session: Session, name: str, *, include_retired: bool = False) -> Country:
    """A country in use by name, ISO code or alias (``include_retired``: retired too)."""
    return Resolver(session, allow_retired=include_retired).one("country", name)


def resolve_action(
    session: Session, number: int, field: str = "actions", *, lineage: Lineage | None = None
) -> Action:
    """The active action this number means now; a retired number follows its superseded-by
    links to the end (``catalogue.lineage``). Pass ``lineage`` to resolve many numbers
    against one read of the catalogue (an import does)."""
    action = current_action(session, number, lineage)
    if action is None or action.status != "active":
        loop = (lineage or Lineage.load(session)).loop_of(number)
        why = f" (its superseded-by links go round a loop: {_arrows(loop)})" if loop else ""
        raise ValidationError(field, f"there is no active action number {number}{why}.")
    return action


def _arrows(numbers: list[int | None]) -> str:
    return " → ".join("?" if n is None else str(n) for n in numbers)


def apply_input(
    session: Session,
    row: Interaction,
    data: InteractionInput,
    *,
    resolver: Resolver | None = None,
) -> None:
    """Set ``row`` from the form, names resolved by ``resolver`` (one per save; an import
    passes one for all its rows). The row keeps the retired entries it already has. A stored
    row gets one more version (``versions``)."""
    validate(data)
    bump(row)
    with session.no_autoflush:
        _assign(session, row, data, resolver or Resolver(session))


def _assign(session: Session, row: Interaction, data: InteractionInput, pick: Resolver) -> None:
    row.title = data.title.strip()
    row.type = pick.one("type", data.type, keep=(row.type_id,))
    row.start_date = data.start_date  # type: ignore[assignment]
    row.start_time = data.start_time or None
    row.end_date = data.end_date
    row.end_time = data.end_time or None
    row.status = data.status
    row.location = data.location.strip()
    row.format = data.format
    row.summary = data.summary
    row.outcome = data.outcome
    marking = data.marking.strip() or pick.lowest_marking()
    row.marking = pick.one("marking", marking, keep=(row.marking_id,))
    row.tags = "; ".join(normalise_tags(data.tags))
    had = {o.id for o in row.organisations}
    row.organisations = _unique([pick.one("organisation", n, had) for n in data.organisations])
    had = {c.id for c in row.countries}
    row.countries = _unique([pick.one("country", n, had) for n in data.countries])
    had = {p.id for p in row.participants}
    row.participants = _unique([pick.person(n, had) for n in data.participants if n.strip()])
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


def get_row(session: Session, uuid: str, *, live: bool = False) -> Interaction:
    """The row to change, locked until the write ends (on a server, other saves of it wait)."""
    row = session.scalar(select(Interaction).where(Interaction.uuid == uuid).with_for_update())
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
        return record_of(row)


def update_interaction(
    db: Database,
    uuid: str,
    data: InteractionInput,
    officer: str = "",
    *,
    expected_version: int | None = None,
) -> InteractionRecord:
    """Change an interaction and its follow-ups, in one transaction. ``expected_version``:
    refuse (ConflictError, nothing written) if someone saved it since the form was filled."""
    validate(data)
    return edit_interaction(db, uuid, lambda _s: data, officer, expected_version=expected_version)


def edit_interaction(
    db: Database,
    uuid: str,
    change: Callable[[InteractionRecord], InteractionInput],
    officer: str = "",
    *,
    expected_version: int | None = None,
) -> InteractionRecord:
    """Save ``change(stored record)`` over an interaction, read and written in one write
    transaction (``eunato-desk edit`` changes only the fields it is given)."""
    read = expected_version
    try:
        with db.write() as session:
            row = get_row(session, uuid, live=True)
            read = row.version
            stored = record_of(row)
            versions.check(row, stored, expected_version)
            data = change(stored)
            apply_input(session, row, data)
            row.updated_at = utc_now_text()
            row.updated_by = officer
            session.flush()
            save_follow_ups_in(session, row, data, officer)
            return record_of(row)
    except StaleDataError as error:  # another writer committed between our read and our write
        raise ConflictError(get_interaction(db, uuid), read or 0) from error


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
    db: Database,
    uuid: str | None,
    data: InteractionInput,
    officer: str = "",
    *,
    expected_version: int | None = None,
) -> SaveResult:
    """Create (``uuid`` None) or update an interaction, and tell the truth when the database
    reports an error: after a disk or I/O error the pooled connections are replaced and the
    database is read again. If the interaction is there as it was to be saved, the save
    happened (with a warning); if it is not, the error says nothing was saved; if the database
    cannot even be read, the error says so and that the form keeps the input. An update with
    ``expected_version`` is refused (ConflictError) when the stored version differs."""
    target = uuid or new_uuid()
    try:
        if uuid is None:
            return SaveResult(create_interaction(db, data, officer=officer, uuid=target))
        return SaveResult(
            update_interaction(db, uuid, data, officer=officer, expected_version=expected_version)
        )
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
                bump(row)
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
                bump(row)
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
    """The interaction as stored (``projection``: one page query and its lists)."""
    with db.read() as session:
        found = records_by_uuid(session, [uuid]).get(uuid)
        if found is None:
            raise NotFoundError(f"No interaction with id {uuid}.")
        return found
