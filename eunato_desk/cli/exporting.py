"""The `export` command: interactions to a CSV file.

    eunato-desk export (--quarter 2018Q2 | --from D --to D) [--layout L] [--flavor F]
                       [--delimiter ',' | ';' | tab] [list filters] -o FILE [--force]

Dates and a status on a database file are read straight from the file, without SQLAlchemy
(``transfer.export.export_file``); any other filter goes through the core's export. Both
write the same bytes. (`import` is in ``cli.transfer``.)
"""

from __future__ import annotations

import argparse

from eunato_desk.cli.arguments import filter_from_args
from eunato_desk.cli.options import UsageError
from eunato_desk.cli.output import progress
from eunato_desk.core.storage.address import Address
from eunato_desk.core.storage.files import check_output_target
from eunato_desk.core.transfer.export import export_file


def cmd_export(args: argparse.Namespace, path: Address) -> int:
    if not (args.quarter or args.date_from or args.date_to):
        raise UsageError("export", "give --quarter or --from/--to.")
    flt = filter_from_args(args)
    # Refused before the database is opened: a refused file is never touched.
    check_output_target(args.output, database=path, force=args.force, field="-o")
    result = export_file(
        path, flt, args.output, args.layout, args.flavor, progress=progress,
        replace=args.force, field="-o", delimiter=args.delimiter,
    )  # fmt: skip
    print(result.message())
    return 0
