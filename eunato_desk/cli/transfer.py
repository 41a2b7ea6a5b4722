"""The `export` and `import` commands: interactions to and from CSV files.

    eunato-desk export (--quarter 2018Q2 | --from D --to D) [--layout L] [--flavor F]
                       [--delimiter ',' | ';' | tab] [list filters] -o FILE [--force]
    eunato-desk import FILE [--dry-run] [--valid-only] [--mapping FILE|COLUMN=FIELD]
                       [--date-order dmy|mdy] [--encoding NAME]

`import` exits 1 when rows are rejected (and then imports nothing, unless --valid-only).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eunato_desk.cli.options import (
    Commands,
    Handler,
    UsageError,
    filter_from_args,
    filter_options,
    output_options,
)
from eunato_desk.cli.output import progress
from eunato_desk.core import settings as user_settings
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.storage.files import check_output_target
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.transfer.export import export_csv
from eunato_desk.core.transfer.format import DELIMITERS, FLAVORS, LAYOUTS
from eunato_desk.core.transfer.importer import apply_import, preview_import
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


def register(commands: Commands) -> dict[str, Handler]:
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
    return {"export": cmd_export, "import": cmd_import}


def delimiter(value: str) -> str:
    """A --delimiter value: ',', ';' or a tab, as the character, by name (comma, semicolon,
    tab) or as the two characters \\t."""
    found = DELIMITER_NAMES.get(value if len(value) == 1 else value.lower())
    if found is None:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a separator; use ',' (comma), ';' (semicolon) or tab."
        )
    return found


def load_mapping(values: list[str]) -> dict[str, str] | None:
    """Column mapping from --mapping values: JSON files and COLUMN=FIELD pairs, in order."""
    mapping: dict[str, str] = {}
    for value in values:
        path = Path(value)
        if "=" in value and not path.is_file():
            column, _, target = value.partition("=")
            mapping[column.strip()] = target.strip() or "ignore"
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise ValidationError(
                "--mapping", f"{value}: no such file; give a JSON file or COLUMN=FIELD."
            ) from None
        except (OSError, ValueError) as exc:
            raise ValidationError("--mapping", f"{value}: not readable JSON ({exc}).") from None
        if not isinstance(data, dict) or not all(isinstance(v, str | None) for v in data.values()):
            raise ValidationError(
                "--mapping", f'{value}: write it as {{"Column": "field", "Other": null}}.'
            )
        mapping.update({str(k): v or "ignore" for k, v in data.items()})
    return mapping or None


def cmd_export(args: argparse.Namespace, path: Path) -> int:
    if not (args.quarter or args.date_from or args.date_to):
        raise UsageError("export", "give --quarter or --from/--to.")
    flt = filter_from_args(args)
    # Refused before the database is opened: a refused file is never touched.
    check_output_target(args.output, database=path, force=args.force, field="-o")
    with open_database(path) as db:
        result = export_csv(
            db, flt, args.output, args.layout, args.flavor, progress=progress,
            replace=args.force, field="-o", delimiter=args.delimiter,
        )  # fmt: skip
    print(result.message())
    return 0


def cmd_import(args: argparse.Namespace, path: Path) -> int:
    mapping = load_mapping(args.mapping)
    officer = args.officer if args.officer is not None else user_settings.officer_name()
    with open_database(path) as db:
        preview = preview_import(db, args.file, mapping, args.date_order, args.encoding)
        print("\n".join(preview.summary_lines(limit=None if args.dry_run else 20)))
        if args.dry_run:
            print("Dry run: nothing was changed.")
        if preview.date_question:
            done = "" if args.dry_run else "nothing was imported; "
            print(f"{args.file}: {done}give --date-order dmy or mdy.", file=sys.stderr)
        if args.dry_run or preview.date_question:
            return 0 if preview.ok else 1
        if preview.rejected and not args.valid_only:
            print(
                f"{args.file}: nothing was imported; fix the rejected rows, or give "
                "--valid-only to import the others.",
                file=sys.stderr,
            )
            return 1
        receipt = apply_import(
            db, preview, valid_only=args.valid_only, officer=officer, progress=progress
        )
    print(receipt.message())
    return 1 if receipt.rejected else 0
