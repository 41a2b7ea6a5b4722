"""The CSV file format shared by export and import: columns, flavors, cell encodings.

Two layouts, both starting with the interaction's UUID:

- ``interactions``: one row per interaction. ``actions`` holds the linked action numbers
  (``3; 43``), ``areas`` their area codes, ``link_notes`` the non-empty link notes as a JSON
  object keyed by action number (``{"3": "briefed on the playbook"}``).
- ``links``: one row per interaction and linked action (``action_number``, ``action_title``,
  ``area_code``, ``link_note``); an interaction without links has one row with those empty.

Two flavors, both RFC 4180 (comma, CRLF line ends, fields quoted when needed):

- ``excel``: UTF-8 with a byte-order mark, and formula neutralisation: a cell that starts with
  ``= + - @``, tab, CR or LF gets a leading apostrophe (so does a cell that is apostrophes
  followed by one of those, so that import can remove exactly one apostrophe again).
- ``plain``: UTF-8 without a byte-order mark, values exactly as stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

LAYOUTS = ("interactions", "links")
FLAVORS = ("excel", "plain")

# Columns shared by both layouts, in file order, around the layout's own columns.
HEAD_COLUMNS = (
    "uuid",
    "title",
    "type",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "status",
    "location",
    "format",
)
TAIL_COLUMNS = (
    "countries",
    "organisations",
    "participants",
    "summary",
    "outcome",
    "marking",
    "tags",
)
INTERACTION_COLUMNS = (*HEAD_COLUMNS, "actions", "areas", *TAIL_COLUMNS, "link_notes")
LINK_COLUMNS = (
    *HEAD_COLUMNS,
    "action_number",
    "action_title",
    "area_code",
    "link_note",
    *TAIL_COLUMNS,
)
COLUMNS = {"interactions": INTERACTION_COLUMNS, "links": LINK_COLUMNS}

# Every field an import understands; columns that exist only for people to read are
# accepted and ignored (the areas follow from the actions, an action's title from its number).
INTERACTION_FIELDS = (*HEAD_COLUMNS, *TAIL_COLUMNS)
LINK_FIELDS = ("actions", "link_notes", "action_number", "link_note")
INFORMATIONAL_FIELDS = ("areas", "action_title", "area_code")
ALL_FIELDS = (*INTERACTION_FIELDS, *LINK_FIELDS, *INFORMATIONAL_FIELDS)

FORMULA_LEADS = frozenset("=+-@\t\r\n")
LIST_SEPARATOR = "; "
CSV_LINE_END = "\r\n"
UTF8_BOM = "\ufeff"


def neutralise(value: str) -> str:
    """Excel flavor: a leading apostrophe stops spreadsheets evaluating the cell."""
    return "'" + value if value.lstrip("'")[:1] in FORMULA_LEADS else value


def unneutralise(value: str) -> str:
    """Undo ``neutralise``: remove the one apostrophe the excel flavor added."""
    if value.startswith("'") and value.lstrip("'")[:1] in FORMULA_LEADS:
        return value[1:]
    return value


def join_list(items: tuple[str, ...] | list[str]) -> str:
    return LIST_SEPARATOR.join(items)


def split_list(text: str) -> list[str]:
    """Items of a list cell: separated by semicolons, blanks dropped."""
    return [item.strip() for item in text.split(";") if item.strip()]


def encode_link_notes(notes: dict[int, str]) -> str:
    """The non-empty notes as a JSON object keyed by action number; empty when none."""
    kept = {str(n): note for n, note in sorted(notes.items()) if note}
    return json.dumps(kept, ensure_ascii=False) if kept else ""


def decode_link_notes(text: str) -> dict[int, str]:
    """Parse a ``link_notes`` cell. Raises ValueError with a reason a person can act on."""
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        raise ValueError('not a list of notes; write it as {"12": "note", "43": "note"}.') from None
    if not isinstance(data, dict):
        raise ValueError('not a list of notes; write it as {"12": "note", "43": "note"}.')
    notes: dict[int, str] = {}
    for key, note in data.items():
        if not str(key).strip().isdigit():
            raise ValueError(f"'{key}' is not an action number.")
        if not isinstance(note, str):
            raise ValueError(f"the note for action {key} is not text.")
        notes[int(key)] = note
    return notes


@dataclass(frozen=True)
class Rejection:
    """One problem with one row of an import file (rows counted as a spreadsheet shows them:
    the header is row 1)."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}, column '{self.column}'" if self.column else f"row {self.row}"
        return f"{where}: {self.reason}"
