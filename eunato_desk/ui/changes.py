"""What a write changed, so that each view reloads only what concerns it (Anki's OpChanges).

Every write ``Op`` declares its ``Changes``; the executor announces them once the write has
succeeded (``DbExecutor.changed``) and each view or controller decides from them whether to
read again. ``EVERYTHING`` is for writes whose reach is not known (an import, demo data, a
restored backup) and for Refresh (F5).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    interactions: bool = False  # the live interactions: the list, its count, the details
    trash: bool = False  # what is in the Trash
    follow_ups: bool = False  # follow-ups (or what the Follow-ups view shows of their interaction)
    vocabulary: bool = False  # reference lists: types, organisations, countries, people
    # The names interactions show (an organisation, country, type... renamed, merged or given
    # another code): every view that shows them on interactions reads again.
    names: bool = False
    catalogue: bool = False  # the actions themselves: numbers, titles, areas, lineage
    actions: frozenset[int] = field(default_factory=frozenset)  # counts or history changed
    everything: bool = False

    def __bool__(self) -> bool:
        return self != NOTHING

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            interactions=self.interactions or other.interactions,
            trash=self.trash or other.trash,
            follow_ups=self.follow_ups or other.follow_ups,
            vocabulary=self.vocabulary or other.vocabulary,
            names=self.names or other.names,
            catalogue=self.catalogue or other.catalogue,
            actions=self.actions | other.actions,
            everything=self.everything or other.everything,
        )

    # --- what each view asks ------------------------------------------------------------------

    def touches_list(self) -> bool:
        """The interaction list (its rows show action numbers, so the catalogue counts)."""
        return self.everything or self.interactions or self.catalogue or self.names

    def touches_trash(self) -> bool:
        return self.everything or self.trash or self.catalogue or self.names

    def touches_follow_ups(self) -> bool:
        return self.everything or self.follow_ups or self.catalogue

    def touches_vocabulary(self) -> bool:
        return self.everything or self.vocabulary or self.catalogue or self.names

    def touches_reference(self) -> bool:
        """The Reference data view: the lists and how many interactions (the Trash
        included) use each entry."""
        return self.touches_vocabulary() or self.interactions or self.trash

    def touches_overview(self) -> bool:
        """The Actions view: counts per action."""
        return self.everything or self.catalogue or bool(self.actions)

    def touches_action(self, number: int | None) -> bool:
        """One action's page: its history, and its open follow-ups."""
        return (
            self.everything
            or self.catalogue
            or self.follow_ups
            or self.names  # its history shows countries and organisations
            or (number is not None and number in self.actions)
        )


def touched(numbers: Iterable[int | None]) -> frozenset[int]:
    return frozenset(n for n in numbers if n is not None)


NOTHING = Changes()
EVERYTHING = Changes(everything=True)
