"""What the handlers make of the parsed options: the list filters as an
``InteractionFilter`` (``filter_from_args``), and date ranges (``date_range``,
``period_from_args``). The options themselves are declared in ``cli.options``."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable

from eunato_desk.cli.options import FILTERS, UsageError
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.periods import Quarter, parse_date
from eunato_desk.core.rows import InteractionFilter


def filter_from_args(args: argparse.Namespace) -> InteractionFilter:
    """The InteractionFilter of the options of ``filter_options``."""
    date_from = parse_date(args.date_from, "--from") if args.date_from else None
    date_to = parse_date(args.date_to, "--to") if args.date_to else None
    if args.quarter:
        if date_from or date_to:
            raise ValidationError("--quarter", "give either --quarter or --from/--to, not both.")
        q = Quarter.parse(args.quarter, "--quarter")
        date_from, date_to = q.start, q.end
    fields = {field: getattr(args, option[2:]) for option, (field, _) in FILTERS.items()}
    return InteractionFilter(date_from=date_from, date_to=date_to, **fields)


def date_range(args: argparse.Namespace) -> tuple[dt.date, dt.date]:
    """The days of --from and --to, both given; --to may not be before --from."""
    date_from = parse_date(args.date_from, "--from")
    date_to = parse_date(args.date_to, "--to")
    if date_to < date_from:
        raise ValidationError("--to", f"{date_to} is before --from {date_from}.")
    return date_from, date_to


def period_from_args(
    args: argparse.Namespace,
    command: str,
    option: str,
    dates_of: Callable[[int], tuple[dt.date, dt.date]],
    missing: str,
) -> tuple[dt.date, dt.date]:
    """The first and last day of a command that takes either ``option`` (``--period N``,
    ``--year Y``: its days are ``dates_of(value)``) or --from and --to; UsageError with
    ``missing`` when neither is given."""
    value = getattr(args, option[2:])
    if value is not None and (args.date_from is not None or args.date_to is not None):
        raise UsageError(command, f"give either {option} or --from/--to, not both.")
    if value is None and not (args.date_from and args.date_to):
        raise UsageError(command, missing)
    return dates_of(value) if value is not None else date_range(args)
