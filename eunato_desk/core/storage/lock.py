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
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from eunato_desk.core.errors import DatabaseError
from eunato_desk.core.storage.dbfile import keep_database_mode


def _hostname() -> str:
    """This computer's name, as ``socket.gethostname()`` gives it (``os.uname`` where there
    is one: the socket module costs a few ms at every start)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


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
        where = "this computer" if self.host == _hostname() else f"computer {self.host}"
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


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _read_no_follow(path: Path) -> str:
    """The lock file's text; a symbolic link in its place is never followed."""
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
    with os.fdopen(fd, encoding="utf-8") as fh:
        return fh.read(65536)


def read_owner(db_path: Path) -> LockOwner | None:
    """The owner recorded in the lock file, if there is one and it is readable."""
    try:
        data = json.loads(_read_no_follow(lock_path_for(db_path)))
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


def _os_lock(fh: IO[str], take: bool) -> bool:
    """Take (without waiting) or drop the OS advisory lock. False if another process holds
    it (taking), or if Windows refused to drop it."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        fh.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK if take else msvcrt.LK_UNLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fh.fileno(), (fcntl.LOCK_EX | fcntl.LOCK_NB) if take else fcntl.LOCK_UN)
    except BlockingIOError:
        return False
    return True


def _try_os_lock(fh: IO[str]) -> bool:
    """Take the OS advisory lock without waiting. False if another process holds it."""
    return _os_lock(fh, take=True)


def _os_unlock(fh: IO[str]) -> None:
    _os_lock(fh, take=False)


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

    def _open(self) -> IO[str]:
        """Open (creating) the lock file without following a symbolic link in its place, with
        the database's permissions; every failure is a message naming the file."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC, 0o666)
        except OSError as exc:
            raise DatabaseError(f"{self.path}: {_open_problem(self.path, exc)}") from exc
        with contextlib.suppress(OSError):
            keep_database_mode(self.path, self.db_path)
        return os.fdopen(fd, "r+", encoding="utf-8")

    def acquire(self) -> DatabaseLock:
        if self._fh is not None:
            return self
        for _attempt in range(20):
            fh = self._open()
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
            try:
                self._write_owner(fh)
            except OSError as exc:  # e.g. the disk is full: leave no empty lock file behind
                with contextlib.suppress(OSError):
                    self.path.unlink()
                if self.advisory:
                    _os_unlock(fh)
                fh.close()
                raise DatabaseError(
                    f"{self.path}: cannot write the lock file ({exc.strerror or exc}); nothing "
                    "was changed."
                ) from exc
            self._fh = fh
            return self
        raise DatabaseError(f"{self.path}: the lock file keeps changing; try again.")

    def _pid_check(self) -> bool:
        """Fallback without OS locks: free unless a live process on this host (or any
        process on another host, which cannot be checked) is recorded."""
        owner = read_owner(self.db_path)
        if owner is None or owner.pid == os.getpid():
            return True
        if owner.host != _hostname():
            return False
        return not process_alive(owner.pid)

    def _write_owner(self, fh: IO[str]) -> None:
        owner = LockOwner(
            pid=os.getpid(),
            host=_hostname(),
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


def _open_problem(path: Path, exc: OSError) -> str:
    """In words: why the lock file could not be opened."""
    if exc.errno == errno.ELOOP or path.is_symlink():
        return (
            "the lock file is a symbolic link; EU-NATO Desk never follows one there. Remove "
            "it, then try again."
        )
    if exc.errno == errno.EISDIR or path.is_dir():
        return "the lock file's name is taken by a folder; remove or rename it, then try again."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "the lock file cannot be opened (no permission)."
    if exc.errno == errno.EROFS:
        return "the folder is on a read-only disk, so nothing can be saved there."
    if exc.errno == errno.ENOENT:
        return "its folder does not exist."
    return f"the lock file cannot be opened ({exc.strerror or exc})."


def held_by_other(db_path: Path) -> LockOwner | None:
    """Who holds the database's lock right now, if another process does (None if free).
    Takes nothing: probes the OS lock and lets it go at once."""
    path = lock_path_for(Path(db_path))
    if not path.exists():
        return None
    probe = DatabaseLock(Path(db_path))
    try:
        fh = os.fdopen(os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC), encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DatabaseError(f"{path}: {_open_problem(path, exc)}") from exc
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
