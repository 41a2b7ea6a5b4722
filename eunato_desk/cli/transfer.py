"""The `import` command: interactions from a CSV file (`export` is in ``cli.exporting``).

    eunato-desk import FILE [--dry-run] [--valid-only] [--mapping FILE|COLUMN=FIELD]
                       [--date-order dmy|mdy] [--encoding NAME]

`import` exits 1 when rows are rejected (and then imports nothing, unless --valid-only).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eunato_desk.cli.output import progress
from eunato_desk.core import settings as user_settings
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.transfer.importer import apply_import, preview_import


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
