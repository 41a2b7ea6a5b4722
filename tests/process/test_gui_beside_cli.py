"""The real application (its own process, offscreen) with command-line processes beside it on
the same database file: every check path of the application, then reads and a write attempt
from other processes, then saves in the application, then kill -9. Every save the
application reported is in the database afterwards, and no -wal/-shm file was unlinked under
the running application (closing a Python file descriptor on the database drops SQLite's
POSIX locks, and the next process to close then deletes the -wal it still writes to)."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")

DRIVER = Path(__file__).with_name("gui_driver.py")


class App:
    def __init__(self, db: Path, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(DRIVER), str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self.lines: list[str] = []
        self.expect("ready", timeout=60)

    def _line(self, deadline: float) -> str:
        assert self.proc.stdout is not None
        buffer = b""
        while not buffer.endswith(b"\n"):
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.proc.stdout], [], [], max(left, 0))
            if not ready:
                raise AssertionError(f"no answer from the application; so far: {self.lines}")
            byte = os.read(self.proc.stdout.fileno(), 1)
            if not byte:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise AssertionError(f"the application ended: {self.lines}\n{err}")
            buffer += byte
        line = buffer.decode().rstrip("\n")
        self.lines.append(line)
        return line

    def expect(self, prefix: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while True:
            line = self._line(deadline)
            if line.startswith(prefix) or line.startswith(("failed", "not-started")):
                return line

    def ask(self, command: str, answer: str, timeout: float = 30) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write((command + "\n").encode())
        self.proc.stdin.flush()
        return self.expect(answer, timeout)

    def deleted_side_files(self, db: Path) -> list[str]:
        found = []
        for fd in Path(f"/proc/{self.proc.pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith(str(db)) and target.endswith("(deleted)"):
                found.append(target)
        return found

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()


def test_saves_reported_by_the_app_survive_commands_beside_it(tmp_path, run_cli):
    db = tmp_path / "team" / "desk.sqlite3"
    db.parent.mkdir()
    assert run_cli("--db", db, "db", "upgrade").code == 0
    assert run_cli("--db", db, "demo", "--interactions", "40").code == 0
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    config = Path(os.environ["EUNATO_DESK_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('{"officer_name": "Anna Virtanen"}', encoding="utf-8")

    app = App(db, env)
    reported: list[str] = []
    try:
        checks = [
            ("check", "checked"),
            ("backup", "backed-up"),
            ("autobackup", "auto-backup"),
            ("backups", "backups"),
        ]
        for round_no, (command, answer) in enumerate(checks):
            line = app.ask(command, answer)
            assert line.startswith(answer), line
            # Other processes read (each closes its connection afterwards) and try to write.
            for args in (
                ("list", "--quarter", "2019Q1"),
                ("actions", "list"),
                ("search", "workshop"),
                ("db", "check"),
                ("export", "--quarter", "2019Q1", "-o", tmp_path / f"q{round_no}.csv"),
            ):
                result = run_cli("--db", db, *args)
                assert result.code in (0, 1), result
                assert "Traceback" not in result.err, result
            refused = run_cli(
                "--db", db, "log", "--title", "From the CLI", "--date", "2019-03-04",
                "--type", "Workshop",
            )  # fmt: skip
            assert refused.code == 1 and "in use by EU-NATO Desk" in refused.err, refused
            assert app.deleted_side_files(db) == []
            line = app.ask(f"save Saved after {command}", "saved")
            assert line.startswith("saved "), app.lines
            reported.append(line.split()[1])
            assert app.deleted_side_files(db) == []
    finally:
        app.kill()

    conn = sqlite3.connect(db)
    try:
        present = {row[0] for row in conn.execute("SELECT uuid FROM interaction")}
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert set(reported) <= present, f"lost: {set(reported) - present}"
    assert len(reported) == len(checks)
