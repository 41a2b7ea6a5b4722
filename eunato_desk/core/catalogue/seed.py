"""Reference data shipped in resources/catalogue, loaded once per database, idempotently.

Seed versions (``meta.reference_seed_version``):

1. the first lists (areas, actions, types, markings, 23 organisations, 43 countries);
2. the complete lists of this version: the organisations and countries marked ``since`` 2
   in their files, and the aliases of ``aliases.csv`` (Turkey for Türkiye...).

A new database gets everything at once. A database seeded with version 1 gets, once, only
what version 2 adds: an entry is added only if none of its keys (name, acronym or ISO code,
aliases) already names an entry, so nothing the officer renamed or merged comes back as a
duplicate; an alias only if its entry is there and no entry already has it. What this step
adds is recorded in the lists' history (``reference_change``), by no officer.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from eunato_desk.core.models import (
    Action,
    Area,
    Country,
    HandlingMarking,
    InteractionType,
    Meta,
    Organisation,
    new_uuid,
)
from eunato_desk.core.reference.add import create
from eunato_desk.core.reference.entry import insert_alias, log
from eunato_desk.core.reference.kinds import KINDS, Kind
from eunato_desk.core.reference.matching import Names, fold_key
from eunato_desk.core.storage.paths import resources_dir

SEED_KEY = "reference_seed_version"
SEED_VERSION = "2"
SECOND_STEP_NOTE = "added with the shipped lists of version 2"


def catalogue_dir() -> Path:
    return resources_dir() / "catalogue"


def read_rows(name: str) -> list[dict[str, str]]:
    with (catalogue_dir() / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def seed_due(session: Session) -> bool:
    """Whether this database lacks (part of) the shipped reference data."""
    row = session.get(Meta, SEED_KEY)
    return row is None or row.value == "1"


def seed_reference_data(session: Session) -> bool:
    """Load the default catalogue if this database never had it, or what version 2 adds if
    it has version 1's. Returns True if it loaded anything.

    Once loaded, the reference data belongs to the user: a later start never re-adds a type or
    an organisation that the user removed.
    """
    row = session.get(Meta, SEED_KEY)
    if row is None:
        _insert(session, Area, "areas.csv", _area)
        area_ids = dict(session.execute(select(Area.code, Area.id)).all())
        _insert(session, Action, "actions.csv", lambda _i, r: _action(r, area_ids))
        _insert(session, InteractionType, "interaction_types.csv", _in_order)
        _insert(session, HandlingMarking, "markings.csv", _in_order)
        _insert(session, Organisation, "organisations.csv", _organisation)
        _insert(session, Country, "countries.csv", _country)
        _add_aliases(Names(session), record=False)
        session.add(Meta(key=SEED_KEY, value=SEED_VERSION))
        return True
    if row.value != "1":
        return False
    names = Names(session)
    for kind, file, make in (
        (KINDS["organisation"], "organisations.csv", _organisation),
        (KINDS["country"], "countries.csv", _country),
    ):
        _add_new_entries(names, kind, [r for r in read_rows(file) if r["since"] == "2"], make)
    _add_aliases(names, record=True)
    row.value = SEED_VERSION
    return True


def _add_new_entries(
    names: Names, kind: Kind, rows: list[Row], make: Callable[[int, Row], dict]
) -> None:
    """Add the rows none of whose keys (with their shipped aliases) names an entry."""
    shipped = _shipped_aliases()
    for row in rows:
        values = make(0, row)
        keys = [values["name"], values.get(kind.code or "") or ""]
        keys += [alias for entry, alias in shipped.get(kind.name, []) if entry in keys]
        index = names.index(kind)
        if any(k and index.exact(k, include_retired=True) is not None for k in keys):
            continue
        entry_id = create(names, kind, values)
        log(names.session, kind, entry_id, "add", values["name"], new=values["name"],
            detail=SECOND_STEP_NOTE)  # fmt: skip


def _shipped_aliases() -> dict[str, list[tuple[str, str]]]:
    """list -> [(entry key, alias)] of aliases.csv."""
    out: dict[str, list[tuple[str, str]]] = {}
    for r in read_rows("aliases.csv"):
        out.setdefault(r["list"], []).append((r["entry"], r["alias"]))
    return out


def _add_aliases(names: Names, *, record: bool) -> None:
    """The shipped aliases whose entry is there and which no entry has yet."""
    for kind_name, pairs in _shipped_aliases().items():
        kind = KINDS[kind_name]
        index = names.index(kind)
        taken = {key for item in index.candidates for key, _text in item.keys}
        for entry, alias in pairs:
            target = index.exact(entry, include_retired=True)
            if target is None or fold_key(alias) in taken:
                continue
            taken.add(fold_key(alias))
            insert_alias(names.session, kind, target.ref, alias)
            if record:
                log(names.session, kind, target.ref, "alias", target.name, new=alias,
                    detail=SECOND_STEP_NOTE)  # fmt: skip
        names.forget(kind)


Row = dict[str, str]


def _insert(session: Session, model: type, name: str, make: Callable[[int, Row], dict]) -> None:
    """Insert one row of ``model`` per line of the catalogue file ``name`` (in one statement)."""
    session.execute(insert(model), [make(i, r) for i, r in enumerate(read_rows(name))])


def _area(_i: int, r: Row) -> dict:
    return {"code": int(r["code"]), "name": r["name"], "sort_order": int(r["sort_order"])}


def _action(r: Row, area_ids: dict[int, int]) -> dict:
    return {
        "uuid": new_uuid(),
        "number": int(r["number"]),
        "set_year": int(r["set"]),
        "area_id": area_ids[int(r["area_code"])] if r["area_code"] else None,
        "title": r["title"],
        "description": r["description"],
        "confidence": r["confidence"],
        "status": "active",
    }


def _in_order(i: int, r: Row) -> dict:
    """A name listed in the file's order (interaction types, handling markings)."""
    return {"name": r["name"], "sort_order": i}


def _organisation(_i: int, r: Row) -> dict:
    return {"name": r["name"], "acronym": r["acronym"] or None, "side": r["side"]}


def _country(_i: int, r: Row) -> dict:
    return {
        "name": r["name"],
        "iso_code": r["iso_code"],
        "is_pilot": r["is_pilot"] == "1",
        "is_partner": r["is_partner"] == "1",
    }
