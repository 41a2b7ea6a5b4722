"""Reference data shipped in resources/catalogue, loaded once per database, idempotently."""

from __future__ import annotations

import csv
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
    areas = read_rows("areas.csv")
    session.execute(
        insert(Area),
        [
            {"code": int(r["code"]), "name": r["name"], "sort_order": int(r["sort_order"])}
            for r in areas
        ],
    )
    area_ids = dict(session.execute(select(Area.code, Area.id)).all())
    session.execute(
        insert(Action),
        [
            {
                "uuid": new_uuid(),
                "number": int(r["number"]),
                "set_year": int(r["set"]),
                "area_id": area_ids[int(r["area_code"])] if r["area_code"] else None,
                "title": r["title"],
                "description": r["description"],
                "confidence": r["confidence"],
                "status": "active",
            }
            for r in read_rows("actions.csv")
        ],
    )
    session.execute(
        insert(InteractionType),
        [
            {"name": r["name"], "sort_order": i}
            for i, r in enumerate(read_rows("interaction_types.csv"))
        ],
    )
    session.execute(
        insert(HandlingMarking),
        [{"name": r["name"], "sort_order": i} for i, r in enumerate(read_rows("markings.csv"))],
    )
    session.execute(
        insert(Organisation),
        [
            {"name": r["name"], "acronym": r["acronym"] or None, "side": r["side"]}
            for r in read_rows("organisations.csv")
        ],
    )
    session.execute(
        insert(Country),
        [
            {
                "name": r["name"],
                "iso_code": r["iso_code"],
                "is_pilot": r["is_pilot"] == "1",
                "is_partner": r["is_partner"] == "1",
            }
            for r in read_rows("countries.csv")
        ],
    )
    session.add(Meta(key=SEED_KEY, value=SEED_VERSION))
    return True
