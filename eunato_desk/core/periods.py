"""Calendar quarters and date ranges, as desk officers write them ("2018Q2", "2018 Q2")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from eunato_desk.core.errors import ValidationError

_QUARTER_RE = re.compile(r"^\s*(\d{4})\s*[-/ ]?\s*[Qq]\s*([1-4])\s*$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    q: int

    @classmethod
    def parse(cls, text: str, field: str = "quarter") -> Quarter:
        m = _QUARTER_RE.match(text or "")
        if not m:
            raise ValidationError(field, f"'{text}' is not a quarter; write it like 2018Q2.")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.q - 2, 1)

    @property
    def end(self) -> dt.date:
        nxt = self.next()
        return nxt.start - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + self.q // 4, self.q % 4 + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - (self.q == 1), (self.q - 2) % 4 + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.q}"

    def label(self) -> str:
        return f"{self.year} Q{self.q}"


_MONTHS = (  # not strftime's %B: that follows the locale, the messages are in English
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_ISO_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_date(text: str, field: str = "date") -> dt.date:
    """ISO 8601 date (YYYY-MM-DD); the message names the field and what is wrong: the format,
    or the month or day that does not exist."""
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        pass
    m = _ISO_DATE_RE.match(text or "")
    if not m:
        raise ValidationError(field, f"'{text}' is not a date; write it as YYYY-MM-DD.")
    year, month, day = (int(g) for g in m.groups())
    if year == 0:
        why = "there is no year 0000"
    elif not 1 <= month <= 12:
        why = f"there is no month {month} (months go from 01 to 12)"
    elif day == 0:
        why = "there is no day 00"
    else:
        first = dt.date(year, month, 1)
        days = ((first + dt.timedelta(days=32)).replace(day=1) - first).days
        why = f"{_MONTHS[month - 1]} {year} has {days} days"
    raise ValidationError(field, f"'{text}' is not a date: {why}.")


def parse_time(text: str | None, field: str = "time") -> str | None:
    """'HH:MM' (24 h) or None for an empty value."""
    if text is None or not text.strip():
        return None
    m = re.match(r"^\s*(\d{1,2}):(\d{2})\s*$", text)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValidationError(field, f"'{text}' is not a time; write it as HH:MM (24 hours).")
    return f"{int(m.group(1)):02d}:{m.group(2)}"
