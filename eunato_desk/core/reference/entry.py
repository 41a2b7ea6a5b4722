"""What the reference services share: clean names, find an entry, refuse a key another entry
has, write an alias, log a change, and read an entry back as its record."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.models import ReferenceChange, utc_now_text
from eunato_desk.core.reference import load
from eunato_desk.core.reference.kinds import Kind
from eunato_desk.core.reference.matching import Candidate, NameIndex, Names, fold_key

ALIAS_MAX = 200


def clean(text: str | None, field: str, limit: int = ALIAS_MAX) -> str:
    """``text`` with its spaces tidied; ValidationError naming ``field`` if it is empty, too
    long or has a ';' (the separator of lists in CSV files)."""
    value = " ".join((text or "").split())
    if not value:
        raise ValidationError(field, "it is empty.")
    if ";" in value:
        raise ValidationError(field, f"'{value}': a name cannot contain ';'.")
    if len(value) > limit:
        raise ValidationError(field, f"'{value[:40]}…' is longer than {limit} characters.")
    return value


def unknown(kind: Kind, text: str, index: NameIndex) -> str:
    """'there is no organisation 'X'; did you mean …?' (the entries in use it partly
    matches)."""
    near = index.suggestions(text)
    maybe = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else "."
    return f"there is no {kind.noun} '{text.strip()}'{maybe}"


def find(names: Names, kind: Kind, text: str, field: str = "name") -> tuple[Any, Candidate]:
    """The row ``text`` names exactly (name, code or alias; retired ones too) and its
    candidate; ValidationError naming ``field`` if none does."""
    index = names.index(kind)
    found = index.exact(text, include_retired=True)
    if found is None:
        raise ValidationError(field, unknown(kind, text, index))
    return names.session.get(kind.model, found.ref), found


def check_free(names: Names, kind: Kind, text: str, field: str, own: int | None = None) -> None:
    """Refuse ``text`` if it already names another entry of the list (by any key)."""
    other = names.index(kind).exact(text, include_retired=True)
    if other is not None and other.ref != own:
        raise ValidationError(field, f"'{text}' already names the {kind.noun} '{other.name}'.")


def current_keys(session: Session, kind: Kind, row: Any) -> set[str]:
    """The folded keys of an entry as the transaction has it now: name, code, aliases."""
    code = getattr(row, kind.code) if kind.code else None
    keys = {fold_key(row.name), *((fold_key(code),) if code else ())}
    table = kind.aliases
    keys.update(session.scalars(select(table.c.folded).where(kind.alias_fk == row.id)))
    return keys


def insert_alias(session: Session, kind: Kind, entry_id: int, text: str) -> None:
    session.execute(
        insert(kind.aliases).values(
            {kind.alias_fk.name: entry_id, "name": text, "folded": fold_key(text)}
        )
    )


def log(
    session: Session,
    kind: Kind,
    entry_id: int,
    change: str,
    name: str,
    *,
    old: str | None = None,
    new: str | None = None,
    detail: str = "",
    officer: str = "",
) -> None:
    """Record a change in the list's history (``reference_change``), in the transaction."""
    session.add(
        ReferenceChange(
            kind=kind.name,
            entry_id=entry_id,
            change=change,
            name=name,
            old=old,
            new=new,
            detail=detail,
            officer=officer,
            changed_at=utc_now_text(),
        )
    )
    session.flush()


def record_of(session: Session, kind: Kind, entry_id: int) -> Any:
    """The entry's record as the transaction sees it now."""
    session.flush()
    return dict(load.entries(session, kind))[entry_id]


def in_use_count(session: Session, kind: Kind) -> int:
    model: Any = kind.model
    return int(
        session.scalar(select(func.count()).select_from(model).where(model.retired_at.is_(None)))
        or 0
    )
