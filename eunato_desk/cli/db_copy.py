"""`eunato-desk db copy SOURCE TARGET`: a whole database from a file to a team server, from
the server to a file (an offline copy for travel), or file to file.

What it copies, and what it refuses, is what `db copy --help` says
(``cli.parsers.db.COPY_DESCRIPTION``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.storage.address import Address, ServerAddress, describe, resolve_address
from eunato_desk.core.storage.copy import copy_database
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.dbfile import remove_with_side_files
from eunato_desk.core.storage.lock import DatabaseLock
from eunato_desk.core.storage.opening import needs_writing, open_database

PROG = "eunato-desk"


def _address(text: str, field: str) -> Address:
    try:
        return resolve_address(text)
    except OSError as exc:
        raise ValidationError(field, f"{text}: {exc.strerror or exc}.") from None


class Progress:
    """Progress on stderr: a line at each tenth of the rows."""

    def __init__(self) -> None:
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        tenth = done * 10 // total if total else 10
        if tenth > self.shown:
            self.shown = tenth
            print(f"Copying… {tenth * 10}% ({done:,} of {total:,} rows)", file=sys.stderr)


def _open_source(source: Address) -> Database:
    if isinstance(source, Path):
        if not source.exists():
            raise ValidationError("SOURCE", f"{source}: no such database.")
        if needs_writing(source):
            raise ValidationError(
                "SOURCE",
                f"{source} has an older schema; upgrade it first with "
                f"`{PROG} --db {source} db upgrade`.",
            )
    return open_database(source)


@contextmanager
def _target(target: Address) -> Iterator[Database]:
    """The target, opened (and made when it is a new file), under its lock if a file; a file
    made here is removed again when the copy does not complete."""
    if isinstance(target, ServerAddress):
        with open_database(target, create=True) as db:
            yield db
        return
    made = not target.exists() and not target.is_symlink()
    if made and not target.parent.is_dir():
        raise ValidationError("TARGET", f"{target.parent}: no such folder.")
    lock = DatabaseLock(target, purpose=f"the command line ({PROG} db copy)")
    lock.acquire()
    try:
        db = open_database(target, create=made)
        try:
            yield db
        finally:
            db.dispose()
    except BaseException:
        if made:
            remove_with_side_files(target)
        raise
    finally:
        lock.release()


def cmd_copy(args: argparse.Namespace) -> int:
    source, target = _address(args.source, "SOURCE"), _address(args.target, "TARGET")
    if describe(source) == describe(target):
        raise ValidationError("TARGET", "the same database as SOURCE; copy into another one.")
    with _open_source(source) as src, _target(target) as dst:
        result = copy_database(
            src, dst, progress=Progress(), source_label=describe(source),
            target_label=describe(target),
        )  # fmt: skip
    noun = "interaction" if result.interactions == 1 else "interactions"
    print(
        f"Copied {result.interactions:,} {noun} ({result.total:,} rows: catalogue, reference "
        f"lists, follow-ups, history and audit trail) from {describe(source)} to "
        f"{describe(target)}."
    )
    return 0
