"""Loading an official text into the action catalogue: preview, apply, undo.

- ``read_text_file(path)``, ``pasted_text(text)`` or ``decode_text(bytes, name)`` gives the
  text (a ``SourceText``, from ``official_source``);
- ``preview_load(db, source, set_year)`` parses it (``official_text``) and says, action by
  action, what loading it would change. It writes nothing.
- ``apply_load(db, preview, officer, accept_count=...)`` does it in ONE write transaction,
  after a checked backup, and returns a ``LoadReceipt``;
- ``undo_load(db, receipt, officer)`` puts every changed action back, in one transaction,
  and refuses (changing nothing) if any of them was changed since.

Numbering (the application's convention): the 2016 set's proposals are actions 1–42 and the
2017 set's 43–74, in document order, one number per top-level item. Item N updates the
*active* action with its number (title, description, area, set, confidence "confirmed",
source note "official text (<set>, loaded <date> by <officer>)"); retired and superseded
actions are never touched, and an item whose number has no active action is skipped (the
preview says why). No action is created and no link between interactions and actions is
touched. A text with fewer proposals than the set is loaded only when the officer accepts
the count (``accept_count``): its items update the first numbers and the rest stay as they
are. A text with more proposals than the set is always refused: the extra numbers belong to
the other set or to no action. An action whose values would not change is left untouched.
Each changed action gets an ``action_change`` row (kind "edit") with the officer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from eunato_desk.core.catalogue.edit import record_change
from eunato_desk.core.catalogue.official_plan import (
    SETS,
    ActionState,
    LoadPreview,
    PlannedUpdate,
    plan_load,
)
from eunato_desk.core.catalogue.official_source import (
    SourceText,
    decode_text,
    pasted_text,
    read_text_file,
)
from eunato_desk.core.catalogue.official_text import parse_official_text
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.models import Action, Area, utc_now_text
from eunato_desk.core.storage.backup import make_backup
from eunato_desk.core.storage.db import Database

__all__ = [
    "SETS",
    "ActionSnapshot",
    "ActionState",
    "LoadPreview",
    "LoadReceipt",
    "PlannedUpdate",
    "SourceText",
    "UndoLoadResult",
    "apply_load",
    "decode_text",
    "pasted_text",
    "preview_load",
    "read_text_file",
    "source_note",
    "undo_load",
]


# What undo puts back (number and status are checked, never changed).
RESTORED = ("title", "description", "area_id", "set_year", "confidence", "source_note",
            "updated_at")  # fmt: skip


@dataclass(frozen=True)
class ActionSnapshot:
    """An action's catalogue fields as stored, for undo."""

    uuid: str
    number: int | None
    status: str
    title: str
    description: str
    area_id: int | None
    set_year: int
    confidence: str
    source_note: str
    updated_at: str


def _snapshot(action: Action) -> ActionSnapshot:
    return ActionSnapshot(
        uuid=action.uuid,
        number=action.number,
        status=action.status,
        title=action.title,
        description=action.description,
        area_id=action.area_id,
        set_year=action.set_year,
        confidence=action.confidence,
        source_note=action.source_note,
        updated_at=action.updated_at,
    )


@dataclass(frozen=True)
class LoadReceipt:
    """What a load did, with what undo needs to put it back."""

    source: str
    set_year: int
    officer: str
    stamp: str  # the updated_at written on every changed action
    before: tuple[ActionSnapshot, ...]  # the changed actions as they were
    after: tuple[ActionSnapshot, ...]  # ... and as the load left them (same order)
    unchanged: int
    skipped: tuple[int, ...]  # numbers of items that updated nothing (no active action)
    backup: Path | None = None  # the checked backup made just before the load wrote

    @property
    def numbers(self) -> tuple[int, ...]:
        """The numbers of the actions the load changed."""
        return tuple(s.number for s in self.after if s.number is not None)

    def message(self) -> str:
        skipped = f", {len(self.skipped)} skipped" * bool(self.skipped)
        if not self.before:
            return (
                f"Nothing to change: {self.unchanged} action(s) already hold this official "
                f"{self.set_year} text{skipped}."
            )
        backed_up = f" The database was backed up first to {self.backup}." * bool(self.backup)
        return (
            f"Loaded the official {self.set_year} text: {len(self.before)} action(s) updated, "
            f"{self.unchanged} unchanged{skipped}.{backed_up}"
        )


@dataclass(frozen=True)
class UndoLoadResult:
    set_year: int
    numbers: tuple[int, ...]  # the actions put back

    def message(self) -> str:
        return f"Official {self.set_year} text load undone: {len(self.numbers)} action(s) restored."


def source_note(set_year: int, officer: str, day: dt.date | None = None) -> str:
    """The source note a load writes: ``official text (2016, loaded 2026-11-30 by Name)``."""
    day = day or dt.date.today()
    by = f" by {officer.strip()}" if officer.strip() else ""
    return f"official text ({set_year}, loaded {day.isoformat()}{by})"


def _areas(session: Session) -> dict[int, tuple[int, str]]:
    """Area code -> (id, name)."""
    rows = session.execute(select(Area.id, Area.code, Area.name))
    return {code: (aid, name) for aid, code, name in rows}


def _active(session: Session, numbers: list[int]) -> tuple[dict[int, Action], dict[int, str]]:
    """The active actions with these numbers, and for the others why there is none."""
    active = {
        a.number: a
        for a in session.scalars(
            select(Action).where(Action.number.in_(numbers), Action.status == "active")
        )
        if a.number is not None
    }
    successor = aliased(Action)
    why: dict[int, str] = {}
    for number, succ in session.execute(
        select(Action.number, successor.number)
        .outerjoin(successor, successor.id == Action.superseded_by_id)
        .where(Action.number.in_(numbers), Action.status == "retired")
        .order_by(Action.id)
    ):
        if number not in active and number not in why:
            now = f" (its successor is action {succ})" if succ is not None else ""
            why[number] = f"action {number} is retired{now}; update it by hand if needed"
    for number in numbers:
        if number not in active and number not in why:
            why[number] = f"there is no action {number}; add it first if it is missing"
    return active, why


def _plan(
    session: Session, preview: LoadPreview, note: str
) -> tuple[LoadPreview, dict[int, Action]]:
    """``preview`` planned again against the catalogue as this session sees it."""
    first, expected = SETS[preview.set_year]
    numbers = [first + i for i in range(min(preview.found, expected))]
    active, why = _active(session, numbers)
    stored = {
        n: (a.title, a.description, a.area_id, a.set_year, a.confidence, a.source_note)
        for n, a in active.items()
    }
    shell = LoadPreview.shell(
        preview.parsed, preview.set_year, preview.encoding, preview.source_notices
    )
    return plan_load(shell, _areas(session), stored, why, note), active


def preview_load(db: Database, source: SourceText, set_year: int) -> LoadPreview:
    """Parse ``source`` and say what loading it as the ``set_year`` set would change.
    Writes nothing. Raises ValidationError naming the source when the text cannot be read
    as the list of proposals (no area headings, no proposals)."""
    if set_year not in SETS:
        raise ValidationError("set", f"'{set_year}' is not 2016 or 2017.")
    with db.read() as session:
        areas = _areas(session)
        parsed = parse_official_text(
            source.text, [(code, name) for code, (_id, name) in areas.items()], source.name
        )
        shell = LoadPreview.shell(parsed, set_year, source.encoding, source.notices)
        return _plan(session, shell, source_note(set_year, ""))[0]


def apply_load(
    db: Database,
    preview: LoadPreview,
    officer: str = "",
    *,
    accept_count: bool = False,
    day: dt.date | None = None,
) -> LoadReceipt:
    """Load the previewed text in ONE write transaction (planned again inside it, against
    the catalogue as it is then), after a checked backup. Raises ValidationError, changing
    nothing, when the preview has problems, when the count differs from the set's and
    ``accept_count`` is not given, or when the text has more proposals than the set."""
    refusal = preview.refusal(accept_count)
    if refusal:
        raise ValidationError(preview.source, refusal)
    note = source_note(preview.set_year, officer, day)
    with db.write() as session:
        planned, active = _plan(session, preview, note)
        refusal = planned.refusal(accept_count)
        if refusal:
            raise ValidationError(preview.source, refusal)
        todo = [p for p in planned.planned if p.changes and not p.skipped]
        base = LoadReceipt(
            source=preview.source,
            set_year=preview.set_year,
            officer=officer,
            stamp=utc_now_text(),
            before=(),
            after=(),
            unchanged=len(planned.unchanged),
            skipped=tuple(p.number for p in planned.skipped),
        )
        if not todo:
            return base
        backup = None if db.path is None else make_backup(db.path, "before-official-text").path
        before, after = _write(session, todo, active, base, planned.area_ids)
        return replace(base, before=before, after=after, backup=backup)


def _write(
    session: Session,
    todo: list[PlannedUpdate],
    active: dict[int, Action],
    receipt: LoadReceipt,
    area_ids: dict[int, int],
) -> tuple[tuple[ActionSnapshot, ...], tuple[ActionSnapshot, ...]]:
    before, after = [], []
    for item in todo:
        action, new = active[item.number], item.after
        before.append(_snapshot(action))
        action.title = new.title
        action.description = new.description
        action.area_id = area_ids[new.area_code] if new.area_code is not None else None
        action.set_year = new.set_year
        action.confidence = new.confidence
        action.source_note = new.source_note
        action.updated_at = receipt.stamp
    session.flush()  # the changes first, so the change rows name the officer in the trail
    for item in todo:
        action = active[item.number]
        after.append(_snapshot(action))
        detail = f"official text ({receipt.set_year}) loaded: {', '.join(item.changes)}"
        record_change(session, action, "edit", detail, receipt.officer)
    session.flush()
    return tuple(before), tuple(after)


def undo_load(db: Database, receipt: LoadReceipt, officer: str = "") -> UndoLoadResult:
    """Put back every action the load changed, in one transaction. Refuses (changing
    nothing) if any of them was changed, renumbered, merged or retired since."""
    if not receipt.before:
        return UndoLoadResult(receipt.set_year, ())
    with db.write() as session:
        rows = {
            a.uuid: a
            for a in session.scalars(
                select(Action).where(Action.uuid.in_([s.uuid for s in receipt.after]))
            )
        }
        edited = [
            str(s.number) for s in receipt.after
            if s.uuid not in rows or _snapshot(rows[s.uuid]) != s
        ]  # fmt: skip
        if edited:
            raise ValidationError(
                "undo",
                f"action(s) {', '.join(edited)} changed after the official text was loaded; "
                "undoing would lose those changes, so nothing was undone.",
            )
        for old in receipt.before:
            for name in RESTORED:
                setattr(rows[old.uuid], name, getattr(old, name))
        session.flush()
        for old in receipt.before:
            detail = f"official text ({receipt.set_year}) load undone"
            record_change(session, rows[old.uuid], "edit", detail, officer)
        session.flush()
    return UndoLoadResult(receipt.set_year, receipt.numbers)
