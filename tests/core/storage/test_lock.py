"""One writer: the lock file, a second holder refused, a crashed holder's lock taken over."""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from eunato_desk.core.storage import lock as lock_mod
from eunato_desk.core.storage.lock import (
    DatabaseLock,
    LockedError,
    held_by_other,
    lock_path_for,
    read_owner,
)
from eunato_desk.core.storage.opening import open_database, open_locked

HOLDER = """
import sys
from pathlib import Path
from eunato_desk.core.storage.lock import DatabaseLock
lock = DatabaseLock(Path(sys.argv[1]), purpose="EU-NATO Desk").acquire()
print("locked", flush=True)
sys.stdin.readline()
lock.release()
"""


@pytest.fixture
def holder(db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the database's lock until its stdin closes."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "locked\n"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)
    for stream in (proc.stdin, proc.stdout):
        if stream:
            stream.close()


def test_the_lock_file_names_its_holder_and_goes_away_on_release(db_path: Path) -> None:
    lock = DatabaseLock(db_path, purpose="EU-NATO Desk")
    lock.acquire()
    try:
        data = json.loads(lock_path_for(db_path).read_text(encoding="utf-8"))
        assert data["pid"] == os.getpid()
        assert data["host"] == socket.gethostname()
        assert data["purpose"] == "EU-NATO Desk"
        assert data["started"].endswith("UTC")
        assert lock.held and lock.taken_over_from is None
    finally:
        lock.release()
    assert not lock.held
    assert not lock_path_for(db_path).exists()


def test_a_second_holder_is_refused_with_the_first_ones_details(db_path: Path) -> None:
    with DatabaseLock(db_path, purpose="EU-NATO Desk"):
        second = DatabaseLock(db_path, purpose="the command line")
        with pytest.raises(LockedError) as info:
            second.acquire()
        assert not second.held
        assert info.value.owner is not None and info.value.owner.pid == os.getpid()
        message = info.value.message
        assert str(db_path) in message
        assert f"EU-NATO Desk on this computer (process {os.getpid()}" in message
        assert "close it there first" in message
    with DatabaseLock(db_path, purpose="the command line") as again:
        assert again.held


def test_another_process_holding_the_lock_refuses_this_one(
    db_path: Path, holder: subprocess.Popen[str]
) -> None:
    owner = held_by_other(db_path)
    assert owner is not None and owner.pid == holder.pid

    with pytest.raises(LockedError, match=f"process {holder.pid}"):
        DatabaseLock(db_path).acquire()

    assert holder.stdin is not None
    holder.stdin.close()
    assert holder.wait(timeout=30) == 0
    assert held_by_other(db_path) is None
    assert not lock_path_for(db_path).exists()
    with DatabaseLock(db_path) as lock:
        assert lock.taken_over_from is None


def test_a_lock_left_by_a_killed_process_is_taken_over(
    db_path: Path, holder: subprocess.Popen[str]
) -> None:
    holder.send_signal(signal.SIGKILL)
    assert holder.wait(timeout=30) == -signal.SIGKILL
    left = read_owner(db_path)
    assert left is not None and left.pid == holder.pid  # the file is still there
    assert held_by_other(db_path) is None

    with DatabaseLock(db_path, purpose="EU-NATO Desk") as lock:
        assert lock.taken_over_from is not None
        assert lock.taken_over_from.pid == holder.pid
        owner = read_owner(db_path)
        assert owner is not None and owner.pid == os.getpid()


def test_without_os_locks_a_live_process_on_this_host_keeps_the_lock(
    db_path: Path, holder: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_locks(_fh: object) -> bool:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(lock_mod, "_try_os_lock", no_locks)

    with pytest.raises(LockedError, match=f"process {holder.pid}"):
        DatabaseLock(db_path).acquire()

    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    with DatabaseLock(db_path) as lock:  # the recorded process is gone: taken over
        assert lock.taken_over_from is not None and lock.taken_over_from.pid == holder.pid
        assert not lock.advisory
    assert not lock_path_for(db_path).exists()


def test_without_os_locks_a_holder_on_another_computer_is_respected(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_locks(_fh: object) -> bool:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(lock_mod, "_try_os_lock", no_locks)
    record = {"pid": 1, "host": "laptop-of-someone-else", "started": "x", "purpose": "EU-NATO Desk"}
    lock_path_for(db_path).write_text(json.dumps(record), encoding="utf-8")

    with pytest.raises(LockedError, match="on computer laptop-of-someone-else"):
        DatabaseLock(db_path).acquire()
    assert json.loads(lock_path_for(db_path).read_text(encoding="utf-8")) == record


def test_open_locked_holds_the_lock_while_the_database_is_open(db_path: Path) -> None:
    open_database(db_path, create=True).dispose()
    with open_locked(db_path, purpose="the command line") as db:
        owner = read_owner(db_path)
        assert owner is not None and owner.purpose == "the command line"
        with pytest.raises(LockedError):
            DatabaseLock(db_path).acquire()
        assert db.path == db_path
    assert not lock_path_for(db_path).exists()
    with DatabaseLock(db_path):
        pass
