"""The `log` and `followups` commands: an interaction logged, and the follow-ups (`list` is
in ``cli.listing``).

eunato-desk log --title T --date YYYY-MM-DD --type TYPE [--action N]... [--org NAME]...
                [--country NAME]... [--summary TEXT] [--outcome TEXT] [--location TEXT]
                [--status S] [--marking NAME] [--officer NAME]
eunato-desk followups [--overdue] [--all] [--format table|csv|json]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from eunato_desk.cli.output import render
from eunato_desk.core import follow_ups, interactions
from eunato_desk.core import settings as user_settings
from eunato_desk.core.periods import parse_date
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.core.storage.opening import open_database

FOLLOW_UP_COLUMNS = (
    "due", "overdue", "owner", "text", "action", "interaction_date", "interaction", "done",
)  # fmt: skip


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


def cmd_followups(args: argparse.Namespace, path: Path) -> int:
    with open_database(path, reading=True) as db:
        rows = follow_ups.list_follow_ups(db, include_done=args.all, overdue_only=args.overdue)
    print(render([r.as_json() for r in rows], FOLLOW_UP_COLUMNS, args.format), end="")
    return 0
