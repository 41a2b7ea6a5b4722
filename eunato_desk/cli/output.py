"""What the commands print: rows as an aligned table, CSV or JSON (``render``, or
``render_cells`` for rows already as text; the choices of ``--format``: ``options.FORMATS``),
and progress on stderr (``progress``)."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def render(rows: Sequence[dict], columns: Sequence[str], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    return render_cells([[_cell(row.get(c)) for c in columns] for row in rows], columns, fmt)


def render_cells(cells: Sequence[Sequence[str]], columns: Sequence[str], fmt: str) -> str:
    """Rows already as text (what ``render`` makes of a row's values) as CSV or a table."""
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(cells)
        return buf.getvalue()
    table = [list(columns), *cells]
    widths = [min(60, max(len(r[i]) for r in table)) for i in range(len(columns))]
    lines = []
    for r in table:
        shown = [
            (v if len(v) <= w else v[: w - 1] + "…").ljust(w)
            for v, w in zip(r, widths, strict=True)
        ]
        lines.append("  ".join(shown).rstrip())
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


def progress(done: int, total: int) -> None:
    """``done / total`` on one line of stderr, rewritten in place; only on a terminal."""
    if sys.stderr.isatty():
        end = "\n" if done >= total else ""
        print(f"\r{done:,} / {total:,}", end=end, file=sys.stderr, flush=True)
