"""The command line's entry points: ``build_parser``, ``run`` and ``main``.

Each parser module (``cli.parsers``) adds its commands' parsers and says where the function
that runs each command is, without importing it: ``register(commands)`` returns ``{command:
"module:function"}``. ``build_parser`` asks the modules in the order ``--help`` lists the
commands and ties each reference to its parser (argparse's ``set_defaults``); ``run`` imports
the module of the one command that runs (``handler_of``) and calls the function inside
``guard.command_guard`` (imported then too: ``GUARD``). A run parses with its own command's
parser alone (``parse_args``), so it imports one parser module and one handler module:
``--help`` and a usage error load argparse and the parsers only, and each command loads only
what it uses (``tests/cli/test_import_budget.py`` holds this).
Exit codes: 0 success, 1 user error (message on stderr), 2 usage error, or a team server's
database that cannot be used (unreachable, login refused, not ours, empty, another schema).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from eunato_desk import __version__
from eunato_desk.cli.options import (
    PROG,
    CommandParser,
    Commands,
    Handler,
    HandlerRef,
    HelpFormatter,
    NotBuilt,
    UsageError,
    db_option,
)
from eunato_desk.core.errors import DeskError
from eunato_desk.core.storage.address import is_server_url, resolve_address
from eunato_desk.core.storage.paths import DB_ENV_VAR, default_db_path

# What wraps every command that runs (the lock, the refusals: ``cli.guard``), imported, like
# a handler, only when a command runs: the desktop application's start parses its arguments
# here, and the first page comes before the file checks (``tests/process``).
GUARD = "eunato_desk.cli.guard:command_guard"
# The parser modules (``cli.parsers``), in the order of `eunato-desk --help`, with the commands
# each adds (a test holds them to what the modules register).
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "db": ("db",),
    "history": ("history",),
    "catalogue": ("actions", "catalogue"),
    "reference": ("organisations", "countries", "participants", "types", "markings"),
    "interactions": ("log", "list", "followups"),
    "show_edit": ("show", "edit"),
    "dossier": ("dossier",),
    "demo": ("demo",),
    "transfer": ("export", "import"),
    "reports": ("report", "coverage"),
    "search": ("search",),
}


def parser_module(name: str) -> ModuleType:
    """The parser module ``name`` of ``COMMAND_MODULES``, imported now."""
    return importlib.import_module(f"eunato_desk.cli.parsers.{name}")


def build_parser(command: str | None = None, *, described: bool = True) -> argparse.ArgumentParser:
    """The parser of every command. With ``command``, only that command's parser is built
    (``""``: none) and only its parser module imported; the others stand in by name, with
    their help when ``described`` (for ``--help``: their parser modules are imported then;
    ``options.Commands``)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="EU-NATO Desk: log staff-to-staff interactions against the 74 actions. "
        "Without a command, starts the desktop application.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    db_option(parser, None)
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=CommandParser
    )
    commands = Commands(subparsers, only=command)
    owner = next((name for name, names in COMMAND_MODULES.items() if command in names), None)
    for name, names in COMMAND_MODULES.items():
        if command is not None and name != owner and (owner is not None or not described):
            for other in names:  # by name alone: a run (or a usage error) needs no more
                commands.add(other)
            continue
        for command_name, where in parser_module(name).register(commands).items():
            if command_name in commands.parsers:
                commands.parsers[command_name].set_defaults(handler=where)
    return parser


def command_in(argv: Sequence[str]) -> str:
    """The command ``argv`` names: its first word that is neither an option nor ``--db``'s
    value; ``""`` if none. (A guess: ``parse_args`` checks it.)"""
    after_db = False
    for arg in argv:
        if after_db:
            after_db = False
        elif arg == "--":
            break
        elif arg.startswith("-"):
            after_db = len(arg) > 2 and "--db".startswith(arg)  # --db X (or --d X)
        else:
            return arg
    return ""


def asks_for_help(argv: Sequence[str]) -> bool:
    """Whether ``argv`` may hold ``-h`` or ``--help`` (also as ``-hx`` or ``--he``)."""
    return any(
        arg.startswith("--h") or (arg.startswith("-") and not arg.startswith("--") and "h" in arg)
        for arg in argv
    )


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """``argv`` parsed, building the parser of the command it names alone; if parsing
    reaches another command (``command_in`` guessed wrong), with every parser built."""
    try:
        return build_parser(command_in(argv), described=asks_for_help(argv)).parse_args(argv)
    except NotBuilt:
        return build_parser().parse_args(argv)


def handler_of(reference: HandlerRef) -> Handler:
    """The function that ``reference`` ("module:function") names, its module imported now
    (a command's handler, or ``GUARD``)."""
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def not_utf8(argv: Sequence[str]) -> str | None:
    """The first argument that is not valid UTF-8 (Python keeps its bytes as surrogates)."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return None


def run(args: argparse.Namespace) -> int:
    """Run a parsed command; user errors become a message on stderr and exit code 1, usage
    errors found after parsing exit 2 (as argparse's own)."""
    try:
        path = resolve_address(args.db if args.db else _default_address())
        handler, command_guard = handler_of(args.handler), handler_of(GUARD)
        with command_guard(args, path):  # type: ignore[attr-defined]
            return handler(args, path)
    except UsageError as exc:
        print(f"{PROG} {exc.command}: error: {exc.message}", file=sys.stderr)
        return 2
    except DeskError as exc:
        print(f"{PROG}: error: {exc.message}", file=sys.stderr)
        return getattr(exc, "exit_code", 1)  # 2: a server database that cannot be used
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; nothing was changed.", file=sys.stderr)
        return 1


def _default_address() -> str | Path:
    """$EUNATO_DESK_DB (a file or a server URL), else the file in the user's data folder."""
    env = os.environ.get(DB_ENV_VAR)
    if env and is_server_url(env):
        return env
    return default_db_path()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    bad = not_utf8(argv)
    if bad is not None:
        print(
            f"{PROG}: error: the argument {bad!r} is not valid UTF-8 text (check the terminal's "
            "character encoding); nothing was done.",
            file=sys.stderr,
        )
        return 2
    args = parse_args(argv)
    if args.command is None:
        print(f"{PROG}: give a command; see --help.", file=sys.stderr)
        return 2
    return run(args)
