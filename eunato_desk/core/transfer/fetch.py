"""Whole interactions in bulk, a page of ids at a time, for CSV export and import.

Five set-based queries per page (interactions, links, countries, organisations, participants)
on the session's own sqlite3 connection, inside its transaction: no ORM object per row and no
query per row. Values come back as stored (dates as ISO text).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from eunato_desk.core.records import InteractionRecord, LinkRecord

PAGE = 900  # ids per IN (...) list; well under SQLite's bound-parameter limit


@dataclass(slots=True)
class LinkRow:
    number: int | None
    title: str
    area_code: int | None
    note: str
    action_uuid: str


@dataclass(slots=True)
class FullRow:
    """One interaction with everything a CSV row needs, as stored."""

    id: int
    uuid: str
    title: str
    type: str
    start_date: str
    start_time: str | None
    end_date: str | None
    end_time: str | None
    status: str
    location: str
    format: str | None
    summary: str
    outcome: str
    marking: str
    tags: str
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    deleted_at: str | None
    links: list[LinkRow] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)


_BASE_SQL = (
    "SELECT i.id, i.uuid, i.title, t.name, i.start_date, i.start_time, i.end_date, i.end_time, "
    "i.status, i.location, i.format, i.summary, i.outcome, m.name, i.tags, "
    "i.created_at, i.created_by, i.updated_at, i.updated_by, i.deleted_at "
    "FROM interaction i JOIN interaction_type t ON t.id = i.type_id "
    "JOIN handling_marking m ON m.id = i.marking_id WHERE i.id IN ({})"
)
_LINKS_SQL = (
    "SELECT ia.interaction_id, a.number, a.title, ar.code, ia.note, a.uuid "
    "FROM interaction_action ia JOIN action a ON a.id = ia.action_id "
    "LEFT JOIN area ar ON ar.id = a.area_id WHERE ia.interaction_id IN ({})"
)
_COUNTRIES_SQL = (
    "SELECT ic.interaction_id, c.name FROM interaction_country ic "
    "JOIN country c ON c.id = ic.country_id WHERE ic.interaction_id IN ({})"
)
_ORGS_SQL = (
    "SELECT io.interaction_id, coalesce(nullif(o.acronym, ''), o.name) "
    "FROM interaction_organisation io JOIN organisation o ON o.id = io.organisation_id "
    "WHERE io.interaction_id IN ({})"
)
_PEOPLE_SQL = (
    "SELECT ip.interaction_id, p.name FROM interaction_person ip "
    "JOIN person p ON p.id = ip.person_id WHERE ip.interaction_id IN ({})"
)


def driver_connection(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under a session, inside the session's transaction."""
    return session.connection().connection.driver_connection  # type: ignore[return-value]


def _names(conn: sqlite3.Connection, sql: str, ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for iid, name in conn.execute(sql, ids):
        out[iid].append(name)
    return out


def fetch_page(conn: sqlite3.Connection, ids: Sequence[int]) -> list[FullRow]:
    """Full rows for up to a page of ids, in the order of ``ids`` (missing ids are skipped).

    Lists are sorted the way ``interactions.get_interaction`` sorts them: links by action
    number, names alphabetically."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = {r[0]: FullRow(*r) for r in conn.execute(_BASE_SQL.format(marks), ids)}
    for iid, number, title, code, note, action_uuid in conn.execute(_LINKS_SQL.format(marks), ids):
        rows[iid].links.append(LinkRow(number, title, code, note, action_uuid))
    for sql, attr in (
        (_COUNTRIES_SQL, "countries"),
        (_ORGS_SQL, "organisations"),
        (_PEOPLE_SQL, "participants"),
    ):
        for iid, names in _names(conn, sql.format(marks), ids).items():
            names.sort()
            setattr(rows[iid], attr, names)
    out = []
    for iid in ids:
        row = rows.get(iid)
        if row is None:
            continue
        if len(row.links) > 1:
            row.links.sort(key=lambda lk: (lk.number is None, lk.number or 0))
        out.append(row)
    return out


def iter_pages(conn: sqlite3.Connection, ids: Sequence[int], page: int = PAGE):
    """Yield the full rows for ``ids``, one page (a list) at a time."""
    for start in range(0, len(ids), page):
        yield fetch_page(conn, ids[start : start + page])


def ids_for_uuids(
    conn: sqlite3.Connection, uuids: Iterable[str], column: str = "id"
) -> dict[str, Any]:
    """UUID -> internal id (or ``updated_at``) of the interactions with these UUIDs; unknown
    UUIDs are left out."""
    if column not in ("id", "updated_at"):
        raise ValueError(column)
    wanted = list(dict.fromkeys(uuids))
    found: dict[str, Any] = {}
    for start in range(0, len(wanted), PAGE):
        chunk = wanted[start : start + PAGE]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT uuid, {column} FROM interaction WHERE uuid IN ({marks})"
        found.update(conn.execute(sql, chunk).fetchall())
    return found


def to_record(row: FullRow) -> InteractionRecord:
    """The same record ``interactions.get_interaction`` returns, built from a bulk row."""
    return InteractionRecord(
        uuid=row.uuid,
        title=row.title,
        type=row.type,
        start_date=dt.date.fromisoformat(row.start_date),
        start_time=row.start_time,
        end_date=dt.date.fromisoformat(row.end_date) if row.end_date else None,
        end_time=row.end_time,
        status=row.status,
        location=row.location,
        format=row.format,
        summary=row.summary,
        outcome=row.outcome,
        marking=row.marking,
        tags=tuple(t for t in row.tags.split("; ") if t),
        links=tuple(
            LinkRecord(
                action_uuid=lk.action_uuid,
                number=lk.number,
                title=lk.title,
                area_code=lk.area_code,
                note=lk.note,
            )
            for lk in row.links
        ),
        organisations=tuple(row.organisations),
        countries=tuple(row.countries),
        participants=tuple(row.participants),
        created_at=row.created_at,
        created_by=row.created_by,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
        deleted_at=row.deleted_at,
    )


def records_by_uuid(session: Session, uuids: Iterable[str]) -> dict[str, InteractionRecord]:
    """Current records of the interactions with these UUIDs, read in bulk."""
    conn = driver_connection(session)
    ids = ids_for_uuids(conn, uuids)
    out: dict[str, InteractionRecord] = {}
    for page in iter_pages(conn, list(ids.values())):
        out.update((row.uuid, to_record(row)) for row in page)
    return out
