"""What loading an official text would change, action by action (``plan_load``), and the
preview a person reads before it is applied (``LoadPreview``). Pure: ``official_load`` reads
the catalogue and hands its values in. The rules are in ``official_load``'s docstring."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from eunato_desk.core.catalogue.official_lines import ParsedItem, ParsedText

# set -> (number of its first action, how many proposals it has)
SETS: dict[int, tuple[int, int]] = {2016: (1, 42), 2017: (43, 32)}
CONFIRMED = "confirmed"
# What a planned update may change, in the order the preview names them.
FIELDS = ("title", "description", "area", "set", "confidence", "source")

# (title, description, area_id, set_year, confidence, source_note) of an active action
StoredValues = tuple[str, str, int | None, int, str, str]


@dataclass(frozen=True)
class ActionState:
    """An action's catalogue values: as they are, or as the load would write them."""

    title: str
    description: str
    area_code: int | None
    area_name: str | None
    set_year: int
    confidence: str
    source_note: str

    def area_label(self) -> str:
        return f"{self.area_code} {self.area_name}" if self.area_code is not None else "none"


@dataclass(frozen=True)
class PlannedUpdate:
    """One proposal of the text and the action it updates (its number)."""

    number: int
    item: ParsedItem
    before: ActionState | None  # None when skipped
    after: ActionState
    changes: tuple[str, ...]  # names from FIELDS; () when nothing would change
    skipped: str = ""  # why this proposal updates nothing ("" when it does)

    def describe(self) -> str:
        """One line: what changes (old -> new title and area), or why it is skipped."""
        if self.skipped:
            return f"action {self.number}: skipped: {self.skipped}."
        assert self.before is not None
        parts = []
        if "title" in self.changes:
            parts.append(f"title {self.before.title!r} → {self.after.title!r}")
        if "area" in self.changes:
            parts.append(f"area {self.before.area_label()} → {self.after.area_label()}")
        if "set" in self.changes:
            parts.append(f"set {self.before.set_year} → {self.after.set_year}")
        others = [c for c in self.changes if c not in ("title", "area", "set")]
        if others:
            parts.append(("also " if parts else "") + ", ".join(others))
        return f"action {self.number}: " + "; ".join(parts)


def _ranges(numbers: list[int]) -> str:
    spans: list[list[int]] = []
    for n in sorted(numbers):
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in spans)


@dataclass(frozen=True)
class LoadPreview:
    """What loading a text as one set would do. ``planned`` has one entry per proposal of the
    text, in document order (updates, unchanged ones and skipped ones)."""

    source: str  # the file's path, or "pasted text"
    set_year: int
    encoding: str
    source_notices: tuple[str, ...]  # how the file was decoded
    parsed: ParsedText
    planned: tuple[PlannedUpdate, ...] = ()
    problems: tuple[str, ...] = ()  # any problem stops the load
    area_ids: Mapping[int, int] = field(default_factory=dict)  # area code -> id

    @classmethod
    def shell(
        cls, parsed: ParsedText, set_year: int, encoding: str, notices: tuple[str, ...]
    ) -> LoadPreview:
        """A preview not planned yet (what ``plan_load`` starts from)."""
        return cls(parsed.source, set_year, encoding, notices, parsed)

    @property
    def first_number(self) -> int:
        return SETS[self.set_year][0]

    @property
    def expected(self) -> int:
        return SETS[self.set_year][1]

    @property
    def found(self) -> int:
        return len(self.parsed.items)

    @property
    def count_ok(self) -> bool:
        return self.found == self.expected

    @property
    def to_update(self) -> tuple[PlannedUpdate, ...]:
        return tuple(p for p in self.planned if p.changes and not p.skipped)

    @property
    def unchanged(self) -> tuple[PlannedUpdate, ...]:
        return tuple(p for p in self.planned if not p.changes and not p.skipped)

    @property
    def skipped(self) -> tuple[PlannedUpdate, ...]:
        return tuple(p for p in self.planned if p.skipped)

    @property
    def missing(self) -> tuple[int, ...]:
        """Numbers of the set that the text does not reach (they stay as they are)."""
        return tuple(range(self.first_number + self.found, self.first_number + self.expected))

    @property
    def notices(self) -> tuple[str, ...]:
        return self.source_notices + self.parsed.notices

    def count_message(self) -> str:
        """The plain sentence about the count ("" when it is the set's)."""
        if self.count_ok:
            return ""
        last = self.first_number + self.expected - 1
        return (
            f"The text holds {self.found} proposal(s) but the {self.set_year} set has "
            f"{self.expected} (actions {self.first_number}–{last})."
        )

    def refusal(self, accept_count: bool = False) -> str:
        """Why the load cannot be applied as it is ("" when it can)."""
        if self.problems:
            more = f" ({len(self.problems) - 1} more problem(s) in the preview.)"
            return f"{self.problems[0]} Nothing was changed." + more * (len(self.problems) > 1)
        if not self.count_ok and not accept_count:
            first, last = self.first_number, self.first_number + self.found - 1
            return (
                f"{self.count_message()} Nothing was changed: check the preview, then accept "
                f"this count to load them as actions {first}–{last}."
            )
        return ""

    def summary_lines(self) -> list[str]:
        first = self.first_number
        areas: dict[str, list[int]] = {}
        for p in self.planned:
            areas.setdefault(p.after.area_label(), []).append(p.number)
        lines = [
            f"{self.source}: {self.found} proposal(s) of the {self.set_year} set in "
            f"{len(areas)} area(s), read as {self.encoding}; actions {first}–"
            f"{first + self.found - 1}."
        ]
        lines += [
            f"  area {a}: {len(ns)}, action{'s' * (len(ns) > 1)} {_ranges(ns)}"
            for a, ns in areas.items()
        ]
        if not self.count_ok:
            lines.append(self.count_message())
        lines += [f"  {p.describe()}" for p in self.planned if p.changes or p.skipped]
        tail = ""
        if self.missing and self.found < self.expected:
            which = f"action {self.missing[0]} is" if len(self.missing) == 1 else (
                f"actions {_ranges(list(self.missing))} are")  # fmt: skip
            tail = f"; {which} not in the text (left as they are)"
        lines.append(
            f"{len(self.to_update)} to update, {len(self.unchanged)} unchanged, "
            f"{len(self.skipped)} skipped{tail}."
        )
        lines += [f"  note: {n}" for n in self.notices]
        lines += [f"  problem: {p}" for p in self.problems]
        return lines


def _changes(before: ActionState, after: ActionState) -> tuple[str, ...]:
    values = {
        "title": (before.title, after.title),
        "description": (before.description, after.description),
        "area": (before.area_code, after.area_code),
        "set": (before.set_year, after.set_year),
        "confidence": (before.confidence, after.confidence),
    }
    changed = [name for name in FIELDS if name in values and values[name][0] != values[name][1]]
    if changed or not before.source_note.startswith(f"official text ({after.set_year}"):
        changed.append("source")
    return tuple(changed)


def plan_load(
    preview: LoadPreview,
    areas: Mapping[int, tuple[int, str]],
    stored: Mapping[int, StoredValues],
    why_not: Mapping[int, str],
    note: str,
) -> LoadPreview:
    """``preview`` (a ``LoadPreview.shell``) planned against the catalogue: ``areas`` maps
    area codes to (id, name), ``stored`` the active actions' values by number, ``why_not``
    the other numbers of the set to why they have no active action; ``note`` is the source
    note to write."""
    first, expected = SETS[preview.set_year]
    code_of = {aid: code for code, (aid, _name) in areas.items()}
    planned, problems = [], list(preview.parsed.problems)
    for item in preview.parsed.items:
        number = first + item.position - 1
        code = item.area_code if item.area_code in areas else None
        after = ActionState(item.title, item.description, code,
                            areas[code][1] if code is not None else None,
                            preview.set_year, CONFIRMED, note)  # fmt: skip
        if item.area_code is not None and code is None:
            problems.append(f"The proposal at line {item.line} is in area {item.area_code}, "
                            "which this database does not have.")  # fmt: skip
        if item.position > expected:
            planned.append(PlannedUpdate(number, item, None, after, (), "beyond the set"))
        elif number not in stored:
            planned.append(PlannedUpdate(number, item, None, after, (), why_not[number]))
        else:
            title, text, area_id, set_year, confidence, source = stored[number]
            area = code_of.get(area_id) if area_id is not None else None
            before = ActionState(title, text, area, areas[area][1] if area is not None else None,
                                 set_year, confidence, source)  # fmt: skip
            planned.append(PlannedUpdate(number, item, before, after, _changes(before, after)))
    if preview.found > expected:
        problems.append(_too_many(preview))
    return LoadPreview(
        preview.source, preview.set_year, preview.encoding, preview.source_notices,
        preview.parsed, tuple(planned), tuple(problems),
        {code: aid for code, (aid, _name) in areas.items()},
    )  # fmt: skip


def _too_many(preview: LoadPreview) -> str:
    return (
        f"The text holds {preview.found} proposals but the {preview.set_year} set has "
        f"{preview.expected}, and a text with more proposals than its set is never loaded "
        "(the next numbers belong to another set or to no action); look in the preview for a "
        "sub-item or an introduction read as a proposal (give sub-items another bullet or "
        "indent them, delete the introduction) and load the text again."
    )
