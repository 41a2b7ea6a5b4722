"""The `dossier` command's parser (handler: ``cli.dossier``)."""

from __future__ import annotations

from eunato_desk.cli.options import Commands, HandlerRef, dates_options, output_options

OFFICER_HELP = "your name, the author of the file (default: the name set in Settings)"


def register(commands: Commands) -> dict[str, HandlerRef]:
    dos = commands.add(
        "dossier",
        help="write an action's or an area's dossier (HTML, ODT or PDF)",
        description="A one-page summary (the period; interactions by type and by quarter; "
        "first and last dates; open follow-ups; the organisations and countries most "
        "involved), then each action with every linked interaction in date order. The "
        "highest handling marking of what it holds is at the top and the bottom of every "
        "page. Without --from/--to: all dates.",
    )
    which = dos.add_mutually_exclusive_group(required=True)
    which.add_argument("--action", type=int, metavar="N")
    which.add_argument("--area", type=int, metavar="CODE")
    dates_options(dos)
    dos.add_argument("--officer", metavar="NAME", help=OFFICER_HELP)
    output_options(dos)
    return {"dossier": "eunato_desk.cli.dossier:cmd_dossier"}
