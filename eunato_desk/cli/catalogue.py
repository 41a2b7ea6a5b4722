"""The `actions` and `catalogue` commands: the action catalogue, and updating it from an
official list.

    eunato-desk actions list [--area CODE] [--format table|csv|json]
    eunato-desk catalogue import FILE [--dry-run]

`catalogue import` exits 1, changing nothing, when any row of FILE is wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eunato_desk.cli.options import Commands, Handler, format_option
from eunato_desk.cli.output import render
from eunato_desk.core.catalogue import actions as catalogue
from eunato_desk.core.storage.opening import open_database

ACTION_COLUMNS = ("number", "set", "area_code", "title", "status", "confidence")


def register(commands: Commands) -> dict[str, Handler]:
    actions = commands.group(
        commands.add("actions", help="the action catalogue"), "actions_command"
    )
    listing = actions.add("list", help="list actions")
    listing.add_argument("--area", type=int, metavar="CODE")
    format_option(listing)

    cat = commands.add("catalogue", help="import an official action list")
    importing = commands.group(cat, "catalogue_command").add(
        "import", help="update actions by number from CSV (number,set,area_code,title,description)"
    )
    importing.add_argument("file", type=Path)
    importing.add_argument("--dry-run", action="store_true", help="report, change nothing")
    return {"actions": cmd_actions, "catalogue": cmd_catalogue}


def cmd_actions(args: argparse.Namespace, path: Path) -> int:
    with open_database(path) as db:
        rows = catalogue.list_actions(db, args.area)
    print(render([r.as_json() for r in rows], ACTION_COLUMNS, args.format), end="")
    return 0


def cmd_catalogue(args: argparse.Namespace, path: Path) -> int:
    with open_database(path) as db:
        report = catalogue.import_catalogue(db, args.file, dry_run=args.dry_run)
    lines = report.summary_lines()
    if report.problems:
        print("\n".join(lines), file=sys.stderr)
        print(f"{args.file}: nothing was changed.", file=sys.stderr)
        return 1
    print("\n".join(lines))
    print("Dry run: nothing was changed." if args.dry_run else "Catalogue updated.")
    return 0
