"""Benchmark results: bench/results/latest.json and the table in bench/RESULTS.md.

Each data-set size keeps its own measurement date, so a run over some sizes updates those
and keeps the others (``python -m bench.run --sizes 1000000`` adds the million to the table
of an earlier 10k/100k run).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_JSON = BENCH_DIR / "results" / "latest.json"
RESULTS_MD = BENCH_DIR / "RESULTS.md"


def machine() -> dict[str, Any]:
    try:
        load = os.getloadavg()
    except OSError:  # not on Windows
        load = None
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "load_average_at_start": load,
    }


def load() -> dict[str, Any]:
    if RESULTS_JSON.exists():
        try:
            return json.loads(RESULTS_JSON.read_text(encoding="utf-8"))
        except ValueError:
            pass
    return {"sizes": {}}


def save(results: dict[str, Any]) -> None:
    """Write both files atomically (a temporary name, then a rename)."""
    RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
    tmp = RESULTS_JSON.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(RESULTS_JSON)
    old = RESULTS_MD.read_text(encoding="utf-8") if RESULTS_MD.exists() else ""
    kept = "".join(f"\n{m.group(0)}\n" for m in SECTION_RE.finditer(old))
    md_tmp = RESULTS_MD.with_suffix(".md.tmp")
    md_tmp.write_text(markdown(results).rstrip() + "\n" + kept, encoding="utf-8")
    md_tmp.replace(RESULTS_MD)


# The sections other benchmarks write into RESULTS.md (the team server, the command line,
# the bundle), each between its own markers; ``save`` keeps them.
SECTION_RE = re.compile(r"<!-- (?P<name>[\w ]+): begin -->.*?<!-- (?P=name): end -->", re.S)


def write_section(name: str, lines: list[str]) -> None:
    """Put ``lines`` in RESULTS.md between the markers of ``name``, replacing what was there
    (atomically: a temporary name, then a rename)."""
    begin, end = f"<!-- {name}: begin -->", f"<!-- {name}: end -->"
    section = "\n".join([begin, *lines, end])
    text = RESULTS_MD.read_text(encoding="utf-8") if RESULTS_MD.exists() else ""
    if begin in text and end in text:
        head, _, rest = text.partition(begin)
        text = head + section + rest.partition(end)[2]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    tmp = RESULTS_MD.with_suffix(".md.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(RESULTS_MD)


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Written by `python -m bench.run` (`make bench`). Each time is the median of the runs "
        "(after one warm-up), the app's code and its raw `sqlite3` baseline alternating, on "
        "data sets from `eunato-desk demo --interactions N --seed 1`. *Ours* is the app's "
        "code with the database already open (as in the running app), except the start-up "
        "case, which times whole processes. *Same* says whether both returned the same rows. "
        "Goals are those of issues 6 and 16 (the start-up: at most twice the bare PySide6 "
        "table, at 100k and 1M).",
        "",
    ]
    for label, entry in sorted(results.get("sizes", {}).items(), key=lambda kv: kv[1]["size"]):
        m = entry["machine"]
        lines += [
            f"## {entry['size']:,} interactions ({label})",
            "",
            f"Measured {entry['measured_at']} on {m['platform']}, {m['cpus']} CPUs, "
            f"Python {m['python']}, SQLite {m['sqlite']}; median of {entry['runs']} runs; "
            f"load average at start {m.get('load_average_at_start')}.",
            "",
            "| case | ours (ms) | raw sqlite3 (ms) | ratio | same | goal | met |",
            "|---|---:|---:|---:|:-:|---|:-:|",
        ]
        for case in entry["cases"].values():
            met = {True: "yes", False: "**no**", None: ""}[case.get("met")]
            lines.append(
                f"| {case['label']} | {_ms(case['ours_ms'])} | {_ms(case['raw_ms'])} | "
                f"{case['ratio']:.2f} | {'yes' if case['same'] else '**no**'} | "
                f"{case.get('goal', '')} | {met} |"
            )
        notes = entry.get("notes") or []
        if notes:
            lines += ["", *[f"- {note}" for note in notes]]
        lines += [""]
    lines += [
        "## What each side runs",
        "",
        "| case | ours | raw sqlite3 |",
        "|---|---|---|",
    ]
    seen: dict[str, tuple[str, str]] = {}
    for entry in results.get("sizes", {}).values():
        for name, case in entry["cases"].items():
            seen.setdefault(name, (case.get("ours_label", ""), case.get("raw_label", "")))
    lines += [f"| {name} | {ours} | {raw} |" for name, (ours, raw) in seen.items()]
    return "\n".join(lines) + "\n"


def now_text() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
