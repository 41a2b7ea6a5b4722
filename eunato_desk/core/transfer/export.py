"""Export interactions (a quarter, a date range, any list filter) to a CSV file.

The columns and flavors are described in ``csv_format``. Rows are in date order (start date,
start time, then creation order) and are streamed a page at a time from one read snapshot.
The target is checked and written by ``output_files``: never the database or its files, an
existing file only when allowed, and the file appears whole or not at all (rows go to a
temporary file in the same folder, renamed over the target at the end; on cancel or error it
is removed).
"""

from __future__ import annotations

import csv
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from eunato_desk.core.errors import OperationCancelled, ValidationError
from eunato_desk.core.listing import ids_query
from eunato_desk.core.records import InteractionFilter
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.files import atomic_open, check_output_target
from eunato_desk.core.transfer.fetch import PAGE, driver_connection
from eunato_desk.core.transfer.format import (
    COLUMNS,
    CSV_LINE_END,
    FLAVORS,
    LAYOUTS,
    encode_link_notes,
    neutralise,
)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int  # data rows written (the header not counted)
    interactions: int

    def message(self) -> str:
        noun = "interaction" if self.interactions == 1 else "interactions"
        return f"Exported {self.interactions:,} {noun} ({self.rows:,} rows) to {self.path}."


# One query per page of ids builds every cell; SQLite joins the lists (sorted the way
# ``interactions.get_interaction`` sorts them: BINARY order is code-point order, as in Python).
_LIST = "(SELECT group_concat(v, '; ') FROM ({}))"
_ACTIONS = _LIST.format(
    "SELECT a.number AS v FROM interaction_action ia JOIN action a ON a.id = ia.action_id "
    "WHERE ia.interaction_id = i.id AND a.number IS NOT NULL ORDER BY a.number"
)
_AREAS = _LIST.format(
    "SELECT DISTINCT ar.code AS v FROM interaction_action ia JOIN action a "
    "ON a.id = ia.action_id JOIN area ar ON ar.id = a.area_id "
    "WHERE ia.interaction_id = i.id ORDER BY ar.code"
)
_TAIL = ", ".join(
    [
        _LIST.format(
            "SELECT c.name AS v FROM interaction_country ic JOIN country c "
            "ON c.id = ic.country_id WHERE ic.interaction_id = i.id ORDER BY v"
        ),
        _LIST.format(
            "SELECT coalesce(nullif(o.acronym, ''), o.name) AS v FROM interaction_organisation "
            "io JOIN organisation o ON o.id = io.organisation_id "
            "WHERE io.interaction_id = i.id ORDER BY v"
        ),
        _LIST.format(
            "SELECT p.name AS v FROM interaction_person ip JOIN person p "
            "ON p.id = ip.person_id WHERE ip.interaction_id = i.id ORDER BY v"
        ),
        "i.summary, i.outcome, m.name, i.tags",
    ]
)
_HEAD = (
    "i.id, i.uuid, i.title, t.name, i.start_date, i.start_time, i.end_date, i.end_time, "
    "i.status, i.location, i.format"
)
_FROM = (
    " FROM interaction i JOIN interaction_type t ON t.id = i.type_id "
    "JOIN handling_marking m ON m.id = i.marking_id WHERE i.id IN ({})"
)
_SQL = {
    "interactions": f"SELECT {_HEAD}, {_ACTIONS}, {_AREAS}, {_TAIL}{_FROM}",
    "links": f"SELECT {_HEAD}, {_TAIL}{_FROM}",
}
_NOTES_SQL = (
    "SELECT ia.interaction_id, a.number, ia.note FROM interaction_action ia "
    "JOIN action a ON a.id = ia.action_id "
    "WHERE ia.interaction_id IN ({}) AND ia.note <> '' AND a.number IS NOT NULL"
)
_LINKS_SQL = (
    "SELECT ia.interaction_id, a.number, a.title, ar.code, ia.note "
    "FROM interaction_action ia JOIN action a ON a.id = ia.action_id "
    "LEFT JOIN area ar ON ar.id = a.area_id WHERE ia.interaction_id IN ({})"
)
_HEAD_CELLS = 10  # uuid .. format


def page_rows(conn: sqlite3.Connection, ids: Sequence[int], layout: str) -> list[list]:
    """The CSV rows (values as stored, None for empty) for a page of ids, in their order."""
    marks = ",".join("?" * len(ids))
    found = {r[0]: r for r in conn.execute(_SQL[layout].format(marks), ids)}
    rows: list[list] = []
    if layout == "interactions":
        notes: dict[int, dict[int, str]] = defaultdict(dict)
        for iid, number, note in conn.execute(_NOTES_SQL.format(marks), ids):
            notes[iid][number] = note
        for iid in ids:
            if iid in found:
                cell = encode_link_notes(notes[iid]) if iid in notes else ""
                rows.append([*found[iid][1:], cell])
        return rows
    links: dict[int, list[tuple]] = defaultdict(list)
    for iid, *link in conn.execute(_LINKS_SQL.format(marks), ids):
        links[iid].append(link)
    for iid in ids:
        if iid not in found:
            continue
        head, tail = found[iid][1 : 1 + _HEAD_CELLS], found[iid][1 + _HEAD_CELLS :]
        mine = sorted(links.get(iid, ()), key=lambda lk: (lk[0] is None, lk[0] or 0))
        rows += [[*head, *link, *tail] for link in mine] or [[*head, None, None, None, None, *tail]]
    return rows


def export_csv(
    db: Database,
    flt: InteractionFilter,
    path: Path | str,
    layout: str = "interactions",
    flavor: str = "excel",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    replace: bool = True,
    field: str = "output",
) -> ExportResult:
    """Write the interactions matching ``flt`` (by start date, inclusive) to ``path``.

    ``replace=False`` refuses an existing file (the command line without ``--force``); the
    database's own files, SQLite files and read-only files are always refused
    (``output_files.check_output_target``; ``field`` names the input in messages).
    Raises ValidationError for a bad layout, flavor, filter or target, and
    OperationCancelled when ``cancelled()`` turns true; in both cases no file is left."""
    if layout not in LAYOUTS:
        raise ValidationError("layout", f"'{layout}' is not one of {', '.join(LAYOUTS)}.")
    if flavor not in FLAVORS:
        raise ValidationError("flavor", f"'{flavor}' is not one of {', '.join(FLAVORS)}.")
    path = check_output_target(path, database=db.path, force=replace, field=field)
    query = ids_query(flt, "date", descending=False)
    excel = flavor == "excel"
    written = 0
    encoding = "utf-8-sig" if excel else "utf-8"
    with (
        db.read() as session,
        atomic_open(path, "w", encoding=encoding, newline="", replace=replace, field=field) as fh,
    ):
        ids = list(session.execute(query).scalars())
        conn = driver_connection(session)
        writer = csv.writer(fh, lineterminator=CSV_LINE_END)
        writer.writerow(COLUMNS[layout])
        done = 0
        if progress is not None:
            progress(0, len(ids))
        for start in range(0, len(ids), PAGE):
            if cancelled is not None and cancelled():
                raise OperationCancelled("Export cancelled; no file was written.")
            page = ids[start : start + PAGE]
            rows = page_rows(conn, page, layout)
            if excel:
                rows = [
                    [neutralise(v) if isinstance(v, str) else v for v in cells] for cells in rows
                ]
            writer.writerows(rows)
            written += len(rows)
            done += len(page)
            if progress is not None:
                progress(done, len(ids))
        if cancelled is not None and cancelled():
            raise OperationCancelled("Export cancelled; no file was written.")
    return ExportResult(path=path, rows=written, interactions=len(ids))
