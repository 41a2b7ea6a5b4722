"""Import interactions from CSV: preview first, then all or nothing in one transaction, undo.

- ``preview_import`` reads the file and says what an import would do (rows to create, update,
  leave unchanged, rows rejected with row, column and reason), without writing.
- ``apply_import`` does it in ONE write transaction. If any row is rejected nothing is
  imported, unless ``valid_only=True``. Known UUIDs update, new UUIDs create; importing the
  same file twice changes nothing the second time.
- ``undo_import`` puts back what an import changed, from its ``ImportReceipt``.

Rows are written with the interaction services' own code (``interactions.apply_input``), so an
import validates and normalises exactly like the editor does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from eunato_desk.core import interactions
from eunato_desk.core.errors import OperationCancelled, ValidationError
from eunato_desk.core.models import (
    Action,
    FollowUp,
    Interaction,
    InteractionAction,
    Person,
    interaction_person,
    new_uuid,
    utc_now_text,
)
from eunato_desk.core.projection import ids_for_uuids
from eunato_desk.core.records import InteractionRecord
from eunato_desk.core.reference.resolve import Resolver
from eunato_desk.core.storage.backup import make_backup
from eunato_desk.core.storage.db import Database
from eunato_desk.core.transfer.format import DELIMITERS, Rejection
from eunato_desk.core.transfer.plan import Plan, Planned, make_plan
from eunato_desk.core.transfer.read import SourceFile, read_source

__all__ = [
    "ImportPreview",
    "ImportReceipt",
    "PlannedRow",
    "Rejection",
    "UndoResult",
    "apply_import",
    "preview_import",
    "undo_import",
]


@dataclass(frozen=True)
class PlannedRow:
    uuid: str
    rows: tuple[int, ...]
    title: str
    changes: tuple[str, ...] = ()  # for an update: the columns whose values change

    def describe(self) -> str:
        rows = ", ".join(str(r) for r in self.rows)
        label = "rows" if len(self.rows) > 1 else "row"
        what = f" ({', '.join(self.changes)})" if self.changes else ""
        return f"{label} {rows}: {self.title}{what} [{self.uuid or 'new id'}]"


def _planned(items: list[Planned]) -> tuple[PlannedRow, ...]:
    return tuple(PlannedRow(p.uuid, p.rows, p.data.title.strip(), p.changes) for p in items)


@dataclass(frozen=True)
class ImportPreview:
    path: Path
    encoding: str
    delimiter: str
    layout: str
    date_order: str | None  # the order numeric dates are read in (None: none needed)
    date_question: str  # set when the user must choose the date order first
    notices: tuple[str, ...]
    to_create: tuple[PlannedRow, ...]
    to_update: tuple[PlannedRow, ...]
    unchanged: tuple[PlannedRow, ...]
    rejected: tuple[Rejection, ...]
    source: SourceFile = field(repr=False, compare=False)
    requested_order: str | None = field(default=None, repr=False, compare=False)

    @property
    def rejected_rows(self) -> tuple[int, ...]:
        return tuple(sorted({r.row for r in self.rejected}))

    @property
    def needs_date_order(self) -> bool:
        return bool(self.date_question)

    @property
    def ok(self) -> bool:
        """True when an import would take every row."""
        return not self.rejected and not self.date_question

    def counts_line(self) -> str:
        return (
            f"{len(self.to_create)} to create, {len(self.to_update)} to update, "
            f"{len(self.unchanged)} unchanged, {len(self.rejected_rows)} rejected."
        )

    def summary_lines(self, limit: int | None = 50) -> list[str]:
        """The preview as text, for the command line (and a GUI details box)."""
        lines = [
            f"{self.path.name}: {self.encoding}, {DELIMITERS[self.delimiter]}-separated, "
            f"'{self.layout}' layout.",
            self.counts_line(),
        ]
        lines += [f"  note: {n}" for n in self.notices]
        if self.date_question:
            lines.append(f"  date order needed: {self.date_question}")
        for verb, items in (("create", self.to_create), ("update", self.to_update)):
            shown = items if limit is None else items[:limit]
            lines += [f"  {verb} {p.describe()}" for p in shown]
            if len(shown) < len(items):
                lines.append(f"  ... and {len(items) - len(shown)} more to {verb}")
        lines += [f"  rejected {r}" for r in self.rejected]
        return lines


@dataclass(frozen=True)
class ImportReceipt:
    """What an import did, with what undo needs to put things back."""

    path: Path
    created: tuple[str, ...]  # UUIDs of the interactions the import created
    updated: tuple[InteractionRecord, ...]  # the updated interactions as they were before
    unchanged: int
    rejected: tuple[Rejection, ...]  # rows left out (only with valid_only=True)
    stamp: str  # the updated_at written on every created and updated interaction
    people_created: tuple[str, ...] = ()  # UUIDs of participants the import added
    backup: Path | None = None  # the checked backup made just before the import wrote

    def message(self) -> str:
        skipped = f", {len({r.row for r in self.rejected})} rejected row(s) left out" * bool(
            self.rejected
        )
        backed_up = f" The database was backed up first to {self.backup}." * bool(self.backup)
        return (
            f"Imported {self.path.name}: {len(self.created)} created, {len(self.updated)} "
            f"updated, {self.unchanged} unchanged{skipped}.{backed_up}"
        )


@dataclass(frozen=True)
class UndoResult:
    deleted: int
    restored: int

    def message(self) -> str:
        return f"Import undone: {self.deleted} removed, {self.restored} restored."


def _preview(source: SourceFile, plan: Plan, requested: str | None) -> ImportPreview:
    notices = source.notices + ((plan.date_notice,) if plan.date_notice else ())
    return ImportPreview(
        path=source.path,
        encoding=source.encoding,
        delimiter=source.delimiter,
        layout=source.layout,
        date_order=plan.date_order,
        date_question=plan.date_question,
        notices=notices,
        to_create=_planned(plan.creates),
        to_update=_planned(plan.updates),
        unchanged=_planned(plan.unchanged),
        rejected=tuple(plan.rejected),
        source=source,
        requested_order=requested,
    )


def preview_import(
    db: Database,
    path: Path | str,
    mapping: dict[str, str] | None = None,
    date_order: str | None = None,
    encoding: str | None = None,
    valid_only: bool = False,
) -> ImportPreview:
    """Read ``path`` and say what importing it would do. Writes nothing.

    Raises ValidationError (naming the file, and the row and column where there is one) when
    the file as a whole cannot be read; problems of single rows are in ``rejected``.
    ``valid_only`` does not change the preview: rejected rows are reported either way."""
    del valid_only  # accepted so the GUI can pass the same options to preview and import
    source = read_source(Path(path), mapping, encoding)
    with db.read() as session:
        plan = make_plan(session, source, date_order)
    return _preview(source, plan, date_order)


def apply_import(
    db: Database,
    source: ImportPreview | Path | str,
    mapping: dict[str, str] | None = None,
    date_order: str | None = None,
    encoding: str | None = None,
    valid_only: bool = False,
    officer: str = "",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReceipt:
    """Import a file (or the file of a preview, with the preview's options) in ONE write
    transaction. The rows are planned again inside it, against the database as it is then.

    Raises ValidationError, and changes nothing, when a row is rejected (unless
    ``valid_only``) or the date order must be chosen; OperationCancelled on cancel."""
    if isinstance(source, ImportPreview):
        src, date_order = source.source, source.requested_order
    else:
        src = read_source(Path(source), mapping, encoding)
    with db.write() as session:
        plan = make_plan(session, src, date_order)
        if plan.date_question:
            raise ValidationError(str(src.path), f"{plan.date_question} Nothing was imported.")
        if plan.rejected and not valid_only:
            rows = {r.row for r in plan.rejected}
            raise ValidationError(
                str(src.path),
                f"{len(rows)} row(s) rejected, so nothing was imported (first: "
                f"{str(plan.rejected[0]).rstrip('.')}). Fix the file, or import only the "
                "valid rows.",
            )
        backup = None
        if plan.creates or plan.updates:
            # The database as it is now (the last committed state: this transaction has not
            # written yet), read by another connection beside the write lock we hold.
            backup = None if db.path is None else make_backup(db.path, "before-import").path
        receipt = _write(session, src, plan, officer, progress, cancelled)
        return replace(receipt, backup=backup)


def _write(
    session: Session,
    src: SourceFile,
    plan: Plan,
    officer: str,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> ImportReceipt:
    now = utc_now_text()
    work = [*plan.creates, *plan.updates]
    created: list[str] = []
    names = Resolver(session)  # one read of the lists for every row
    for done, item in enumerate(work, start=1):
        if cancelled is not None and cancelled():
            raise OperationCancelled("Import cancelled; nothing was imported.")
        if item.before is None:
            row = Interaction(
                uuid=item.uuid or new_uuid(), created_at=now, created_by=officer, updated_at=now
            )
            interactions.apply_input(session, row, item.data, resolver=names)
            session.add(row)
            created.append(row.uuid)
        else:
            row = interactions.get_row(session, item.uuid, live=True)
            interactions.apply_input(session, row, item.data, resolver=names)
            row.updated_at = now
        row.updated_by = officer
        session.flush()
        if progress is not None:
            progress(done, len(work))
    if cancelled is not None and cancelled():
        raise OperationCancelled("Import cancelled; nothing was imported.")
    # the participants this import added (by this transaction's resolver: on a server other
    # officers may add some at the same time)
    people = [person.uuid for person in names.names.created.values()]
    return ImportReceipt(
        path=src.path,
        created=tuple(created),
        updated=tuple(p.before for p in plan.updates if p.before is not None),
        unchanged=len(plan.unchanged),
        rejected=tuple(plan.rejected),
        stamp=now,
        people_created=tuple(people),
    )


def _restore(session: Session, snap: InteractionRecord, row: Interaction | None) -> None:
    """Put one interaction back exactly as the snapshot shows it (links by action UUID, so
    a link to a since-retired action comes back as it was)."""
    if row is None:
        row = Interaction(uuid=snap.uuid, created_at=snap.created_at, created_by=snap.created_by)
        session.add(row)
    interactions.apply_input(
        session,
        row,
        replace(snap.to_input(), links=()),
        resolver=Resolver(session, allow_retired=True),  # puts back what was there
    )
    session.flush()
    action_ids = dict(
        session.execute(
            select(Action.uuid, Action.id).where(
                Action.uuid.in_([lk.action_uuid for lk in snap.links])
            )
        ).all()
    )
    for lk in snap.links:
        if lk.action_uuid not in action_ids:
            raise ValidationError(
                "undo", f"action {lk.number or lk.title!r} no longer exists; nothing was undone."
            )
        row.links.append(InteractionAction(action_id=action_ids[lk.action_uuid], note=lk.note))
    row.updated_at = snap.updated_at
    row.updated_by = snap.updated_by
    session.flush()


def undo_import(db: Database, receipt: ImportReceipt) -> UndoResult:
    """Remove what an import created and restore what it updated, in one transaction.

    Refuses (changing nothing) if any of those interactions was edited after the import."""
    touched = [*receipt.created, *(r.uuid for r in receipt.updated)]
    with db.write() as session:
        stamps = ids_for_uuids(session, touched, "updated_at")
        edited = [u for u, stamp in stamps.items() if stamp != receipt.stamp]
        if edited:
            raise ValidationError(
                "undo",
                f"{len(edited)} of the imported interactions were changed after the import "
                f"(e.g. {edited[0]}); undoing would lose those changes, so nothing was undone.",
            )
        gone = [u for u in receipt.created if u in stamps]
        for start in range(0, len(gone), 500):
            chunk = gone[start : start + 500]
            followed = session.scalar(
                select(Interaction.title)
                .join(FollowUp, FollowUp.interaction_id == Interaction.id)
                .where(Interaction.uuid.in_(chunk))
                .limit(1)
            )
            if followed is not None:
                raise ValidationError(
                    "undo",
                    f"'{followed}' came in with the import and has follow-ups added since; "
                    "undoing would delete them, so nothing was undone.",
                )
            # links, countries, organisations and participants go too (ON DELETE CASCADE)
            session.execute(delete(Interaction).where(Interaction.uuid.in_(chunk)))
        for snap in receipt.updated:
            row = interactions.get_row(session, snap.uuid) if snap.uuid in stamps else None
            _restore(session, snap, row)
        if receipt.people_created:
            session.execute(
                delete(Person).where(
                    Person.uuid.in_(receipt.people_created),
                    Person.id.not_in(select(interaction_person.c.person_id)),
                )
            )
    return UndoResult(deleted=len(gone), restored=len(receipt.updated))
