"""The command line's entry points: ``build_parser``, ``run`` and ``main``.

Each command module adds its own parsers and says which function runs each command:
``register(commands)`` returns ``{command: handler}``. ``build_parser`` asks the modules in
the order ``--help`` lists the commands and ties each handler to its parser (argparse's
``set_defaults``); ``run`` calls it inside ``guard.command_guard``.
Exit codes: 0 success, 1 user error (message on stderr), 2 usage error, or a team server's
database that cannot be used (unreachable, login refused, not ours, empty, another schema).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from eunato_desk import __version__
from eunato_desk.cli import (
    catalogue,
    db,
    demo,
    dossier,
    history,
    interactions,
    reference,
    reports,
    search,
    show_edit,
    transfer,
)
from eunato_desk.cli.guard import command_guard
from eunato_desk.cli.options import PROG, Commands, UsageError, db_option
from eunato_desk.core.errors import DeskError
from eunato_desk.core.storage.address import is_server_url, resolve_address
from eunato_desk.core.storage.paths import DB_ENV_VAR, default_db_path

# The command modules, in the order of `eunato-desk --help`.
COMMAND_MODULES = (db, history, catalogue, reference, interactions, show_edit, dossier, demo,
                   transfer, reports, search)  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="EU-NATO Desk: log staff-to-staff interactions against the 74 actions. "
        "Without a command, starts the desktop application.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    db_option(parser, None)
    commands = Commands(parser.add_subparsers(dest="command", metavar="COMMAND"))
    for module in COMMAND_MODULES:
        for name, handler in module.register(commands).items():
            commands.parsers[name].set_defaults(handler=handler)
    return parser


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
        with command_guard(args, path):
            return args.handler(args, path)
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
    args = build_parser().parse_args(argv)
    if args.command is None:
        print(f"{PROG}: give a command; see --help.", file=sys.stderr)
        return 2
    return run(args)
