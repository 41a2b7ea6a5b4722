"""Opening another database from the window (File > Connect to team database…, File > Recent
databases), always off the GUI thread: the GUI never runs SQL, not even to connect.

``DatabaseOpener.open(address, password)`` runs ``open_for_window`` on a thread of its own and
reports ``opened(Opened)`` or ``failed(exc)``; ``needs_password(exc)`` says whether the server
asked for a password (or refused the one given). A password lives only in the address given
to the connection (never in settings, never in a file)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from eunato_desk.core.storage.address import Address, ServerAddress
from eunato_desk.core.storage.backup import remove_stale_leftovers
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.dbfile import resolve
from eunato_desk.core.storage.lock import DatabaseLock
from eunato_desk.core.storage.opening import open_database

# SQLSTATEs of a refused login (invalid password, invalid authorization) and libpq's words
# when the server asks for a password and none was given.
_LOGIN_STATES = {"28P01", "28000"}
_ASKED = ("no password supplied", "password authentication failed")


@dataclass
class Opened:
    """A database opened for a window: a file under its lock, or a server database."""

    db: Database
    lock: DatabaseLock | None = None


def open_for_window(address: Address) -> Opened:
    """Open ``address`` as the application does (a file: under its lock, never created, the
    full-file check left to the window's writer; a server: as ``open_database``, which
    refuses an empty or foreign database and finds out a read-only login)."""
    if isinstance(address, ServerAddress):
        return Opened(open_database(address))
    path = resolve(Path(address))
    lock = DatabaseLock(path, purpose="EU-NATO Desk")
    lock.acquire()
    try:
        remove_stale_leftovers(path)
        return Opened(open_database(path, defer_deep_check=True), lock)
    except BaseException:
        lock.release()
        raise


def needs_password(exc: BaseException) -> bool:
    """Whether the server refused the login for want of the right password."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        state = str(getattr(current, "sqlstate", "") or "")
        text = str(current).lower()
        if state in _LOGIN_STATES or any(words in text for words in _ASKED):
            return True
        current = current.__cause__ or current.__context__
    return False


def without_password(address: ServerAddress) -> ServerAddress:
    """The address with no password in it (``URL.set(password=None)`` would keep it)."""
    return ServerAddress(address.url._replace(password=None))


def with_password(address: ServerAddress, password: str) -> ServerAddress:
    """The address with the password for this connection (its label still shows none)."""
    return ServerAddress(address.url.set(password=password))


class _Signals(QObject):
    opened = Signal(object)
    failed = Signal(object)


class _OpenJob(QRunnable):
    def __init__(self, address: Address, signals: _Signals) -> None:
        super().__init__()
        self.address = address
        self.signals = signals

    def run(self) -> None:
        try:
            opened = open_for_window(self.address)
        except BaseException as exc:
            self.signals.failed.emit(exc)
        else:
            self.signals.opened.emit(opened)


class DatabaseOpener(QObject):
    """Opens databases on a thread of its own, one at a time."""

    opened = Signal(object)  # Opened
    failed = Signal(object)  # the exception
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.opened.connect(self._done_opened)
        self._signals.failed.connect(self._done_failed)
        self.busy = False

    def open(self, address: Address) -> None:
        self.busy = True
        self.busy_changed.emit(True)
        self._pool.start(_OpenJob(address, self._signals))

    def _finish(self) -> None:
        self.busy = False
        self.busy_changed.emit(False)

    def _done_opened(self, opened: Opened) -> None:
        self._finish()
        self.opened.emit(opened)

    def _done_failed(self, exc: BaseException) -> None:
        self._finish()
        self.failed.emit(exc)

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)
