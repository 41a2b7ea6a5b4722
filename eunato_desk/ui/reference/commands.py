"""The Reference data commands, each a function returning an ``Op``: a list with its counts
of use, and its history (reads); add, edit, rename, alias, merge, retire (or bring back) and
move an entry (writes, each one transaction of ``core.reference``).

Every write says what it changes: the vocabulary always (the editor's pickers, the filter
bar's choices, this view); the names shown on interactions too when an entry's name or code
changes or two entries become one (the interaction list, the Trash, an action's page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QWidget

from eunato_desk.core.reference import add, edit, history, merge
from eunato_desk.core.reference.history import ReferenceChangeRecord, ReferenceItem
from eunato_desk.core.storage.db import Database
from eunato_desk.ui.changes import Changes
from eunato_desk.ui.ops import DbExecutor, JobContext, Op

VOCABULARY = Changes(vocabulary=True)
NAMES = Changes(vocabulary=True, names=True)


def load_entries(parent: QWidget, executor: DbExecutor, kind: str) -> Op:
    """Every entry of the list (retired ones too), with how many interactions use it."""

    def reference_list(db: Database, _c: JobContext) -> list[ReferenceItem]:
        return history.list_entries(db, kind, include_retired=True)

    return Op(parent, executor, reference_list, writes=False)


def load_history(parent: QWidget, executor: DbExecutor, kind: str) -> Op:
    """The list's changes (``reference_change``), oldest first."""

    def reference_history(db: Database, _c: JobContext) -> list[ReferenceChangeRecord]:
        return history.history(db, kind)

    return Op(parent, executor, reference_history, writes=False)


def change(
    parent: QWidget, executor: DbExecutor, work: Callable[[Database], Any], changes: Changes
) -> Op:
    """One change to a list: ``work(db)`` calls one service of ``core.reference``."""

    def reference_change(db: Database, _c: JobContext) -> Any:
        return work(db)

    return Op(parent, executor, reference_change, changes=changes)


@dataclass(frozen=True)
class NewEntry:
    """What the Add dialog gathers; ``code`` is an acronym or an ISO code."""

    kind: str
    name: str
    code: str = ""
    side: str = "other"
    is_pilot: bool = False
    is_partner: bool = False
    organisation: str = ""
    rank: int | None = None
    aliases: tuple[str, ...] = ()


def add_record(db: Database, entry: NewEntry, officer: str) -> Any:
    """Add ``entry`` through the core service of its list; its record."""
    common = {"aliases": entry.aliases, "officer": officer}
    if entry.kind == "organisation":
        return add.add_organisation(
            db, entry.name, acronym=entry.code or None, side=entry.side, **common
        )
    if entry.kind == "country":
        return add.add_country(
            db, entry.name, entry.code, is_pilot=entry.is_pilot, is_partner=entry.is_partner,
            **common,
        )  # fmt: skip
    if entry.kind == "person":
        return add.add_person(db, entry.name, organisation=entry.organisation or None, **common)
    adder = add.add_type if entry.kind == "type" else add.add_marking
    return adder(db, entry.name, rank=entry.rank, **common)


def add_entry(parent: QWidget, executor: DbExecutor, entry: NewEntry, officer: str) -> Op:
    return change(parent, executor, lambda db: add_record(db, entry, officer), VOCABULARY)


# Each change to an entry: the core service, and what it changes besides the list itself.
SERVICES: dict[str, tuple[Callable[..., Any], Changes]] = {
    "edit organisation": (add.edit_organisation, NAMES),  # its acronym shows on interactions
    "edit country": (add.edit_country, NAMES),
    "rename": (edit.rename, NAMES),
    "alias": (edit.add_alias, VOCABULARY),
    "merge": (merge.merge, NAMES),  # -> merge.MergeResult
    "retire": (edit.retire, VOCABULARY),  # undo=True: bring it back
    "move": (edit.move, VOCABULARY),  # a type or marking, ``step`` places
}


def entry_change(
    parent: QWidget, executor: DbExecutor, what: str, *args: Any, officer: str, **kwargs: Any
) -> Op:
    """One change to an entry: the service ``SERVICES[what]`` called with ``args``."""
    service, changes = SERVICES[what]
    return change(
        parent, executor, lambda db: service(db, *args, officer=officer, **kwargs), changes
    )
