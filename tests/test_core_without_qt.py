"""The core, command-line and migration tests pass with Qt absent.

A `sitecustomize` on PYTHONPATH installs an import hook that refuses PySide6 and shiboken6, so
any import of Qt anywhere (the tests, the app, the CLI subprocesses they start) fails. pytest-qt
is switched off for that run, since it needs Qt itself; its ini options are then unknown, hence
the relaxed `strict_config` and the ignored config warning.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

BLOCKER = '''\
import sys

BLOCKED = ("PySide6", "shiboken6")


class _NoQt:
    """Pretend Qt is not installed."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is blocked: this run proves the core works without Qt")
        return None


sys.meta_path.insert(0, _NoQt())
'''


def no_qt_env(tmp_path: Path) -> dict[str, str]:
    hook = tmp_path / "no_qt_site"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(hook)
    env.pop("PYTEST_ADDOPTS", None)
    env.pop("PYTEST_PLUGINS", None)
    return env


def test_the_import_hook_really_hides_qt(tmp_path: Path) -> None:
    probe = (
        "import importlib\n"
        "for name in ('PySide6', 'PySide6.QtCore', 'shiboken6'):\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ImportError as exc:\n"
        "        print('blocked', name)\n"
        "    else:\n"
        "        print('IMPORTED', name)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=no_qt_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n") == [
        "blocked PySide6",
        "blocked PySide6.QtCore",
        "blocked shiboken6",
        "",
    ]


def test_core_cli_and_migration_tests_pass_without_qt(tmp_path: Path) -> None:
    cmd = [
        sys.executable, "-m", "pytest",
        "-p", "no:pytest-qt",  # the plugin's registered name (entry point `pytest-qt`)
        "-p", "no:cacheprovider",
        "-o", "strict_config=false",
        "-W", "ignore::pytest.PytestConfigWarning",
        "--basetemp", str(tmp_path / "inner"),
        "-q", "-m", "not slow and not needs_qt",
        "tests/core", "tests/cli", "tests/migrations",
    ]  # fmt: skip
    proc = subprocess.run(
        cmd,
        cwd=REPO,
        env=no_qt_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    summary = [line for line in output.splitlines() if " passed" in line]
    assert summary, output[-3000:]
    assert "failed" not in summary[-1] and "error" not in summary[-1], summary[-1]
