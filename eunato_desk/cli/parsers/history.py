"""The `history` command's parser (handler: ``cli.history``)."""

from __future__ import annotations

from eunato_desk.cli.options import Commands, HandlerRef, format_option


def register(commands: Commands) -> dict[str, HandlerRef]:
    history = commands.add("history", help="who changed an interaction or an action, and when")
    which = history.add_mutually_exclusive_group(required=True)
    which.add_argument("--interaction", metavar="UUID")
    which.add_argument("--action", type=int, metavar="N")
    format_option(history)
    return {"history": "eunato_desk.cli.history:cmd_history"}
