"""The `log`, `list` and `followups` commands' parsers (handlers: ``cli.interactions`` for
`log` and `followups`, ``cli.listing`` for `list`)."""

from __future__ import annotations

from eunato_desk.cli.options import Commands, HandlerRef, filter_options, format_option


def register(commands: Commands) -> dict[str, HandlerRef]:
    log = commands.add("log", help="log one interaction; prints its UUID")
    log.add_argument("--title", required=True)
    log.add_argument("--date", required=True, help="start date, YYYY-MM-DD")
    log.add_argument("--type", required=True, help="interaction type, e.g. 'Cross-briefing'")
    log.add_argument("--action", type=int, action="append", default=[], metavar="N")
    log.add_argument("--org", action="append", default=[], metavar="NAME")
    log.add_argument("--country", action="append", default=[], metavar="NAME")
    log.add_argument("--summary", default="")
    log.add_argument("--outcome", default="")
    log.add_argument("--location", default="")
    log.add_argument("--status", default="held")
    log.add_argument(
        "--marking",
        default="",
        metavar="NAME",
        help="handling marking, e.g. LIMITE (name or other name; default: the lowest in use)",
    )
    log.add_argument("--officer", help="your name (default: the name set in Settings)")

    lst = commands.add("list", help="list interactions")
    filter_options(lst)
    format_option(lst)

    fol = commands.add("followups", help="open follow-ups, overdue first")
    fol.add_argument("--overdue", action="store_true", help="only those past their due date")
    fol.add_argument("--all", action="store_true", help="include those already done")
    format_option(fol)
    return {
        "log": "eunato_desk.cli.interactions:cmd_log",
        "list": "eunato_desk.cli.listing:cmd_list",
        "followups": "eunato_desk.cli.interactions:cmd_followups",
    }
