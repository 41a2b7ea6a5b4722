"""A follow-up as the editor shows it, before it is saved with the interaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from eunato_desk.core.records import FollowUpRecord


@dataclass(frozen=True)
class FollowUpEntry:
    """A follow-up as the editor shows it: saved already (``uuid``) or new."""

    text: str
    owner: str = ""
    due_date: dt.date | None = None
    action_number: int | None = None
    done: bool = False
    uuid: str | None = None

    @classmethod
    def of(cls, r: FollowUpRecord) -> FollowUpEntry:
        return cls(r.text, r.owner, r.due_date, r.action_number, r.done_at is not None, r.uuid)

    def describe(self) -> str:
        details = [
            f"owner {self.owner}" if self.owner else "",
            f"due {self.due_date.isoformat()}" if self.due_date else "",
            f"action {self.action_number}" if self.action_number is not None else "",
        ]
        shown = ", ".join(d for d in details if d)
        return f"{self.text}{' — ' + shown if shown else ''}"

    def line(self, saved: FollowUpEntry | None, today: dt.date, editing: bool) -> str:
        """As the list shows it: what it is (new, done, overdue...), then what it says."""
        if editing:
            mark = "✎ editing (above): "
        elif self.uuid is None:
            mark = "+ new: "
        elif self.done:
            mark = "✓ done: "
        elif self.due_date is not None and self.due_date < today:
            mark = "! overdue: "
        else:
            mark = "○ "
        changed = " (changed)" if self.uuid is not None and self != saved else ""
        return f"{mark}{self.describe()}{changed}"
