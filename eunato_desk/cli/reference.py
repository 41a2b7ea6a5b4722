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

from eunato_desk.cli.output import render
from eunato_desk.cli.parsers.reference import GROUPS
from eunato_desk.core import settings as user_settings
from eunato_desk.core.reference import add, edit, history, merge
from eunato_desk.core.reference.kinds import KINDS
from eunato_desk.core.storage.opening import open_database

COLUMNS = {
    "organisation": ("name", "acronym", "side", "aliases", "interactions", "people", "retired"),
    "country": ("name", "iso_code", "is_pilot", "is_partner", "aliases", "interactions",
                "retired"),
    "person": ("name", "organisation", "aliases", "interactions", "retired"),
    "type": ("rank", "name", "aliases", "interactions", "retired"),
    "marking": ("rank", "name", "aliases", "interactions", "retired"),
}  # fmt: skip
HISTORY_COLUMNS = ("at", "officer", "change", "name", "old", "new", "detail")


def cmd_reference(args: argparse.Namespace, path: Path) -> int:
    kind, _subs = GROUPS[args.command]
    sub = getattr(args, f"{args.command}_command")
    officer = getattr(args, "officer", None)
    if officer is None:
        officer = user_settings.officer_name()
    with open_database(path, reading=sub in ("list", "history")) as db:
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
