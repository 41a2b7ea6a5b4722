"""The `report` and `coverage` commands: the progress-report draft and the coverage matrix.

    eunato-desk report (--from D --to D | --period N) [--officer NAME]
                       -o FILE.html|.odt|.pdf [--force]
    eunato-desk coverage (--year Y | --from D --to D) [--format table|csv|json]

Never imports Qt itself: a .pdf loads the PDF writer (``documents.pdf``), which does.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from eunato_desk.cli.arguments import period_from_args
from eunato_desk.cli.output import progress, render
from eunato_desk.core import settings as user_settings
from eunato_desk.core.analysis.coverage import coverage_matrix
from eunato_desk.core.analysis.report import REPORT_PERIODS, build_report
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.storage.opening import open_database
from eunato_desk.documents.text import plural
from eunato_desk.documents.write import check_output, write_report


def _period_dates(n: int) -> tuple[dt.date, dt.date]:
    _, date_from, date_to = REPORT_PERIODS[n - 1]
    return date_from, date_to


def _year_dates(year: int) -> tuple[dt.date, dt.date]:
    if not 1 <= year <= 9999:
        raise ValidationError("--year", f"{year} is not a year.")
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def cmd_report(args: argparse.Namespace, path: Path) -> int:
    date_from, date_to = period_from_args(
        args, "report", "--period", _period_dates, "give --from and --to, or --period N."
    )
    # A bad suffix or a refused file is refused before the database is opened.
    check_output(args.output, database=path, force=args.force, field="-o")
    officer = args.officer if args.officer is not None else user_settings.officer_name()
    with open_database(path, reading=True) as db:
        report = build_report(db, date_from, date_to, officer=officer)
    written = write_report(
        report, args.output, progress=progress, database=path, replace=args.force, field="-o"
    )
    print(
        f"Wrote {written}: {report.subtitle}; {plural(report.total, 'interaction')}; "
        f"{report.active_with_activity} of {report.active_actions} active actions with "
        f"activity; marking {report.marking}."
    )
    return 0


def cmd_coverage(args: argparse.Namespace, path: Path) -> int:
    date_from, date_to = period_from_args(
        args, "coverage", "--year", _year_dates, "give --year Y, or --from and --to."
    )
    with open_database(path, reading=True) as db:
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
