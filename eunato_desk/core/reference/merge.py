"""Merging one entry of a reference list into another (two names for one body, a duplicate
typed twice).

In one write transaction, everything that pointed at the merged entry moves to the one it is
merged into: the interactions' links (an interaction that had both keeps one link), an
interaction's type or marking, and, for an organisation, its people. The merged entry's
aliases move too, and its name (and acronym or ISO code) become aliases of the survivor, so
what named it still finds the survivor. Its history is the survivor's from then on. The
merge itself is recorded in ``reference_change``; the interactions' histories show each
changed link (``audit``), with the officer who merged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, and_, delete, exists, func, select, update
from sqlalchemy.orm import Session

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.models import ReferenceChange
from eunato_desk.core.reference.edit import keep_as_alias, renumber
from eunato_desk.core.reference.entry import find, in_use_count, log, record_of
from eunato_desk.core.reference.kinds import Kind, kind_of
from eunato_desk.core.reference.load import entries
from eunato_desk.core.reference.matching import Names
from eunato_desk.core.storage.db import Database


@dataclass(frozen=True)
class MergeResult:
    """What a merge did: ``merged`` (the name that is now an alias) went into ``record``;
    ``interactions`` whose links (or type, or marking) moved; ``people`` whose organisation
    moved."""

    kind: str
    merged: str
    record: Any
    interactions: int
    people: int = 0


def _move(session: Session, column: Column, source: int, target: int) -> int:
    """Point what points at ``source`` through ``column`` at ``target``; a link table keeps
    one row per interaction. Returns how many rows pointed at ``source``."""
    table = column.table
    count = session.scalar(select(func.count()).select_from(table).where(column == source)) or 0
    if "interaction_id" in table.c:  # a link table: one row per interaction and entry
        other = table.alias("other")
        both = exists().where(
            and_(
                other.c.interaction_id == table.c.interaction_id,
                other.c[column.name] == target,
            )
        )
        session.execute(delete(table).where(column == source, both))
    session.execute(update(table).where(column == source).values({column.name: target}))
    return int(count)


def merge(db: Database, kind: str, name: str, into: str, *, officer: str = "") -> MergeResult:
    """Merge the entry ``name`` names into the one ``into`` names (each by name, code or
    alias, retired or not). Refused: unknown names, the same entry twice, and merging the
    last type or marking in use into a retired one."""
    k = kind_of(kind)
    with db.write() as session:
        names = Names(session)
        source, _s = find(names, k, name, "name")
        target, _t = find(names, k, into, "into")
        if source.id == target.id:
            raise ValidationError(
                "into",
                f"'{name}' and '{into}' are the same {k.noun}; it cannot be merged into itself.",
            )
        if (k.ranked and source.retired_at is None and target.retired_at is not None
                and in_use_count(session, k) <= 1):  # fmt: skip
            raise ValidationError(
                "into",
                f"'{target.name}' is retired and '{source.name}' is the only {k.noun} in use; "
                f"bring '{target.name}' back first.",
            )
        moved = [_move(session, column, source.id, target.id) for column in k.links]
        _absorb(session, k, source, target)
        log(session, k, target.id, "merge", target.name, old=source.name, new=target.name,
            detail=f"{moved[0]} interaction(s) moved", officer=officer)  # fmt: skip
        people = moved[1] if len(moved) > 1 else 0
        return MergeResult(k.name, source.name, record_of(session, k, target.id), moved[0], people)


def _absorb(session: Session, kind: Kind, source: Any, target: Any) -> None:
    """Move the source's aliases and history to the target, make its name and code aliases
    of the target, and delete it (closing the gap in a ranked list)."""
    session.execute(
        update(kind.aliases)
        .where(kind.alias_fk == source.id)
        .values({kind.alias_fk.name: target.id})
    )
    session.execute(
        update(ReferenceChange)
        .where(ReferenceChange.kind == kind.name, ReferenceChange.entry_id == source.id)
        .values(entry_id=target.id)
    )
    texts = [source.name, *([getattr(source, kind.code)] if kind.code else [])]
    session.delete(source)
    session.flush()
    for text in texts:
        if text:
            keep_as_alias(session, kind, target, text)
    if kind.ranked:
        renumber(session, kind, [entry_id for entry_id, _r in entries(session, kind)])
