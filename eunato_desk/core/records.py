"""Plain frozen dataclasses: what services take and return (never live ORM objects)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

# The interaction list's row and filter live in ``rows`` (the first window needs only them).
from eunato_desk.core.rows import InteractionFilter, InteractionRow  # noqa: F401


@dataclass(frozen=True)
class LinkInput:
    """Link to an action by its number, with a note on how the interaction advanced it."""

    number: int
    note: str = ""


@dataclass(frozen=True)
class FollowUpInput:
    """A next step typed in the editor; saved with the interaction, in the same transaction."""

    text: str
    owner: str = ""
    due_date: dt.date | None = None
    action_number: int | None = None


@dataclass(frozen=True)
class FollowUpChange:
    """An existing follow-up as the editor leaves it (text, owner, due date, action, done);
    saved with the interaction, in the same transaction."""

    uuid: str
    text: str
    owner: str = ""
    due_date: dt.date | None = None
    action_number: int | None = None
    done: bool = False


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
    marking: str = ""  # empty: the lowest-ranked marking in use
    tags: tuple[str, ...] = ()
    links: tuple[LinkInput, ...] = ()
    organisations: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    new_follow_ups: tuple[FollowUpInput, ...] = ()
    changed_follow_ups: tuple[FollowUpChange, ...] = ()
    removed_follow_ups: tuple[str, ...] = ()  # uuids of this interaction's follow-ups


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
    version: int = 1  # +1 with every change an officer could see (core.versions)

    def to_input(self) -> InteractionInput:
        """The form that would save this record as it is (links by number; a link to an
        action without a number is left out). No follow-up changes."""
        same = {name: getattr(self, name) for name in _COPIED_TO_INPUT}
        links = tuple(LinkInput(lk.number, lk.note) for lk in self.links if lk.number)
        return InteractionInput(**same, links=links)


# What a record and a form share, value for value (links differ: records name the action).
_COPIED_TO_INPUT = tuple(
    f.name
    for f in fields(InteractionInput)
    if f.name in {g.name for g in fields(InteractionRecord)} and f.name != "links"
)


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
    """An organisation; ``aliases`` are its other names (never its name or acronym)."""

    name: str
    acronym: str | None
    side: str
    aliases: tuple[str, ...] = ()
    retired: bool = False

    @property
    def label(self) -> str:
        return f"{self.acronym} — {self.name}" if self.acronym else self.name


@dataclass(frozen=True)
class CountryRecord:
    name: str
    iso_code: str
    is_pilot: bool
    is_partner: bool
    aliases: tuple[str, ...] = ()
    retired: bool = False


@dataclass(frozen=True)
class PersonRecord:
    name: str
    organisation: str | None  # its acronym, else its name
    role: str
    email: str
    aliases: tuple[str, ...] = ()
    retired: bool = False


@dataclass(frozen=True)
class TermRecord:
    """An interaction type or a handling marking. ``rank`` is its place in its list, from 1:
    the order of the type pickers; for markings, 1 is the lowest."""

    name: str
    aliases: tuple[str, ...] = ()
    retired: bool = False
    rank: int = 0


@dataclass(frozen=True)
class Vocabulary:
    """The reference lists an editor needs, read in one go.

    Every list holds every entry, retired ones too, so that an old record's type, marking,
    organisations... always show: ``retired`` on a record (``type_records`` and
    ``marking_records`` for types and markings) says which ones pickers should no longer
    offer (a save refuses them, unless the interaction already has them). In list order:
    organisations by side and name, countries and people by name, types by rank, markings
    lowest first. Matching typed text against these lists without SQL:
    ``eunato_desk.core.reference.matching``."""

    areas: tuple[AreaRecord, ...] = ()
    types: tuple[str, ...] = ()
    markings: tuple[str, ...] = ()
    organisations: tuple[OrganisationRecord, ...] = ()
    countries: tuple[CountryRecord, ...] = ()
    people: tuple[PersonRecord, ...] = ()
    actions: tuple[ActionRecord, ...] = field(default=())
    type_records: tuple[TermRecord, ...] = ()
    marking_records: tuple[TermRecord, ...] = ()


@dataclass(frozen=True)
class HistoryEntry:
    """One interaction in an action's history."""

    interaction_uuid: str
    date: dt.date
    start_time: str | None
    type: str
    title: str
    status: str
    note: str
    linked_number: int | None  # the number it was linked under (differs after a renumber)
    countries: tuple[str, ...]
    organisations: tuple[str, ...]
    summary: str
    outcome: str


@dataclass(frozen=True)
class FollowUpRecord:
    uuid: str
    interaction_uuid: str
    interaction_title: str
    interaction_date: dt.date
    action_number: int | None
    text: str
    owner: str
    due_date: dt.date | None
    done_at: str | None
    overdue: bool

    def as_json(self) -> dict:
        return {
            "uuid": self.uuid,
            "interaction_uuid": self.interaction_uuid,
            "interaction": self.interaction_title,
            "interaction_date": self.interaction_date.isoformat(),
            "action": self.action_number,
            "text": self.text,
            "owner": self.owner,
            "due": self.due_date.isoformat() if self.due_date else None,
            "done": self.done_at,
            "overdue": self.overdue,
        }


@dataclass(frozen=True)
class ActionOverview:
    """A line of the Actions view: the action and how much has been done for it."""

    action: ActionRecord
    total: int
    this_quarter: int
    last_date: dt.date | None
    no_activity_this_quarter: bool
    stale: bool  # nothing within the stale threshold (e.g. six months)


@dataclass(frozen=True)
class ActionChangeRecord:
    kind: str
    detail: str
    changed_at: str
    officer: str


@dataclass(frozen=True)
class ActionDossier:
    """Everything about one action for offline review."""

    action: ActionRecord
    history: tuple[HistoryEntry, ...]
    follow_ups: tuple[FollowUpRecord, ...]
    changes: tuple[ActionChangeRecord, ...] = ()


@dataclass(frozen=True)
class Dossier:
    """One action, or all actions of an area, in a self-contained document."""

    title: str
    subtitle: str
    generated_at: str
    sections: tuple[ActionDossier, ...]
