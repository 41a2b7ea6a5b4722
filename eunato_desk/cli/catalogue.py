"""The `actions` and `catalogue` commands: the action catalogue, and updating it from an
official list.

    eunato-desk actions list [--area CODE] [--format table|csv|json]
    eunato-desk catalogue import FILE [--dry-run]
    eunato-desk catalogue load-text FILE --set 2016|2017 [--dry-run] [--accept-count]
                                   [--officer NAME]

`catalogue import` exits 1, changing nothing, when any row of FILE is wrong. `catalogue
load-text` reads the official text itself (FILE, or - for standard input), prints what it
would change, then loads it; it exits 1, changing nothing, when the text cannot be read as
the list of proposals, has a problem, or holds another number of proposals than the set
(unless --accept-count, and never more than the set).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eunato_desk.cli.output import render
from eunato_desk.core import settings as user_settings
from eunato_desk.core.catalogue import actions as catalogue
from eunato_desk.core.catalogue import official_load
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.storage.opening import open_database

ACTION_COLUMNS = ("number", "set", "area_code", "title", "status", "confidence")


def cmd_actions(args: argparse.Namespace, path: Path) -> int:
    with open_database(path, reading=True) as db:
        rows = catalogue.list_actions(db, args.area)
    print(render([r.as_json() for r in rows], ACTION_COLUMNS, args.format), end="")
    return 0


def cmd_catalogue(args: argparse.Namespace, path: Path) -> int:
    if args.catalogue_command == "load-text":
        return _load_text(args, path)
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


def _read_source(file: Path) -> official_load.SourceText:
    if str(file) == "-":
        return official_load.decode_text(sys.stdin.buffer.read(), "standard input")
    return official_load.read_text_file(file)


def _load_text(args: argparse.Namespace, path: Path) -> int:
    officer = args.officer if args.officer is not None else user_settings.officer_name()
    try:
        source = _read_source(args.file)
        with open_database(path) as db:
            preview = official_load.preview_load(db, source, args.set_year)
            print("\n".join(preview.summary_lines()))
            refusal = preview.refusal(args.accept_count)
            if refusal:
                hint = " (--accept-count)" * (not preview.problems and not preview.count_ok)
                print(f"{source.name}: {refusal.rstrip('.')}{hint}.", file=sys.stderr)
                return 1
            if args.dry_run:
                print("Dry run: nothing was changed.")
                return 0
            receipt = official_load.apply_load(db, preview, officer, accept_count=args.accept_count)
    except ValidationError as exc:
        if "nothing was" in exc.reason.lower():
            raise
        raise ValidationError(exc.field, f"{exc.reason} Nothing was changed.") from None
    print(receipt.message())
    return 0
