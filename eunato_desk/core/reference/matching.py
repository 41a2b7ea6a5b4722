"""Finding a reference entry from what someone typed: the one home of that rule.

- **Folded**: case and accents do not matter, nor runs of spaces (``fold_key``: "turkiye"
  is "Türkiye").
- **Keys**: an entry is named by its name, its short code (an organisation's acronym, a
  country's ISO code) and its aliases.
- **Exact wins**: a key equal to the text is an exact match, and names the entry whatever
  else matches in part ("TR" is Türkiye, not Austria; "Turkey" is Türkiye by its alias).
  Keys are unique within a list (``edit`` refuses a key another entry has), so an exact match
  names one entry.
- **Ranked**: otherwise, entries whose key starts with the text, then those with a word that
  starts with it ("tur" lists Türkiye), then those that contain it; by name within a rank.
- **Retired** entries never match for new input; ``include_retired`` finds them too (list
  filters, and what an interaction already has).

``match_*`` (ranked records) and ``exact_*`` (the record or None) work on a ``Vocabulary``
(the GUI matches without SQL) or a session. ``NameIndex`` is the same rule over entry ids,
for the save path and the CSV import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from eunato_desk.core.fold import fold

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from eunato_desk.core.records import Vocabulary
    from eunato_desk.core.reference.kinds import Kind

# The lists are read from a session (``load``, ``KINDS``: the models, SQLAlchemy) only where
# a session is given: the pickers of the first window match over a Vocabulary, before the
# models are imported.

EXACT, PREFIX, WORD, PART = 0, 1, 2, 3
_WORD_SPLIT = re.compile(r"[\W_]+")


def fold_key(text: str) -> str:
    """``text`` as matching compares it: no case, no accents, single spaces, trimmed."""
    return " ".join(fold(text).split())


@dataclass(frozen=True)
class Candidate:
    """An entry as matching sees it. ``ref`` is what a match gives back (a record or an id)."""

    ref: Any
    name: str
    keys: tuple[tuple[str, str], ...]  # (folded, as written): name, code, aliases
    retired: bool


@dataclass(frozen=True)
class Match:
    """A ranked match: the record, how well (``EXACT`` 0 … ``PART`` 3), and the key that
    matched as written (its name, acronym, ISO code or an alias: "Turkey" for Türkiye)."""

    record: Any
    rank: int
    matched: str


def keys_of(record: Any) -> tuple[str, ...]:
    """The texts that name a record: its name, its code if any, its aliases."""
    code = getattr(record, "acronym", None) or getattr(record, "iso_code", None)
    return (record.name, *((code,) if code else ()), *record.aliases)


def candidate(ref: Any, record: Any) -> Candidate:
    keys = tuple((fold_key(k), k) for k in keys_of(record))
    return Candidate(ref, record.name, keys, record.retired)


def _rank(key: str, text: str) -> int | None:
    if key == text:
        return EXACT
    if key.startswith(text):
        return PREFIX
    if any(word.startswith(text) for word in _WORD_SPLIT.split(key)):
        return WORD
    return PART if text in key else None


def _best(item: Candidate, wanted: str) -> Match | None:
    """How well the best of ``item``'s keys matches ``wanted`` (folded), or None."""
    if not wanted:
        return Match(item.ref, PART, item.name)
    best: Match | None = None
    for key, written in item.keys:
        rank = _rank(key, wanted)
        if rank is not None and (best is None or rank < best.rank):
            best = Match(item.ref, rank, written)
    return best


class NameIndex:
    """One list's candidates, with an exact-key lookup."""

    def __init__(self, candidates: Iterable[Candidate] = ()) -> None:
        self.candidates: list[Candidate] = []
        self._exact: dict[str, Candidate] = {}
        for item in candidates:
            self.add(item)

    def add(self, item: Candidate) -> None:
        self.candidates.append(item)
        for key, _text in item.keys:
            self._exact.setdefault(key, item)

    def exact(self, text: str, *, include_retired: bool = False) -> Candidate | None:
        """The entry a key equal to ``text`` names, or None."""
        found = self._exact.get(fold_key(text))
        if found is None or (found.retired and not include_retired):
            return None
        return found

    def ranked(self, text: str, *, include_retired: bool = False) -> list[Match]:
        """Every entry with a key matching ``text``, best first, by name within a rank
        (``Match.record`` is the candidate's ``ref``). An empty text matches every entry
        (rank ``PART``), in list order."""
        wanted = fold_key(text)
        found: list[tuple[int, str, Match]] = []
        for item in self.candidates:
            if item.retired and not include_retired:
                continue
            best = _best(item, wanted)
            if best is not None:
                order = fold_key(item.name) if wanted else ""
                found.append((best.rank, order, Match(item.ref, best.rank, best.matched)))
        found.sort(key=lambda f: f[:2])  # stable: list order within equal keys
        return [f[2] for f in found]

    def suggestions(self, text: str, limit: int = 3) -> list[str]:
        """Names of entries in use that ``text`` matches in part, best first."""
        names = {c.ref: c.name for c in self.candidates}
        return [names[m.record] for m in self.ranked(text)[:limit] if m.rank != EXACT]


def index_of(session: Session, kind: Kind) -> NameIndex:
    """The list ``kind`` as it is in the database, by entry id."""
    from eunato_desk.core.reference import load

    return NameIndex(
        candidate(entry_id, record) for entry_id, record in load.entries(session, kind)
    )


class Names:
    """The indexes of one session's lists, each read once when first needed (a save reads
    the lists it resolves names of; an import reads them once for all its rows)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._indexes: dict[str, NameIndex] = {}
        self.created: dict[str, Any] = {}  # participants made in this session, by folded name

    def index(self, kind: Kind) -> NameIndex:
        if kind.name not in self._indexes:
            self._indexes[kind.name] = index_of(self.session, kind)
        return self._indexes[kind.name]

    def forget(self, kind: Kind) -> None:
        """Read the list again when next needed (after a change to it)."""
        self._indexes.pop(kind.name, None)


# --- records, from a Vocabulary or a session --------------------------------------------------

Source: TypeAlias = "Vocabulary | Session"
_VOCABULARY_FIELDS = {
    "organisation": "organisations",
    "country": "countries",
    "person": "people",
    "type": "type_records",
    "marking": "marking_records",
}


def _records(source: Source, kind: str) -> Iterable[Any]:
    from eunato_desk.core.records import Vocabulary

    if isinstance(source, Vocabulary):
        return getattr(source, _VOCABULARY_FIELDS[kind])
    from eunato_desk.core.reference import load
    from eunato_desk.core.reference.kinds import KINDS

    return load.records(source, KINDS[kind])


def record_index(source: Source, kind: str) -> NameIndex:
    """The list ``kind`` ('organisation', 'country', 'person', 'type', 'marking') over its
    records: from a Vocabulary (no SQL), or read through a session."""
    return NameIndex(candidate(record, record) for record in _records(source, kind))


def matches(source: Source, kind: str, text: str, *, include_retired: bool = False) -> list[Match]:
    """The entries of list ``kind`` that ``text`` matches, best first, with the key matched."""
    return record_index(source, kind).ranked(text, include_retired=include_retired)


def exact(source: Source, kind: str, text: str, *, include_retired: bool = False) -> Any:
    """The record of list ``kind`` that ``text`` names exactly (name, code or alias), or None."""
    found = record_index(source, kind).exact(text, include_retired=include_retired)
    return None if found is None else found.ref


def _finders(kind: str) -> tuple[Callable[..., list[Any]], Callable[..., Any]]:
    """``match_<list>(source, text, *, include_retired=False)`` (ranked records) and
    ``exact_<one>(source, text, *, include_retired=False)`` (a record or None) for a list."""

    def match_(source: Source, text: str, *, include_retired: bool = False) -> list[Any]:
        return [m.record for m in matches(source, kind, text, include_retired=include_retired)]

    def exact_(source: Source, text: str, *, include_retired: bool = False) -> Any:
        return exact(source, kind, text, include_retired=include_retired)

    return match_, exact_


# -> OrganisationRecord, CountryRecord, PersonRecord, TermRecord (types), TermRecord (markings)
match_organisations, exact_organisation = _finders("organisation")
match_countries, exact_country = _finders("country")
match_people, exact_person = _finders("person")
match_types, exact_type = _finders("type")
match_markings, exact_marking = _finders("marking")
