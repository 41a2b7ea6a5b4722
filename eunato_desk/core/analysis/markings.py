"""Handling markings as documents carry them: the ranks as they are now, the highest marking
of what a document holds (its banner), and what each item shows (its marking, unless it is the
lowest-ranked one).

Ranks are read from ``handling_marking.sort_order`` (rank 1, the lowest, first) every time a
document is built, so re-ranking the markings changes the next dossier or report. Retired
markings keep their rank: an old interaction keeps the marking it has.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from eunato_desk.core.models import HandlingMarking


@dataclass(frozen=True)
class MarkingScale:
    """Every marking by rank, lowest first."""

    names: tuple[str, ...]
    _rank: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_rank", {name: i for i, name in enumerate(self.names)})

    @property
    def lowest(self) -> str:
        return self.names[0] if self.names else ""

    def rank(self, name: str) -> int:
        """0 for the lowest; -1 for a name that is not a marking."""
        return self._rank.get(name, -1)

    def highest(self, names: Iterable[str]) -> str:
        """The highest-ranked of ``names``; the lowest marking when there are none."""
        best = self.lowest
        for name in names:
            if self.rank(name) > self.rank(best):
                best = name
        return best

    def label(self, name: str) -> str:
        """What an item shows of its marking: nothing when it is the lowest-ranked one."""
        return "" if name == self.lowest else name


def marking_scale(session: Session) -> MarkingScale:
    """The markings as ranked now (retired ones included), in an open read session."""
    query = select(HandlingMarking.name).order_by(HandlingMarking.sort_order, HandlingMarking.id)
    return MarkingScale(tuple(session.scalars(query)))


__all__ = ["MarkingScale", "marking_scale"]
