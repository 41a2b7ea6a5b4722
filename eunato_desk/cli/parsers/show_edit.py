"""The `show` and `edit` commands' parsers (handler: ``cli.show_edit``)."""

from __future__ import annotations

from eunato_desk.cli.options import Commands, HandlerRef
from eunato_desk.core.vocab import INTERACTION_STATUSES


def register(commands: Commands) -> dict[str, HandlerRef]:
    show = commands.add("show", help="one interaction, whole, with its version")
    show.add_argument("uuid", metavar="UUID")
    show.add_argument("--format", choices=("text", "json"), default="text")

    edit = commands.add("edit", help="change some fields of one interaction")
    edit.add_argument("uuid", metavar="UUID")
    edit.add_argument("--title", metavar="T")
    edit.add_argument("--date", metavar="D", help="start date, YYYY-MM-DD")
    edit.add_argument("--type", metavar="T", help="interaction type, e.g. 'Cross-briefing'")
    edit.add_argument("--summary", metavar="S")
    edit.add_argument("--outcome", metavar="O")
    edit.add_argument("--status", choices=INTERACTION_STATUSES)
    edit.add_argument("--marking", metavar="M", help="handling marking, e.g. LIMITE")
    edit.add_argument("--add-action", type=int, action="append", default=[], metavar="N")
    edit.add_argument("--remove-action", type=int, action="append", default=[], metavar="N")
    edit.add_argument(
        "--if-version",
        type=int,
        metavar="N",
        help="save only if the interaction is still at version N (see `show`)",
    )
    edit.add_argument("--officer", help="your name (default: the name set in Settings)")
    return {
        "show": "eunato_desk.cli.show_edit:cmd_show",
        "edit": "eunato_desk.cli.show_edit:cmd_edit",
    }
