"""Plain frozen dataclasses: what services take and return (never live ORM objects)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LinkInput:
    """Link to an action by its number, with a note on how the interaction advanced it."""

    number: int
    note: str = ""


@dataclass(frozen=True)
class InteractionInput:
    """Everything a user gives for one interaction. Names are resolved by the service."""

    title: str
    type: str
    start_date: dt.date | None
    start_time: str | None = None
    end_date: dt.date | None = None
    end_time: str | None = None
    status: str = "held"
    location: str = ""
    format: str | None = None
    summary: str = ""
    outcome: str = ""
    marking: str = "UNCLASSIFIED"
    tags: tuple[str, ...] = ()
    links: tuple[LinkInput, ...] = ()
    organisations: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkRecord:
    action_uuid: str
    number: int | None
    title: str
    area_code: int | None
    note: str


@dataclass(frozen=True)
class InteractionRecord:
    uuid: str
    title: str
    type: str
    start_date: dt.date
    start_time: str | None
    end_date: dt.date | None
    end_time: str | None
    status: str
    location: str
    format: str | None
    summary: str
    outcome: str
    marking: str
    tags: tuple[str, ...]
    links: tuple[LinkRecord, ...]
    organisations: tuple[str, ...]
    countries: tuple[str, ...]
    participants: tuple[str, ...]
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    deleted_at: str | None = None

    def to_input(self) -> InteractionInput:
        return InteractionInput(
            title=self.title,
            type=self.type,
            start_date=self.start_date,
            start_time=self.start_time,
            end_date=self.end_date,
            end_time=self.end_time,
            status=self.status,
            location=self.location,
            format=self.format,
            summary=self.summary,
            outcome=self.outcome,
            marking=self.marking,
            tags=self.tags,
            links=tuple(LinkInput(lk.number, lk.note) for lk in self.links if lk.number),
            organisations=self.organisations,
            countries=self.countries,
            participants=self.participants,
        )


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


@dataclass(frozen=True)
class AreaRecord:
    code: int
    name: str


@dataclass(frozen=True)
class ActionRecord:
    uuid: str
    number: int | None
    set_year: int
    area_code: int | None
    area_name: str | None
    title: str
    description: str
    status: str
    confidence: str
    superseded_by: int | None = None

    def as_json(self) -> dict:
        return {
            "uuid": self.uuid,
            "number": self.number,
            "set": self.set_year,
            "area_code": self.area_code,
            "area": self.area_name,
            "title": self.title,
            "description": self.description,
            "status": self.status,
            "confidence": self.confidence,
            "superseded_by": self.superseded_by,
        }


@dataclass(frozen=True)
class OrganisationRecord:
    name: str
    acronym: str | None
    side: str

    @property
    def label(self) -> str:
        return f"{self.acronym} — {self.name}" if self.acronym else self.name


@dataclass(frozen=True)
class CountryRecord:
    name: str
    iso_code: str
    is_pilot: bool
    is_partner: bool


@dataclass(frozen=True)
class PersonRecord:
    name: str
    organisation: str | None
    role: str
    email: str


@dataclass(frozen=True)
class Vocabulary:
    """The reference lists an editor needs, read in one go."""

    areas: tuple[AreaRecord, ...] = ()
    types: tuple[str, ...] = ()
    markings: tuple[str, ...] = ()
    organisations: tuple[OrganisationRecord, ...] = ()
    countries: tuple[CountryRecord, ...] = ()
    people: tuple[PersonRecord, ...] = ()
    actions: tuple[ActionRecord, ...] = field(default=())
