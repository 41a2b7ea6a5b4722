"""The database the pinned exports come from (tests/fixtures/csv/exports/): fixed UUIDs and
hostile values (formula leads, quotes, separators, line breaks, non-Latin text), three
interactions in 2018 Q2, one after it, one in the Trash.

The expected files were written by the code as it was before the readable layout and
``--delimiter`` existed. To write them again from another checkout (never by hand)::

    PYTHONPATH=/path/to/checkout python tests/core/transfer/pinned.py OUT_DIR
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from eunato_desk.core.interactions import create_interaction, delete_interaction
from eunato_desk.core.records import InteractionFilter, InteractionInput, LinkInput
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.transfer.export import export_csv

EXPECTED = Path(__file__).resolve().parents[2] / "fixtures" / "csv" / "exports"
Q2 = InteractionFilter(date_from=dt.date(2018, 4, 1), date_to=dt.date(2018, 6, 30))
PINNED = [(layout, flavor) for layout in ("interactions", "links") for flavor in ("excel", "plain")]

ITEMS = (
    (
        "6f1c2a7e-0b1d-4c55-9a49-2f1c0d9e3a01",
        InteractionInput(
            title='Staff talks on resilience, cyber and "StratCom"',
            type="Staff talks",
            start_date=dt.date(2018, 4, 12),
            start_time="10:30",
            end_time="12:00",
            status="held",
            location="+Brussels; Berlaymont",
            format="in_person",
            summary="Line one\r\nline two, with a comma; and a semicolon",
            outcome="=SUM(A1:A9)",
            marking="LIMITE",
            tags=("resilience", "-minus"),
            links=(
                LinkInput(3, "briefed on the playbook"),
                LinkInput(43, 'joint paper, "draft 2"; next: 14:00'),
                LinkInput(7, ""),
            ),
            organisations=("EEAS", "NATO IS"),
            countries=("Tunisia", "Georgia"),
            participants=("Jane Doe", "@handle"),
        ),
    ),
    (
        "0a9d3b44-7e2f-4f10-8c3b-5d6e7f801b02",
        InteractionInput(
            title="Ærø seminar 😀 שלום",
            type="Seminar",
            start_date=dt.date(2018, 5, 2),
            end_date=dt.date(2018, 5, 3),
            end_time="09:00",
            status="planned",
            format="video",
            summary="\tstarts with a tab",
            outcome="'=already quoted",
        ),
    ),
    (
        "c3e5a1f0-2d4b-4e6a-8f9c-1b2d3e4f5a03",
        InteractionInput(
            title="Cross-briefing to the PSC",
            type="Cross-briefing",
            start_date=dt.date(2018, 6, 30),
            start_time="09:00",
            status="postponed",
            format="hybrid",
            links=(LinkInput(12, "@once"), LinkInput(6, "=1+1\nsecond line")),
            organisations=("European External Action Service",),
            countries=("TN",),
        ),
    ),
)
OUTSIDE = (
    ("d4f6b2a1-3e5c-4f7b-9a0d-2c3e4f5a6b04", dt.date(2018, 7, 1)),  # the next quarter
    ("e5a7c3b2-4f6d-4a8c-8b1e-3d4f5a6b7c05", dt.date(2018, 5, 5)),  # in the Trash
)


def build(db) -> None:  # type: ignore[no-untyped-def]
    """The pinned database: three interactions in 2018 Q2, one after it, one in the Trash."""
    for uuid, data in ITEMS:
        create_interaction(db, data, officer="Ann", uuid=uuid)
    for uuid, day in OUTSIDE:
        create_interaction(
            db, InteractionInput("Left out", "Workshop", day), officer="Ann", uuid=uuid
        )
    delete_interaction(db, OUTSIDE[1][0])


def stored_links(path: Path, uuid: str) -> list[tuple]:
    """(action number, note) of an interaction's links, read from the SQLite file itself."""
    from tests.helpers import query

    return query(
        path,
        "SELECT a.number, l.note FROM interaction_action l JOIN action a ON a.id = l.action_id "
        "JOIN interaction i ON i.id = l.interaction_id WHERE i.uuid = ? ORDER BY a.number",
        uuid,
    )


def write_all(db, folder: Path) -> None:  # type: ignore[no-untyped-def]
    for layout, flavor in PINNED:
        export_csv(db, Q2, folder / f"{layout}-{flavor}.csv", layout=layout, flavor=flavor)


if __name__ == "__main__":  # write the expected files with whatever eunato_desk is importable
    import tempfile

    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        database = open_database(Path(tmp) / "pinned.sqlite3", create=True)
        try:
            build(database)
            write_all(database, target)
        finally:
            database.dispose()
