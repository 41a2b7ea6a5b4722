"""What the commands share: the program name, ``Commands`` (what a command module's
``register`` fills: parsers that take ``--db``), the list filters (``filter_options``,
``filter_from_args``), ``--format``, ``-o FILE`` with ``--force``, date ranges, and the usage
error a command raises after parsing (exit 2, as argparse's own)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from eunato_desk.cli.output import FORMATS
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.models import INTERACTION_STATUSES
from eunato_desk.core.periods import Quarter, parse_date
from eunato_desk.core.records import InteractionFilter
from eunato_desk.core.storage.address import Address, parse_address

PROG = "eunato-desk"

# A command: parsed arguments and the database in (a file's resolved path, or a server's
# address: ``core.storage.address``), exit code out.
Handler = Callable[[argparse.Namespace, Address], int]

FORCE_HELP = (
    "replace FILE if it exists (never the database, its -wal/-shm/-journal/.lock files, its "
    "backups, another SQLite database or a read-only file)"
)
DOCUMENT_HELP = "FILE.html, FILE.odt or FILE.pdf"

# The list filters besides the dates: option -> (InteractionFilter field, add_argument
# keywords). The option's name (without --) is also its attribute on the parsed arguments.
FILTERS: dict[str, tuple[str, dict[str, Any]]] = {
    "--action": ("action_number", dict(type=int, metavar="N", help="linked to action number N")),
    "--area": (
        "area_code",
        dict(type=int, metavar="CODE", help="linked to an action of this area"),
    ),
    "--type": ("type", dict(metavar="T", help="interaction type")),
    "--country": ("country", dict(metavar="NAME", help="country name or ISO code")),
    "--org": ("organisation", dict(metavar="NAME", help="organisation name or acronym")),
    "--status": ("status", dict(choices=INTERACTION_STATUSES)),
    "--text": ("text", dict(metavar="WORDS", help="words to search for (see `search --help`)")),
}


class UsageError(Exception):
    """Arguments that parse but do not go together: ``PROG COMMAND: error: MESSAGE`` on
    stderr and exit code 2, like argparse's own usage errors."""

    def __init__(self, command: str, message: str) -> None:
        super().__init__(message)
        self.command = command
        self.message = message


def _address(text: str) -> Address:
    """``--db``'s value: a server URL or a file path (argparse shows a ValueError's words)."""
    try:
        return parse_address(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.reason) from None


def db_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        type=_address,
        default=default,
        help="database: a file, or a team server's postgresql://USER@HOST[:PORT]/DBNAME "
        "(default: $EUNATO_DESK_DB, else the file in your data folder)",
    )


class Subparsers(Protocol):
    """What ``ArgumentParser.add_subparsers()`` returns (its class is private to argparse)."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


class Commands:
    """The commands (or the subcommands of one) as the command modules add them: every parser
    made by ``add`` takes ``--db`` too, so ``list --db X`` works like ``--db X list`` (a
    ``--db`` before the command stands unless given again after it)."""

    def __init__(
        self, subparsers: Subparsers, common: argparse.ArgumentParser | None = None
    ) -> None:
        if common is None:
            common = argparse.ArgumentParser(add_help=False)
            db_option(common, argparse.SUPPRESS)
        self.subparsers = subparsers
        self.common = common
        self.parsers: dict[str, argparse.ArgumentParser] = {}

    def add(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        """The parser of command ``name`` (``help``, ``description``... as for add_parser)."""
        parser = self.subparsers.add_parser(name, parents=[self.common], **kwargs)
        self.parsers[name] = parser
        return parser

    def group(self, parser: argparse.ArgumentParser, dest: str) -> Commands:
        """The subcommands of ``parser`` (one is required; its name goes to ``args.<dest>``)."""
        sub = parser.add_subparsers(dest=dest, metavar="SUBCOMMAND", required=True)
        return Commands(sub, self.common)


def format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="table")


def dates_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="date_from", metavar="D", help="first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", metavar="D", help="last day, YYYY-MM-DD")


def filter_options(parser: argparse.ArgumentParser) -> None:
    """The filters of `list`, also taken by `search` and `export` (see ``filter_from_args``)."""
    parser.add_argument("--quarter", help="calendar quarter, e.g. 2018Q2")
    dates_options(parser)
    for option, (_, keywords) in FILTERS.items():
        parser.add_argument(option, **keywords)


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


def output_options(parser: argparse.ArgumentParser, help: str | None = DOCUMENT_HELP) -> None:
    """``-o FILE`` (required) and ``--force`` (replace it if it exists)."""
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help=help)
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)


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
