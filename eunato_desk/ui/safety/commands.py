"""The safety commands, each a function returning an ``Op``: backups, the check, the backup
list, the change history. All of them run on the worker, timers included; a restore goes
through ``DbExecutor.reopen`` (see the controller)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from eunato_desk.core import audit
from eunato_desk.core.audit import AuditEntry
from eunato_desk.core.storage.backup import BackupInfo, list_backups, make_backup
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.integrity import CheckReport, check_database
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


def check(parent: QWidget, executor: DbExecutor) -> Op:
    def full_check(db: Database, _c: JobContext) -> CheckReport:
        return check_database(db.path)

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
