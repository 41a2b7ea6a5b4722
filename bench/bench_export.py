"""Quarter export against the sqlite3 command-line tool writing the same rows as CSV.

    python bench/bench_export.py --db bench/data/100k.sqlite3 [--quarter 2018Q2] [--runs 5]

A missing database is first filled with demo data (--interactions, default 100,000).
Prints the median of the runs for each side and the ratio (the goal is at most 2).
Ours is timed from the call to the finished file, with the database already open (as in
the app); sqlite3 from process start to exit.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.periods import Quarter
from eunato_desk.core.records import InteractionFilter
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.transfer.export import export_csv

_LIST = "(SELECT group_concat(v, '; ') FROM ({}))"
SQL = f"""
SELECT i.uuid, i.title, t.name AS type, i.start_date, i.start_time, i.end_date, i.end_time,
  i.status, i.location, i.format,
  {
    _LIST.format(
        "SELECT a.number AS v FROM interaction_action ia JOIN action a "
        "ON a.id = ia.action_id WHERE ia.interaction_id = i.id AND a.number IS NOT NULL "
        "ORDER BY a.number"
    )
} AS actions,
  {
    _LIST.format(
        "SELECT DISTINCT ar.code AS v FROM interaction_action ia JOIN action a "
        "ON a.id = ia.action_id JOIN area ar ON ar.id = a.area_id "
        "WHERE ia.interaction_id = i.id ORDER BY ar.code"
    )
} AS areas,
  {
    _LIST.format(
        "SELECT c.name AS v FROM interaction_country ic JOIN country c "
        "ON c.id = ic.country_id WHERE ic.interaction_id = i.id ORDER BY c.name"
    )
}
    AS countries,
  {
    _LIST.format(
        "SELECT coalesce(nullif(o.acronym, ''), o.name) AS v "
        "FROM interaction_organisation io JOIN organisation o "
        "ON o.id = io.organisation_id WHERE io.interaction_id = i.id ORDER BY v"
    )
}
    AS organisations,
  {
    _LIST.format(
        "SELECT p.name AS v FROM interaction_person ip JOIN person p "
        "ON p.id = ip.person_id WHERE ip.interaction_id = i.id ORDER BY p.name"
    )
}
    AS participants,
  i.summary, i.outcome, m.name AS marking, i.tags,
  nullif((SELECT json_group_object(a.number, ia.note) FROM interaction_action ia
     JOIN action a ON a.id = ia.action_id
     WHERE ia.interaction_id = i.id AND ia.note <> '' AND a.number IS NOT NULL), '{{}}')
    AS link_notes
FROM interaction i
JOIN interaction_type t ON t.id = i.type_id
JOIN handling_marking m ON m.id = i.marking_id
WHERE i.deleted_at IS NULL AND i.start_date BETWEEN '{{start}}' AND '{{end}}'
ORDER BY i.start_date, i.start_time, i.id;
"""


def _rows(path: Path) -> list[list[str]]:
    """The file's rows as parsed CSV (the two tools quote and end lines differently)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _median_seconds(run, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, metavar="PATH")
    parser.add_argument("--quarter", default="2018Q2")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--interactions", type=int, default=100_000, metavar="N")
    args = parser.parse_args(argv)
    sqlite3_cli = shutil.which("sqlite3")
    if sqlite3_cli is None:
        print("bench_export: the sqlite3 command-line tool is not installed.", file=sys.stderr)
        return 1
    quarter = Quarter.parse(args.quarter, "--quarter")
    if not args.db.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        print(f"Creating {args.db} with {args.interactions:,} demo interactions...")
        with open_database(args.db, create=True) as db:
            generate_demo_data(db, args.interactions)
    sql = SQL.replace("{start}", quarter.start.isoformat()).replace(
        "{end}", quarter.end.isoformat()
    )
    flt = InteractionFilter(date_from=quarter.start, date_to=quarter.end)
    with tempfile.TemporaryDirectory() as tmp, open_database(args.db, create=True) as db:
        ours_file, theirs_file = Path(tmp, "ours.csv"), Path(tmp, "sqlite3.csv")
        result = export_csv(db, flt, ours_file, flavor="plain")

        def ours() -> None:
            export_csv(db, flt, ours_file, flavor="plain")

        def theirs() -> None:
            with theirs_file.open("wb") as out:
                subprocess.run(
                    [sqlite3_cli, "-readonly", "-csv", "-header", str(args.db), sql],
                    stdout=out,
                    check=True,
                )

        theirs()
        ours_s = _median_seconds(ours, args.runs)
        theirs_s = _median_seconds(theirs, args.runs)
        same = _rows(ours_file) == _rows(theirs_file)
    print(f"{args.db}: {quarter}, {result.interactions:,} interactions, median of {args.runs}")
    print(f"  eunato-desk export_csv (plain): {ours_s * 1000:9.1f} ms")
    print(f"  sqlite3 -csv -header          : {theirs_s * 1000:9.1f} ms")
    print(f"  ratio {ours_s / theirs_s:.2f} (goal: at most 2.00); same rows: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
