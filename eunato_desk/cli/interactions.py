"""The `log`, `list` and `followups` commands: interactions and their follow-ups.

eunato-desk log --title T --date YYYY-MM-DD --type TYPE [--action N]... [--org NAME]...
                [--country NAME]... [--summary TEXT] [--outcome TEXT] [--location TEXT]
                [--status S] [--marking NAME] [--officer NAME]
eunato-desk list [list filters] [--format table|csv|json]
eunato-desk followups [--overdue] [--all] [--format table|csv|json]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from eunato_desk.cli.options import (
    Commands,
    Handler,
    filter_from_args,
    filter_options,
    format_option,
)
from eunato_desk.cli.output import render
from eunato_desk.core import follow_ups, interactions, listing
from eunato_desk.core import settings as user_settings
from eunato_desk.core.periods import parse_date
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.core.storage.opening import open_database

LIST_COLUMNS = ("uuid", "date", "type", "title", "status", "actions", "countries", "organisations")
FOLLOW_UP_COLUMNS = (
    "due", "overdue", "owner", "text", "action", "interaction_date", "interaction", "done",
)  # fmt: skip


def register(commands: Commands) -> dict[str, Handler]:
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
    return {"log": cmd_log, "list": cmd_list, "followups": cmd_followups}


def cmd_log(args: argparse.Namespace, path: Path) -> int:
    data = InteractionInput(
        title=args.title,
        type=args.type,
        start_date=parse_date(args.date, "--date"),
        status=args.status,
        location=args.location,
        summary=args.summary,
        outcome=args.outcome,
        links=tuple(LinkInput(n) for n in args.action),
        organisations=tuple(args.org),
        countries=tuple(args.country),
        marking=args.marking,
    )
    officer = args.officer if args.officer is not None else user_settings.officer_name()
    with open_database(path) as db:
        record = interactions.create_interaction(db, data, officer=officer)
    print(record.uuid)
    return 0


def cmd_list(args: argparse.Namespace, path: Path) -> int:
    flt = filter_from_args(args)
    with open_database(path) as db:
        rows = [r.as_json() for r in listing.iter_interactions(db, flt)]
    print(render(rows, LIST_COLUMNS, args.format), end="")
    return 0


def cmd_followups(args: argparse.Namespace, path: Path) -> int:
    with open_database(path) as db:
        rows = follow_ups.list_follow_ups(db, include_done=args.all, overdue_only=args.overdue)
    print(render([r.as_json() for r in rows], FOLLOW_UP_COLUMNS, args.format), end="")
    return 0
