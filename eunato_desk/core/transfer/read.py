"""Reading an import file: bytes to text, delimiter, records, and the header's meaning.

Every problem that spoils the whole file (empty, binary, undecodable, an unclosed quote, a
header that cannot be understood) raises ValidationError naming the file and, where there is
one, the line, row and column. Problems with one row become a ``Rejection``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.storage.db import refuse_database_as_input
from eunato_desk.core.transfer.format import (
    ALL_FIELDS,
    DELIMITERS,
    INFORMATIONAL_FIELDS,
    Rejection,
    clashing_fields,
    layout_of,
    unneutralise,
)

REQUIRED_FOR_NEW = ("title", "type", "start_date")
IGNORE = "ignore"
FIELD_LIMIT = 256 * 1024 * 1024  # characters in one value

# Column names seen in older or foreign spreadsheets, mapped to our fields.
ALIASES = {
    "id": "uuid",
    "date": "start_date",
    "start": "start_date",
    "from": "start_date",
    "end": "end_date",
    "to": "end_date",
    "time": "start_time",
    "action": "actions",
    "action_numbers": "actions",
    "area": "areas",
    "country": "countries",
    "organisation": "organisations",
    "organization": "organisations",
    "organizations": "organisations",
    "orgs": "organisations",
    "participant": "participants",
    "people": "participants",
    "tag": "tags",
    "classification": "marking",
    "handling": "marking",
    "note": "link_note",
    "notes": "link_notes",
}
_MAGIC = (
    (b"PK\x03\x04", "a zip archive (an Excel .xlsx workbook?)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (an Excel .xls workbook?)"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_SAVE_AS_CSV = "in the spreadsheet, save it as 'CSV UTF-8' and import that file"


@dataclass(frozen=True)
class SourceRecord:
    row: int  # as a spreadsheet numbers it: the header is row 1
    values: dict[str, str]  # field -> cell text (excel apostrophe removed)


@dataclass(frozen=True)
class SourceFile:
    path: Path
    encoding: str
    delimiter: str
    layout: str  # "interactions", "links" or "readable" (as the header shows)
    headers: dict[str, str]  # field -> the file's column header, for messages
    records: tuple[SourceRecord, ...]
    rejected: tuple[Rejection, ...]
    notices: tuple[str, ...]

    def header(self, field: str) -> str:
        return self.headers.get(field, field)


def _field_key(text: str) -> str:
    return re.sub(r"[\s\-/.]+", "_", text.strip().lower()).strip("_")


def _line_of(data: bytes | str, offset: int) -> int:
    """The line number of ``offset`` (CRLF, CR and LF each end a line)."""
    if isinstance(data, bytes):
        return len(re.findall(rb"\r\n|\r|\n", data[:offset])) + 1
    return len(re.findall(r"\r\n|\r|\n", data[:offset])) + 1


def decode(path: Path, raw: bytes, encoding: str | None) -> tuple[str, str, bool, list[str]]:
    """(text, encoding label, has UTF-8 BOM, notices). Refuses empty and binary files."""
    name = str(path)
    if not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ValidationError(name, "the file is empty.")
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise ValidationError(name, f"this is {what}, not CSV text; {_SAVE_AS_CSV}.")
    notices: list[str] = []
    if encoding is None and raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
        notices.append("read as UTF-16 text (Excel's 'Unicode text').")
    elif b"\0" in raw and not _field_key(encoding or "").replace("_", "").startswith(
        ("utf16", "utf32")
    ):
        line = _line_of(raw, raw.index(b"\0"))
        sample = raw[:4096]
        if sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4:
            raise ValidationError(
                name,
                f"wrong encoding: this looks like UTF-16 text without a byte-order mark; "
                f"{_SAVE_AS_CSV}.",
            )
        raise ValidationError(
            name,
            f"this is a binary file, not CSV text (it contains NUL bytes, first on line {line}).",
        )
    if encoding is not None:
        try:
            text = raw.decode(encoding)
        except LookupError:
            raise ValidationError("encoding", f"'{encoding}' is not a known encoding.") from None
        except UnicodeDecodeError as exc:
            raise ValidationError(
                name,
                f"not valid {encoding} text: byte 0x{raw[exc.start]:02X} on line "
                f"{_line_of(raw, exc.start)} cannot be read; choose the file's encoding.",
            ) from None
        bom = text.startswith("\ufeff")
        return text.removeprefix("\ufeff"), encoding, bom, notices
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8-sig"), "UTF-8 with BOM" if bom else "UTF-8", bom, notices
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            name,
            f"wrong encoding: the file is neither UTF-8 nor Windows-1252 text (byte "
            f"0x{raw[exc.start]:02X} on line {_line_of(raw, exc.start)}); {_SAVE_AS_CSV}.",
        ) from None
    notices.append(
        f"read as Windows-1252: the file is not UTF-8 (first at line "
        f"{_line_of(raw, first_bad)}); check accented letters in the preview."
    )
    return text, "Windows-1252", False, notices


def detect_delimiter(text: str) -> str:
    """The delimiter used most in the header line, outside quotes (comma when none)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _quote_problem(text: str, start: int, delimiter: str) -> tuple[int, int, bool] | None:
    """Scan one record from ``start``: (field index, offset, unclosed?) of a bad quote."""
    field, i, at_start, n = 0, start, True, len(text)
    while i < n:
        ch = text[i]
        if at_start and ch == '"':
            opened, i = i, i + 1
            while True:
                j = text.find('"', i)
                if j < 0:
                    return field, opened, True
                if text.startswith('""', j):
                    i = j + 2
                    continue
                if text[j + 1 : j + 2] not in ("", delimiter, "\r", "\n"):
                    return field, j, False
                i, at_start = j + 1, False
                break
        elif ch == delimiter:
            field, at_start, i = field + 1, True, i + 1
        elif ch in "\r\n":
            return None
        else:
            at_start, i = False, i + 1
    return None


def _records(path: Path, text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(line where the record starts, fields) for every record; blank lines give []."""
    line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    # The csv module refuses values over 128 KiB by default; a summary may be longer.
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    out: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for fields in reader:
            out.append((line, fields))
            line = reader.line_num + 1
    except csv.Error as exc:
        row = len(out) + 1
        found = _quote_problem(text, line_starts[min(line, len(line_starts)) - 1], delimiter)
        header = out[0][1] if out else []
        if found is None:
            raise ValidationError(str(path), f"row {row} (line {line}): {exc}.") from None
        index, offset, unclosed = found
        column = header[index].strip() if index < len(header) else f"column {index + 1}"
        where = f"row {row}, column '{column}'"
        if unclosed:
            raise ValidationError(
                str(path),
                f"{where}: unclosed quote: the quoted value that opens on line "
                f"{_line_of(text, offset)} never ends, so the rest of the file would be read "
                'into it. Add the missing closing quote (").',
            ) from None
        raise ValidationError(
            str(path),
            f"{where} (line {_line_of(text, offset)}): text follows a closing quote; a quote "
            'inside a quoted value must be doubled ("").',
        ) from None
    return out


def _resolve_headers(
    path: Path, header: list[str], mapping: dict[str, str] | None
) -> tuple[dict[int, str], list[str]]:
    """(column index -> field, notices). Raises for duplicate or missing headers."""
    name = str(path)
    cleaned = [h.strip() for h in header]
    by_key: dict[str, int] = {}
    for i, h in enumerate(cleaned):
        if not h:
            continue
        if h.lower() in by_key:
            raise ValidationError(
                name,
                f"duplicate header: columns {by_key[h.lower()] + 1} and {i + 1} are both "
                f"named '{h}'; rename or remove one.",
            )
        by_key[h.lower()] = i
    chosen = _mapped(path, cleaned, by_key, mapping or {})
    fields: dict[int, str] = {}
    ignored: list[str] = []
    for i, h in enumerate(cleaned):
        if not h:
            continue
        key = _field_key(h)
        field = chosen.get(i) or (key if key in ALL_FIELDS else ALIASES.get(key, ""))
        if field == IGNORE:
            continue
        if not field:
            ignored.append(h)
            continue
        other = next((j for j, f in fields.items() if f == field), None)
        if other is not None:
            raise ValidationError(
                name,
                f"duplicate header: columns '{cleaned[other]}' and '{h}' both give the "
                f"{field}; map one of them to another field or to '{IGNORE}'.",
            )
        fields[i] = field
    _check_fields(name, set(fields.values()), cleaned)
    notices = [f"ignored column(s) not used by the app: {', '.join(ignored)}."] if ignored else []
    return fields, notices


def _mapped(
    path: Path, cleaned: list[str], by_key: dict[str, int], mapping: dict[str, str]
) -> dict[int, str]:
    """Column index -> field, as the user's ``mapping`` (column name -> field) says."""
    chosen: dict[int, str] = {}
    for column, target in mapping.items():
        if column.strip().lower() not in by_key:
            raise ValidationError(
                "mapping",
                f"column '{column}' is not in {path.name}; its columns are "
                f"{', '.join(repr(h) for h in cleaned if h)}.",
            )
        field = _field_key(target or IGNORE)
        if field not in ALL_FIELDS and field != IGNORE:
            raise ValidationError(
                "mapping",
                f"'{target}' (for column '{column}') is not a field; use one of "
                f"{', '.join(ALL_FIELDS)}, or '{IGNORE}'.",
            )
        chosen[by_key[column.strip().lower()]] = field
    return chosen


def _check_fields(name: str, present: set[str], cleaned: list[str]) -> None:
    """Refuse a header with both link columns, or one that cannot create an interaction."""
    for one, other in clashing_fields(present):  # the first pair there is
        raise ValidationError(
            name, f"the header has both '{one}' and '{other}'; keep only one of them."
        )
    missing = [f for f in REQUIRED_FOR_NEW if f not in present]
    if missing and "uuid" not in present:
        shown = ", ".join(repr(h) for h in cleaned[:6]) + (", ..." if len(cleaned) > 6 else "")
        raise ValidationError(
            name,
            f"missing header(s): {', '.join(missing)}. Row 1 must name the columns; it reads "
            f"{shown}. Map your column names to fields (a mapping file or 'column=field').",
        )


def _read_bytes(path: Path) -> bytes:
    refuse_database_as_input(path, str(path))
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ValidationError(str(path), "no such file.") from None
    except OSError as exc:
        raise ValidationError(str(path), f"cannot read the file ({exc.strerror}).") from None


def read_source(
    path: Path, mapping: dict[str, str] | None = None, encoding: str | None = None
) -> SourceFile:
    """Read and check a whole import file (values are still text; nothing is resolved)."""
    path = Path(path)
    text, label, bom, notices = decode(path, _read_bytes(path), encoding)
    if not text.strip():
        raise ValidationError(str(path), "the file is empty.")
    delimiter = detect_delimiter(text)
    if delimiter != ",":
        notices.append(f"columns are separated by {DELIMITERS[delimiter]}s.")
    records = _records(path, text, delimiter)
    if not any(v.strip() for v in records[0][1]):
        raise ValidationError(str(path), "row 1 (the header) is empty.")
    fields, more = _resolve_headers(path, records[0][1], mapping)
    notices += more
    kept, rejected, blank = _rows(records, fields, bom)
    unnamed = [i for i, h in enumerate(records[0][1]) if not h.strip()]
    if any(r[1][i].strip() for r in records[1:] for i in unnamed if i < len(r[1])):
        notices.append(
            f"column(s) {', '.join(str(i + 1) for i in unnamed)} have no header; "
            "their values are ignored."
        )
    if blank:
        notices.append(f"{blank} blank row(s) skipped.")
    if not kept and not rejected:
        raise ValidationError(str(path), "the file has a header but no rows.")
    return SourceFile(
        path=path,
        encoding=label,
        delimiter=delimiter,
        layout=layout_of(set(fields.values())),
        headers={f: records[0][1][i].strip() for i, f in fields.items()},
        records=tuple(kept),
        rejected=tuple(rejected),
        notices=tuple(notices),
    )


def _rows(
    records: list[tuple[int, list[str]]], fields: dict[int, str], bom: bool
) -> tuple[list[SourceRecord], list[Rejection], int]:
    """The data rows (after the header) as records, the rows rejected for having more values
    than the header has columns, and how many blank rows were skipped."""
    width = len(records[0][1])
    kept: list[SourceRecord] = []
    rejected: list[Rejection] = []
    blank = 0
    for row, (_line, cells) in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            blank += 1
            continue
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            rejected.append(
                Rejection(
                    row,
                    "",
                    f"the row has {len(cells)} values but the header names {width} columns "
                    "(a value with a delimiter in it needs quotes around it).",
                )
            )
            continue
        cells = cells + [""] * (width - len(cells))
        values = {
            f: (unneutralise(cells[i]) if bom else cells[i])
            for i, f in fields.items()
            if f not in INFORMATIONAL_FIELDS
        }
        kept.append(SourceRecord(row, values))
    return kept, rejected, blank
