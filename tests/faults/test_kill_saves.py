"""Kill -9 a process that is saving interactions (several links each) at random moments, 50
times: afterwards the integrity check passes, every save reported done is there, and every
interaction has all of its links (and audit rows) or none. ``scripts/fault_drill.py`` runs
the same harness 200 times."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from eunato_desk.core.storage.integrity import check_database
from eunato_desk.core.storage.opening import open_database

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="the harness forks and sends SIGKILL"),
]


def load_harness():  # type: ignore[no-untyped-def]
    path = Path(__file__).with_name("kill_harness.py")
    spec = importlib.util.spec_from_file_location("eunato_desk_kill_harness", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_killing_a_saving_process_never_loses_or_splits_a_save(tmp_path: Path) -> None:
    harness = load_harness()
    db_path = tmp_path / "drill.sqlite3"
    open_database(db_path, create=True).dispose()

    rounds = harness.kill_saves(db_path, rounds=50, seed=11)

    assert len(rounds) == 50 and all(r.killed for r in rounds)
    reported = {uuid for r in rounds for uuid in r.reported}
    assert len(reported) >= 50, "too few saves completed to mean anything"
    verdict = harness.verify_saves(db_path, reported)
    assert verdict.interactions >= len(reported)
    # The next normal start opens it, and the full check agrees.
    open_database(db_path, create=True).dispose()
    report = check_database(db_path)
    assert report.ok, report.lines()
    assert report.counts["interaction rows"] == verdict.interactions


def test_a_reader_beside_savers_that_run_the_check_paths_loses_nothing(tmp_path: Path) -> None:
    """The open application runs checks and backups while another process reads the same
    file and closes: no check may drop the saver's locks (the reader would then delete the
    -wal the saver still writes to, and reported saves would vanish)."""
    harness = load_harness()
    db_path = tmp_path / "drill.sqlite3"
    open_database(db_path, create=True).dispose()

    rounds = harness.kill_saves(db_path, rounds=20, seed=5, reader=True)

    reported = {uuid for r in rounds for uuid in r.reported}
    assert len(reported) >= 20
    verdict = harness.verify_saves(db_path, reported)
    assert verdict.interactions >= len(reported)
