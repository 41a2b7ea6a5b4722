"""What a save conflict puts before the officer (no Qt here): the fields where the stored
interaction ("theirs", saved by someone else after the editor opened it) and the form ("mine")
differ, each as text a person reads, and the form to save once a side is chosen per field.

Each row preselects the side that changed since the editor opened the interaction: a field
only they changed keeps theirs, a field I changed (alone or both of us) keeps mine. Follow-up
changes typed in the form are one row of their own (theirs: the follow-ups as they are now).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace

from eunato_desk.core.records import InteractionInput

FORMAT_LABELS = {"in_person": "In person", "video": "Video", "hybrid": "Hybrid"}
EMPTY = "(empty)"


def _joined(values: Sequence[str]) -> str:
    return "; ".join(sorted(values))


def _when(day: object, time: str | None) -> str:
    return " ".join(str(v) for v in (day, time) if v)


def _links(data: InteractionInput) -> str:
    parts = sorted(data.links, key=lambda lk: lk.number)
    return "; ".join(f"{lk.number} ({lk.note})" if lk.note else str(lk.number) for lk in parts)


def _follow_ups(data: InteractionInput) -> str:
    counts = (
        (len(data.new_follow_ups), "new"),
        (len(data.changed_follow_ups), "changed"),
        (len(data.removed_follow_ups), "removed"),
    )
    said = [f"{n} {what}" for n, what in counts if n]
    if not said:
        return "As they are now"
    new = "; ".join(f"+ {f.text}" for f in data.new_follow_ups)
    return f"Your changes: {', '.join(said)}" + (f"\n{new}" if new else "")


# (label, the InteractionInput fields the row stands for, the text a person reads)
FIELDS: tuple[tuple[str, tuple[str, ...], Callable[[InteractionInput], str]], ...] = (
    ("Title", ("title",), lambda d: " ".join(d.title.split())),
    ("Type", ("type",), lambda d: d.type.strip()),
    ("Date", ("start_date", "start_time"), lambda d: _when(d.start_date, d.start_time)),
    ("End", ("end_date", "end_time"), lambda d: _when(d.end_date, d.end_time)),
    ("Status", ("status",), lambda d: d.status.capitalize()),
    ("Location", ("location",), lambda d: d.location.strip()),
    ("Format", ("format",), lambda d: FORMAT_LABELS.get(d.format or "", "")),
    ("Marking", ("marking",), lambda d: d.marking.strip() or "(the lowest in use)"),
    ("Actions", ("links",), _links),
    ("Organisations", ("organisations",), lambda d: _joined(d.organisations)),
    ("Countries", ("countries",), lambda d: _joined(d.countries)),
    ("Participants", ("participants",), lambda d: _joined(d.participants)),
    ("Tags", ("tags",), lambda d: _joined(d.tags)),
    ("Summary", ("summary",), lambda d: d.summary.strip()),
    ("Outcome", ("outcome",), lambda d: d.outcome.strip()),
    (
        "Follow-ups",
        ("new_follow_ups", "changed_follow_ups", "removed_follow_ups"),
        _follow_ups,
    ),
)


@dataclass(frozen=True)
class ConflictRow:
    """One field that differs: its label, the fields it stands for, both sides as text, and
    who changed it since the editor opened the interaction."""

    label: str
    keys: tuple[str, ...]
    theirs: str
    mine: str
    they_changed: bool
    i_changed: bool

    @property
    def keeps_mine(self) -> bool:
        """The side preselected: mine if I changed it, theirs if only they did."""
        return self.i_changed or not self.they_changed


def conflict_rows(
    base: InteractionInput | None, theirs: InteractionInput, mine: InteractionInput
) -> list[ConflictRow]:
    """The fields where ``theirs`` and ``mine`` read differently, in the order of the form;
    ``base`` is the interaction as the editor opened it."""
    rows = []
    for label, keys, text in FIELDS:
        their_text, my_text = text(theirs), text(mine)
        if their_text == my_text:
            continue
        base_text = text(base) if base is not None else None
        rows.append(
            ConflictRow(
                label,
                keys,
                their_text or EMPTY,
                my_text or EMPTY,
                they_changed=base_text != their_text,
                i_changed=base_text != my_text,
            )
        )
    return rows


def merged(
    theirs: InteractionInput, mine: InteractionInput, keep_mine: Collection[ConflictRow]
) -> InteractionInput:
    """The form to save: theirs, with my value in the rows ``keep_mine``. Fields that do not
    differ read the same either way; theirs has no follow-up changes."""
    chosen = {key: getattr(mine, key) for row in keep_mine for key in row.keys}
    return replace(theirs, **chosen)
