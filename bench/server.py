"""The team server beside the laptop file: the same operations of the application on a
PostgreSQL 16 database and on the SQLite file holding the same data, timed in one run.

    python -m bench.server [--size 100000] [--runs 5] [--writers 8] [--saves 25]

Starts a private PostgreSQL (``pgserver``) in a temporary folder, copies the SQLite data set
of ``--size`` demo interactions (bench/data, built by ``bench.datasets``) into it with
``db copy``'s own code, then times each case as the median of ``--runs`` runs after a
warm-up, the two backends alternating: the first page of the list, a quarter filter, a
search, saving one interaction, a quarter's CSV export. Then the throughput of ``--writers``
processes saving ``--saves`` interactions each at once on each backend (on the file SQLite
takes them one at a time; on the server they run side by side), every save checked present.
Writes go to a scratch copy of the file. Prints a table and writes the "Team server" section
of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench import report
from bench.datasets import ensure_dataset, remove_copy, scratch_copy
from eunato_desk.core.errors import DeskError
from eunato_desk.core.interactions import create_interaction
from eunato_desk.core.listing import fetch_rows, interaction_ids, list_interactions
from eunato_desk.core.periods import Quarter
from eunato_desk.core.records import InteractionFilter, InteractionInput, LinkInput
from eunato_desk.core.search.service import search
from eunato_desk.core.storage.address import ServerAddress
from eunato_desk.core.storage.copy import copy_database
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.transfer.export import export_csv

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "RESULTS.md"
PAGE = 200
QUARTER = Quarter(2018, 2)
WRITER = """
import sys, datetime as dt
from eunato_desk.core.interactions import create_interaction
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.core.storage.address import parse_address
from eunato_desk.core.storage.db import Database
address, who, saves = parse_address(sys.argv[1]), sys.argv[2], int(sys.argv[3])
db = Database(address)
print("ready", flush=True)
sys.stdin.readline()  # all writers start at once
for n in range(saves):
    data = InteractionInput(title=f"{who} save {n}", type="Workshop",
                            start_date=dt.date(2019, 6, 12), links=(LinkInput(3, ""),))
    create_interaction(db, data, officer=who)
db.dispose()
print("ok")
"""


def start_server(folder: Path):  # type: ignore[no-untyped-def]
    os.environ.setdefault("XDG_RUNTIME_DIR", str(folder))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        return pgserver.get_server(folder / "pg", cleanup_mode="stop")


def new_database(folder: Path, name: str) -> ServerAddress:
    import psycopg

    maintenance = f"postgresql://postgres@/postgres?host={folder / 'pg'}"
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return ServerAddress.parse(f"postgresql://postgres@/{name}?host={folder / 'pg'}")


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def cases(folder: Path) -> dict[str, tuple[str, Callable[[Database], Any]]]:
    """name -> (label, what the application does, on a database)."""
    quarter = InteractionFilter(date_from=QUARTER.start, date_to=QUARTER.end)
    counter = iter(range(10**6))

    def first_page(db: Database) -> list:
        rows = list_interactions(db, InteractionFilter(), descending=True, limit=PAGE)
        return [r.uuid for r in rows]

    def quarter_filter(db: Database) -> tuple:
        ids = interaction_ids(db, quarter)
        return len(ids), [r.uuid for r in fetch_rows(db, ids[:PAGE])]

    def search_broad(db: Database) -> list:
        return sorted(row.uuid for row, _ in search(db, "brussels").hits)

    def save(db: Database) -> str:
        data = InteractionInput(
            title="Workshop on resilience baselines", type="Workshop",
            start_date=dt.date(2019, 6, 12), summary="Both staffs presented their work.",
            links=(LinkInput(3, "baseline shared"), LinkInput(43, "")),
        )  # fmt: skip
        return create_interaction(db, data, officer="Bench").title

    def export(db: Database) -> int:
        target = folder / f"export-{next(counter)}.csv"
        return export_csv(db, quarter, target, flavor="plain").rows

    return {
        "first_page": (f"interaction list, first page ({PAGE} rows)", first_page),
        "quarter_filter": (f"quarter filter ({QUARTER}): ids + first page", quarter_filter),
        "search": ("search 'brussels' (first 50)", search_broad),
        "save": ("save one interaction with two links", save),
        "export": (f"quarter export to CSV ({QUARTER})", export),
    }


def measure(fn: Callable[[Database], Any], file_db: Database, server_db: Database, runs: int):
    """Warm-up, then ``runs`` alternating pairs: (file ms, server ms, same result)."""
    try:
        same = fn(file_db) == fn(server_db)
    except DeskError as exc:
        return None, None, f"not available: {exc.message}"
    on_file, on_server = [], []
    for _ in range(runs):
        on_file.append(timed(lambda: fn(file_db))[0])
        on_server.append(timed(lambda: fn(server_db))[0])
    return statistics.median(on_file), statistics.median(on_server), same


def writers(address: Path | ServerAddress, count: int, saves: int) -> tuple[float, int]:
    """``count`` processes saving ``saves`` interactions each, started together once every
    one has its connection: (seconds from the start to the last save, saves that failed)."""
    env = dict(os.environ, PYTHONPATH=str(BENCH_DIR.parent))
    target = address if isinstance(address, Path) else address.url.render_as_string(False)
    procs = []
    for i in range(count):
        command = [sys.executable, "-c", WRITER, str(target), f"writer{i}", str(saves)]
        procs.append(
            subprocess.Popen(
                command,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    failed = 0
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        if proc.returncode != 0 or out.strip() != "ok":
            failed += saves
            print(f"  a writer failed: {err.strip()[-300:]}", file=sys.stderr)
    return time.perf_counter() - started, failed


def saved_by_writers(db: Database) -> int:
    with db.read() as session:
        found = session.execute(
            text("SELECT count(*) FROM interaction WHERE title LIKE 'writer% save %'")
        ).scalar()
    return int(found or 0)


def run(args: argparse.Namespace) -> list[str]:
    source = ensure_dataset(args.size)
    lines = []
    with tempfile.TemporaryDirectory(prefix="eunato-server-bench-") as tmp:
        folder = Path(tmp)
        server = start_server(folder)
        scratch = scratch_copy(source)
        try:
            address = new_database(folder, "bench")
            server_db = open_database(address, create=True)
            file_db = open_database(scratch)
            took, copied = timed(lambda: copy_database(file_db, server_db))
            lines.append(
                f"Copied {copied.interactions:,} interactions ({copied.total:,} rows) from "
                f"the file to the server with `db copy`'s code in {took / 1000:.1f} s."
            )
            lines.append("")
            lines.append("| case | SQLite file | PostgreSQL | server / file |")
            lines.append("|---|---:|---:|---:|")
            for label, fn in cases(folder).values():
                on_file, on_server, same = measure(fn, file_db, server_db, args.runs)
                if on_file is None:
                    lines.append(f"| {label} | | | {same} |")
                    continue
                mark = "" if same is True else " (different results!)"
                lines.append(
                    f"| {label} | {on_file:.1f} ms | {on_server:.1f} ms | "
                    f"{on_server / on_file:.2f}{mark} |"
                )
                print(lines[-1], flush=True)
            before_file, before_server = saved_by_writers(file_db), saved_by_writers(server_db)
            for name, address_of, db in (("SQLite file", scratch, file_db),
                                         ("PostgreSQL", address, server_db)):  # fmt: skip
                seconds, failed = writers(address_of, args.writers, args.saves)
                before = before_file if db is file_db else before_server
                present = saved_by_writers(db) - before
                total = args.writers * args.saves
                lines.append(
                    f"| {args.writers} writers × {args.saves} saves at once ({name}) | | | "
                    f"{total / seconds:,.0f} saves/s; {present} of {total} present, "
                    f"{failed} refused |"
                )
                print(lines[-1], flush=True)
            server_db.dispose()
            file_db.dispose()
        finally:
            remove_copy(scratch)
            server.cleanup()
    return lines


def write_results(lines: list[str], args: argparse.Namespace) -> None:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    report.write_section("team server", [
        "## Team server (PostgreSQL 16 beside the SQLite file)", "",
        f"`python -m bench.server --size {args.size} --runs {args.runs}`, {stamp}, "
        f"{os.cpu_count()} CPUs; medians of {args.runs} after a warm-up, the two backends "
        "alternating; the server is local (a Unix socket), so the network is not counted.",
        "", *lines,
    ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--saves", type=int, default=25)
    args = parser.parse_args()
    lines = run(args)
    write_results(lines, args)
    print(f"Wrote the team server section of {RESULTS}.")


if __name__ == "__main__":
    main()
