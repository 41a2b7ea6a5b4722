"""The error types the core raises. The GUI and the CLI both show their message."""

from __future__ import annotations

# Said of a write the disk failed (an I/O error): whether it committed is not known until the
# database is read again (``interactions.save_interaction`` does, and then says which).
UNCERTAIN = " The change may not have been saved: check before repeating it."


class DeskError(Exception):
    """Base class for every error meant to be shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DeskError):
    """Bad input: names the field (or file/row) it concerns and what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


class NotFoundError(DeskError):
    """A record asked for by its public id or number does not exist."""


class DatabaseError(DeskError):
    """The database file cannot be used (damaged, locked, wrong kind of file)."""


class SchemaTooNewError(DatabaseError):
    """The database was written by a newer version of the app; it is left untouched."""


class OperationCancelled(DeskError):
    """The user cancelled a long operation; nothing was changed."""
