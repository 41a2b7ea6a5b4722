"""The `db` command: create, upgrade, check, back up and restore the database.

    eunato-desk db upgrade | check
    eunato-desk db backup [--to FILE]
    eunato-desk db backups [--format table|csv|json]
    eunato-desk db restore FILE
    eunato-desk db copy SOURCE TARGET   (see ``db_copy``)

`db check` exits 1 when it finds a problem; the others exit 1 for a user error (message on
stderr). `db upgrade` is the only command that creates a database.

On a team server (``--db postgresql://...``): `db upgrade` creates or upgrades the schema (no
file backup: the server's administrators back it up), `db check` checks the schema revision,
the identity, the foreign keys and counts; `db backup` writes a portable SQLite snapshot
(``snapshot``); `db backups` and `db restore` are for files and refuse a server.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from eunato_desk.cli.db_copy import PROG, Progress, cmd_copy
from eunato_desk.cli.options import Handler
from eunato_desk.cli.output import render
from eunato_desk.core.errors import DatabaseError, ValidationError
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.address import Address, ServerAddress
from eunato_desk.core.storage.backup import (
    backup_to,
    list_backups,
    make_backup,
    restore_backup,
)
from eunato_desk.core.storage.integrity import check_before_open, check_database
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.storage.server_open import check_server, examine_server
from eunato_desk.core.storage.snapshot import snapshot_database


def cmd_db(args: argparse.Namespace, path: Address) -> int:
    if args.db_command == "copy":  # names its own two databases
        return cmd_copy(args)
    if isinstance(path, ServerAddress):
        return SERVER_SUBCOMMANDS[args.db_command](args, path)
    return SUBCOMMANDS[args.db_command](args, path)


def cmd_server_upgrade(args: argparse.Namespace, address: ServerAddress) -> int:
    before = examine_server(address).revision
    open_database(address, create=True).dispose()
    print(
        f"{address.label}: schema at {migrate.head_revision()} (was {before or 'new'}). "
        "No file backup is made of a server database: its administrators back it up "
        "(pg_dump)."
    )
    return 0


def cmd_server_check(args: argparse.Namespace, address: ServerAddress) -> int:
    report = check_server(address)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


def cmd_server_backup(args: argparse.Namespace, address: ServerAddress) -> int:
    """`db backup` of a server database: a portable SQLite snapshot, timestamped, in the
    backups folder of the data folder (or FILE with --to), written whole or not at all."""
    target = Path(args.to) if args.to is not None else None
    if target is not None and (target.exists() or target.is_symlink()):
        raise ValidationError("--to", f"{target} already exists; choose a new file name.")
    if target is not None and not target.parent.is_dir():
        raise ValidationError("--to", f"{target.parent}: no such folder.")
    with open_database(address) as db:
        info = snapshot_database(
            db, target.parent if target is not None else None, progress=Progress()
        )
    path = info.path
    if target is not None:
        os.replace(path, target)  # ours, closed, in the same folder
        path = target
    print(
        f"Backed up {address.label} to {path} ({info.interactions:,} interactions): a "
        f"portable SQLite snapshot. `{PROG} --db {path} list` reads it offline; "
        f"`{PROG} db copy {path} URL` puts it on an empty server database."
    )
    return 0


def cmd_server_files(args: argparse.Namespace, address: ServerAddress) -> int:
    """`db backups` and `db restore` read files beside a database file."""
    what = {
        "backups": "listed with file backups",
        "restore": "restored from a file backup",
    }[args.db_command]
    advice = (
        "copy a backup file into it with `eunato-desk db copy FILE URL`, or ask its "
        "administrators to restore it"
        if args.db_command == "restore"
        else "its administrators back it up on the server (pg_dump)"
    )
    raise DatabaseError(f"{address.label}: a database on a server is not {what}; {advice}.")


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

SERVER_SUBCOMMANDS: dict[str, Handler] = {
    "upgrade": cmd_server_upgrade,  # type: ignore[dict-item]
    "check": cmd_server_check,  # type: ignore[dict-item]
    "backup": cmd_server_backup,  # type: ignore[dict-item]
    "backups": cmd_server_files,  # type: ignore[dict-item]
    "restore": cmd_server_files,  # type: ignore[dict-item]
}
