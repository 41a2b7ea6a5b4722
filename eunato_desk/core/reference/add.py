"""Adding entries to the reference lists, and changing an organisation's acronym and side or
a country's ISO code and flags.

One write transaction each; every key of the new entry (name, acronym or ISO code, aliases)
must be free in its list (ValidationError naming the field, nothing changed); the addition
is recorded in ``reference_change``; the entry's frozen record is returned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.models import ORGANISATION_SIDES
from eunato_desk.core.records import CountryRecord, OrganisationRecord, PersonRecord, TermRecord
from eunato_desk.core.reference.edit import drop_alias, keep_as_alias, renumber
from eunato_desk.core.reference.entry import (
    check_free,
    clean,
    find,
    insert_alias,
    log,
    record_of,
)
from eunato_desk.core.reference.kinds import KINDS, Kind
from eunato_desk.core.reference.load import entries
from eunato_desk.core.reference.matching import Names, fold_key
from eunato_desk.core.storage.db import Database

ACRONYM_MAX = 50
_ISO = re.compile(r"[A-Z]{2}")
_SIDES = {side.casefold(): side for side in ORGANISATION_SIDES}


def side_of(text: str) -> str:
    """One of ORGANISATION_SIDES, whatever the case; ValidationError naming 'side'."""
    side = _SIDES.get((text or "").strip().casefold())
    if side is None:
        raise ValidationError("side", f"'{text}' is not one of {', '.join(ORGANISATION_SIDES)}.")
    return side


def iso_of(text: str | None) -> str:
    """A two-letter ISO 3166 code in capitals; ValidationError naming 'iso_code'."""
    code = (text or "").strip().upper()
    if not code:
        raise ValidationError(
            "iso_code", "give the country's ISO 3166 code (two letters, e.g. LY)."
        )
    if not _ISO.fullmatch(code):
        raise ValidationError("iso_code", f"'{text}' is not a two-letter ISO 3166 code.")
    return code


def create(names: Names, kind: Kind, values: dict[str, Any], aliases: Iterable[str] = ()) -> int:
    """Insert an entry and its aliases (no checks: the caller made them). Returns its id."""
    session = names.session
    row = kind.model(**values)
    session.add(row)
    session.flush()
    seen = {fold_key(values["name"])}
    if kind.code and values.get(kind.code):
        seen.add(fold_key(values[kind.code]))
    for alias in aliases:
        if fold_key(alias) not in seen:
            seen.add(fold_key(alias))
            insert_alias(session, kind, row.id, alias)
    names.forget(kind)
    return row.id


def _add(
    db: Database,
    kind: Kind,
    values: dict[str, Any],
    aliases: Iterable[str],
    officer: str,
    detail: str = "",
    rank: int | None = None,
) -> Any:
    values = {**values, "name": clean(values["name"], "name", kind.max_name)}
    texts = [clean(a, "alias") for a in aliases]
    with db.write() as session:
        names = Names(session)
        if kind.name == "person":
            values = _person_values(names, values)
        check_free(names, kind, values["name"], "name")
        if kind.code and values.get(kind.code):
            check_free(names, kind, values[kind.code], kind.code)
        for text in texts:
            check_free(names, kind, text, "alias")
        order = [entry_id for entry_id, _r in entries(session, kind)] if kind.ranked else []
        if kind.ranked and rank is not None and not 1 <= rank <= len(order) + 1:
            raise ValidationError(
                "rank", f"give a rank from 1 (lowest) to {len(order) + 1}, not {rank}."
            )
        entry_id = create(names, kind, values, texts)
        if kind.ranked:
            order.insert((rank or len(order) + 1) - 1, entry_id)
            renumber(session, kind, order)
        log(session, kind, entry_id, "add", values["name"], new=values["name"], detail=detail,
            officer=officer)  # fmt: skip
        return record_of(session, kind, entry_id)


def _person_values(names: Names, values: dict[str, Any]) -> dict[str, Any]:
    """A participant's values with its organisation (named as matching does) as an id."""
    text = values.pop("organisation", None)
    if text and text.strip():
        found = names.index(KINDS["organisation"]).exact(text)
        if found is None:
            raise ValidationError("organisation", f"there is no organisation in use '{text}'.")
        values["organisation_id"] = found.ref
    return values


def add_organisation(
    db: Database,
    name: str,
    *,
    acronym: str | None = None,
    side: str = "other",
    aliases: Iterable[str] = (),
    officer: str = "",
) -> OrganisationRecord:
    short = clean(acronym, "acronym", ACRONYM_MAX) if acronym and acronym.strip() else None
    values = {"name": name, "acronym": short, "side": side_of(side)}
    detail = ", ".join(x for x in (short and f"acronym {short}", f"side {values['side']}") if x)
    return _add(db, KINDS["organisation"], values, aliases, officer, detail)


def add_country(
    db: Database,
    name: str,
    iso_code: str | None,
    *,
    aliases: Iterable[str] = (),
    is_pilot: bool = False,
    is_partner: bool = False,
    officer: str = "",
) -> CountryRecord:
    values = {"name": name, "iso_code": iso_of(iso_code), "is_pilot": is_pilot,
              "is_partner": is_partner}  # fmt: skip
    flags = [w for w, on in (("pilot", is_pilot), ("partner", is_partner)) if on]
    detail = ", ".join([f"ISO {values['iso_code']}", *flags])
    return _add(db, KINDS["country"], values, aliases, officer, detail)


def add_type(
    db: Database, name: str, *, aliases: Iterable[str] = (), rank: int | None = None,
    officer: str = "",
) -> TermRecord:  # fmt: skip
    """A new interaction type, at ``rank`` in the pickers' order (default: last)."""
    return _add(db, KINDS["type"], {"name": name}, aliases, officer, rank=rank)


def add_marking(
    db: Database, name: str, *, aliases: Iterable[str] = (), rank: int | None = None,
    officer: str = "",
) -> TermRecord:  # fmt: skip
    """A new handling marking at ``rank`` (1 = lowest; default: above all the others)."""
    return _add(db, KINDS["marking"], {"name": name}, aliases, officer, rank=rank)


def add_person(
    db: Database, name: str, *, organisation: str | None = None, aliases: Iterable[str] = (),
    officer: str = "",
) -> PersonRecord:  # fmt: skip
    """A participant, optionally of an organisation (named as matching does, in use)."""
    values: dict[str, Any] = {"name": name, "organisation": organisation}
    return _add(db, KINDS["person"], values, aliases, officer)


_KEEP: Any = object()


def edit_organisation(
    db: Database, name: str, *, acronym: str | None = _KEEP, side: str = _KEEP, officer: str = ""
) -> OrganisationRecord:
    """Change an organisation's acronym (None or '' removes it; the old one stays as an
    alias) and/or its side."""
    kind = KINDS["organisation"]
    new_side = side_of(side) if side is not _KEEP else _KEEP
    if acronym is not _KEEP:
        acronym = clean(acronym, "acronym", ACRONYM_MAX) if acronym and acronym.strip() else None
    with db.write() as session:
        names = Names(session)
        row, _found = find(names, kind, name)
        changes = [("acronym", row.acronym, acronym), ("side", row.side, new_side)]
        _apply(names, kind, row, [c for c in changes if c[2] is not _KEEP], officer)
        return record_of(session, kind, row.id)


def edit_country(
    db: Database,
    name: str,
    *,
    iso_code: str | None = None,
    is_pilot: bool | None = None,
    is_partner: bool | None = None,
    officer: str = "",
) -> CountryRecord:
    """Change a country's ISO code (the old one stays as an alias) and/or its flags; None
    leaves a value as it is."""
    kind = KINDS["country"]
    code = iso_of(iso_code) if iso_code is not None else None
    with db.write() as session:
        names = Names(session)
        row, _found = find(names, kind, name)
        changes = [("iso_code", row.iso_code, code), ("is_pilot", row.is_pilot, is_pilot),
                   ("is_partner", row.is_partner, is_partner)]  # fmt: skip
        _apply(names, kind, row, [c for c in changes if c[2] is not None], officer)
        return record_of(session, kind, row.id)


def _apply(names: Names, kind: Kind, row: Any, changes: list[tuple], officer: str) -> None:
    """Set each (column, old, new) that changes; a replaced code stays as an alias.
    Refused: a code another entry has, or nothing to change."""
    changed = [(col, old, new) for col, old, new in changes if old != new]
    if not changed:
        raise ValidationError(changes[0][0] if changes else "name", "nothing to change.")
    for col, _old, new in changed:
        if col == kind.code and new:
            check_free(names, kind, new, col, own=row.id)
    for col, old, new in changed:
        setattr(row, col, new)
        if col == kind.code and new:
            drop_alias(names.session, kind, row.id, new)  # an alias that becomes the code
        if col == kind.code and old:
            keep_as_alias(names.session, kind, row, old)
        log(names.session, kind, row.id, "edit", row.name, old=_text(old), new=_text(new),
            detail=col, officer=officer)  # fmt: skip


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
