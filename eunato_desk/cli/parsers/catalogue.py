"""The `actions` and `catalogue` commands' parsers (handler: ``cli.catalogue``)."""

from __future__ import annotations

from pathlib import Path

from eunato_desk.cli.options import Commands, HandlerRef, format_option
from eunato_desk.core.vocab import ACTION_SETS


def register(commands: Commands) -> dict[str, HandlerRef]:
    actions = commands.group(
        commands.add("actions", help="the action catalogue"), "actions_command"
    )
    listing = actions.add("list", help="list actions")
    listing.add_argument("--area", type=int, metavar="CODE")
    format_option(listing)

    cat = commands.add("catalogue", help="update the catalogue from an official list or text")
    subcommands = commands.group(cat, "catalogue_command")
    importing = subcommands.add(
        "import", help="update actions by number from CSV (number,set,area_code,title,description)"
    )
    importing.add_argument("file", type=Path)
    importing.add_argument("--dry-run", action="store_true", help="report, change nothing")
    _load_text_parser(subcommands)
    return {
        "actions": "eunato_desk.cli.catalogue:cmd_actions",
        "catalogue": "eunato_desk.cli.catalogue:cmd_catalogue",
    }


def _load_text_parser(subcommands: Commands) -> None:
    loading = subcommands.add(
        "load-text",
        help="load titles, texts and areas from the official text of a set",
        description="Read the official text of one set (the annex of the Council conclusions "
        "of 6 December 2016, or the proposals of 5 December 2017), copied from the PDF or the "
        "web page into a text file, and update its actions (2016: 1-42, 2017: 43-74, in "
        "document order): title, description, area, confidence 'confirmed' and source. "
        "Prints every change first. Links to interactions are never touched.",
    )
    loading.add_argument("file", type=Path, help="the text file (UTF-8 or Windows-1252), or -")
    # The sets of the official texts (``official_load.SETS``; a test holds them equal).
    loading.add_argument("--set", dest="set_year", type=int, choices=ACTION_SETS,
                         required=True, help="which set the text is")  # fmt: skip
    loading.add_argument("--dry-run", action="store_true", help="show the changes, change nothing")
    loading.add_argument(
        "--accept-count",
        action="store_true",
        help="load a text with fewer proposals than the set (they update the first numbers; "
        "the others stay as they are); a text with more is always refused",
    )
    loading.add_argument("--officer", metavar="NAME", help="your name (default: from Settings)")
