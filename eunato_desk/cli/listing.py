"""The `list` command: the interactions of a filter, oldest first.

eunato-desk list [--quarter Q | --from D --to D] [--action N] [--area CODE] [--type T]
                 [--country NAME] [--org NAME] [--status S] [--text WORDS]
                 [--format table|csv|json]

Dates and a status on a database file are read straight from the file, without SQLAlchemy
(``transfer.quick``; as text, in one statement per page, for a table or CSV); any other
filter goes through the core's list. Both print the same.
"""

from __future__ import annotations

import argparse

from eunato_desk.cli.arguments import filter_from_args
from eunato_desk.cli.output import render, render_cells
from eunato_desk.core.storage.address import Address
from eunato_desk.core.transfer.quick import LIST_COLUMNS, interaction_rows, list_cells

__all__ = ["LIST_COLUMNS", "cmd_list"]


def cmd_list(args: argparse.Namespace, path: Address) -> int:
    flt = filter_from_args(args)
    if args.format == "json":  # every key of a row, values typed
        rows = [r.as_json() for r in interaction_rows(path, flt)]
        print(render(rows, LIST_COLUMNS, args.format), end="")
    else:
        print(render_cells(list_cells(path, flt), LIST_COLUMNS, args.format), end="")
    return 0
