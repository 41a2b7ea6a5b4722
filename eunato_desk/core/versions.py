"""Interaction versions: optimistic concurrency for officers sharing one database.

Every interaction carries ``version``: 1 when it is created, +1 with every committed change an
officer could see on the record, once per transaction: its own fields (a save, an import
update, undoing an import), its action links, countries, organisations and participants, its
follow-ups (added, edited, marked done or open, removed) and moving it to the Trash or back.
Changes to the reference lists and the catalogue (renaming or merging an organisation,
renumbering an action) do not count: they change how a name shows on every record, not what
the record says, and a form opened before them still saves what the officer meant (names
resolve through aliases, numbers through the catalogue's lineage).

A save that names the version it started from (``expected_version``) is refused with a
``ConflictError`` when the stored version differs, and writes nothing. The check and the write
are one transaction: the version is read in the write transaction, and the ORM's UPDATE says
``WHERE version = <the version read>`` (``version_id_col`` on the model), so a writer that
slipped in between (possible on a server database) makes the UPDATE match no row and the save
fails as a conflict too. Portable SQL only: this works on any backend.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import update
from sqlalchemy.orm import Session

from eunato_desk.core.errors import DeskError
from eunato_desk.core.models import Interaction
from eunato_desk.core.records import InteractionRecord

_TABLE = Interaction.__table__


class ConflictError(DeskError):
    """A save started from an older version of the interaction: ``theirs`` is the record as
    stored now (with who last edited it, and when), ``expected`` the version the save started
    from. Nothing was written."""

    def __init__(self, theirs: InteractionRecord, expected: int) -> None:
        self.theirs = theirs
        self.expected = expected
        super().__init__(
            f"Not saved: interaction {theirs.uuid} was changed after you read it (now version "
            f"{theirs.version}; you had version {expected}), last edited by "
            f"{edited_by(theirs)} at {stamp_text(theirs.updated_at)}."
        )


def edited_by(record: InteractionRecord) -> str:
    """Who last edited ``record``, for a sentence."""
    return record.updated_by.strip() or "an officer with no name set"


def stamp_text(stamp: str) -> str:
    """A stored UTC timestamp (2026-11-30T14:02:05Z) as a person reads it: 2026-11-30 14:02 UTC."""
    if len(stamp) >= 16 and stamp[10] == "T":
        return f"{stamp[:10]} {stamp[11:16]} UTC"
    return stamp


def bump(row: Interaction) -> None:
    """One more version for an interaction loaded in this transaction (not for a new one: it
    starts at 1). The flush writes it with ``WHERE version = <the version read>``."""
    if row.version is not None and row.id is not None:
        row.version = row.version + 1


def bump_ids(session: Session, ids: Iterable[int]) -> None:
    """One more version for the interactions ``ids`` that are not loaded in this session (a
    follow-up changed on its own), in one statement."""
    wanted = sorted(set(ids))
    if wanted:
        session.execute(
            update(_TABLE).where(_TABLE.c.id.in_(wanted)).values(version=_TABLE.c.version + 1)
        )


def check(row: Interaction, record: InteractionRecord, expected: int | None) -> None:
    """ConflictError (theirs: ``record``, the stored row) when ``expected`` is given and the
    stored version differs."""
    if expected is not None and row.version != expected:
        raise ConflictError(record, expected)
