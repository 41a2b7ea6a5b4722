"""The CSV commands, each a function returning an ``Op``: export, preview an import, import,
undo an import."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from eunato_desk.core.records import InteractionFilter
from eunato_desk.core.storage.db import Database
from eunato_desk.core.transfer.export import ExportResult, export_csv
from eunato_desk.core.transfer.importer import (
    ImportPreview,
    ImportReceipt,
    UndoResult,
    apply_import,
    preview_import,
    undo_import,
)
from eunato_desk.ui.changes import EVERYTHING
from eunato_desk.ui.ops import DbExecutor, JobContext, Op


def export(
    parent: QWidget, executor: DbExecutor, flt: InteractionFilter, path: str, layout: str,
    flavor: str, *, replace: bool, delimiter: str = ",",
) -> Op:  # fmt: skip
    """Write the interactions of ``flt`` to ``path``, with progress and cancel."""

    def csv_export(db: Database, ctx: JobContext) -> ExportResult:
        return export_csv(
            db, flt, path, layout, flavor, progress=ctx.report, cancelled=ctx.cancelled,
            replace=replace, field="File", delimiter=delimiter,
        )  # fmt: skip

    return Op(parent, executor, csv_export, writes=False).with_progress("Exporting interactions…")


def preview(
    parent: QWidget, executor: DbExecutor, path: str, mapping: dict[str, str] | None,
    date_order: str | None,
) -> Op:  # fmt: skip
    """What an import would do: to create, to update, unchanged, rejected rows."""

    def import_preview(db: Database, _c: JobContext) -> ImportPreview:
        return preview_import(db, path, mapping, date_order)

    return Op(parent, executor, import_preview, writes=False)


def import_rows(
    parent: QWidget, executor: DbExecutor, found: ImportPreview, *, valid_only: bool,
    officer: str,
) -> Op:  # fmt: skip
    """Import all or nothing (or only the valid rows), with progress and cancel."""

    def csv_import(db: Database, ctx: JobContext) -> ImportReceipt:
        return apply_import(
            db, found, valid_only=valid_only, officer=officer, progress=ctx.report,
            cancelled=ctx.cancelled,
        )  # fmt: skip

    return Op(parent, executor, csv_import, changes=EVERYTHING).with_progress("Importing…")


def undo(parent: QWidget, executor: DbExecutor, receipt: ImportReceipt) -> Op:
    def undo_csv_import(db: Database, _c: JobContext) -> UndoResult:
        return undo_import(db, receipt)

    return Op(parent, executor, undo_csv_import, changes=EVERYTHING)
