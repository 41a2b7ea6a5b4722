"""One projection of "an interaction with its lists" (``core.projection``): the record a save
returns, ``get_interaction``, the list row, an action's history and the CSV export all show
the same lists, sorted the same way."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from eunato_desk.core import listing, projection
from eunato_desk.core.analysis import history as action_history
from eunato_desk.core.interactions import create_interaction, get_interaction
from eunato_desk.core.records import InteractionFilter, InteractionInput, LinkInput
from eunato_desk.core.storage.db import Database
from eunato_desk.core.transfer.export import export_csv

FORM = InteractionInput(
    title="Lists in every order",
    type="Workshop",
    start_date=dt.date(2018, 5, 3),
    links=(LinkInput(70), LinkInput(43, "second"), LinkInput(3, "first")),
    countries=("Türkiye", "Austria", "Tunisia"),
    organisations=("EUMS", "European External Action Service"),
    participants=("Émile Durand", "Zoë Adams", "ann berg"),
)


def test_every_reader_shows_the_same_lists_in_the_same_order(db: Database, tmp_path: Path):
    saved = create_interaction(db, FORM)  # built from the ORM objects the save wrote
    stored = get_interaction(db, saved.uuid)  # read back in bulk
    assert saved == stored
    assert stored.countries == ("Austria", "Tunisia", "Türkiye")  # code-point order
    assert stored.organisations == ("EEAS", "EUMS")  # acronyms where there are some
    assert stored.participants == ("Zoë Adams", "ann berg", "Émile Durand")  # not by locale
    assert [(lk.number, lk.note) for lk in stored.links] == [(3, "first"), (43, "second"), (70, "")]

    [row] = listing.list_interactions(db, InteractionFilter())
    assert row.actions == (3, 43, 70) and row.areas == (1,)
    assert (row.countries, row.organisations) == (stored.countries, stored.organisations)

    [entry] = action_history.action_history(db, 43)[1]
    assert (entry.countries, entry.organisations) == (stored.countries, stored.organisations)

    export_csv(db, InteractionFilter(), tmp_path / "one.csv", flavor="plain")
    with (tmp_path / "one.csv").open(encoding="utf-8", newline="") as fh:
        [cells] = list(csv.DictReader(fh))
    assert cells["actions"] == "3; 43; 70" and cells["areas"] == "1"
    assert cells["countries"] == "; ".join(stored.countries)
    assert cells["organisations"] == "; ".join(stored.organisations)
    assert cells["participants"] == "; ".join(stored.participants)
    assert json.loads(cells["link_notes"]) == {"3": "first", "43": "second"}

    export_csv(db, InteractionFilter(), tmp_path / "links.csv", layout="links", flavor="plain")
    with (tmp_path / "links.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["action_number"], r["link_note"]) for r in rows] == [
        ("3", "first"),
        ("43", "second"),
        ("70", ""),
    ]


def test_a_page_of_nothing_reads_nothing(db: Database) -> None:
    with db.read() as session:
        assert projection.rows_for_ids(session, []) == {}
        assert projection.full_rows(session, []) == []
        assert projection.page_lists(session, []) == {name: {} for name in projection.LISTS}
