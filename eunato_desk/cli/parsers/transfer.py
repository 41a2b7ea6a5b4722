"""The `export` and `import` commands' parsers (handlers: ``cli.exporting`` and
``cli.transfer``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from eunato_desk.cli.options import (
    Commands,
    HandlerRef,
    filter_options,
    output_options,
)
from eunato_desk.core.transfer.format import DELIMITERS, FLAVORS, LAYOUTS
from eunato_desk.core.transfer.values import DATE_ORDERS

LAYOUT_HELP = (
    "interactions: one row per interaction (default); links: one row per interaction and "
    "linked action; readable: for people, headers in words, area names, action titles, notes "
    "as text"
)
DELIMITER_HELP = "what separates the fields: ',' (default), ';' or tab (also $'\\t' or \\t)"
# What --delimiter accepts: the character itself, its name, or \t as typed.
DELIMITER_NAMES = {d: d for d in DELIMITERS} | {n: d for d, n in DELIMITERS.items()} | {"\\t": "\t"}
FLAVOR_HELP = "excel (default): BOM and formula-safe cells; plain: values exactly as stored"
VALID_ONLY_HELP = "import the valid rows even if some are rejected"
DATE_ORDER_HELP = "how to read dates such as 03/04/2018: dmy (day first) or mdy (month first)"
MAPPING_HELP = (
    'which field a column holds: a JSON file {"Column": "field"} or COLUMN=FIELD '
    "(repeatable; an empty field ignores the column)"
)


def register(commands: Commands) -> dict[str, HandlerRef]:
    export = commands.add(
        "export",
        help="export a quarter or date range to CSV",
        description="Write the interactions whose start date is in a quarter or date range "
        "to a CSV file (the columns are listed in the README).",
    )
    filter_options(export)
    export.add_argument("--layout", choices=LAYOUTS, default="interactions", help=LAYOUT_HELP)
    export.add_argument("--flavor", choices=FLAVORS, default="excel", help=FLAVOR_HELP)
    export.add_argument(
        "--delimiter", type=delimiter, default=",", metavar="{',',';',tab}", help=DELIMITER_HELP
    )
    output_options(export, help=None)

    imp = commands.add(
        "import",
        help="import interactions from CSV (all or nothing)",
        description="Create and update interactions from a CSV file: known UUIDs update, new "
        "ones create. Prints what it does; if any row is rejected nothing is imported.",
    )
    imp.add_argument("file", type=Path)
    imp.add_argument(
        "--dry-run", action="store_true", help="show what would happen, change nothing"
    )
    imp.add_argument("--valid-only", action="store_true", help=VALID_ONLY_HELP)
    imp.add_argument(
        "--mapping", action="append", default=[], metavar="FILE|COLUMN=FIELD", help=MAPPING_HELP
    )
    imp.add_argument("--date-order", choices=DATE_ORDERS, help=DATE_ORDER_HELP)
    imp.add_argument("--encoding", metavar="NAME", help="the file's encoding (default: detect)")
    imp.add_argument("--officer", help="your name (default: the name set in Settings)")
    return {
        "export": "eunato_desk.cli.exporting:cmd_export",
        "import": "eunato_desk.cli.transfer:cmd_import",
    }


def delimiter(value: str) -> str:
    """A --delimiter value: ',', ';' or a tab, as the character, by name (comma, semicolon,
    tab) or as the two characters \\t."""
    found = DELIMITER_NAMES.get(value if len(value) == 1 else value.lower())
    if found is None:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a separator; use ',' (comma), ';' (semicolon) or tab."
        )
    return found
