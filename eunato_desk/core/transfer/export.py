"""Export interactions (a quarter, a date range, any list filter) to a CSV file.

The layouts, flavors and separators are described in ``format``. Rows are in date order
(start date, start time, then creation order) and are streamed a page at a time from one read
snapshot. The target is checked and written by ``output_files``: never the database or its
files, an existing file only when allowed, and the file appears whole or not at all (rows go
to a temporary file in the same folder, renamed over the target at the end; on cancel or
error it is removed).

The rows come from the statements of ``projection_sql``, run by a ``quick.Reader``: through
the engine for ``export_csv`` (any filter, a file or a server), or over a plain ``sqlite3``
connection for the command line's dates (``export_file``, ``transfer.quick``); both write the
same bytes. The module is light to import: SQLAlchemy is loaded by ``export_csv`` only.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from eunato_desk.core.errors import OperationCancelled, ValidationError
from eunato_desk.core.projection_sql import NOTES, PAGE, TEXT_CELLS, lists_of
from eunato_desk.core.rows import InteractionFilter
from eunato_desk.core.storage.address import Address
from eunato_desk.core.storage.files import atomic_open, check_output_target
from eunato_desk.core.storage.opening import open_database, quick_read
from eunato_desk.core.transfer.format import (
    COLUMNS,
    CSV_LINE_END,
    DELIMITERS,
    FLAVORS,
    HEAD_COLUMNS,
    LAYOUTS,
    READABLE_FORMATS,
    READABLE_HEADERS,
    TAIL_COLUMNS,
    encode_action_notes,
    encode_link_notes,
    join_list,
    neutralise,
)
from eunato_desk.core.transfer.quick import Reader, ids_of, served, sqlite_reader

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from eunato_desk.core.storage.db import Database

AREAS = "SELECT code, name FROM area"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int  # data rows written (the header not counted)
    interactions: int

    def message(self) -> str:
        noun = "interaction" if self.interactions == 1 else "interactions"
        return f"Exported {self.interactions:,} {noun} ({self.rows:,} rows) to {self.path}."


def session_reader(session: Session) -> Reader:
    """The statements run on the session's connection, in its transaction, through the
    engine (so an SQLite error becomes a sentence: ``projection.run_page``)."""
    from eunato_desk.core.projection import run_page

    return Reader(
        page=lambda sql, ids: run_page(session, sql, ids),
        rows=lambda sql: list(session.connection().exec_driver_sql(sql).fetchall()),
    )


def page_rows(
    reader: Reader, ids: Sequence[int], layout: str, areas: dict[int, str] | None = None
) -> list[list]:
    """The CSV rows (values as stored, None for empty) for a page of ids, in their order
    (``projection_sql``: lists sorted as ``interactions.get_interaction`` sorts them); for the
    readable layout, ``areas`` names the areas (``area_names``: read once per export)."""
    if layout == "readable":
        return readable_rows(reader, ids, area_names(reader) if areas is None else areas)
    found = _text_cells(reader, ids, links=layout == "interactions")
    ids = [iid for iid in ids if iid in found]
    if layout == "interactions":
        notes = _link_notes(reader, ids)
        return [
            [*found[iid][1:], encode_link_notes(notes[iid]) if iid in notes else ""] for iid in ids
        ]
    links = lists_of(reader.page, ids, ["links"])["links"]
    rows: list[list] = []
    for iid in ids:
        head, tail = found[iid][1:_HEAD_END], found[iid][_HEAD_END:]
        cells = [link[:4] for link in links.get(iid, ())] or [(None,) * 4]  # number .. note
        rows += [[*head, *link, *tail] for link in cells]
    return rows


_HEAD_END = 1 + len(HEAD_COLUMNS)
_STORED_CELLS = ("id", *HEAD_COLUMNS, *TAIL_COLUMNS)  # a row of _text_cells(links=False)


def _text_cells(reader: Reader, ids: Sequence[int], *, links: bool) -> dict[int, tuple]:
    """Interaction id -> its cells as stored, each list joined by '; ' (``TEXT_CELLS``)."""
    query = TEXT_CELLS["with links" if links else "without links"]
    return {row[0]: row for row in reader.page(query, ids)}


def _link_notes(reader: Reader, ids: Sequence[int]) -> dict[int, dict[int, str]]:
    """Interaction id -> {action number: note} of its links that have a note, for a page."""
    notes: dict[int, dict[int, str]] = defaultdict(dict)
    for iid, number, _title, _code, note, _uuid in reader.page(NOTES, ids):
        notes[iid][number] = note
    return notes


def area_names(reader: Reader) -> dict[int, str]:
    """Area code -> name, for the readable layout."""
    return {code: name for code, name in reader.rows(AREAS)}


def readable_rows(reader: Reader, ids: Sequence[int], areas: dict[int, str]) -> list[list]:
    """The readable layout's rows for a page of ids, in their order: the stored cells
    rearranged, and the linked actions (numbered ones, by number) as numbers, numbers with
    titles, area names and notes."""
    found = _text_cells(reader, ids, links=False)
    links = lists_of(reader.page, ids, ["links"])["links"]
    rows: list[list] = []
    for iid in ids:
        if iid not in found:
            continue
        cells = dict(zip(_STORED_CELLS, found[iid], strict=True))
        linked = links.get(iid, ())
        numbered = [lk for lk in linked if lk.number is not None]
        codes = sorted({lk.area_code for lk in linked if lk.area_code is not None})
        fmt = cells["format"]
        cells.update(
            format=READABLE_FORMATS.get(fmt, fmt),
            actions=join_list([str(lk.number) for lk in numbered]),
            action_titles=join_list([f"{lk.number}: {lk.title}" for lk in numbered]),
            areas=join_list([areas.get(code, str(code)) for code in codes]),
            action_notes=encode_action_notes({lk.number: lk.note for lk in numbered}),
        )
        rows.append([cells[name] for name in READABLE_HEADERS])
    return rows


def check_choices(layout: str, flavor: str, delimiter: str) -> None:
    if layout not in LAYOUTS:
        raise ValidationError("layout", f"'{layout}' is not one of {', '.join(LAYOUTS)}.")
    if flavor not in FLAVORS:
        raise ValidationError("flavor", f"'{flavor}' is not one of {', '.join(FLAVORS)}.")
    if delimiter not in DELIMITERS:
        raise ValidationError(
            "delimiter", f"{delimiter!r} is not one of {', '.join(DELIMITERS.values())}."
        )


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
    delimiter: str = ",",
) -> ExportResult:
    """Write the interactions matching ``flt`` (by start date, inclusive) to ``path``, with
    ``delimiter`` (comma, semicolon or tab) between the fields.

    ``replace=False`` refuses an existing file (the command line without ``--force``); the
    database's own files, SQLite files and read-only files are always refused
    (``output_files.check_output_target``; ``field`` names the input in messages).
    Raises ValidationError for a bad layout, flavor, delimiter, filter or target, and
    OperationCancelled when ``cancelled()`` turns true; in both cases no file is left."""
    from eunato_desk.core.listing import ids_query  # SQLAlchemy: the filters of any list

    check_choices(layout, flavor, delimiter)
    path = check_output_target(path, database=db.path, force=replace, field=field)
    with db.read() as session:
        query = ids_query(session, flt, "date", descending=False)
        ids = list(session.execute(query).scalars())
        options = dict(replace=replace, field=field, delimiter=delimiter)
        return write_rows(
            session_reader(session), ids, path, layout, flavor, progress, cancelled, **options
        )


def write_rows(
    reader: Reader,
    ids: Sequence[int],
    path: Path,
    layout: str,
    flavor: str,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    replace: bool,
    field: str,
    delimiter: str,
) -> ExportResult:
    """Write the interactions ``ids`` (in that order) to ``path`` (already checked), a page at
    a time, as ``export_csv`` says; the caller holds the read snapshot ``reader`` reads."""
    excel = flavor == "excel"
    written = 0
    encoding = "utf-8-sig" if excel else "utf-8"
    # A buffer of a megabyte: a quarter's CSV is a few megabytes, written in fewer calls.
    with atomic_open(
        path, "w", encoding=encoding, newline="", replace=replace, field=field, buffering=1 << 20
    ) as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator=CSV_LINE_END)
        writer.writerow(COLUMNS[layout])
        areas = area_names(reader) if layout == "readable" else None
        done = 0
        if progress is not None:
            progress(0, len(ids))
        for start in range(0, len(ids), PAGE):
            if cancelled is not None and cancelled():
                raise OperationCancelled("Export cancelled; no file was written.")
            page = ids[start : start + PAGE]
            rows = page_rows(reader, page, layout, areas)
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


def export_file(
    address: Address,
    flt: InteractionFilter,
    path: Path,
    layout: str = "interactions",
    flavor: str = "excel",
    progress: Callable[[int, int], None] | None = None,
    *,
    replace: bool,
    field: str,
    delimiter: str = ",",
) -> ExportResult:
    """``export_csv`` of the database at ``address``, opened here for reading: dates and a
    status on a file straight from the file (``transfer.quick``), anything else through the
    core."""
    options = dict(replace=replace, field=field, delimiter=delimiter)
    if isinstance(address, Path) and served(flt):
        with quick_read(address) as conn:
            if conn is not None:
                check_choices(layout, flavor, delimiter)
                path = check_output_target(path, database=address, force=replace, field=field)
                reader, ids = sqlite_reader(conn), ids_of(conn, flt)
                return write_rows(reader, ids, path, layout, flavor, progress, **options)
    with open_database(address, reading=True) as db:
        return export_csv(db, flt, path, layout, flavor, progress, **options)  # type: ignore[arg-type]
