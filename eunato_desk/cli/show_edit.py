"""The `show` and `edit` commands: one interaction, whole, and a change to some of its fields.

eunato-desk show UUID [--format text|json]
eunato-desk edit UUID [--title T] [--date D] [--type T] [--summary S] [--outcome O]
                 [--status S] [--marking M] [--add-action N]... [--remove-action N]...
                 [--if-version N] [--officer NAME]

`edit` changes only the fields it is given, reading the interaction and writing it in one
transaction. With `--if-version N` it saves only if the interaction is still at version N (as
`show` printed it): if someone changed it since, nothing is saved and one sentence says who
last edited it and when (exit 1). A value that is refused exits 2, naming its option.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from eunato_desk.cli.options import PROG, UsageError
from eunato_desk.core import follow_ups, interactions
from eunato_desk.core import settings as user_settings
from eunato_desk.core.errors import DeskError, ValidationError
from eunato_desk.core.periods import parse_date
from eunato_desk.core.records import InteractionInput, InteractionRecord, LinkInput
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.versions import ConflictError, stamp_text

# edit's options for the record's own fields: option -> InteractionInput field.
FIELDS = {"--title": "title", "--type": "type", "--summary": "summary",
          "--outcome": "outcome", "--status": "status", "--marking": "marking"}  # fmt: skip
# The core names a field as the form does; the command line names the option.
OPTION_OF = {"title": "--title", "type": "--type", "date": "--date", "status": "--status",
             "marking": "--marking", "actions": "--add-action"}  # fmt: skip


# --- show -------------------------------------------------------------------------------------


def cmd_show(args: argparse.Namespace, path: Path) -> int:
    uuid = args.uuid.strip()
    with open_database(path, reading=True) as db:
        record = interactions.get_interaction(db, uuid)
        steps = follow_ups.list_follow_ups(db, include_done=True, interaction_uuid=uuid)
    whole = as_json(record)
    whole["follow_ups"] = [_follow_up_json(f.as_json()) for f in steps]
    if args.format == "json":
        print(json.dumps(whole, ensure_ascii=False, indent=2))
    else:
        print(as_text(whole), end="")
    return 0


def as_json(record: InteractionRecord) -> dict:
    """The record as JSON: always the same keys in the same order, dates ISO 8601."""
    return {
        "uuid": record.uuid,
        "version": record.version,
        "title": record.title,
        "type": record.type,
        "start_date": record.start_date.isoformat(),
        "start_time": record.start_time,
        "end_date": record.end_date.isoformat() if record.end_date else None,
        "end_time": record.end_time,
        "status": record.status,
        "location": record.location,
        "format": record.format,
        "marking": record.marking,
        "tags": list(record.tags),
        "actions": [
            {"number": lk.number, "title": lk.title, "area": lk.area_code, "note": lk.note}
            for lk in record.links
        ],
        "organisations": list(record.organisations),
        "countries": list(record.countries),
        "participants": list(record.participants),
        "summary": record.summary,
        "outcome": record.outcome,
        "created_at": record.created_at,
        "created_by": record.created_by,
        "updated_at": record.updated_at,
        "updated_by": record.updated_by,
        "deleted_at": record.deleted_at,
    }


def _follow_up_json(step: dict) -> dict:
    keys = ("uuid", "text", "owner", "due", "action", "done", "overdue")
    return {key: step[key] for key in keys}


def _list(values: list) -> str:
    return "; ".join(str(v) for v in values)


def as_text(whole: dict) -> str:
    """What `show` prints: one labelled line per field; summary and outcome as written."""
    when = " ".join(filter(None, (whole["start_date"], whole["start_time"])))
    end = " ".join(filter(None, (whole["end_date"], whole["end_time"])))
    lines = [
        ("UUID", whole["uuid"]),
        ("Version", str(whole["version"])),
        ("Title", whole["title"]),
        ("Type", whole["type"]),
        ("Date", when + (f" to {end}" if end else "")),
        ("Status", whole["status"]),
        ("Location", whole["location"]),
        ("Format", whole["format"] or ""),
        ("Marking", whole["marking"]),
        ("Tags", _list(whole["tags"])),
        ("Organisations", _list(whole["organisations"])),
        ("Countries", _list(whole["countries"])),
        ("Participants", _list(whole["participants"])),
        ("Created", f"{stamp_text(whole['created_at'])} by {whole['created_by'] or '-'}"),
        ("Updated", f"{stamp_text(whole['updated_at'])} by {whole['updated_by'] or '-'}"),
    ]
    if whole["deleted_at"]:
        lines.append(("In the Trash", f"since {stamp_text(whole['deleted_at'])}"))
    out = [f"{label + ':':<15}{value}".rstrip() for label, value in lines]
    out.append("Actions:" + ("" if whole["actions"] else " none"))
    for link in whole["actions"]:
        note = f" ({link['note']})" if link["note"] else ""
        out.append(f"  {link['number'] or '-'}: {link['title']}{note}")
    for label, key in (("Summary", "summary"), ("Outcome", "outcome")):
        out.append(f"{label}:" + ("" if whole[key] else " none"))
        out.extend(f"  {line}" for line in whole[key].splitlines())
    out.append("Follow-ups:" + ("" if whole["follow_ups"] else " none"))
    for step in whole["follow_ups"]:
        done = "done" if step["done"] else "open"
        extra = ", ".join(filter(None, (step["owner"], step["due"] and f"due {step['due']}")))
        out.append(f"  [{done}] {step['text']}" + (f" ({extra})" if extra else ""))
    return "\n".join(out) + "\n"


# --- edit -------------------------------------------------------------------------------------


def _changes(args: argparse.Namespace) -> dict[str, object]:
    """The record's own fields the options change (the date parsed), by InteractionInput
    field; UsageError when no option changes anything."""
    changes: dict[str, object] = {
        field: getattr(args, option[2:]) for option, field in FIELDS.items()
    }
    changes = {field: value for field, value in changes.items() if value is not None}
    if args.date is not None:
        changes["start_date"] = parse_date(args.date, "--date")
    if not changes and not args.add_action and not args.remove_action:
        raise UsageError("edit", "give at least one field to change (see `edit --help`).")
    return changes


def edited(args: argparse.Namespace, changes: dict[str, object]):  # type: ignore[no-untyped-def]
    """The change `edit` makes: the stored record as a form, with the fields given replaced
    and the actions added and removed."""

    def change(stored: InteractionRecord) -> InteractionInput:
        links = list(stored.to_input().links)
        linked = [lk.number for lk in links]
        for number in args.remove_action:
            if number not in linked:
                raise ValidationError(
                    "--remove-action", f"action {number} is not linked to this interaction."
                )
        links = [lk for lk in links if lk.number not in args.remove_action]
        for number in args.add_action:
            if number in linked and number not in args.remove_action:
                raise ValidationError("--add-action", f"action {number} is already linked.")
            links.append(LinkInput(number))
        return replace(stored.to_input(), **changes, links=tuple(links))

    return change


def cmd_edit(args: argparse.Namespace, path: Path) -> int:
    uuid = args.uuid.strip()
    officer = args.officer if args.officer is not None else user_settings.officer_name()
    try:
        change = edited(args, _changes(args))
        with open_database(path) as db:
            record = interactions.edit_interaction(
                db, uuid, change, officer, expected_version=args.if_version
            )
    except ConflictError as exc:
        raise DeskError(f"{exc.message} Run `{PROG} show {uuid}` and edit again.") from exc
    except ValidationError as exc:
        if exc.field == "interaction":  # in the Trash: the database's state, not a bad value
            raise
        option = OPTION_OF.get(exc.field, exc.field)
        raise UsageError("edit", f"{option}: {exc.reason}") from exc
    print(f"Saved {record.uuid} (now version {record.version}).")
    return 0
