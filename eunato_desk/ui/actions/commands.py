"""The Actions view's commands, each a function returning an ``Op``: the overview, one
action's page, the catalogue changes (edit, add, renumber, merge, split, retire), dossiers,
the import of a CSV list of actions (a preview, then the import), and the load of an official
text (read a file, preview, load, undo the load)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from eunato_desk.core.analysis import history as action_history
from eunato_desk.core.catalogue import actions as catalogue
from eunato_desk.core.catalogue import edit as catalogue_edit
from eunato_desk.core.catalogue import official_load as official
from eunato_desk.core.catalogue.actions import CatalogueImportReport
from eunato_desk.core.records import ActionDossier
from eunato_desk.core.storage.db import Database
from eunato_desk.documents.write import write_dossier
from eunato_desk.ui.changes import NOTHING, Changes
from eunato_desk.ui.ops import DbExecutor, JobContext, Op
from eunato_desk.ui.save_target import Target

CATALOGUE = Changes(catalogue=True)


def load_overview(parent: QWidget, executor: DbExecutor, stale_months: int) -> Op:
    """(the areas, every active action with its counts)."""

    def overview(db: Database, _c: JobContext):  # type: ignore[no-untyped-def]
        return catalogue.list_areas(db), action_history.action_overview(
            db, stale_months=stale_months
        )

    return Op(parent, executor, overview, writes=False)


def load_action(parent: QWidget, executor: DbExecutor, number: int) -> Op:
    """One action: its record, its history and its open follow-ups."""

    def action_page(db: Database, _c: JobContext) -> ActionDossier:
        return action_history.build_dossier(db, action_number=number).sections[0]

    return Op(parent, executor, action_page, writes=False)


def change_catalogue(
    parent: QWidget, executor: DbExecutor, change: Callable[[Database], None]
) -> Op:
    """One catalogue change (``change(db)`` calls one of core.catalogue.edit's functions)."""

    def catalogue_change(db: Database, _c: JobContext) -> None:
        change(db)

    return Op(parent, executor, catalogue_change, changes=CATALOGUE)


def update_action(parent, executor, number, edit, officer) -> Op:  # type: ignore[no-untyped-def]
    return change_catalogue(
        parent, executor, lambda db: catalogue_edit.update_action(db, number, edit, officer)
    )


def add_action(parent, executor, number, edit, officer) -> Op:  # type: ignore[no-untyped-def]
    return change_catalogue(
        parent, executor, lambda db: catalogue_edit.add_action(db, number, edit, officer)
    )


def renumber_action(parent, executor, old: int, new: int, officer: str, *, merge: bool) -> Op:  # type: ignore[no-untyped-def]
    """Renumber ``old`` as ``new``, or (``merge``) merge it into the existing ``new``."""
    move = catalogue_edit.merge_actions if merge else catalogue_edit.renumber_action
    return change_catalogue(parent, executor, lambda db: move(db, old, new, officer))


def split_action(parent, executor, number, new, title, officer) -> Op:  # type: ignore[no-untyped-def]
    return change_catalogue(
        parent, executor, lambda db: catalogue_edit.split_action(db, number, new, title, officer)
    )


def retire_action(parent, executor, number, officer) -> Op:  # type: ignore[no-untyped-def]
    return change_catalogue(
        parent, executor, lambda db: catalogue_edit.retire_action(db, number, officer)
    )


def export_dossier(
    parent: QWidget, executor: DbExecutor, target: Target, *, action_number: int | None = None,
    area_code: int | None = None, period: tuple[dt.date | None, dt.date | None] = (None, None),
    officer: str = "",
) -> Op:  # fmt: skip
    """Build the dossier (of the period: all dates by default; ``officer`` its author) and
    write it, off the GUI thread, with progress and cancel."""

    def dossier(db: Database, ctx: JobContext) -> Path:
        built = action_history.build_dossier(
            db, action_number=action_number, area_code=area_code, date_from=period[0],
            date_to=period[1], officer=officer,
        )  # fmt: skip
        return write_dossier(
            built, target.path, progress=ctx.report, cancelled=ctx.cancelled,
            database=target.database, replace=target.replace, field="File",
        )  # fmt: skip

    return Op(parent, executor, dossier, writes=False).with_progress("Writing the dossier…")


def preview_catalogue(parent: QWidget, executor: DbExecutor, path: str) -> Op:
    """What importing the CSV list of actions ``path`` would change: a dry run (the core
    rolls its write transaction back), so it runs on the writer and changes nothing."""

    def catalogue_preview(db: Database, _c: JobContext) -> CatalogueImportReport:
        return catalogue.import_catalogue(db, Path(path), dry_run=True)

    return Op(parent, executor, catalogue_preview, changes=NOTHING)


def import_catalogue(parent: QWidget, executor: DbExecutor, path: str) -> Op:
    """Update actions by number from the CSV list ``path``, all or nothing."""

    def catalogue_import(db: Database, _c: JobContext) -> CatalogueImportReport:
        return catalogue.import_catalogue(db, Path(path))

    return Op(parent, executor, catalogue_import, changes=CATALOGUE)


def read_official_text(parent: QWidget, executor: DbExecutor, path: str) -> Op:
    """The text file ``path`` decoded (a ``SourceText``), read off the GUI thread."""

    def official_text_file(_db: Database, _c: JobContext) -> official.SourceText:
        return official.read_text_file(path)

    return Op(parent, executor, official_text_file, writes=False)


def preview_official_text(
    parent: QWidget, executor: DbExecutor, source: official.SourceText, set_year: int
) -> Op:
    """What loading ``source`` as the ``set_year`` set would change (reads only)."""

    def official_text_preview(db: Database, _c: JobContext) -> official.LoadPreview:
        return official.preview_load(db, source, set_year)

    return Op(parent, executor, official_text_preview, writes=False)


def load_official_text(
    parent: QWidget, executor: DbExecutor, preview: official.LoadPreview, officer: str, *,
    accept_count: bool,
) -> Op:  # fmt: skip
    """Load the previewed text: one transaction, after a checked backup."""

    def official_text_load(db: Database, _c: JobContext) -> official.LoadReceipt:
        return official.apply_load(db, preview, officer, accept_count=accept_count)

    return Op(parent, executor, official_text_load, changes=CATALOGUE)


def undo_official_load(
    parent: QWidget, executor: DbExecutor, receipt: official.LoadReceipt, officer: str
) -> Op:
    """Put back the actions a load changed (refused if any changed since)."""

    def official_load_undo(db: Database, _c: JobContext) -> official.UndoLoadResult:
        return official.undo_load(db, receipt, officer)

    return Op(parent, executor, official_load_undo, changes=CATALOGUE)
