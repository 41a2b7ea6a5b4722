"""The CSV file format shared by export and import: columns, flavors, separators, cell
encodings.

Two layouts for machines, both starting with the interaction's UUID:

- ``interactions``: one row per interaction. ``actions`` holds the linked action numbers
  (``3; 43``), ``areas`` their area codes, ``link_notes`` the non-empty link notes as a JSON
  object keyed by action number (``{"3": "briefed on the playbook"}``).
- ``links``: one row per interaction and linked action (``action_number``, ``action_title``,
  ``area_code``, ``link_note``); an interaction without links has one row with those empty.

And one for people, ``readable``: one row per interaction, headers in words (``Date``,
``Type``, ``Title``...), the date first and the UUID last, area names instead of codes, the
linked actions with their titles (``Action titles``: ``3: title; 43: title``) and the link
notes as text (``Action notes``: ``3: briefed on the playbook; 43: joint paper``; in the rare
cell that text could not be read back exactly, as the JSON of ``link_notes``).

Two flavors, both RFC 4180 (CRLF line ends, fields quoted when needed), with a comma, a
semicolon or a tab between the fields (comma by default):

- ``excel``: UTF-8 with a byte-order mark, and formula neutralisation: a cell that starts with
  ``= + - @``, tab, CR or LF gets a leading apostrophe (so does a cell that is apostrophes
  followed by one of those, so that import can remove exactly one apostrophe again).
- ``plain``: UTF-8 without a byte-order mark, values exactly as stored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

LAYOUTS = ("interactions", "links", "readable")
FLAVORS = ("excel", "plain")
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}

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
# The readable layout: field -> its header, in file order. ``action_titles`` and ``areas``
# are for reading only; ``action_notes`` holds the link notes as text.
READABLE_HEADERS = {
    "start_date": "Date",
    "type": "Type",
    "title": "Title",
    "status": "Status",
    "location": "Location",
    "format": "Format",
    "actions": "Actions",
    "action_titles": "Action titles",
    "areas": "Areas",
    "countries": "Countries",
    "organisations": "Organisations",
    "participants": "Participants",
    "summary": "Summary",
    "outcome": "Outcome",
    "marking": "Marking",
    "tags": "Tags",
    "action_notes": "Action notes",
    "start_time": "Start time",
    "end_date": "End date",
    "end_time": "End time",
    "uuid": "UUID",
}
READABLE_COLUMNS = tuple(READABLE_HEADERS.values())
READABLE_FORMATS = {"in_person": "in person"}  # a format as the readable layout writes it
COLUMNS = {
    "interactions": INTERACTION_COLUMNS,
    "links": LINK_COLUMNS,
    "readable": READABLE_COLUMNS,
}

# Every field an import understands; columns that exist only for people to read are
# accepted and ignored (the areas follow from the actions, an action's title from its number).
INTERACTION_FIELDS = (*HEAD_COLUMNS, *TAIL_COLUMNS)
LINK_FIELDS = ("actions", "link_notes", "action_number", "link_note", "action_notes")
INFORMATIONAL_FIELDS = ("areas", "action_title", "area_code", "action_titles")
ALL_FIELDS = (*INTERACTION_FIELDS, *LINK_FIELDS, *INFORMATIONAL_FIELDS)
# The fields only the readable layout has: a header with one of them is that layout.
READABLE_ONLY = ("action_notes", "action_titles")
# Fields that say the same thing two ways: a header may have one of each pair.
CLASHES = (
    ("actions", "action_number"),
    ("link_notes", "action_notes"),
    ("action_notes", "action_number"),
)


def layout_of(fields: set[str]) -> str:
    """The layout of a header with these fields: ``links`` (one row per link), ``readable``
    (it has a column only that layout has: Action notes, Action titles), else
    ``interactions``."""
    if "action_number" in fields:
        return "links"
    return "readable" if fields & set(READABLE_ONLY) else "interactions"


def clashing_fields(fields: set[str]) -> list[tuple[str, str]]:
    """The pairs of ``CLASHES`` a header has both of."""
    return [(one, other) for one, other in CLASHES if one in fields and other in fields]


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


# Where the note of the next action starts in an ``Action notes`` cell: at the start, or after
# a semicolon: an action number (``#`` allowed) and a colon that is not part of a time.
_NOTE_START = re.compile(r"(?:^|;)\s*#?([0-9]+)\s*:(?![0-9])")
_NOTES_HINT = "write them as '3: note; 43: note' (action number, colon, note)"


def encode_action_notes(notes: dict[int, str]) -> str:
    """The non-empty notes as text, ``3: note; 43: note`` in action order; empty when none.
    A cell that text could not give back exactly (a note with '; 12: ' in it, or blanks
    around it) is written as the JSON of ``encode_link_notes``, which reads back as it is."""
    kept = {n: note for n, note in sorted(notes.items()) if note}
    if not kept:
        return ""
    text = LIST_SEPARATOR.join(f"{n}: {note}" for n, note in kept.items())
    try:
        if decode_action_notes(text) == kept:
            return text
    except ValueError:
        pass
    return encode_link_notes(kept)


def decode_action_notes(text: str) -> dict[int, str]:
    """Parse an ``Action notes`` cell (``3: note; 43: note``, or the JSON of ``link_notes``).
    Raises ValueError with a reason a person can act on."""
    if not text.strip():
        return {}
    if text.lstrip().startswith("{"):
        return decode_link_notes(text)
    starts = list(_NOTE_START.finditer(text))
    if not starts or starts[0].start() != 0:
        raise ValueError(
            f"the notes do not start with an action number and a colon; {_NOTES_HINT}."
        )
    notes: dict[int, str] = {}
    for found, after in zip(starts, [*starts[1:], None], strict=True):
        number = int(found.group(1))
        if number in notes:
            raise ValueError(f"two notes for action {number}; keep one ({_NOTES_HINT}).")
        notes[number] = text[found.end() : after.start() if after else len(text)].strip()
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
