"""File > Recent databases: the addresses of the databases opened here, files and team
servers, most recent first, at most eight, kept in QSettings. Addresses only: a server's
address is kept without any password (a password is never written anywhere)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from eunato_desk.core.storage.address import Address, ServerAddress
from eunato_desk.ui.team.opening import without_password

KEY = "recent/databases"
MAX_RECENT = 8


def address_text(address: Address) -> str:
    """The address as it is kept and shown: a file's path, or the server's URL without a
    password (``postgresql://anna@server/eunato``)."""
    if isinstance(address, ServerAddress):
        return without_password(address).label
    return str(address)


def recent_databases() -> list[str]:
    value = QSettings().value(KEY, [])
    if isinstance(value, str):  # QSettings gives a one-element list back as a string
        value = [value]
    return [str(v) for v in value or [] if str(v)][:MAX_RECENT]


def remember(address: Address) -> list[str]:
    """Put ``address`` first in the list (once) and return the list."""
    text = address_text(address)
    kept = [text, *(v for v in recent_databases() if v != text)][:MAX_RECENT]
    settings = QSettings()
    settings.setValue(KEY, kept)
    settings.sync()
    return kept


def recent_servers() -> list[str]:
    from eunato_desk.core.storage.address import is_server_url

    return [v for v in recent_databases() if is_server_url(v)]
