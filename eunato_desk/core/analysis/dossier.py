"""The data of a dossier: its interactions with everything a reader needs, and its one-page
summary. Built by ``history.build_dossier``; written by ``documents.write.write_dossier``.

What the summary counts follows the rules of ``coverage`` (the README's "What is counted"):
an interaction counts when it is not cancelled (the Trash is never in a dossier), once however
many of the dossier's actions it is linked to, in the quarter of its start date. Cancelled
interactions are listed in the dossier but not counted; the summary says how many there are.
The organisations and countries most involved are those named on the most counted
interactions (ties by name), five of each.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from eunato_desk.core.records import ActionDossier, FollowUpRecord, HistoryEntry

TOP = 5  # organisations and countries listed in the summary


@dataclass(frozen=True)
class DossierEntry(HistoryEntry):
    """An interaction as a dossier prints it: its history line plus place, people, marking."""

    location: str = ""
    participants: tuple[str, ...] = ()
    marking: str = ""
    marking_label: str = ""  # the marking, or "" when it is the lowest-ranked one


@dataclass(frozen=True)
class Tally:
    name: str
    count: int


@dataclass(frozen=True)
class QuarterRow:
    """One year of the summary's quarter table: counts for Q1..Q4 (None: outside the period)."""

    year: int
    counts: tuple[int | None, int | None, int | None, int | None]

    @property
    def total(self) -> int:
        return sum(n or 0 for n in self.counts)


@dataclass(frozen=True)
class DossierSummary:
    date_from: dt.date | None  # None: all dates
    date_to: dt.date | None
    interactions: int  # counted: distinct, not cancelled
    cancelled: int  # listed, not counted
    by_type: tuple[Tally, ...]  # most first, then in the order of the types
    by_quarter: tuple[QuarterRow, ...]
    first: dt.date | None  # of the counted interactions
    last: dt.date | None
    open_follow_ups: int
    overdue_follow_ups: int
    organisations: tuple[Tally, ...]  # the TOP most involved
    countries: tuple[Tally, ...]


@dataclass(frozen=True)
class DossierDocument:
    """One action, or every active action of an area, for a reader who was not there."""

    title: str  # "Action 3: …" or "Area 1: …"
    subtitle: str  # "Dossier of one action" / "Dossier of 17 actions"
    period: str  # "All dates" or "1 January 2018 – 30 June 2018"
    generated_at: str
    author: str  # the officer who made it
    marking: str  # the highest marking of what it holds
    lowest_marking: str
    sections: tuple[ActionDossier, ...]  # histories of DossierEntry
    summary: DossierSummary
    area: bool = False  # an area's dossier (else one action's)
    # Interaction uuid -> its marking's label ("" for the lowest), for every interaction the
    # dossier names (its entries and the interactions its follow-ups come from).
    labels: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def document_title(self) -> str:
        return f"Dossier — {self.title}"

    @property
    def subject(self) -> str:
        return f"{self.subtitle}, {self.period[:1].lower()}{self.period[1:]}"

    @property
    def interaction_count(self) -> int:
        """Distinct interactions listed (cancelled ones included)."""
        return len({e.interaction_uuid for s in self.sections for e in s.history})


def _top(counter: Counter[str], n: int | None = TOP) -> tuple[Tally, ...]:
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(Tally(name, count) for name, count in ranked[:n])


def _quarters(
    days: Sequence[dt.date], date_from: dt.date | None, date_to: dt.date | None
) -> tuple[QuarterRow, ...]:
    """Every year of the period (all dates: the years with counted interactions), each
    quarter's count, None for a quarter outside the period."""
    if not days and (date_from is None or date_to is None):
        return ()
    first = date_from or dt.date(min(days).year, 1, 1)
    last = date_to or dt.date(max(days).year, 12, 31)
    counts = Counter((d.year, (d.month - 1) // 3) for d in days)
    rows = []
    for year in range(first.year, last.year + 1):
        cells: list[int | None] = []
        for q in range(4):
            start, end = dt.date(year, 3 * q + 1, 1), dt.date(year, 3 * q + 3, 1)
            inside = start <= last and end >= dt.date(first.year, first.month, 1)
            cells.append(counts[year, q] if inside else None)
        rows.append(QuarterRow(year, tuple(cells)))  # type: ignore[arg-type]
    return tuple(rows)


def summarise(
    sections: Iterable[ActionDossier],
    follow_ups: Iterable[FollowUpRecord],
    type_order: Sequence[str],
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> DossierSummary:
    """The summary of the dossier's sections (see the module's rules)."""
    unique: dict[str, HistoryEntry] = {}
    for section in sections:
        for entry in section.history:
            unique.setdefault(entry.interaction_uuid, entry)
    counted = [e for e in unique.values() if e.status != "cancelled"]
    rank = {name: i for i, name in enumerate(type_order)}
    types = Counter(e.type for e in counted)
    by_type = sorted(types.items(), key=lambda kv: (-kv[1], rank.get(kv[0], len(rank)), kv[0]))
    days = [e.date for e in counted]
    open_items = {f.uuid: f for f in follow_ups if f.done_at is None}
    return DossierSummary(
        date_from=date_from,
        date_to=date_to,
        interactions=len(counted),
        cancelled=len(unique) - len(counted),
        by_type=tuple(Tally(name, n) for name, n in by_type),
        by_quarter=_quarters(days, date_from, date_to),
        first=min(days) if days else None,
        last=max(days) if days else None,
        open_follow_ups=len(open_items),
        overdue_follow_ups=sum(1 for f in open_items.values() if f.overdue),
        organisations=_top(Counter(o for e in counted for o in set(e.organisations))),
        countries=_top(Counter(c for e in counted for c in set(e.countries))),
    )


__all__ = [
    "DossierDocument",
    "DossierEntry",
    "DossierSummary",
    "QuarterRow",
    "Tally",
    "summarise",
]
