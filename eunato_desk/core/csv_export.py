"""Export interactions (a quarter, a date range, any list filter) to a CSV file.

The columns and flavors are described in ``csv_format``. Rows are in date order (start date,
start time, then creation order) and are streamed a page at a time from one read snapshot.
The file appears whole or not at all: rows go to a temporary file in the same folder, which
is renamed over the target at the end; on cancel or error it is removed.
"""

from __future__ import annotations

import csv
import os
import uuid as uuid_mod
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from eunato_desk.core.csv_fetch import FullRow, driver_connection, iter_pages
from eunato_desk.core.csv_format import (
    COLUMNS,
    CSV_LINE_END,
    FLAVORS,
    LAYOUTS,
    encode_link_notes,
    join_list,
    neutralise,
)
from eunato_desk.core.db import Database
from eunato_desk.core.errors import OperationCancelled, ValidationError
from eunato_desk.core.listing import ids_query
from eunato_desk.core.records import InteractionFilter


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int  # data rows written (the header not counted)
    interactions: int

    def message(self) -> str:
        noun = "interaction" if self.interactions == 1 else "interactions"
        return f"Exported {self.interactions:,} {noun} ({self.rows:,} rows) to {self.path}."


def _interaction_cells(row: FullRow) -> list[str]:
    numbers = [str(lk.number) for lk in row.links if lk.number is not None]
    areas = sorted({lk.area_code for lk in row.links if lk.area_code is not None})
    notes = {lk.number: lk.note for lk in row.links if lk.number is not None and lk.note}
    return [
        *_head(row),
        join_list(numbers),
        join_list([str(a) for a in areas]),
        *_tail(row),
        encode_link_notes(notes),
    ]


def _link_rows(row: FullRow) -> list[list[str]]:
    head, tail = _head(row), _tail(row)
    if not row.links:
        return [[*head, "", "", "", "", *tail]]
    return [
        [
            *head,
            "" if lk.number is None else str(lk.number),
            lk.title,
            "" if lk.area_code is None else str(lk.area_code),
            lk.note,
            *tail,
        ]
        for lk in row.links
    ]


def _head(row: FullRow) -> list[str]:
    return [
        row.uuid,
        row.title,
        row.type,
        row.start_date,
        row.start_time or "",
        row.end_date or "",
        row.end_time or "",
        row.status,
        row.location,
        row.format or "",
    ]


def _tail(row: FullRow) -> list[str]:
    return [
        join_list(row.countries),
        join_list(row.organisations),
        join_list(row.participants),
        row.summary,
        row.outcome,
        row.marking,
        row.tags,
    ]


@contextmanager
def _atomic_file(path: Path, bom: bool) -> Iterator[IO[str]]:
    """A text file that replaces ``path`` only when the block finishes without error."""
    tmp = path.with_name(f".{path.name}.{uuid_mod.uuid4().hex[:12]}.part")
    try:
        # O_EXCL: never follow or reuse an existing name; mode 0o666 lets the umask decide.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise


def check_target(path: Path) -> None:
    """Refuse a target that cannot become a CSV file, before any work is done."""
    if path.is_dir():
        raise ValidationError(str(path), "is a folder; give a file name such as 2018Q2.csv.")
    if not path.parent.is_dir():
        raise ValidationError(str(path), f"the folder {path.parent} does not exist.")


def export_csv(
    db: Database,
    flt: InteractionFilter,
    path: Path | str,
    layout: str = "interactions",
    flavor: str = "excel",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write the interactions matching ``flt`` (by start date, inclusive) to ``path``.

    Raises ValidationError for a bad layout, flavor, filter or target, and
    OperationCancelled when ``cancelled()`` turns true; in both cases no file is left."""
    if layout not in LAYOUTS:
        raise ValidationError("layout", f"'{layout}' is not one of {', '.join(LAYOUTS)}.")
    if flavor not in FLAVORS:
        raise ValidationError("flavor", f"'{flavor}' is not one of {', '.join(FLAVORS)}.")
    path = Path(path)
    check_target(path)
    query = ids_query(flt, "date", descending=False)
    excel = flavor == "excel"
    written = 0
    try:
        with db.read() as session, _atomic_file(path, bom=excel) as fh:
            ids = list(session.execute(query).scalars())
            conn = driver_connection(session)
            writer = csv.writer(fh, lineterminator=CSV_LINE_END)
            writer.writerow(COLUMNS[layout])
            done = 0
            if progress is not None:
                progress(0, len(ids))
            for page in iter_pages(conn, ids):
                if cancelled is not None and cancelled():
                    raise OperationCancelled("Export cancelled; no file was written.")
                if layout == "interactions":
                    rows = [_interaction_cells(r) for r in page]
                else:
                    rows = [cells for r in page for cells in _link_rows(r)]
                if excel:
                    rows = [[neutralise(v) for v in cells] for cells in rows]
                writer.writerows(rows)
                written += len(rows)
                done += len(page)
                if progress is not None:
                    progress(done, len(ids))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ValidationError(str(path), f"cannot write the file ({reason}).") from exc
    return ExportResult(path=path, rows=written, interactions=len(ids))
