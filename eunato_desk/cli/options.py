"""What the commands' parsers share: the program name, ``Commands`` (what a parser module's
``register`` fills: parsers that take ``--db``), the list filters (``filter_options``),
``--format``, ``-o FILE`` with ``--force``, date ranges, and the usage error a command raises
after parsing (exit 2, as argparse's own).

Light on purpose: ``--help`` and every parser are built from this module, the vocabularies
(``core.vocab``) and argparse alone, never from a handler or SQLAlchemy (``cli.main``). What a
handler makes of the parsed options is in ``cli.arguments``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.storage.address import Address, parse_address
from eunato_desk.core.vocab import INTERACTION_STATUSES

PROG = "eunato-desk"

# A command: parsed arguments and the database in (a file's resolved path, or a server's
# address: ``core.storage.address``), exit code out.
Handler = Callable[[argparse.Namespace, Address], int]
# Where a command's handler is, as "module:function" (``register`` returns these; ``cli.main``
# imports the module of the one command that runs, and no other).
HandlerRef = str
# What ``--format`` offers (``cli.output.render`` writes them).
FORMATS = ("table", "csv", "json")

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


class NotBuilt(Exception):
    """Parsing reached a command whose parser was not built (``Commands(only=...)``): the
    caller parses again with every parser built."""


def terminal_width() -> int:
    """The terminal's columns as ``shutil.get_terminal_size`` gives them ($COLUMNS, else the
    terminal of standard output, else 80), without importing ``shutil`` (with ``bz2`` and
    ``lzma``): argparse makes a help formatter for every option it adds, so every run would."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, its width from ``terminal_width`` (every parser's formatter)."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
        width: int | None = None,
    ) -> None:  # fmt: skip
        width = terminal_width() - 2 if width is None else width  # as argparse's own
        super().__init__(prog, indent_increment, max_help_position, width)


class RawDescriptionHelpFormatter(HelpFormatter, argparse.RawDescriptionHelpFormatter):
    """``HelpFormatter`` that keeps the description's and epilog's lines as written."""


class CommandParser(argparse.ArgumentParser):
    """A command's parser. A ``placeholder`` stands in for a command that was not built: it
    has the command's name and help (what ``--help`` and "invalid choice" show), and parsing
    with it raises NotBuilt."""

    def __init__(self, *args: Any, placeholder: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)
        self.placeholder = placeholder

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        if self.placeholder:
            raise NotBuilt(self.prog)
        return super().parse_known_args(args, namespace)


class _Sketch:
    """What ``Commands.add`` gives for a command that is not built: it takes the calls of a
    parser (add_argument, groups...) and does nothing."""

    def __getattr__(self, _name: str) -> Callable[..., _Sketch]:
        return lambda *_args, **_kwargs: self


class Commands:
    """The commands (or the subcommands of one) as the parser modules add them: every parser
    made by ``add`` takes ``--db`` too, so ``list --db X`` works like ``--db X list`` (a
    ``--db`` before the command stands unless given again after it).

    ``only``: build the parser of that command alone (``""``: of none); the others get a
    placeholder with their name and help. A command's run needs its own parser only, and
    building all of them costs a hundredth of a second (``cli.main.parse_args``)."""

    def __init__(
        self,
        subparsers: Subparsers | None,
        common: argparse.ArgumentParser | None = None,
        *,
        only: str | None = None,
    ) -> None:
        if common is None:
            common = argparse.ArgumentParser(add_help=False, formatter_class=HelpFormatter)
            db_option(common, argparse.SUPPRESS)
        self.subparsers = subparsers
        self.common = common
        self.only = only
        self.parsers: dict[str, argparse.ArgumentParser] = {}

    def add(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        """The parser of command ``name`` (``help``, ``description``... as for add_parser)."""
        if self.subparsers is None:  # a subcommand of a command that is not built
            return _Sketch()  # type: ignore[return-value]
        if self.only is not None and name != self.only:
            self.subparsers.add_parser(
                name, help=kwargs.get("help"), add_help=False, placeholder=True
            )
            return _Sketch()  # type: ignore[return-value]
        parser = self.subparsers.add_parser(name, parents=[self.common], **kwargs)
        self.parsers[name] = parser
        return parser

    def group(self, parser: argparse.ArgumentParser, dest: str) -> Commands:
        """The subcommands of ``parser`` (one is required; its name goes to ``args.<dest>``)."""
        if isinstance(parser, _Sketch):
            return Commands(None, self.common)
        sub = parser.add_subparsers(dest=dest, metavar="SUBCOMMAND", required=True)
        return Commands(sub, self.common)


def format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="table")


def dates_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="date_from", metavar="D", help="first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", metavar="D", help="last day, YYYY-MM-DD")


def filter_options(parser: argparse.ArgumentParser) -> None:
    """The filters of `list`, also taken by `search` and `export` (``arguments.filter_from_args``
    reads them)."""
    parser.add_argument("--quarter", help="calendar quarter, e.g. 2018Q2")
    dates_options(parser)
    for option, (_, keywords) in FILTERS.items():
        parser.add_argument(option, **keywords)


def output_options(parser: argparse.ArgumentParser, help: str | None = DOCUMENT_HELP) -> None:
    """``-o FILE`` (required) and ``--force`` (replace it if it exists)."""
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help=help)
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)
