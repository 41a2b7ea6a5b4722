"""Benchmark suite: the app against raw sqlite3 on 10k, 100k and 1M demo interactions.

    python -m bench.run [--sizes 10000,100000,1000000] [--runs 5] [--cases a,b]
                        [--quarter 2018Q2] [--selective QUERY] [--broad QUERY]

Builds (once, cached in bench/data/) each data set with ``eunato-desk demo --interactions N
--seed 1``, then times every case as the median of ``--runs`` runs (after a warm-up), the
app's code and its raw sqlite3 baseline alternating so that both see the same machine, and
prints the ratio. Writes bench/results/latest.json and bench/RESULTS.md. Not part of
``make test``: tests prove behaviour, benchmarks measure speed.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import report
from bench.cases import CASES, REPO, Case, Context
from bench.datasets import ensure_dataset, label, remove_copy, scratch_copy
from bench.raw_sql import connect
from eunato_desk.core.periods import Quarter
from eunato_desk.core.search.service import RANK_LIMIT
from eunato_desk.core.storage.opening import open_database

DEFAULT_SIZES = "10000,100000,1000000"
SELECTIVE = '"air-to-air refuelling" tunisia'
BROAD = "brussels"
GOALS_AT = 1_000_000
# case -> (kind, limit): "ms" an upper bound on ours, "ratio" an upper bound on ours/raw
GOALS = {
    "search_selective": ("ms", 50.0),
    "search_broad": ("ms", 100.0),
    "quarter_filter": ("ratio", 2.5),
    "startup": ("ratio", 2.0),
}
# Goals judged at every size from 100k up (the others at GOALS_AT only).
GOALS_FROM_100K = {"startup"}


def timed(fn) -> tuple[float, Any]:  # type: ignore[no-untyped-def]
    """Milliseconds and the result; a process that timed itself (``first_page_s``: from its
    spawn to its first painted page) gives its own time, not its exit's."""
    started = time.perf_counter()
    result = fn()
    elapsed = (time.perf_counter() - started) * 1000
    if isinstance(result, dict) and "first_page_s" in result:
        elapsed = result["first_page_s"] * 1000
    return elapsed, result


def measure(case: Case, runs: int) -> dict[str, Any]:
    """One warm-up of each side, then ``runs`` alternating pairs; medians in ms."""
    _, ours_result = timed(case.ours)
    _, raw_result = timed(case.raw)
    same = bool(case.same(ours_result, raw_result))
    ours, raw = [], []
    for _ in range(runs):
        ours.append(timed(case.ours)[0])
        raw.append(timed(case.raw)[0])
    ours_ms, raw_ms = statistics.median(ours), statistics.median(raw)
    return {
        "label": case.label,
        "ours_ms": round(ours_ms, 2),
        "raw_ms": round(raw_ms, 2),
        "ratio": round(ours_ms / raw_ms, 3) if raw_ms else float("inf"),
        "same": same,
        "goal": case.goal,
        "ours_label": case.ours_label,
        "raw_label": case.raw_label,
        "ours_all_ms": [round(t, 2) for t in ours],
        "raw_all_ms": [round(t, 2) for t in raw],
    }


def summary(case: Case, result: dict[str, Any]) -> str:
    line = (
        f"{case.label:60.60s} ours {result['ours_ms']:9.1f} ms   raw {result['raw_ms']:9.1f} ms"
        f"   ratio {result['ratio']:6.2f}"
    )
    if not result["same"]:
        line += "   DIFFERENT ROWS"
    if result["met"] is not None:
        line += "   goal met" if result["met"] else "   GOAL MISSED"
    return line


def judge(name: str, size: int, result: dict[str, Any]) -> bool | None:
    if name not in GOALS:
        return None
    if size != GOALS_AT and not (name in GOALS_FROM_100K and size >= 100_000):
        return None
    kind, limit = GOALS[name]
    value = result["ours_ms"] if kind == "ms" else result["ratio"]
    return value <= limit


def bench_size(size: int, args: argparse.Namespace, names: list[str]) -> dict[str, Any]:
    path = ensure_dataset(size)
    with tempfile.TemporaryDirectory(prefix="eunato-bench-") as tmp:
        db = open_database(path, create=True)
        raw = connect(path)
        ctx = Context(path=path, size=size, db=db, raw=raw, quarter=args.quarter,
                      selective=args.selective, broad=args.broad, tmp=Path(tmp))  # fmt: skip
        cases: dict[str, Any] = {}
        try:
            for name in names:
                if name == "save_interaction":
                    ctx.scratch = scratch_copy(path)
                case = CASES[name](ctx)
                if sys.stdout.isatty():
                    print(f"  {case.label} ...", end="\r", flush=True)
                result = measure(case, args.runs)
                result["met"] = judge(name, size, result)
                cases[name] = result
                print(f"  {summary(case, result)}", flush=True)
        finally:
            if "scratch_conn" in ctx.state:
                ctx.state["scratch_conn"].close()
            if "scratch_db" in ctx.state:
                ctx.state["scratch_db"].dispose()
            if ctx.scratch is not None:
                remove_copy(ctx.scratch)
            raw.close()
            db.dispose()
    notes = []
    reports = ctx.state.get("startup_reports")
    if reports:
        complete = statistics.median(r["complete_s"] for r in reports) * 1000
        early = sum(not r["sqlalchemy"] for r in reports)
        notes.append(
            f"start-up: the first page painted with {reports[0]['modules']} modules imported "
            f"(SQLAlchemy not yet imported in {early} of {len(reports)} runs); the window "
            f"complete (database open for use, every view and menu built) at {complete:,.0f} ms "
            "(median, from process start)."
        )
    for name in ("search_selective", "search_broad"):
        if name in ctx.state:
            more = "+" if ctx.state[name] > RANK_LIMIT else ""
            notes.append(f"{name}: the FTS MATCH finds {ctx.state[name]:,}{more} interactions.")
    return {
        "size": size,
        "runs": args.runs,
        "measured_at": report.now_text(),
        "machine": report.machine(),
        "quarter": str(args.quarter),
        "selective": args.selective,
        "broad": args.broad,
        "cases": cases,
        "notes": notes,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"default {DEFAULT_SIZES}")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case (default 5)")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated subset")
    parser.add_argument("--quarter", default="2018Q2")
    parser.add_argument("--selective", default=SELECTIVE)
    parser.add_argument("--broad", default=BROAD)
    args = parser.parse_args(argv)
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes: give whole numbers separated by commas, not {args.sizes!r}")
    if not sizes or any(s <= 0 for s in sizes):
        parser.error("--sizes: give at least one size above zero")
    if args.runs < 5:
        parser.error("--runs: at least 5 (the median of fewer says little)")
    names = [n.strip() for n in args.cases.split(",") if n.strip()]
    unknown = [n for n in names if n not in CASES]
    if unknown:
        parser.error(f"--cases: unknown {', '.join(unknown)}; known: {', '.join(CASES)}")
    args.quarter = Quarter.parse(args.quarter, "--quarter")
    # Whole processes are timed as an installed application runs: with its bytecode cached
    # (pip and the bundle compile it; without it every import compiles the source again).
    compileall.compile_dir(REPO / "eunato_desk", quiet=1)

    results = report.load()
    for size in sizes:
        print(f"{size:,} interactions ({label(size)}):", flush=True)
        entry = bench_size(size, args, names)
        previous = results.setdefault("sizes", {}).get(label(size))
        if previous and set(names) != set(CASES):  # a subset: keep the other cases
            entry["cases"] = {**previous.get("cases", {}), **entry["cases"]}
        results["sizes"][label(size)] = entry
        report.save(results)
    print(f"Wrote {report.RESULTS_JSON} and {report.RESULTS_MD}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
