"""What the commands print: rows as an aligned table, CSV or JSON (``render``), and progress
on stderr (``progress``)."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence

FORMATS = ("table", "csv", "json")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def render(rows: Sequence[dict], columns: Sequence[str], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        return buf.getvalue()
    table = [list(columns)] + [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [min(60, max(len(r[i]) for r in table)) for i in range(len(columns))]
    lines = []
    for r in table:
        cells = [
            (v if len(v) <= w else v[: w - 1] + "…").ljust(w)
            for v, w in zip(r, widths, strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def progress(done: int, total: int) -> None:
    """``done / total`` on one line of stderr, rewritten in place; only on a terminal."""
    if sys.stderr.isatty():
        end = "\n" if done >= total else ""
        print(f"\r{done:,} / {total:,}", end=end, file=sys.stderr, flush=True)
