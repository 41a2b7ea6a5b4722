"""The `db` command's parsers: upgrade, check, backup, backups, restore and copy (handlers:
``cli.db`` and ``cli.db_copy``)."""

from __future__ import annotations

from pathlib import Path

from eunato_desk.cli.options import Commands, HandlerRef, format_option

# What `db copy --help` says.
COPY_DESCRIPTION = """\
SOURCE and TARGET are each a file path or a postgresql:// address. The source is only \
read, in one snapshot; it must be at this version's schema ('db upgrade' it first). The \
target is a new file (created here, removed again if the copy does not complete), an empty \
server database (its schema is created first: that needs the rights of whoever runs \
'db upgrade' there), or a database just made with 'db upgrade'; one holding an officer's \
records is refused. Everything is copied in one transaction: UUIDs, links, follow-ups, the \
catalogue's history and the audit trail. Progress goes to stderr."""


def register(commands: Commands) -> dict[str, HandlerRef]:
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
    copy = db.add(
        "copy",
        help="copy a whole database between a file and a team server (either way)",
        description=COPY_DESCRIPTION,
    )
    copy.add_argument("source", metavar="SOURCE", help="a database file or postgresql:// URL")
    copy.add_argument("target", metavar="TARGET", help="a new file, or an empty database")
    return {"db": "eunato_desk.cli.db:cmd_db"}
