"""Reference data shipped in resources/catalogue, loaded once per database, idempotently."""

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
from eunato_desk.core.storage.paths import resources_dir

SEED_KEY = "reference_seed_version"
SEED_VERSION = "1"


def catalogue_dir() -> Path:
    return resources_dir() / "catalogue"


def read_rows(name: str) -> list[dict[str, str]]:
    with (catalogue_dir() / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def seed_reference_data(session: Session) -> bool:
    """Load the default catalogue if this database never had it. Returns True if it loaded.

    Once loaded, the reference data belongs to the user: a later start never re-adds a type or
    an organisation that the user removed.
    """
    if session.get(Meta, SEED_KEY) is not None:
        return False
    _insert(session, Area, "areas.csv", _area)
    area_ids = dict(session.execute(select(Area.code, Area.id)).all())
    _insert(session, Action, "actions.csv", lambda _i, r: _action(r, area_ids))
    _insert(session, InteractionType, "interaction_types.csv", _in_order)
    _insert(session, HandlingMarking, "markings.csv", _in_order)
    _insert(session, Organisation, "organisations.csv", _organisation)
    _insert(session, Country, "countries.csv", _country)
    session.add(Meta(key=SEED_KEY, value=SEED_VERSION))
    return True


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
