"""Kill -9 harness: processes that save interactions (or upgrade a database) are killed at
random moments, and the database is checked after each kill.

A helper process (this file run as a script) imports the app once and forks one child per
round, so a round costs milliseconds instead of a Python start-up. Children write a line to
the shared pipe after each save returns (``saved <uuid>``); the helper reports ``pid N`` when it
forks and ``reaped N STATUS`` after the parent has killed the child. Used by
``tests/faults/test_kill_saves.py`` (50 rounds), ``test_killed_migration.py`` and
``scripts/fault_drill.py`` (200 rounds). POSIX only (fork, SIGKILL).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

TITLE = re.compile(r"drill \d+-\d+ \((\d+) links\)")


# --- the helper process (runs as a script) ----------------------------------------------------


def _say(text: str) -> None:
    os.write(1, (text + "\n").encode())


def _checks_while_open(db_path: Path) -> list:  # type: ignore[type-arg]
    """What the application runs on its database while it has it open (Tools > Check
    database, the deferred open check, automatic backups, the backup list): none of them may
    drop the process's SQLite locks."""
    from eunato_desk.core.storage.backup import list_backups, make_backup
    from eunato_desk.core.storage.integrity import check_database, deep_problem

    return [
        lambda: check_database(db_path),
        lambda: deep_problem(db_path),
        lambda: make_backup(db_path, "drill"),
        lambda: list_backups(db_path),
    ]


def _child_save(db_path: Path, seed: int, with_checks: bool = False) -> None:
    import datetime as dt

    from eunato_desk.core.interactions import create_interaction
    from eunato_desk.core.records import InteractionInput, LinkInput
    from eunato_desk.core.storage.opening import open_database

    rng = random.Random(seed)
    db = open_database(db_path)
    checks = _checks_while_open(db_path) if with_checks else []
    for i in range(1_000_000):
        if checks:
            checks[i % len(checks)]()
        numbers = rng.sample(range(1, 75), rng.randint(3, 6))
        data = InteractionInput(
            title=f"drill {seed}-{i} ({len(numbers)} links)",
            type="Workshop",
            start_date=dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(700)),
            summary="minutes " * rng.randrange(1, 400),
            links=tuple(LinkInput(n, f"note on {n}" if n % 2 else "") for n in numbers),
            organisations=("EEAS",),
        )
        record = create_interaction(db, data, officer="Drill")
        _say(f"saved {record.uuid}")


def _child_migrate(db_path: Path, kill_after: int) -> None:
    """Open (back up and upgrade) the database; SIGKILL ourselves right after the
    ``kill_after``-th SQL statement of the migration (0: never)."""
    from sqlalchemy import event

    from eunato_desk.core.storage import migrate
    from eunato_desk.core.storage.opening import open_database

    real = migrate.migration_engine
    count = 0

    def counting_engine(path: Path):  # type: ignore[no-untyped-def]
        engine = real(path)

        @event.listens_for(engine, "after_cursor_execute")
        def _after(*_args: object) -> None:
            nonlocal count
            count += 1
            if count == kill_after:
                os.kill(os.getpid(), signal.SIGKILL)

        return engine

    migrate.migration_engine = counting_engine  # type: ignore[assignment]
    _say("started")
    open_database(db_path, create=True).dispose()
    _say(f"done {count}")


def serve() -> None:
    # Import everything once, before any fork; no database is open in this process.
    for name in ("eunato_desk.core.interactions", "eunato_desk.core.storage.opening"):
        importlib.import_module(name)
    from eunato_desk.core.storage import migrate

    migrate.head_revision()
    for line in sys.stdin:
        command, *rest = line.split()
        if command == "quit":
            break
        if command == "reap":
            pid = int(rest[0])
            _, status = os.waitpid(pid, 0)
            _say(f"reaped {pid} {status}")
            continue
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                os.close(0)
                if command in ("save", "save-checking"):
                    _child_save(Path(rest[0]), int(rest[1]), command == "save-checking")
                else:
                    _child_migrate(Path(rest[0]), int(rest[1]))
            except BaseException as exc:  # report, never fall back into the serve loop
                _say(f"error {type(exc).__name__}: {exc}".replace("\n", " "))
                code = 3
            finally:
                os._exit(code)
        _say(f"pid {pid}")


# --- the driver (imported by the tests and the script) ----------------------------------------


class HarnessError(AssertionError):
    pass


@dataclass
class Round:
    pid: int
    reported: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    status: int = 0

    @property
    def killed(self) -> bool:
        return os.WIFSIGNALED(self.status) and os.WTERMSIG(self.status) == signal.SIGKILL


class Helper:
    """The forking helper process and its output, read line by line with timeouts."""

    def __init__(self, timeout: float = 60) -> None:
        self.timeout = timeout
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        assert self.proc.stdout is not None and self.proc.stdin is not None
        self._out = self.proc.stdout.fileno()
        self._buffer = b""

    def send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write((text + "\n").encode())

    def line(self, timeout: float | None = None) -> str | None:
        """The next line; None if none came within ``timeout`` (default: error after the
        helper's timeout, as a hung child would otherwise hang the test)."""
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._out], [], [], max(left, 0))
            if not ready:
                if timeout is None:
                    raise HarnessError(f"no output from the drill process within {limit} s")
                return None
            chunk = os.read(self._out, 65536)
            if not chunk:
                raise HarnessError("the drill helper process ended unexpectedly")
            self._buffer += chunk
        text, self._buffer = self._buffer.split(b"\n", 1)
        return text.decode()

    def _start(self, command: str) -> tuple[Round, list[str]]:
        """Ask for a child; its first lines may come before the helper's ``pid`` line."""
        self.send(command)
        early = []
        while True:
            text = self.line()
            assert text is not None
            if text.startswith("pid "):
                return Round(pid=int(text.split()[1])), early
            if text.startswith("error "):
                raise HarnessError(f"the child failed: {text}")
            early.append(text)

    def run_round(self, command: str, *, wait_lines: int, extra: float, until: str) -> Round:
        """Fork a child for ``command``; after ``wait_lines`` lines starting with ``until``
        and a further ``extra`` seconds of its output, kill it with SIGKILL."""
        rnd, early = self._start(command)

        def take(text: str) -> None:
            rnd.lines.append(text)
            if text.startswith("saved "):
                rnd.reported.append(text.split()[1])
            if text.startswith("error "):
                raise HarnessError(f"the child failed: {text}")

        seen = 0
        for text in early:
            take(text)
            seen += text.startswith(until)
        while seen < wait_lines:
            text = self.line()
            assert text is not None
            take(text)
            if text.startswith(until) or text.startswith("done"):
                seen += 1
            if text.startswith("done"):
                break
        deadline = time.monotonic() + extra
        while (left := deadline - time.monotonic()) > 0:  # the random moment: more output?
            text = self.line(timeout=left)
            if text is not None:
                take(text)
        with contextlib.suppress(ProcessLookupError):  # already gone on some systems
            os.kill(rnd.pid, signal.SIGKILL)
        self.send(f"reap {rnd.pid}")
        while True:
            text = self.line()
            assert text is not None
            if text.startswith(f"reaped {rnd.pid} "):
                rnd.status = int(text.split()[2])
                return rnd
            take(text)

    def run_to_end(self, command: str) -> Round:
        """Fork a child for ``command`` and wait until it ends by itself (e.g. it kills
        itself at a chosen statement)."""
        rnd, early = self._start(command)
        rnd.lines.extend(early)
        self.send(f"reap {rnd.pid}")
        while True:
            text = self.line()
            assert text is not None
            if text.startswith(f"reaped {rnd.pid} "):
                rnd.status = int(text.split()[2])
                return rnd
            if text.startswith("error "):
                raise HarnessError(f"the child failed: {text}")
            rnd.lines.append(text)

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.send("quit")
                self.proc.wait(timeout=self.timeout)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait(timeout=self.timeout)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class Verdict:
    interactions: int
    saved_not_reported: int


def verify_saves(db_path: Path, reported: set[str]) -> Verdict:
    """After a kill: the integrity check passes, every reported save is there, and every
    interaction has all of its links, and its audit rows, from one transaction."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        check = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if check != ["ok"]:
            raise HarnessError(f"integrity check failed: {check[:5]}")
        rows = conn.execute(
            "SELECT i.uuid, i.title, count(ia.action_id) FROM interaction i "
            "LEFT JOIN interaction_action ia ON ia.interaction_id = i.id GROUP BY i.id"
        ).fetchall()
        audit = {
            uuid: (created, links, txns)
            for uuid, created, links, txns in conn.execute(
                "SELECT entity_uuid, sum(field = 'created'), sum(field = 'link'), "
                "count(DISTINCT txn) FROM audit_log WHERE entity = 'interaction' "
                "GROUP BY entity_uuid"
            )
        }
    finally:
        conn.close()
    present = set()
    for uuid, title, links in rows:
        match = TITLE.fullmatch(title)
        if match is None:
            continue
        present.add(uuid)
        expected = int(match.group(1))
        if links != expected:
            raise HarnessError(f"{title} ({uuid}) has {links} of its {expected} links")
        if audit.get(uuid) != (1, expected, 1):
            raise HarnessError(
                f"{title} ({uuid}): audit rows {audit.get(uuid)}, not one "
                f"'created' and {expected} 'link' rows from one transaction"
            )
    missing = reported - present
    if missing:
        raise HarnessError(f"{len(missing)} reported save(s) missing, e.g. {sorted(missing)[0]}")
    return Verdict(interactions=len(present), saved_not_reported=len(present - reported))


def read_forever(db_path: Path) -> None:
    """The concurrent reader: opens the database as a reading command does, reads, closes
    (each close may be the last connection, which checkpoints and removes the -wal), again
    and again until it is stopped."""
    from eunato_desk.core import listing
    from eunato_desk.core.records import InteractionFilter
    from eunato_desk.core.storage.opening import open_database

    _say("reading")
    while True:
        db = open_database(db_path)
        try:
            sum(1 for _ in listing.iter_interactions(db, InteractionFilter()))
        finally:
            db.dispose()


@contextlib.contextmanager
def concurrent_reader(db_path: Path) -> Iterator[None]:
    """A reader process beside the savers for the duration."""
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "read", str(db_path)],
        stdout=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != b"reading":
            raise HarnessError("the reader process did not start")
        yield
        if proc.poll() is not None:
            raise HarnessError(f"the reader process ended with {proc.returncode}")
    finally:
        proc.kill()
        proc.wait(30)
        if proc.stdout is not None:
            proc.stdout.close()


def kill_saves(db_path: Path, rounds: int, seed: int = 7, *, reader: bool = False) -> list[Round]:
    """``rounds`` times: start a saver, kill it at a random moment, verify the database.
    ``reader``: a reading process runs beside the savers the whole time, and each saver runs
    the application's check paths (check, backup, backup list) between its saves."""
    if reader:
        with concurrent_reader(db_path):
            return _kill_saves(db_path, rounds, seed, "save-checking")
    return _kill_saves(db_path, rounds, seed, "save")


def _kill_saves(db_path: Path, rounds: int, seed: int, command: str) -> list[Round]:
    rng = random.Random(seed)
    reported: set[str] = set()
    done = []
    with Helper() as helper:
        for n in range(rounds):
            rnd = helper.run_round(
                f"{command} {db_path} {seed * 100_000 + n}",
                wait_lines=rng.randint(0, 4),
                extra=rng.uniform(0, 0.04),
                until="saved",
            )
            if not rnd.killed:
                raise HarnessError(f"round {n}: the saver was not killed ({rnd.lines[-3:]})")
            reported |= set(rnd.reported)
            verify_saves(db_path, reported)
            done.append(rnd)
    return done


if __name__ == "__main__":
    if sys.argv[1:] == ["serve"]:
        serve()
    elif sys.argv[1:2] == ["read"]:
        read_forever(Path(sys.argv[2]))
