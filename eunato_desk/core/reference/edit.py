"""Changing an entry of a reference list: rename, aliases, retire (and back), rank.

Every service is one write transaction, names the entry as matching does (name, code or
alias, retired entries too), refuses bad input with a ValidationError naming the field (and
then changes nothing), records the change in ``reference_change`` with the officer, and
returns the entry's frozen record. ``kind`` is 'organisation', 'country', 'person', 'type'
or 'marking'.

A name or code that is replaced stays as an alias (unless another key of the entry already
says the same), so that what was typed, and files written, before still find the entry;
``remove_alias`` takes it away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.models import utc_now_text
from eunato_desk.core.records import TermRecord
from eunato_desk.core.reference.entry import (
    check_free,
    clean,
    current_keys,
    find,
    in_use_count,
    insert_alias,
    log,
    record_of,
)
from eunato_desk.core.reference.kinds import Kind, kind_of
from eunato_desk.core.reference.load import entries
from eunato_desk.core.reference.matching import Names, fold_key
from eunato_desk.core.storage.db import Database


def keep_as_alias(session: Session, kind: Kind, row: Any, old: str) -> None:
    """Make ``old`` (a replaced name or code) an alias of the entry, unless one of the
    entry's keys, as changed, already says it."""
    if fold_key(old) not in current_keys(session, kind, row):
        insert_alias(session, kind, row.id, old)


def drop_alias(session: Session, kind: Kind, entry_id: int, text: str) -> int:
    table = kind.aliases
    return session.execute(
        delete(table).where(kind.alias_fk == entry_id, table.c.folded == fold_key(text))
    ).rowcount


def rename(db: Database, kind: str, name: str, new_name: str, *, officer: str = "") -> Any:
    """Give the entry ``name`` names a new name; the old one stays as an alias. Renaming to
    one of its own aliases swaps them. Refused: an empty or taken name, the same name."""
    k = kind_of(kind)
    with db.write() as session:
        names = Names(session)
        row, _found = find(names, k, name)
        new = clean(new_name, "new name", k.max_name)
        if new == row.name:
            raise ValidationError("new name", f"'{new}' is already its name.")
        if k.name == "person":
            taken = names.index(k).exact(new, include_retired=True)
            if taken is not None and taken.ref != row.id:
                raise ValidationError(
                    "new name",
                    f"'{new}' already names another participant; merge the two instead.",
                )
        check_free(names, k, new, "new name", own=row.id)
        old = row.name
        drop_alias(session, k, row.id, new)  # renamed to one of its aliases
        row.name = new
        keep_as_alias(session, k, row, old)
        log(session, k, row.id, "rename", new, old=old, new=new, officer=officer)
        return record_of(session, k, row.id)


def add_alias(db: Database, kind: str, name: str, alias: str, *, officer: str = "") -> Any:
    """Another name for the entry (Turkey for Türkiye). Refused if it already names this
    entry or another one."""
    k = kind_of(kind)
    with db.write() as session:
        names = Names(session)
        row, _found = find(names, k, name)
        text = clean(alias, "alias")
        if fold_key(text) in current_keys(session, k, row):
            raise ValidationError("alias", f"'{text}' already names '{row.name}'.")
        check_free(names, k, text, "alias", own=row.id)
        insert_alias(session, k, row.id, text)
        log(session, k, row.id, "alias", row.name, new=text, officer=officer)
        return record_of(session, k, row.id)


def remove_alias(db: Database, kind: str, name: str, alias: str, *, officer: str = "") -> Any:
    """Take an alias away from the entry. Refused if it is not one of its aliases."""
    k = kind_of(kind)
    with db.write() as session:
        row, _found = find(Names(session), k, name)
        text = " ".join((alias or "").split())
        if not drop_alias(session, k, row.id, text):
            raise ValidationError("alias", f"'{text}' is not an alias of '{row.name}'.")
        log(session, k, row.id, "unalias", row.name, old=text, officer=officer)
        return record_of(session, k, row.id)


def retire(db: Database, kind: str, name: str, *, undo: bool = False, officer: str = "") -> Any:
    """Retire the entry (hidden from pickers and refused for new input; kept, and shown, on
    the records that have it), or with ``undo`` bring it back. Refused: retiring what is
    retired (or bringing back what is not), and retiring the last type or marking in use."""
    k = kind_of(kind)
    with db.write() as session:
        row, _found = find(Names(session), k, name)
        if undo:
            if row.retired_at is None:
                raise ValidationError("name", f"'{row.name}' is not retired.")
            row.retired_at = None
            log(session, k, row.id, "unretire", row.name, officer=officer)
            return record_of(session, k, row.id)
        if row.retired_at is not None:
            raise ValidationError("name", f"'{row.name}' is already retired.")
        if k.ranked and in_use_count(session, k) <= 1:
            raise ValidationError(
                "name",
                f"'{row.name}' is the only {k.noun} in use; add another (or bring one back) "
                "before retiring it.",
            )
        row.retired_at = utc_now_text()
        log(session, k, row.id, "retire", row.name, officer=officer)
        return record_of(session, k, row.id)


def renumber(session: Session, kind: Kind, order: list[int]) -> None:
    """Set ``sort_order`` 0, 1, 2… in the order of the ids in ``order``."""
    model: Any = kind.model
    for position, entry_id in enumerate(order):
        session.get(model, entry_id).sort_order = position


def set_rank(
    db: Database, kind: str, name: str, rank: int, *, officer: str = ""
) -> tuple[TermRecord, ...]:
    """Put a handling marking (or an interaction type) at ``rank`` in its list, from 1 (a
    marking's lowest); the others keep their order. Returns the whole list, in rank order.
    Refused: a list without ranks, a rank outside 1…n, the rank it has."""
    return _place(db, kind, name, lambda _current: rank, officer)


def move(
    db: Database, kind: str, name: str, step: int, *, officer: str = ""
) -> tuple[TermRecord, ...]:
    """Move an entry ``step`` places in a ranked list (+1: one higher, -1: one lower)."""
    return _place(db, kind, name, lambda current: current + step, officer)


def _place(
    db: Database, kind: str, name: str, wanted: Callable[[int], int], officer: str
) -> tuple[TermRecord, ...]:
    k = kind_of(kind)
    if not k.ranked:
        raise ValidationError("rank", f"{k.command} have no rank.")
    with db.write() as session:
        row, _found = find(Names(session), k, name)
        order = [entry_id for entry_id, _record in entries(session, k)]
        current = order.index(row.id) + 1
        rank = wanted(current)
        if not isinstance(rank, int) or not 1 <= rank <= len(order):
            raise ValidationError(
                "rank", f"give a rank from 1 (lowest) to {len(order)}, not {rank}."
            )
        if rank == current:
            raise ValidationError("rank", f"'{row.name}' already has rank {rank}.")
        order.remove(row.id)
        order.insert(rank - 1, row.id)
        renumber(session, k, order)
        log(session, k, row.id, "rank", row.name, old=str(current), new=str(rank),
            officer=officer)  # fmt: skip
        return tuple(record for _id, record in entries(session, k))  # type: ignore[misc]
