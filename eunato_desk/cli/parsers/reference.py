"""The reference lists' parsers: `organisations`, `countries`, `participants`, `types` and
`markings` (handler: ``cli.reference``, which says what each subcommand does)."""

from __future__ import annotations

import argparse

from eunato_desk.cli.options import Commands, HandlerRef, format_option
from eunato_desk.core.vocab import ORGANISATION_SIDES, REFERENCE_NOUNS

# command -> (list, its subcommands)
GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "organisations": ("organisation", ("list", "add", "edit", "rename", "alias", "merge",
                                       "retire", "history")),
    "countries": ("country", ("list", "add", "edit", "rename", "alias", "merge", "retire",
                              "history")),
    "participants": ("person", ("list", "rename", "alias", "merge", "retire", "history")),
    "types": ("type", ("list", "add", "rename", "alias", "merge", "retire", "rank", "history")),
    "markings": ("marking", ("list", "add", "rename", "alias", "merge", "retire", "rank",
                             "history")),
}  # fmt: skip
# The subcommands that change the database (cli.guard takes the lock for them).
WRITING = {
    (command, sub)
    for command, (_kind, subs) in GROUPS.items()
    for sub in subs
    if sub not in ("list", "history")
}
HELP = {
    "organisations": "the organisations (EEAS, ACO…): list, add, rename, merge, retire",
    "countries": "the countries: list, add, rename, merge, retire",
    "participants": "the people named on interactions: list, rename, merge, retire",
    "types": "the interaction types: list, add, rename, merge, retire, rank",
    "markings": "the handling markings (rank 1 is the lowest): list, add, rename, merge, "
    "retire, rank",
}
HANDLER = "eunato_desk.cli.reference:cmd_reference"


def register(commands: Commands) -> dict[str, HandlerRef]:
    for command, (kind, subs) in GROUPS.items():
        group = commands.group(commands.add(command, help=HELP[command]), f"{command}_command")
        for sub in subs:
            _SUBCOMMANDS[sub](group, kind)
    return {command: HANDLER for command in GROUPS}


def _officer(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument(
        "--officer", metavar="NAME", help="your name (default: the name set in Settings)"
    )
    return parser


def _name(parser: argparse.ArgumentParser, kind: str) -> None:
    parser.add_argument(
        "name",
        metavar="NAME",
        help=f"the {REFERENCE_NOUNS[kind]}: its name, {_keys(kind)} or an alias",
    )


def _keys(kind: str) -> str:
    return {"organisation": "acronym", "country": "ISO code"}.get(kind, "name")


def _aliases_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--alias", action="append", default=[], metavar="X",
                        help="another name for it (repeat for several)")  # fmt: skip


def _list(group: Commands, kind: str) -> None:
    parser = group.add("list", help="the entries with how many interactions name them")
    parser.add_argument("--all", action="store_true", help="include retired entries")
    format_option(parser)


def _add(group: Commands, kind: str) -> None:
    parser = _officer(group.add("add", help=f"add a {REFERENCE_NOUNS[kind]}"))
    parser.add_argument("name", metavar="NAME")
    _aliases_option(parser)
    if kind == "organisation":
        parser.add_argument("--acronym", metavar="A")
        sides = ", ".join(ORGANISATION_SIDES)
        parser.add_argument(
            "--side", default="other", metavar="S", help=f"one of {sides} (default: other)"
        )
    elif kind == "country":
        parser.add_argument("--iso", metavar="XX", help="its ISO 3166 code (two letters)")
        parser.add_argument("--pilot", action="store_true", help="a pilot country")
        parser.add_argument("--partner", action="store_true", help="a partner country")
    else:
        parser.add_argument("--rank", type=int, metavar="N",
                            help="its place in the list, from 1 (default: last)")  # fmt: skip


def _edit(group: Commands, kind: str) -> None:
    parser = _officer(group.add("edit", help=f"change a {REFERENCE_NOUNS[kind]}'s details"))
    _name(parser, kind)
    if kind == "organisation":
        parser.add_argument("--acronym", metavar="A", help="'' removes it")
        parser.add_argument("--side", metavar="S", help=", ".join(ORGANISATION_SIDES))
    else:
        parser.add_argument("--iso", metavar="XX", help="a new ISO 3166 code")
        parser.add_argument("--pilot", action=argparse.BooleanOptionalAction, default=None)
        parser.add_argument("--partner", action=argparse.BooleanOptionalAction, default=None)


def _rename(group: Commands, kind: str) -> None:
    parser = _officer(group.add("rename", help="rename; the old name stays as an alias"))
    _name(parser, kind)
    parser.add_argument("new_name", metavar="NEW")


def _alias(group: Commands, kind: str) -> None:
    parser = _officer(group.add("alias", help="give another name (or take one away)"))
    _name(parser, kind)
    parser.add_argument("alias", metavar="ALIAS")
    parser.add_argument("--remove", action="store_true", help="take the alias away")


def _merge(group: Commands, kind: str) -> None:
    noun = REFERENCE_NOUNS[kind]
    parser = _officer(
        group.add("merge", help=f"merge a {noun} into another: every link moves to INTO")
    )
    parser.add_argument("name", metavar="FROM", help=f"the {noun} that goes")
    parser.add_argument("into", metavar="INTO", help=f"the {noun} that stays")


def _retire(group: Commands, kind: str) -> None:
    parser = _officer(
        group.add("retire", help="hide from pickers and new input; old records keep it")
    )
    _name(parser, kind)
    parser.add_argument("--undo", action="store_true", help="bring it back")


def _rank(group: Commands, kind: str) -> None:
    parser = _officer(group.add("rank", help="move to another place in the list"))
    _name(parser, kind)
    parser.add_argument("rank", type=int, metavar="N", help="from 1 (for markings, the lowest)")


def _history(group: Commands, kind: str) -> None:
    parser = group.add("history", help="who changed the list (or one entry), and when")
    parser.add_argument(
        "name", nargs="?", metavar="NAME", help="one entry (and what was merged into it)"
    )
    format_option(parser)


_SUBCOMMANDS = {
    "list": _list,
    "add": _add,
    "edit": _edit,
    "rename": _rename,
    "alias": _alias,
    "merge": _merge,
    "retire": _retire,
    "rank": _rank,
    "history": _history,
}
