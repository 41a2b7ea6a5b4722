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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from eunato_desk.core.errors import OperationCancelled, ValidationError
from eunato_desk.core.listing import ids_query
from eunato_desk.core.projection import PAGE, link_notes, page_lists, text_cells
from eunato_desk.core.records import InteractionFilter
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.files import atomic_open, check_output_target
from eunato_desk.core.transfer.format import (
    COLUMNS,
    CSV_LINE_END,
    FLAVORS,
    HEAD_COLUMNS,
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


def page_rows(session: Session, ids: Sequence[int], layout: str) -> list[list]:
    """The CSV rows (values as stored, None for empty) for a page of ids, in their order
    (``projection``: lists sorted as ``interactions.get_interaction`` sorts them)."""
    found = text_cells(session, ids, links=layout == "interactions")
    ids = [iid for iid in ids if iid in found]
    if layout == "interactions":
        notes = link_notes(session, ids)
        return [
            [*found[iid][1:], encode_link_notes(notes[iid]) if iid in notes else ""] for iid in ids
        ]
    links = page_lists(session, ids, ["links"])["links"]
    rows: list[list] = []
    for iid in ids:
        head, tail = found[iid][1:_HEAD_END], found[iid][_HEAD_END:]
        cells = [link[:4] for link in links.get(iid, ())] or [(None,) * 4]  # number .. note
        rows += [[*head, *link, *tail] for link in cells]
    return rows


_HEAD_END = 1 + len(HEAD_COLUMNS)


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
    excel = flavor == "excel"
    written = 0
    encoding = "utf-8-sig" if excel else "utf-8"
    with (
        db.read() as session,
        atomic_open(path, "w", encoding=encoding, newline="", replace=replace, field=field) as fh,
    ):
        ids = list(session.execute(ids_query(session, flt, "date", descending=False)).scalars())
        writer = csv.writer(fh, lineterminator=CSV_LINE_END)
        writer.writerow(COLUMNS[layout])
        done = 0
        if progress is not None:
            progress(0, len(ids))
        for start in range(0, len(ids), PAGE):
            if cancelled is not None and cancelled():
                raise OperationCancelled("Export cancelled; no file was written.")
            page = ids[start : start + PAGE]
            rows = page_rows(session, page, layout)
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
