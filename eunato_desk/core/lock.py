"""One writer per database: a lock file next to it, held by the app for its whole session.

``<database>.lock`` holds who has the database (process id, host name, start time, purpose) as
JSON, and the process keeps an OS advisory lock on it (``fcntl.flock`` on POSIX,
``msvcrt.locking`` on Windows). The OS lock is what decides, so the check is race-free, and
the OS drops it when the process ends however it ends: a lock file left by a crashed instance
is no longer locked and the next instance takes it over (and can say whose it was).

Where the file system does not support advisory locks (some network shares), the lock falls
back to the recorded process id: a process still running on this host keeps the lock; one
that is gone is taken over; a holder on another host cannot be checked and keeps it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from eunato_desk.core.errors import DatabaseError

# Windows locks byte ranges; lock one byte far beyond the JSON so readers can still read it.
_WINDOWS_LOCK_OFFSET = 1 << 20
_NO_LOCK_SUPPORT = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS}


def lock_path_for(db_path: Path) -> Path:
    return Path(f"{db_path}.lock")


@dataclass(frozen=True)
class LockOwner:
    """Who holds (or last held) a database's lock, as recorded in the lock file."""

    pid: int
    host: str
    started: str
    purpose: str

    def describe(self) -> str:
        where = "this computer" if self.host == socket.gethostname() else f"computer {self.host}"
        return f"{self.purpose} on {where} (process {self.pid}, since {self.started})"

    def as_json(self) -> dict[str, object]:
        return {
            "pid": self.pid,
            "host": self.host,
            "started": self.started,
            "purpose": self.purpose,
        }


class LockedError(DatabaseError):
    """Another process has the database open for writing."""

    def __init__(self, db_path: Path, owner: LockOwner | None) -> None:
        who = owner.describe() if owner else "another EU-NATO Desk (its details are unreadable)"
        super().__init__(
            f"{db_path} is in use by {who}. Only one copy of EU-NATO Desk may change a "
            "database at a time: close it there first, then try again."
        )
        self.db_path = db_path
        self.owner = owner


def read_owner(db_path: Path) -> LockOwner | None:
    """The owner recorded in the lock file, if there is one and it is readable."""
    try:
        data = json.loads(lock_path_for(db_path).read_text(encoding="utf-8"))
        return LockOwner(
            pid=int(data["pid"]),
            host=str(data["host"]),
            started=str(data["started"]),
            purpose=str(data.get("purpose", "EU-NATO Desk")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this host."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _try_os_lock(fh: IO[str]) -> bool:
    """Take the OS advisory lock without waiting. False if another process holds it."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        fh.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _os_unlock(fh: IO[str]) -> None:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        fh.seek(_WINDOWS_LOCK_OFFSET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _same_file(fh: IO[str], path: Path) -> bool:
    """Whether ``path`` still names the file we opened (a releasing holder may have just
    deleted it; a lock on a deleted file protects nothing)."""
    try:
        return os.path.samestat(os.fstat(fh.fileno()), path.stat())
    except FileNotFoundError:
        return False


class DatabaseLock:
    """The single-writer lock of one database. Hold it for the whole session::

        lock = DatabaseLock(path, purpose="EU-NATO Desk")
        lock.acquire()          # raises LockedError naming the holder
        ...
        lock.release()

    or ``with DatabaseLock(path, purpose=...):``. ``taken_over_from`` says whose stale lock
    (left by a process that is gone) was taken over, if any.
    """

    def __init__(self, db_path: Path, *, purpose: str = "EU-NATO Desk") -> None:
        self.db_path = Path(db_path)
        self.path = lock_path_for(self.db_path)
        self.purpose = purpose
        self.taken_over_from: LockOwner | None = None
        self.advisory = True
        self._fh: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._fh is not None

    def acquire(self) -> DatabaseLock:
        if self._fh is not None:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _attempt in range(20):
            fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - kept open while held
            try:
                got = _try_os_lock(fh)
            except OSError as exc:
                if exc.errno not in _NO_LOCK_SUPPORT:
                    fh.close()
                    raise DatabaseError(f"{self.path}: cannot lock the database ({exc}).") from exc
                got = self._pid_check()
                self.advisory = False
            if not got:
                fh.close()
                raise LockedError(self.db_path, read_owner(self.db_path))
            if self.advisory and not _same_file(fh, self.path):
                _os_unlock(fh)
                fh.close()
                continue  # the file was replaced under us: lock the one that is there now
            previous = read_owner(self.db_path)
            if previous is not None and previous.pid != os.getpid():
                self.taken_over_from = previous
            self._write_owner(fh)
            self._fh = fh
            return self
        raise DatabaseError(f"{self.path}: the lock file keeps changing; try again.")

    def _pid_check(self) -> bool:
        """Fallback without OS locks: free unless a live process on this host (or any
        process on another host, which cannot be checked) is recorded."""
        owner = read_owner(self.db_path)
        if owner is None or owner.pid == os.getpid():
            return True
        if owner.host != socket.gethostname():
            return False
        return not process_alive(owner.pid)

    def _write_owner(self, fh: IO[str]) -> None:
        owner = LockOwner(
            pid=os.getpid(),
            host=socket.gethostname(),
            started=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
            purpose=self.purpose,
        )
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps(owner.as_json()))
        fh.flush()
        os.fsync(fh.fileno())

    def release(self) -> None:
        """Let go: the lock file is removed while still locked, so nobody can lock it in
        between; a process that opened it just before re-checks it (see ``_same_file``)."""
        fh, self._fh = self._fh, None
        if fh is None:
            return
        owner = None if self.advisory else read_owner(self.db_path)
        ours = self.advisory or (owner is not None and owner.pid == os.getpid())
        if os.name != "posix":  # pragma: no cover - Windows cannot delete an open file
            if self.advisory:
                _os_unlock(fh)
            fh.close()
            if ours:
                with contextlib.suppress(OSError):  # someone opened it meanwhile: theirs now
                    self.path.unlink(missing_ok=True)
            return
        try:
            if ours:
                self.path.unlink(missing_ok=True)
        finally:
            if self.advisory:
                _os_unlock(fh)
            fh.close()

    def __enter__(self) -> DatabaseLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def held_by_other(db_path: Path) -> LockOwner | None:
    """Who holds the database's lock right now, if another process does (None if free).
    Takes nothing: probes the OS lock and lets it go at once."""
    path = lock_path_for(Path(db_path))
    if not path.exists():
        return None
    probe = DatabaseLock(Path(db_path))
    try:
        fh = open(path, encoding="utf-8")  # noqa: SIM115
    except FileNotFoundError:
        return None
    try:
        try:
            free = _try_os_lock(fh)
        except OSError:
            free = probe._pid_check()
            return None if free else read_owner(Path(db_path))
        if free:
            _os_unlock(fh)
            return None
        return read_owner(Path(db_path)) or LockOwner(0, "?", "?", "another EU-NATO Desk")
    finally:
        fh.close()
