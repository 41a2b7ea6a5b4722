"""Cell values of an import file: dates (and their day/month order), times, actions, choices.

Parsers raise ValueError with a reason that a person can act on; the caller adds the row and
the column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from eunato_desk.core.vocab import INTERACTION_FORMATS, INTERACTION_STATUSES

DATE_ORDERS = ("dmy", "mdy")
ORDER_NAMES = {"dmy": "day-first (DD/MM/YYYY)", "mdy": "month-first (MM/DD/YYYY)"}

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$")
_YMD = re.compile(r"^(\d{4})[./](\d{1,2})[./](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_SHORT_YEAR = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2}$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4})$", re.I)
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", re.I)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUMBERS = {m.lower(): i for i, m in enumerate(MONTHS, 1)} | {
    m[:3].lower(): i for i, m in enumerate(MONTHS, 1)
}
_MONTH_NUMBERS["sept"] = 9
_TIME = re.compile(r"^(\d{1,2})[:.h](\d{2})(?::00(?:\.0+)?)?$")
_ACTION = re.compile(r"^(?:action\s*(?:no\.?|number|nr\.?)?\s*)?#?\s*(\d+)$", re.IGNORECASE)
_FORMAT_ALIASES = {
    "in_person": "in_person",
    "inperson": "in_person",
    "physical": "in_person",
    "face_to_face": "in_person",
    "video": "video",
    "videoconference": "video",
    "video_conference": "video",
    "vtc": "video",
    "online": "video",
    "virtual": "video",
    "hybrid": "hybrid",
}


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a date (there is no such day).") from None


def numeric_parts(text: str) -> tuple[int, int, int] | None:
    """(first, second, year) of a date written like 03/04/2018, else None."""
    m = _NUMERIC.match(text.strip())
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def is_ambiguous(text: str) -> bool:
    """True for 03/04/2018: both orders give a real, different date."""
    parts = numeric_parts(text)
    return parts is not None and parts[0] != parts[1] and parts[0] <= 12 and parts[1] <= 12


def parse_date(text: str, order: str | None) -> dt.date:
    """ISO 8601 (2018-04-03), 2018/04/03, 3 April 2018, or DD/MM/YYYY and MM/DD/YYYY
    (also with . or -) read in ``order``; an ambiguous date without an order is refused."""
    value = text.strip()
    m = _ISO.match(value) or _YMD.match(value)
    if m:
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)), value)
    parts = numeric_parts(value)
    if parts is not None:
        first, second, year = parts
        if order is None:
            if is_ambiguous(value):
                raise ValueError(
                    f"'{value}' could be {_long(_safe(year, second, first))} or "
                    f"{_long(_safe(year, first, second))}; choose the date order "
                    "(day-first or month-first)."
                )
            order = "dmy" if first > 12 or first == second else "mdy"
        day, month = (first, second) if order == "dmy" else (second, first)
        if month > 12:
            raise ValueError(f"'{value}' is not a {ORDER_NAMES[order]} date.")
        return _date(year, month, day, value)
    if _SHORT_YEAR.match(value):
        raise ValueError(f"'{value}' has a two-digit year; write the year with four digits.")
    m = _DAY_MONTH.match(value)
    if m and m.group(2).lower() in _MONTH_NUMBERS:
        return _date(int(m.group(3)), _MONTH_NUMBERS[m.group(2).lower()], int(m.group(1)), value)
    m = _MONTH_DAY.match(value)
    if m and m.group(1).lower() in _MONTH_NUMBERS:
        return _date(int(m.group(3)), _MONTH_NUMBERS[m.group(1).lower()], int(m.group(2)), value)
    raise ValueError(f"'{value}' is not a date; write it as YYYY-MM-DD.")


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _long(day: dt.date | None) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else "no real date"


@dataclass(frozen=True)
class DateOrderDecision:
    """How numeric dates in a file are read. ``question`` is set when the user must choose."""

    order: str | None
    notice: str = ""
    question: str = ""


def decide_date_order(
    cells: Iterable[tuple[int, str, str]], chosen: str | None
) -> DateOrderDecision:
    """Look at every date cell (row, column, text) and decide the day/month order.

    A date whose first number is above 12 proves day-first, whose second is, month-first.
    With proof one way only, that order is used; with proof both ways, or only ambiguous
    dates, the user has to choose (unless ``chosen`` is given)."""
    if chosen is not None:
        if chosen not in DATE_ORDERS:
            raise ValueError(f"'{chosen}' is not a date order; use dmy or mdy.")
        return DateOrderDecision(chosen)
    dmy = mdy = ambiguous = None
    for row, column, text in cells:
        parts = numeric_parts(text)
        if parts is None:
            continue
        first, second, _ = parts
        if first > 12 >= second and dmy is None:
            dmy = (row, column, text.strip())
        elif second > 12 >= first and mdy is None:
            mdy = (row, column, text.strip())
        elif is_ambiguous(text) and ambiguous is None:
            ambiguous = (row, column, text.strip())
    if dmy and mdy:
        return DateOrderDecision(
            None,
            question=(
                f"the file mixes day-first dates (row {dmy[0]}, column '{dmy[1]}': "
                f"'{dmy[2]}') and month-first dates (row {mdy[0]}, column '{mdy[1]}': "
                f"'{mdy[2]}'); choose which order the file uses."
            ),
        )
    for proof, order in ((dmy, "dmy"), (mdy, "mdy")):
        if proof:
            return DateOrderDecision(
                order,
                notice=(
                    f"dates read {ORDER_NAMES[order]}, as row {proof[0]} ('{proof[2]}') shows."
                ),
            )
    if ambiguous:
        row, column, text = ambiguous
        return DateOrderDecision(
            None,
            question=(
                f"dates such as '{text}' (row {row}, column '{column}') can be read day-first "
                "or month-first; choose which order the file uses."
            ),
        )
    return DateOrderDecision(None)


def parse_time(text: str) -> str | None:
    """'9:30', '09:30', '09:30:00' or '9.30' as 'HH:MM'; empty gives None."""
    value = text.strip()
    if not value:
        return None
    m = _TIME.match(value)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValueError(f"'{value}' is not a time; write it as HH:MM (24 hours).")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def parse_action_number(text: str) -> int:
    m = _ACTION.match(text.strip())
    if not m or int(m.group(1)) == 0:
        raise ValueError(
            f"'{text.strip()}' is not an action number; write it like 12, #12 or Action 12."
        )
    return int(m.group(1))


def parse_actions(text: str) -> list[int]:
    """Action numbers of a cell such as '3; 43', '#3, #43' or 'Action 3'; repeats dropped."""
    numbers: list[int] = []
    for item in re.split(r"[;,\n]", text):
        if item.strip():
            number = parse_action_number(item)
            if number not in numbers:
                numbers.append(number)
    return numbers


def parse_status(text: str) -> str:
    value = text.strip().lower() or "held"
    if value not in INTERACTION_STATUSES:
        raise ValueError(f"'{text.strip()}' is not one of {', '.join(INTERACTION_STATUSES)}.")
    return value


def parse_format(text: str) -> str | None:
    key = re.sub(r"[\s\-]+", "_", text.strip().lower())
    if not key:
        return None
    if key not in _FORMAT_ALIASES:
        raise ValueError(f"'{text.strip()}' is not one of {', '.join(INTERACTION_FORMATS)}.")
    return _FORMAT_ALIASES[key]
