"""The long kill -9 drill (not part of the test suite): kill a process that saves
interactions at random moments, N times (default 200), and check the database after each
kill: the integrity check passes, every save reported done is present, and every interaction
has all of its links and audit rows. Same harness as tests/faults/test_kill_saves.py.

    .venv/bin/python scripts/fault_drill.py [--rounds 200] [--seed 7] [--db PATH] [--keep]
                                            [--reader]

``--reader``: a reading process opens, reads and closes the database over and over beside the
savers, and each saver runs the application's check paths (check database, the deferred open
check, a backup, the backup list) between its saves, as the open application does.

Exit code 0 when every round passed, 1 at the first failure (the database is kept).
POSIX only.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def load_harness():  # type: ignore[no-untyped-def]
    path = REPO / "tests" / "faults" / "kill_harness.py"
    spec = importlib.util.spec_from_file_location("eunato_desk_kill_harness", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path, help="database to drill (default: a new temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    parser.add_argument(
        "--reader", action="store_true", help="a concurrent reader process, and check paths"
    )
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO))
    from eunato_desk.core.storage.integrity import check_database
    from eunato_desk.core.storage.opening import open_database

    harness = load_harness()
    folder = Path(tempfile.mkdtemp(prefix="eunato-desk-drill-"))
    db_path = args.db or folder / "drill.sqlite3"
    open_database(db_path, create=True).dispose()
    started = time.monotonic()
    try:
        rounds = harness.kill_saves(db_path, args.rounds, seed=args.seed, reader=args.reader)
    except harness.HarnessError as exc:
        print(f"FAILED: {exc}\nThe database is kept: {db_path}", file=sys.stderr)
        return 1
    reported = {uuid for r in rounds for uuid in r.reported}
    verdict = harness.verify_saves(db_path, reported)
    open_database(db_path, create=True).dispose()
    report = check_database(db_path)
    print(
        f"{len(rounds)} kills in {time.monotonic() - started:.1f} s: "
        f"{len(reported)} saves reported, {verdict.interactions} present "
        f"({verdict.saved_not_reported} committed but killed before reporting); "
        f"full check: {'ok' if report.ok else 'FAILED'}"
    )
    if not report.ok:
        print("\n".join(report.lines()), file=sys.stderr)
    if args.db is None and not args.keep and report.ok:
        for path in sorted(folder.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        folder.rmdir()
    elif args.db is None:
        print(f"The database is kept: {db_path}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
