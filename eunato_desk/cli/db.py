"""The `db` command: create, upgrade, check, back up and restore the database.

    eunato-desk db upgrade | check
    eunato-desk db backup [--to FILE]
    eunato-desk db backups [--format table|csv|json]
    eunato-desk db restore FILE

`db check` exits 1 when it finds a problem; the others exit 1 for a user error (message on
stderr). `db upgrade` is the only command that creates a database.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from eunato_desk.cli.options import Commands, Handler, format_option
from eunato_desk.cli.output import render
from eunato_desk.core.errors import DatabaseError, ValidationError
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.backup import (
    backup_to,
    list_backups,
    make_backup,
    restore_backup,
)
from eunato_desk.core.storage.integrity import check_before_open, check_database
from eunato_desk.core.storage.opening import open_database


def register(commands: Commands) -> dict[str, Handler]:
    db = commands.group(commands.add("db", help="database upkeep"), "db_command")
    db.add("upgrade", help="create or upgrade the database to this version")
    db.add("check", help="integrity, foreign keys and schema revision")
    backup = db.add(
        "backup", help="back up the database (checked copy) into backups/ next to it, or to FILE"
    )
    backup.add_argument("--to", type=Path, metavar="FILE", help="write the backup to FILE")
    format_option(db.add("backups", help="list the backups, newest first"))
    restore = db.add(
        "restore",
        help="replace the database with a backup (the current one is backed up first)",
        description="Replace the database with FILE, a backup. FILE must pass the integrity "
        "check. The current database is backed up first (or, if it is damaged, renamed aside). "
        "Refused while EU-NATO Desk has the database open.",
    )
    restore.add_argument("file", type=Path, metavar="FILE")
    return {"db": cmd_db}


def cmd_db(args: argparse.Namespace, path: Path) -> int:
    return SUBCOMMANDS[args.db_command](args, path)


def cmd_upgrade(args: argparse.Namespace, path: Path) -> int:
    before = migrate.current_revision(path) if path.exists() else None
    open_database(path, create=True).dispose()
    print(f"{path}: schema at {migrate.head_revision()} (was {before or 'new'}).")
    return 0


def cmd_check(args: argparse.Namespace, path: Path) -> int:
    report = check_database(path)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def _require_database(path: Path) -> None:
    if not path.exists():
        raise DatabaseError(f"{path}: no such database file.")
    check_before_open(path)


def cmd_backup(args: argparse.Namespace, path: Path) -> int:
    _require_database(path)
    if args.to is not None:
        target = Path(args.to)
        if target.exists():
            raise ValidationError("--to", f"{target} already exists; choose a new file name.")
        if target.parent and not target.parent.is_dir():
            raise ValidationError("--to", f"{target.parent}: no such folder.")
        backup_to(path, target)
        print(f"Backed up {path} to {target} ({_size(target.stat().st_size)}).")
        return 0
    info = make_backup(path, "manual")
    n = info.interactions
    count = "? interactions" if n is None else f"{n:,} interaction{'s' if n != 1 else ''}"
    print(f"Backed up {path} to {info.path} ({_size(info.size)}, {count}).")
    return 0


def cmd_backups(args: argparse.Namespace, path: Path) -> int:
    rows = [b.as_json() for b in list_backups(path)]
    if args.format == "table":
        for row in rows:
            row["size"] = _size(int(row["size"]))  # type: ignore[arg-type]
    columns = ("created", "reason", "interactions", "size", "path")
    print(render(rows, columns, args.format), end="")
    return 0


def cmd_restore(args: argparse.Namespace, path: Path) -> int:
    source = Path(args.file)
    if not source.is_file():
        raise ValidationError("FILE", f"{source}: no such file.")
    report = restore_backup(path, source)
    print(f"Restored {path} from {source} (schema {report.revision}).")
    if report.safety_copy is not None:
        print(f"The database as it was before is backed up as {report.safety_copy}.")
    for moved in report.set_aside:
        print(f"The previous file could not be backed up; it was renamed to {moved}.")
    return 0


SUBCOMMANDS: dict[str, Handler] = {
    "upgrade": cmd_upgrade,
    "check": cmd_check,
    "backup": cmd_backup,
    "backups": cmd_backups,
    "restore": cmd_restore,
}
