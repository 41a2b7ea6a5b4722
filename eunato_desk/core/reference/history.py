"""The reference lists with how much each entry is used, and the lists' history.

``list_entries`` gives each entry with the number of interactions that name it (the Trash
included: those links exist too) and, for organisations, the number of people recorded as
belonging to it. ``history`` reads ``reference_change``: every addition, rename, alias,
edit, merge, retirement and rank change, with when and who, oldest first.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select

from eunato_desk.core.models import ReferenceChange
from eunato_desk.core.reference.entry import find
from eunato_desk.core.reference.kinds import kind_of
from eunato_desk.core.reference.load import entries
from eunato_desk.core.reference.matching import Names
from eunato_desk.core.storage.db import Database


@dataclass(frozen=True)
class ReferenceItem:
    """An entry of a list and how much it is used."""

    kind: str
    record: Any  # OrganisationRecord, CountryRecord, PersonRecord or TermRecord
    interactions: int
    people: int = 0  # organisations: the people recorded as belonging to it

    def as_json(self) -> dict[str, object]:
        values = asdict(self.record)
        values["aliases"] = list(values["aliases"])
        out = {**values, "interactions": self.interactions}
        if self.kind == "organisation":
            out["people"] = self.people
        return out


@dataclass(frozen=True)
class ReferenceChangeRecord:
    """One change to a list: ``change`` is add, rename, alias, unalias, edit, merge, retire,
    unretire or rank; ``name`` the entry's name after it; ``old`` / ``new`` what changed (the
    merged name for a merge, the field in ``detail`` for an edit)."""

    kind: str
    change: str
    name: str
    old: str | None
    new: str | None
    detail: str
    changed_at: str
    officer: str

    def as_json(self) -> dict[str, object]:
        return {
            "at": self.changed_at,
            "officer": self.officer,
            "list": self.kind,
            "change": self.change,
            "name": self.name,
            "old": self.old,
            "new": self.new,
            "detail": self.detail,
        }


def list_entries(db: Database, kind: str, *, include_retired: bool = False) -> list[ReferenceItem]:
    """The entries of list ``kind`` in list order, with their counts of use; retired ones
    only with ``include_retired``."""
    k = kind_of(kind)
    with db.read() as session:
        counts = [
            dict(session.execute(select(column, func.count()).group_by(column)).all())
            for column in k.links
        ]
        return [
            ReferenceItem(
                k.name,
                record,
                counts[0].get(entry_id, 0),
                counts[1].get(entry_id, 0) if len(counts) > 1 else 0,
            )
            for entry_id, record in entries(session, k)
            if include_retired or not record.retired
        ]


def history(
    db: Database, kind: str | None = None, name: str | None = None
) -> list[ReferenceChangeRecord]:
    """Changes to the lists, oldest first: all of them, one list's (``kind``), or one entry's
    (``name``, as matching names it; a merged name names the survivor, whose history holds
    the merged entry's)."""
    query = select(ReferenceChange).order_by(ReferenceChange.id)
    with db.read() as session:
        if kind is not None:
            k = kind_of(kind)
            query = query.where(ReferenceChange.kind == k.name)
            if name is not None:
                row, _found = find(Names(session), k, name)
                query = query.where(ReferenceChange.entry_id == row.id)
        return [
            ReferenceChangeRecord(
                c.kind, c.change, c.name, c.old, c.new, c.detail, c.changed_at, c.officer
            )
            for c in session.scalars(query)
        ]
