"""What ``main.run`` wraps every command in (``command_guard``): a missing database is refused
(only `db upgrade` creates one), commands that write take the database's lock (so they are
refused while the app has the database open), what interrupted backups and restores left is
cleared, and a database on a network share or in a cloud-synced folder gets a warning on
stderr. The tables below say which commands write.

Light on purpose: a command that only reads passes through here with the file's cheap checks
alone (``opening.needs_writing``); the lock, the clearing and a server login's rights are
loaded by the functions of ``core.storage.opening`` that a writing command calls.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator

from eunato_desk.cli.options import PROG
from eunato_desk.cli.parsers.reference import WRITING as REFERENCE_WRITING
from eunato_desk.core.errors import DatabaseError
from eunato_desk.core.storage.address import Address, ServerAddress
from eunato_desk.core.storage.opening import (
    held_for_writing,
    location_warning,
    needs_writing,
    no_database_message,
    refuse_read_only_login,
)

# Commands that change the database, by (command, subcommand); dry runs do not.
WRITING = {("db", "upgrade"), ("log", None), ("edit", None), ("demo", None),
           ("catalogue", "import"), ("catalogue", "load-text"),
           ("import", None)} | REFERENCE_WRITING  # fmt: skip
# Commands that never write, or take the lock themselves (restore).
NEVER_LOCK = {("db", "check"), ("db", "backup"), ("db", "backups"), ("db", "restore"),
              ("db", "copy")}  # fmt: skip
# The only command that creates a database (the GUI does too, after asking); restore makes
# one from a backup, listing backups needs none, and copy names its own two databases (and
# takes the target's lock itself).
MAY_BE_ABSENT = {("db", "upgrade"), ("db", "restore"), ("db", "backups"), ("db", "copy")}


def _key(args: argparse.Namespace) -> tuple[str, str | None]:
    sub = getattr(args, f"{args.command}_command", None)
    return args.command, sub


def writes(args: argparse.Namespace, path: Address) -> bool:
    """Whether the command may write to the database (and so must hold its lock). A file that
    must not be opened is refused here, before any lock file is made beside it."""
    key = _key(args)
    if key in NEVER_LOCK:
        return False
    if key in WRITING and not getattr(args, "dry_run", False):
        return True
    return needs_writing(path)  # e.g. `list` on an older database upgrades it


@contextlib.contextmanager
def command_guard(args: argparse.Namespace, path: Address) -> Iterator[None]:
    """Refuse a missing database (only `db upgrade` creates one), hold the database's lock
    while a writing command runs (LockedError, a DatabaseError, if the app or another command
    has it), clear what interrupted backups and restores left, and warn on stderr about a
    risky location. On a server database: no lock, but a login that may only read is refused
    before a writing command starts."""
    key = _key(args)
    if isinstance(path, ServerAddress):
        if key in WRITING and key != ("db", "upgrade") and not getattr(args, "dry_run", False):
            refuse_read_only_login(path)
        yield
        return
    if key not in MAY_BE_ABSENT and not path.exists():
        if path.is_symlink():
            raise DatabaseError(f"{path}: the symbolic link points to nothing.")
        raise DatabaseError(no_database_message(path))
    if not writes(args, path):
        yield
        return
    warning = location_warning(path)
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
    with held_for_writing(path, purpose=f"the command line ({PROG} {args.command})"):
        yield
