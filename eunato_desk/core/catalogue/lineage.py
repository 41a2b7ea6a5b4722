"""Action lineage: which action a number means now, and which actions count as one.

A renumbered or merged action is retired and points at its successor (``superseded_by``); a
chain of such changes (3 renumbered to 80, then 80 to 90) is followed to its end, every step.
This module is the one place that follows those links; the list filter, the interaction
editor, the Actions view, the coverage matrix, the report, the dossier and the audit trail
all ask it. The rules:

- **final**: an action's end of chain, the action that counts now for a link made to it (an
  action without a successor is its own end). A retired action with no successor ends the
  chain: it counts for itself.
- **family**: an action and every action renumbered or merged into it, directly or along a
  chain. The family of a final action is everything that counts for it. A split is not
  lineage: it copies the links to the new action, which starts a family of its own.
- **current(number)**: the action a number means now: the active action with that number
  if there is one, otherwise the first (oldest) retired action that had it, followed to its
  end. None when no action ever had the number.
- **A loop** in the data (``A -> B -> A``; only an edit outside the app can make one) is
  not followed round: the links inside a loop are ignored, so each action in the loop is its
  own end and an action leading into the loop ends at the first loop action it reaches.
  Nothing hangs; ``Lineage.loop_of`` names the loop so that a message can say why a number
  has no active action.

``Lineage.load`` reads the whole catalogue in one query (a few hundred rows at most), so a
caller that resolves many actions pays for one query, not one per action.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from eunato_desk.core.models import Action


class Lineage:
    """The catalogue's supersession links, followed. Ids are the internal action ids."""

    def __init__(self, rows: Iterable[tuple[int, int | None, str, int | None]]) -> None:
        """From (id, number, status, superseded_by_id) rows, one per action."""
        rows = list(rows)
        self.numbers: dict[int, int | None] = {aid: number for aid, number, _s, _n in rows}
        self.statuses: dict[int, str] = {aid: status for aid, _n, status, _s in rows}
        # superseded_by as stored (a link to an action that is not there is ignored)
        self.links = {a: s for a, _n, _st, s in rows if s is not None and s in self.numbers}
        self.looped = frozenset(_on_loops(self.links))
        self.successor = {a: s for a, s in self.links.items() if a not in self.looped}
        self._final: dict[int, int] = {}
        self._merged_in: dict[int, list[int]] = {}
        for aid, succ in sorted(self.successor.items()):
            self._merged_in.setdefault(succ, []).append(aid)

    @classmethod
    def load(cls, session: Session) -> Lineage:
        """The lineage of the catalogue as the session sees it (one query)."""
        return cls(
            session.execute(
                select(Action.id, Action.number, Action.status, Action.superseded_by_id)
            )
        )

    def final(self, action_id: int) -> int:
        """The action that ``action_id`` counts for now (itself at the end of a chain)."""
        path = [action_id]
        while path[-1] in self.successor and path[-1] not in self._final:
            path.append(self.successor[path[-1]])
        end = self._final.get(path[-1], path[-1])
        for aid in path:
            self._final[aid] = end
        return end

    def finals(self) -> dict[int, int]:
        """Every action id -> the id it counts for."""
        return {aid: self.final(aid) for aid in self.numbers}

    def family(self, action_id: int) -> list[int]:
        """``action_id`` first, then every action renumbered or merged into it (along any
        chain), nearest first."""
        out, frontier = [action_id], [action_id]
        while frontier:
            frontier = [p for aid in frontier for p in self._merged_in.get(aid, ())]
            out += frontier
        return out

    def with_number(self, number: int) -> list[int]:
        """The actions that carry ``number``, active or retired, oldest first."""
        return sorted(aid for aid, n in self.numbers.items() if n == number)

    def current(self, number: int) -> int | None:
        """The action ``number`` means now (see the module's rules), or None."""
        carriers = self.with_number(number)
        active = [aid for aid in carriers if self.statuses[aid] == "active"]
        if active:
            return active[0]
        return self.final(carriers[0]) if carriers else None

    def ids_for_number(self, number: int) -> list[int]:
        """The actions whose links count for what ``number`` means now: the family of the
        current action, so that links made under an earlier number (however many renumbers
        ago) are found from the old number and from the new one. Empty for an unknown one."""
        current = self.current(number)
        return [] if current is None else self.family(current)

    def loop_of(self, number: int) -> list[int | None]:
        """The numbers round the loop where the chain of ``number`` ends ([] if it does not
        end in a loop), the first repeated at the end: [3, 80, 3]."""
        current = self.current(number)
        if current is None or current not in self.looped:
            return []
        loop = [current]
        while self.links[loop[-1]] != current:
            loop.append(self.links[loop[-1]])
        return [self.numbers[aid] for aid in [*loop, current]]


def _on_loops(links: dict[int, int]) -> set[int]:
    """The actions whose successor links lead round a loop back to themselves."""
    on_loop: set[int] = set()
    done: set[int] = set()
    for start in links:
        path: list[int] = []
        where: dict[int, int] = {}
        node = start
        while node in links and node not in done and node not in where:
            where[node] = len(path)
            path.append(node)
            node = links[node]
        if node in where:
            on_loop.update(path[where[node] :])
        done.update(path)
    return on_loop


def current_action(session: Session, number: int, lineage: Lineage | None = None) -> Action | None:
    """The action ``number`` means now (``Lineage.current``) as an ORM object, or None.
    Without a ``lineage``, an active action with the number is found by one indexed query
    and the catalogue is read only for a number that is no longer active."""
    if lineage is None:
        active = session.scalar(
            select(Action).where(Action.number == number, Action.status == "active")
        )
        if active is not None:
            return active
        lineage = Lineage.load(session)
    found = lineage.current(number)
    return None if found is None else session.get(Action, found)
