"""The `report` and `coverage` commands: the progress-report draft and the coverage matrix.

    eunato-desk report (--from D --to D | --period N) -o FILE.html|.odt|.pdf [--force]
    eunato-desk coverage (--year Y | --from D --to D) [--format table|csv|json]

Same conventions as ``cli``: exit 0 on success, 1 for a user error (message on stderr), 2 for
a usage error. Never imports Qt itself (a .pdf loads the PDF writer, which does).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from eunato_desk.cli.output import FORMATS, render
from eunato_desk.cli.transfer import FORCE_HELP
from eunato_desk.core.analysis.coverage import coverage_matrix
from eunato_desk.core.analysis.report import REPORT_PERIODS, build_report
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.periods import parse_date
from eunato_desk.core.storage.opening import open_database
from eunato_desk.documents.report.html import plural

PROG = "eunato-desk"


def _periods_epilog() -> str:
    lines = ["report periods (--period N):"]
    lines += [
        f"  {n:>2}  {start} to {end}  {label}"
        for n, (label, start, end) in enumerate(REPORT_PERIODS, 1)
    ]
    return "\n".join(lines)


def add_report_parsers(sub, common: argparse.ArgumentParser) -> None:  # type: ignore[no-untyped-def]
    """Register `report` and `coverage` on the subcommand set of the main parser."""
    rep = sub.add_parser(
        "report",
        help="write a progress-report draft for a period (HTML, ODT or PDF)",
        description="Per area and action, the interactions of the period (date, type, title, "
        "outcome); then counts per type and area; then the actions with no activity. "
        "Cancelled interactions and the Trash are not counted.",
        epilog=_periods_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    rep.add_argument("--from", dest="date_from", metavar="D", help="first day, YYYY-MM-DD")
    rep.add_argument("--to", dest="date_to", metavar="D", help="last day, YYYY-MM-DD")
    rep.add_argument(
        "--period",
        type=int,
        choices=range(1, len(REPORT_PERIODS) + 1),
        metavar="N",
        help=f"the period of joint progress report N (1-{len(REPORT_PERIODS)}; listed below)",
    )
    rep.add_argument("-o", "--output", required=True, type=Path, metavar="FILE",
                     help="FILE.html, FILE.odt or FILE.pdf")  # fmt: skip
    rep.add_argument("--force", action="store_true", help=FORCE_HELP)

    cov = sub.add_parser(
        "coverage",
        help="interactions per action and quarter",
        description="One row per active action (by area, then number) and a column per "
        "quarter: the number of interactions linked to it (cancelled ones and the Trash "
        "are not counted; an interaction linked to several actions counts for each).",
        parents=[common],
    )
    cov.add_argument("--year", type=int, metavar="Y", help="the four quarters of year Y")
    cov.add_argument("--from", dest="date_from", metavar="D", help="first day, YYYY-MM-DD")
    cov.add_argument("--to", dest="date_to", metavar="D", help="last day, YYYY-MM-DD")
    cov.add_argument("--format", choices=FORMATS, default="table")


def _usage(command: str, message: str) -> int:
    print(f"{PROG} {command}: error: {message}", file=sys.stderr)
    return 2


def _range(args: argparse.Namespace) -> tuple[dt.date, dt.date]:
    date_from = parse_date(args.date_from, "--from")
    date_to = parse_date(args.date_to, "--to")
    if date_to < date_from:
        raise ValidationError("--to", f"{date_to} is before --from {date_from}.")
    return date_from, date_to


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        end = "\n" if done >= total else ""
        print(f"\r{done:,} / {total:,}", end=end, file=sys.stderr, flush=True)


def cmd_report(args: argparse.Namespace, path: Path) -> int:
    from eunato_desk.documents.report.write import write_report
    from eunato_desk.documents.write import check_output

    dates = args.date_from is not None or args.date_to is not None
    if args.period is not None and dates:
        return _usage("report", "give either --period or --from/--to, not both.")
    if args.period is None and not (args.date_from and args.date_to):
        return _usage("report", "give --from and --to, or --period N.")
    if args.period is not None:
        _, date_from, date_to = REPORT_PERIODS[args.period - 1]
    else:
        date_from, date_to = _range(args)
    # A bad suffix or a refused file is refused before the database is opened.
    check_output(args.output, database=path, force=args.force, field="-o")
    with open_database(path) as db:
        report = build_report(db, date_from, date_to)
    written = write_report(
        report, args.output, progress=_progress, database=path, replace=args.force, field="-o"
    )
    active = sum(1 for a in report.actions_with_activity if a.action.status == "active")
    print(
        f"Wrote {written}: {report.subtitle}; {plural(report.total, 'interaction')}; "
        f"{active} of {report.active_actions} active actions with activity."
    )
    return 0


def cmd_coverage(args: argparse.Namespace, path: Path) -> int:
    dates = args.date_from is not None or args.date_to is not None
    if args.year is not None and dates:
        return _usage("coverage", "give either --year or --from/--to, not both.")
    if args.year is None and not (args.date_from and args.date_to):
        return _usage("coverage", "give --year Y, or --from and --to.")
    if args.year is not None:
        if not 1 <= args.year <= 9999:
            raise ValidationError("--year", f"{args.year} is not a year.")
        date_from, date_to = dt.date(args.year, 1, 1), dt.date(args.year, 12, 31)
    else:
        date_from, date_to = _range(args)
    with open_database(path) as db:
        matrix = coverage_matrix(db, date_from, date_to)
    names = [str(q) for q in matrix.quarters]
    rows = []
    for row in matrix.rows:
        quarters = dict(zip(names, row.counts, strict=True))
        item = {"action": row.action.number, "area": row.action.area_code}
        if args.format == "json":
            item.update(title=row.action.title, quarters=quarters, total=row.total)
        else:
            item.update(quarters, total=row.total, title=row.action.title)
        rows.append(item)
    columns = ("action", "area", *names, "total", "title")
    print(render(rows, columns, args.format), end="")
    return 0


REPORT_COMMANDS = {"report": cmd_report, "coverage": cmd_coverage}
