"""Command-line commands for data safety: backups, restore, the audit trail, one writer.

    eunato-desk db backup [--to FILE]
    eunato-desk db backups [--format table|csv|json]
    eunato-desk db restore FILE
    eunato-desk history (--interaction UUID | --action N) [--format table|csv|json]

``command_guard`` is what ``cli.run`` wraps every command in: commands that write take the
database's lock (so they are refused while the app has the database open), and a database on a
network share or in a cloud-synced folder gets a warning on stderr. Same conventions as
``cli``: exit 0 on success, 1 for a user error (message on stderr), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

from eunato_desk.cli.output import FORMATS, render
from eunato_desk.core import audit
from eunato_desk.core.errors import DatabaseError, ValidationError
from eunato_desk.core.storage.backup import (
    backup_to,
    list_backups,
    make_backup,
    remove_stale_leftovers,
    restore_backup,
)
from eunato_desk.core.storage.integrity import check_before_open
from eunato_desk.core.storage.location import storage_warning
from eunato_desk.core.storage.lock import DatabaseLock
from eunato_desk.core.storage.opening import needs_writing, no_database_message, open_database

PROG = "eunato-desk"


def add_parsers(db_sub, common: argparse.ArgumentParser, sub) -> None:  # type: ignore[no-untyped-def]
    """Add ``db backup``, ``db backups``, ``db restore`` and ``history``."""
    backup = db_sub.add_parser(
        "backup",
        help="back up the database (checked copy) into backups/ next to it, or to FILE",
        parents=[common],
    )
    backup.add_argument("--to", type=Path, metavar="FILE", help="write the backup to FILE")
    listing = db_sub.add_parser("backups", help="list the backups, newest first", parents=[common])
    listing.add_argument("--format", choices=FORMATS, default="table")
    restore = db_sub.add_parser(
        "restore",
        help="replace the database with a backup (the current one is backed up first)",
        description="Replace the database with FILE, a backup. FILE must pass the integrity "
        "check. The current database is backed up first (or, if it is damaged, renamed aside). "
        "Refused while EU-NATO Desk has the database open.",
        parents=[common],
    )
    restore.add_argument("file", type=Path, metavar="FILE")

    history = sub.add_parser(
        "history", help="who changed an interaction or an action, and when", parents=[common]
    )
    which = history.add_mutually_exclusive_group(required=True)
    which.add_argument("--interaction", metavar="UUID")
    which.add_argument("--action", type=int, metavar="N")
    history.add_argument("--format", choices=FORMATS, default="table")


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


def cmd_db_backup(args: argparse.Namespace, path: Path) -> int:
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


def cmd_db_backups(args: argparse.Namespace, path: Path) -> int:
    rows = [b.as_json() for b in list_backups(path)]
    if args.format == "table":
        for row in rows:
            row["size"] = _size(int(row["size"]))  # type: ignore[arg-type]
    columns = ("created", "reason", "interactions", "size", "path")
    print(render(rows, columns, args.format), end="")
    return 0


def cmd_db_restore(args: argparse.Namespace, path: Path) -> int:
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


def cmd_history(args: argparse.Namespace, path: Path) -> int:
    with open_database(path) as db:
        if args.interaction:
            entries = audit.history_for_interaction(db, args.interaction.strip())
        else:
            entries = audit.history_for_action(db, args.action)
    columns = ("at", "officer", "about", "field", "old", "new")
    print(render([e.as_json() for e in entries], columns, args.format), end="")
    return 0


DB_COMMANDS = {"backup": cmd_db_backup, "backups": cmd_db_backups, "restore": cmd_db_restore}
SAFETY_COMMANDS = {"history": cmd_history}

# Commands that change the database, by (command, subcommand); dry runs do not.
WRITING = {("db", "upgrade"), ("log", None), ("demo", None), ("catalogue", "import"),
           ("import", None)}  # fmt: skip
# Commands that never write, or take the lock themselves (restore).
NEVER_LOCK = {("db", "check"), ("db", "backup"), ("db", "backups"), ("db", "restore")}
# The only command that creates a database (the GUI does too, after asking); restore makes
# one from a backup, and listing backups needs none.
MAY_BE_ABSENT = {("db", "upgrade"), ("db", "restore"), ("db", "backups")}


def _key(args: argparse.Namespace) -> tuple[str, str | None]:
    sub = getattr(args, f"{args.command}_command", None)
    return args.command, sub


def writes(args: argparse.Namespace, path: Path) -> bool:
    """Whether the command may write to the database (and so must hold its lock). A file that
    must not be opened is refused here, before any lock file is made beside it."""
    key = _key(args)
    if key in NEVER_LOCK:
        return False
    if key in WRITING and not getattr(args, "dry_run", False):
        return True
    return needs_writing(path)  # e.g. `list` on an older database upgrades it


@contextlib.contextmanager
def command_guard(args: argparse.Namespace, path: Path) -> Iterator[None]:
    """Refuse a missing database (only `db upgrade` creates one), hold the database's lock
    while a writing command runs (LockedError, a DatabaseError, if the app or another command
    has it), clear what interrupted backups and restores left, and warn on stderr about a
    risky location."""
    key = _key(args)
    if key not in MAY_BE_ABSENT and not path.exists():
        if path.is_symlink():
            raise DatabaseError(f"{path}: the symbolic link points to nothing.")
        raise DatabaseError(no_database_message(path))
    if not writes(args, path):
        yield
        return
    warning = storage_warning(path)
    if warning:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)
    if key == ("db", "upgrade") and not path.parent.is_dir():
        try:
            path.parent.mkdir(parents=True)
        except OSError as exc:
            raise DatabaseError(
                f"{path.parent}: cannot create the folder ({exc.strerror or exc})."
            ) from exc
        print(f"Created the folder {path.parent}.", file=sys.stderr)
    with DatabaseLock(path, purpose=f"the command line ({PROG} {args.command})"):
        remove_stale_leftovers(path)
        yield
