"""The `history` command: the audit trail of an interaction or an action.

eunato-desk history (--interaction UUID | --action N) [--format table|csv|json]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from eunato_desk.cli.output import render
from eunato_desk.core import audit
from eunato_desk.core.storage.opening import open_database


def cmd_history(args: argparse.Namespace, path: Path) -> int:
    with open_database(path, reading=True) as db:
        if args.interaction:
            entries = audit.history_for_interaction(db, args.interaction.strip())
        else:
            entries = audit.history_for_action(db, args.action)
    columns = ("at", "officer", "about", "field", "old", "new")
    rows = [e.as_json() for e in entries]
    if args.format == "table":  # for people: the server login beside the name
        for row, entry in zip(rows, entries, strict=True):
            row["officer"] = entry.who
    elif args.format == "csv":
        columns = ("at", "officer", "about", "field", "old", "new", "login")  # login added last
    print(render(rows, columns, args.format), end="")
    return 0
