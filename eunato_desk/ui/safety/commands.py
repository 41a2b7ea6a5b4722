"""The safety commands, each a function returning an ``Op``: backups, the check, the backup
list, the change history. All of them run on the worker, timers included; a restore goes
through ``DbExecutor.reopen`` (see the controller). On a team server a backup is a portable
SQLite snapshot (``storage.snapshot``) and the check is the server's (``check_server``)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from eunato_desk.core import audit
from eunato_desk.core.audit import AuditEntry
from eunato_desk.core.storage.backup import BackupInfo, list_backups, make_backup
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.integrity import CheckReport, check_database
from eunato_desk.core.storage.server_open import ServerCheck, check_server
from eunato_desk.core.storage.snapshot import SnapshotInfo, snapshot_database
from eunato_desk.ui.ops import DbExecutor, JobContext, Op


def latest_change(parent: QWidget, executor: DbExecutor) -> Op:
    """The audit trail's newest entry: the marker of "changed since the last backup?"."""

    def newest_change(db: Database, _c: JobContext) -> int:
        return audit.latest_change(db)

    return Op(parent, executor, newest_change, writes=False)


def back_up(parent: QWidget, executor: DbExecutor, reason: str = "manual") -> Op:
    def backup(db: Database, _c: JobContext) -> BackupInfo:
        return make_backup(db.path, reason)

    return Op(parent, executor, backup, writes=False)


def back_up_if_changed(parent: QWidget, executor: DbExecutor, marker: int | None) -> Op:
    """(the newest change, the backup made or None when nothing changed since ``marker``)."""

    def auto_backup(db: Database, _c: JobContext) -> tuple[int, BackupInfo | None]:
        latest = audit.latest_change(db)
        return latest, (make_backup(db.path, "auto") if latest != marker else None)

    return Op(parent, executor, auto_backup, writes=False)


def snapshot(parent: QWidget, executor: DbExecutor) -> Op:
    """A team database copied whole into a new SQLite file in the backups folder."""

    def take_snapshot(db: Database, ctx: JobContext) -> SnapshotInfo:
        def progress(done: int, total: int) -> None:
            ctx.report(done, total, f"Copying the team database… {done:,} of {total:,} rows")

        return snapshot_database(db, progress=progress, cancelled=ctx.cancelled)

    return Op(parent, executor, take_snapshot, writes=False).with_progress(
        "Copying the team database into a snapshot file…"
    )


def check(parent: QWidget, executor: DbExecutor) -> Op:
    def full_check(db: Database, _c: JobContext) -> CheckReport | ServerCheck:
        if db.is_server:
            return check_server(db.address)  # type: ignore[arg-type]
        return check_database(db.path)  # type: ignore[arg-type]

    return Op(parent, executor, full_check, writes=False)


def load_backups(parent: QWidget, executor: DbExecutor) -> Op:
    """The backups, newest first, each opened with SQLite to count its interactions."""

    def backups(db: Database, _c: JobContext) -> list[BackupInfo]:
        return list_backups(db.path)

    return Op(parent, executor, backups, writes=False)


def interaction_history(parent: QWidget, executor: DbExecutor, uuid: str) -> Op:
    def history(db: Database, _c: JobContext) -> list[AuditEntry]:
        return audit.history_for_interaction(db, uuid)

    return Op(parent, executor, history, writes=False)


def action_history(parent: QWidget, executor: DbExecutor, number: int) -> Op:
    def history(db: Database, _c: JobContext) -> list[AuditEntry]:
        return audit.history_for_action(db, number)

    return Op(parent, executor, history, writes=False)
