"""The reference lists as frozen records, each with its aliases and retired flag, in list
order: organisations by side and name, countries and participants by name, types and
markings by rank (markings lowest first)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eunato_desk.core.models import Organisation, Person
from eunato_desk.core.records import (
    CountryRecord,
    OrganisationRecord,
    PersonRecord,
    TermRecord,
)
from eunato_desk.core.reference.kinds import KINDS, Kind

Record = OrganisationRecord | CountryRecord | PersonRecord | TermRecord


def aliases_by_entry(session: Session, kind: Kind) -> dict[int, tuple[str, ...]]:
    """Entry id -> its aliases, in the order they were added."""
    table = kind.aliases
    out: dict[int, list[str]] = defaultdict(list)
    for entry_id, name in session.execute(select(kind.alias_fk, table.c.name).order_by(table.c.id)):
        out[entry_id].append(name)
    return {k: tuple(v) for k, v in out.items()}


def _rows(session: Session, kind: Kind) -> list[Any]:
    model: Any = kind.model
    if kind.name == "organisation":
        return list(
            session.execute(
                select(model.id, model.name, model.acronym, model.side, model.retired_at)
                .order_by(model.side, model.name)
            )
        )  # fmt: skip
    if kind.name == "country":
        return list(
            session.execute(
                select(model.id, model.name, model.iso_code, model.is_pilot, model.is_partner,
                       model.retired_at).order_by(model.name)
            )
        )  # fmt: skip
    if kind.name == "person":
        org = func.coalesce(Organisation.acronym, Organisation.name)
        return list(
            session.execute(
                select(Person.id, Person.name, org, Person.role, Person.email, Person.retired_at)
                .outerjoin(Organisation, Organisation.id == Person.organisation_id)
                .order_by(Person.name, Person.id)
            )
        )  # fmt: skip
    return list(
        session.execute(
            select(model.id, model.name, model.retired_at).order_by(
                model.sort_order, model.name, model.id
            )
        )
    )


def entries(session: Session, kind: Kind) -> list[tuple[int, Record]]:
    """(id, record) of every entry of the list, retired ones included, in list order."""
    aliases = aliases_by_entry(session, kind)
    out: list[tuple[int, Record]] = []
    for position, (entry_id, *values, retired_at) in enumerate(_rows(session, kind), start=1):
        extra = {"aliases": aliases.get(entry_id, ()), "retired": retired_at is not None}
        record: Record
        if kind.name == "organisation":
            record = OrganisationRecord(*values, **extra)
        elif kind.name == "country":
            name, iso, pilot, partner = values
            record = CountryRecord(name, iso, bool(pilot), bool(partner), **extra)
        elif kind.name == "person":
            record = PersonRecord(*values, **extra)
        else:
            record = TermRecord(values[0], rank=position, **extra)
        out.append((entry_id, record))
    return out


def records(session: Session, kind: Kind) -> list[Record]:
    return [record for _id, record in entries(session, kind)]


def vocabulary_lists(session: Session) -> dict[str, tuple]:
    """The reference fields of ``Vocabulary``: every entry of every list, retired ones too."""
    every = {name: tuple(records(session, kind)) for name, kind in KINDS.items()}
    return {
        "types": tuple(r.name for r in every["type"]),
        "markings": tuple(r.name for r in every["marking"]),
        "organisations": every["organisation"],
        "countries": every["country"],
        "people": every["person"],
        "type_records": every["type"],
        "marking_records": every["marking"],
    }
