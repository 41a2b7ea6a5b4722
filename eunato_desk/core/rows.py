"""The interaction list's row and filter: all the first window needs of the core's records
(``records`` has the rest and re-exports these two; its twenty-odd dataclasses cost about
ten milliseconds to define, at every start)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class InteractionRow:
    """One line of the interaction list."""

    id: int
    uuid: str
    title: str
    date: dt.date
    type: str
    status: str
    actions: tuple[int, ...]
    areas: tuple[int, ...]
    countries: tuple[str, ...]
    organisations: tuple[str, ...]

    def as_json(self) -> dict:
        return {
            "uuid": self.uuid,
            "title": self.title,
            "date": self.date.isoformat(),
            "type": self.type,
            "status": self.status,
            "actions": list(self.actions),
            "areas": list(self.areas),
            "countries": list(self.countries),
            "organisations": list(self.organisations),
        }


@dataclass(frozen=True)
class InteractionFilter:
    """Filters of the interaction list; None means 'any'. Dates are inclusive."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    area_code: int | None = None
    action_number: int | None = None
    type: str | None = None
    country: str | None = None
    organisation: str | None = None
    status: str | None = None
    text: str | None = None
    trash: bool = False  # True: only interactions in the Trash; False: only live ones
    # Only these interactions (what a dashboard cell or a checklist line counts); None: any.
    uuids: tuple[str, ...] | None = None
