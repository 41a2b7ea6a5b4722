"""The reference lists on the command line: `organisations`, `countries`, `participants`,
`types` and `markings`.

    eunato-desk organisations list [--all] [--format table|csv|json]
    eunato-desk organisations add NAME [--acronym A] [--side S] [--alias X]...
    eunato-desk organisations edit NAME [--acronym A] [--side S]
    eunato-desk organisations rename OLD NEW
    eunato-desk organisations alias NAME ALIAS [--remove]
    eunato-desk organisations merge FROM INTO
    eunato-desk organisations retire NAME [--undo]
    eunato-desk organisations history [NAME] [--format table|csv|json]
    eunato-desk countries add NAME --iso XX [--alias X]... [--pilot] [--partner]
    eunato-desk countries edit NAME [--iso XX] [--[no-]pilot] [--[no-]partner]
    eunato-desk types add NAME [--alias X]... [--rank N]
    eunato-desk markings add NAME [--alias X]... [--rank N]   (rank 1 is the lowest)
    eunato-desk markings rank NAME N
    eunato-desk participants (list|rename|alias|merge|retire|history) ...

Names are matched as everywhere (name, acronym, ISO code or alias; no case or accents).
Every write takes `--officer NAME` (default: the name set in Settings). A refusal (an unknown
name, a name taken, a merge into itself...) exits 1 with one sentence on stderr and changes
nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from eunato_desk.cli.options import Commands, Handler, format_option
from eunato_desk.cli.output import render
from eunato_desk.core import settings as user_settings
from eunato_desk.core.models import ORGANISATION_SIDES
from eunato_desk.core.reference import add, edit, history, merge
from eunato_desk.core.reference.kinds import KINDS
from eunato_desk.core.storage.opening import open_database

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
COLUMNS = {
    "organisation": ("name", "acronym", "side", "aliases", "interactions", "people", "retired"),
    "country": ("name", "iso_code", "is_pilot", "is_partner", "aliases", "interactions",
                "retired"),
    "person": ("name", "organisation", "aliases", "interactions", "retired"),
    "type": ("rank", "name", "aliases", "interactions", "retired"),
    "marking": ("rank", "name", "aliases", "interactions", "retired"),
}  # fmt: skip
HISTORY_COLUMNS = ("at", "officer", "change", "name", "old", "new", "detail")
HELP = {
    "organisations": "the organisations (EEAS, ACO…): list, add, rename, merge, retire",
    "countries": "the countries: list, add, rename, merge, retire",
    "participants": "the people named on interactions: list, rename, merge, retire",
    "types": "the interaction types: list, add, rename, merge, retire, rank",
    "markings": "the handling markings (rank 1 is the lowest): list, add, rename, merge, "
    "retire, rank",
}


def register(commands: Commands) -> dict[str, Handler]:
    for command, (kind, subs) in GROUPS.items():
        group = commands.group(commands.add(command, help=HELP[command]), f"{command}_command")
        for sub in subs:
            _SUBCOMMANDS[sub](group, kind)
    return {command: cmd_reference for command in GROUPS}


def _officer(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument(
        "--officer", metavar="NAME", help="your name (default: the name set in Settings)"
    )
    return parser


def _name(parser: argparse.ArgumentParser, kind: str) -> None:
    noun = KINDS[kind].noun
    parser.add_argument(
        "name", metavar="NAME", help=f"the {noun}: its name, {_keys(kind)} or an alias"
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
    parser = _officer(group.add("add", help=f"add a {KINDS[kind].noun}"))
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
    parser = _officer(group.add("edit", help=f"change a {KINDS[kind].noun}'s details"))
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
    noun = KINDS[kind].noun
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


# --- running them ------------------------------------------------------------------------------


def cmd_reference(args: argparse.Namespace, path: Path) -> int:
    kind, _subs = GROUPS[args.command]
    sub = getattr(args, f"{args.command}_command")
    officer = getattr(args, "officer", None)
    if officer is None:
        officer = user_settings.officer_name()
    with open_database(path) as db:
        if sub == "list":
            items = history.list_entries(db, kind, include_retired=args.all)
            rows = [_row(item.as_json(), args.format) for item in items]
            print(render(rows, COLUMNS[kind], args.format), end="")
        elif sub == "history":
            changes = history.history(db, kind, args.name)
            print(render([c.as_json() for c in changes], HISTORY_COLUMNS, args.format), end="")
        else:
            print(_WRITES[sub](db, kind, args, officer))
    return 0


def _row(values: dict[str, object], fmt: str) -> dict[str, object]:
    """A list row; in a table or CSV, flags read 'yes' or nothing (JSON keeps booleans)."""
    if fmt == "json":
        return values
    return {k: ("yes" if v else "") if isinstance(v, bool) else v for k, v in values.items()}


def _do_add(db, kind: str, args: argparse.Namespace, officer: str) -> str:  # type: ignore[no-untyped-def]
    if kind == "organisation":
        record = add.add_organisation(db, args.name, acronym=args.acronym, side=args.side,
                                      aliases=args.alias, officer=officer)  # fmt: skip
    elif kind == "country":
        record = add.add_country(
            db, args.name, args.iso, aliases=args.alias, is_pilot=args.pilot,
            is_partner=args.partner, officer=officer,
        )  # fmt: skip
    elif kind == "type":
        record = add.add_type(db, args.name, aliases=args.alias, rank=args.rank, officer=officer)
    else:
        record = add.add_marking(db, args.name, aliases=args.alias, rank=args.rank, officer=officer)
    return f"Added the {KINDS[kind].noun} '{record.name}'."


def _do_edit(db, kind: str, args: argparse.Namespace, officer: str) -> str:  # type: ignore[no-untyped-def]
    if kind == "organisation":
        given = {k: v for k, v in (("acronym", args.acronym), ("side", args.side)) if v is not None}
        record = add.edit_organisation(db, args.name, officer=officer, **given)
    else:
        record = add.edit_country(db, args.name, iso_code=args.iso, is_pilot=args.pilot,
                                  is_partner=args.partner, officer=officer)  # fmt: skip
    return f"Changed the {KINDS[kind].noun} '{record.name}'."


def _do_rename(db, kind: str, args: argparse.Namespace, officer: str) -> str:  # type: ignore[no-untyped-def]
    record = edit.rename(db, kind, args.name, args.new_name, officer=officer)
    return f"Renamed the {KINDS[kind].noun} '{args.name}' to '{record.name}'."


def _do_alias(db, kind: str, args: argparse.Namespace, officer: str) -> str:  # type: ignore[no-untyped-def]
    if args.remove:
        record = edit.remove_alias(db, kind, args.name, args.alias, officer=officer)
        return f"'{args.alias}' no longer names '{record.name}'."
    record = edit.add_alias(db, kind, args.name, args.alias, officer=officer)
    return f"'{args.alias}' now names the {KINDS[kind].noun} '{record.name}'."


def _do_merge(db, kind: str, args: argparse.Namespace, officer: str) -> str:  # type: ignore[no-untyped-def]
    done = merge.merge(db, kind, args.name, args.into, officer=officer)
    people = f"; {done.people} people moved" if kind == "organisation" else ""
    return (
        f"Merged '{done.merged}' into '{done.record.name}': {done.interactions} "
        f"interaction(s) moved{people}; '{done.merged}' now names '{done.record.name}'."
    )


def _do_retire(db, kind: str, args: argparse.Namespace, officer: str) -> str:  # type: ignore[no-untyped-def]
    record = edit.retire(db, kind, args.name, undo=args.undo, officer=officer)
    if args.undo:
        return f"'{record.name}' is in use again."
    return f"Retired '{record.name}': old records keep it; it is no longer offered."


def _do_rank(db, kind: str, args: argparse.Namespace, officer: str) -> str:  # type: ignore[no-untyped-def]
    ranked = edit.set_rank(db, kind, args.name, args.rank, officer=officer)
    return "\n".join(f"{r.rank}. {r.name}{' (retired)' if r.retired else ''}" for r in ranked)


_WRITES = {
    "add": _do_add,
    "edit": _do_edit,
    "rename": _do_rename,
    "alias": _do_alias,
    "merge": _do_merge,
    "retire": _do_retire,
    "rank": _do_rank,
}
