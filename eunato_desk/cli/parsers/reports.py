"""The `report` and `coverage` commands' parsers (handler: ``cli.reports``)."""

from __future__ import annotations

from eunato_desk.cli.options import (
    Commands,
    HandlerRef,
    RawDescriptionHelpFormatter,
    dates_options,
    format_option,
    output_options,
)
from eunato_desk.cli.parsers.dossier import OFFICER_HELP
from eunato_desk.core.analysis.report_periods import REPORT_PERIODS


def _periods_epilog() -> str:
    lines = ["report periods (--period N):"]
    lines += [
        f"  {n:>2}  {start} to {end}  {label}"
        for n, (label, start, end) in enumerate(REPORT_PERIODS, 1)
    ]
    return "\n".join(lines)


def register(commands: Commands) -> dict[str, HandlerRef]:
    rep = commands.add(
        "report",
        help="write a progress-report draft for a period (HTML, ODT or PDF)",
        description="An executive summary (interactions per area against the previous "
        "period of the same length, actions with and without activity, the latest outcomes); "
        "then per area and action, the interactions of the period (date, type, title, "
        "outcome); then counts per type and area; then the actions with no activity. "
        "Cancelled interactions and the Trash are not counted. The highest handling marking "
        "of what it holds is at the top and the bottom of every page.",
        epilog=_periods_epilog(),
        formatter_class=RawDescriptionHelpFormatter,
    )
    dates_options(rep)
    rep.add_argument(
        "--period",
        type=int,
        choices=range(1, len(REPORT_PERIODS) + 1),
        metavar="N",
        help=f"the period of joint progress report N (1-{len(REPORT_PERIODS)}; listed below)",
    )
    rep.add_argument("--officer", metavar="NAME", help=OFFICER_HELP)
    output_options(rep)

    cov = commands.add(
        "coverage",
        help="interactions per action and quarter",
        description="One row per active action (by area, then number) and a column per "
        "quarter: the number of interactions linked to it (cancelled ones and the Trash "
        "are not counted; an interaction linked to several actions counts for each).",
    )
    cov.add_argument("--year", type=int, metavar="Y", help="the four quarters of year Y")
    dates_options(cov)
    format_option(cov)
    return {
        "report": "eunato_desk.cli.reports:cmd_report",
        "coverage": "eunato_desk.cli.reports:cmd_coverage",
    }
