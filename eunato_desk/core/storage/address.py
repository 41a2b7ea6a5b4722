"""Where a database is: a file on this computer, or a database on a PostgreSQL team server.

``--db`` and ``EUNATO_DESK_DB`` take either. A server address is a URL
(``postgresql://anna@server:5432/eunato``; ``postgres://`` and ``postgresql+psycopg://`` too)
whose query passes through to libpq unchanged (``?host=/socket/dir``, ``sslmode=require``...);
anything else is a file path. A plain ``postgresql://`` URL is normalised to the psycopg
driver this application ships with.

A password is never shown: ``ServerAddress`` prints, and ``repr``s, with ``***`` in its place
(libpq reads ``PGPASSWORD`` and ``PGPASSFILE`` by itself, so a URL needs none).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from eunato_desk.core.errors import ValidationError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

SERVER_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
DRIVER = "postgresql+psycopg"


def is_server_url(text: str) -> bool:
    """Whether ``text`` names a database on a server (rather than a file)."""
    scheme, sep, _rest = text.strip().partition("://")
    return bool(sep) and scheme.lower() in SERVER_SCHEMES


@dataclass(frozen=True)
class ServerAddress:
    """A database on a PostgreSQL server. ``url`` carries the password if one was typed (for
    the connection only); ``label`` and ``str()`` never do."""

    url: URL

    @classmethod
    def parse(cls, text: str, field: str = "--db") -> ServerAddress:
        """The address of a ``postgresql://`` URL; ValidationError naming ``field`` if it
        cannot be read or names no database (the message never shows the password)."""
        scheme, _sep, rest = text.strip().partition("://")
        if scheme.lower() not in SERVER_SCHEMES:
            raise ValidationError(field, f"{scheme}:// is not a PostgreSQL address.")
        # SQLAlchemy only for a server's address: a file's path needs none of it (start-up).
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(f"{DRIVER}://{rest}")
        except (ArgumentError, ValueError) as exc:
            raise ValidationError(
                field, f"{_masked_text(text)} is not a valid server address ({exc})."
            ) from None
        if not url.database:
            raise ValidationError(
                field,
                f"{_masked_text(text)} names no database; add it after the server, e.g. "
                "postgresql://anna@server/eunato.",
            )
        return cls(url)

    @property
    def label(self) -> str:
        """The address for messages and titles: ``postgresql://anna@server/eunato``, the
        driver left out and any password replaced by ``***``."""
        shown = self.url.set(drivername="postgresql")
        return unquote(shown.render_as_string(hide_password=True))

    @property
    def database(self) -> str:
        return self.url.database or ""

    @property
    def user(self) -> str | None:
        return self.url.username

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"ServerAddress({self.label!r})"


# A database: a file's path, or a server's address.
Address = Path | ServerAddress


def _masked_text(text: str) -> str:
    """A URL as typed, with any password between ``user:`` and ``@`` replaced by ``***``."""
    scheme, sep, rest = text.partition("://")
    userinfo, at, host = rest.rpartition("@")
    if not at or ":" not in userinfo:
        return text
    user = userinfo.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}"


def parse_address(value: str | os.PathLike[str], field: str = "--db") -> Address:
    """A server address for a ``postgresql://`` URL, else the text as a file path (not yet
    resolved: see ``resolve_address``)."""
    if isinstance(value, ServerAddress):
        return value
    text = os.fspath(value)
    if is_server_url(text):
        return ServerAddress.parse(text, field)
    return Path(text)


def resolve_address(value: str | os.PathLike[str] | ServerAddress) -> Address:
    """The database of ``value``: a server's address as it is, or a file's real path (``~``
    expanded, absolute, symbolic links followed once: see ``dbfile.resolve``)."""
    from eunato_desk.core.storage.dbfile import resolve

    address = parse_address(value)
    return address if isinstance(address, ServerAddress) else resolve(address)


def describe(address: Address) -> str:
    """The address for a message: the file's path, or the server's label."""
    return address.label if isinstance(address, ServerAddress) else str(address)
