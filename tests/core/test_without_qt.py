"""`make test` runs tests/core, tests/cli, tests/migrations and tests/faults with Qt made
unimportable (tests/no_qt/sitecustomize.py on PYTHONPATH, inherited by every CLI subprocess),
so the core and the command line are proved to work without Qt in the same run that tests
them. These checks make sure that run really had no Qt."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

import pytest

NO_QT = os.environ.get("EUNATO_DESK_TEST_RUN") == "no-qt"
pytestmark = pytest.mark.skipif(not NO_QT, reason="only in the run without Qt (make test)")


@pytest.mark.parametrize("name", ["PySide6", "PySide6.QtCore", "shiboken6"])
def test_qt_cannot_be_imported_here(name: str) -> None:
    with pytest.raises(ImportError, match="is blocked"):
        importlib.import_module(name)


def test_nor_in_the_subprocesses_the_tests_start() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "import PySide6"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 1 and "is blocked" in proc.stderr


def test_no_test_module_here_loaded_qt() -> None:
    assert not any(m.split(".")[0] in ("PySide6", "shiboken6") for m in sys.modules)
