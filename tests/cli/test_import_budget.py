"""The import budget of `eunato-desk --version`: it answers from the standard library and the
package's own version alone (no SQLAlchemy, Alembic, Qt, psycopg or command module), so the
answer comes in the interpreter's own start-up time. The modules come from the real process,
`python -X importtime`; the output is the same as argparse's --version."""

from __future__ import annotations

import subprocess
import sys

from eunato_desk import __version__

ALLOWED_OF_OURS = {"eunato_desk"}  # (run with -m, __main__ is not listed)
NEVER = ("sqlalchemy", "alembic", "PySide6", "shiboken6", "psycopg", "platformdirs")


def imported_by(*args: str) -> tuple[set[str], str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "eunato_desk", *args],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    modules = {
        line.split("|")[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return modules - {"package"}, done.stdout


def test_version_imports_nothing_of_the_application() -> None:
    modules, out = imported_by("--version")
    assert out == f"eunato-desk {__version__}\n"
    ours = {m for m in modules if m.split(".")[0] == "eunato_desk"}
    assert ours == ALLOWED_OF_OURS
    assert not [m for m in modules if m.split(".")[0] in NEVER]


def test_the_budget_check_sees_what_a_command_imports() -> None:
    """Guards the test above: the same measure finds the heavy modules of a real command."""
    modules, _out = imported_by("--help")
    assert "sqlalchemy" in modules and "eunato_desk.cli.main" in modules
