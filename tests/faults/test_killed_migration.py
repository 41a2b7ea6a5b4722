"""A migration killed midway: the next start finds the old or the new revision, never
anything between, and the backup taken before the migration restores the old database."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import random
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from eunato_desk.core.interactions import create_interaction
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.backup import list_backups, restore_backup
from eunato_desk.core.storage.integrity import check_database
from eunato_desk.core.storage.opening import open_database

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="the harness forks and sends SIGKILL"),
]

OLD = "0003"  # the upgrade under test runs every later revision in one transaction


def load_harness():  # type: ignore[no-untyped-def]
    path = Path(__file__).with_name("kill_harness.py")
    spec = importlib.util.spec_from_file_location("eunato_desk_kill_harness", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def schema(path: Path) -> set[tuple[str, str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return set(conn.execute("SELECT type, name FROM sqlite_master"))
    finally:
        conn.close()


def rows(path: Path) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT i.uuid, i.title, a.number, ia.note FROM interaction i "
            "JOIN interaction_action ia ON ia.interaction_id = i.id "
            "JOIN action a ON a.id = ia.action_id ORDER BY 1, 3"
        ).fetchall()
    finally:
        conn.close()


def make_template(folder: Path) -> Path:
    template = folder / "template" / "desk.sqlite3"
    db = open_database(template, create=True)
    try:
        for i in range(25):
            create_interaction(
                db,
                InteractionInput(
                    title=f"Meeting {i}",
                    type="Staff talks",
                    start_date=dt.date(2018, 1, 1) + dt.timedelta(days=7 * i),
                    summary="hybrid threats " * 20,
                    links=(LinkInput(1 + i % 40, f"note {i}"), LinkInput(43 + i % 30)),
                ),
                officer="Anna",
            )
    finally:
        db.dispose()
    migrate.downgrade(template, OLD)
    assert migrate.current_revision(template) == OLD
    return template


def test_a_migration_killed_at_any_moment_is_all_or_nothing(tmp_path: Path) -> None:
    harness = load_harness()
    head = migrate.head_revision()
    template = make_template(tmp_path)
    expected_rows = rows(template)
    fresh = tmp_path / "fresh" / "desk.sqlite3"
    open_database(fresh, create=True).dispose()
    reference = {OLD: schema(template), head: schema(fresh)}
    assert reference[OLD] != reference[head]

    def work_copy(n: int) -> Path:
        path = tmp_path / f"round-{n}" / "desk.sqlite3"
        path.parent.mkdir()
        shutil.copyfile(template, path)
        return path

    def check_after_kill(path: Path) -> str:
        revision = migrate.current_revision(path)
        assert revision in reference, f"revision {revision}"
        assert schema(path) == reference[revision], f"a schema between revisions ({revision})"
        backups = [b for b in list_backups(path) if b.reason == f"before-upgrade-from-{OLD}"]
        if revision == OLD or backups:
            [backup] = backups if revision != OLD else (backups or [None])  # type: ignore[list-item]
            if backup is not None:
                restore_backup(path, backup.path)
                assert migrate.current_revision(path) == OLD
                assert rows(path) == expected_rows
        open_database(path, create=True).dispose()  # the next normal start upgrades it
        assert migrate.current_revision(path) == head
        report = check_database(path)
        assert report.ok, report.lines()
        assert rows(path) == expected_rows
        return revision

    rng = random.Random(5)
    outcomes = []
    with harness.Helper() as helper:
        whole = helper.run_to_end(f"migrate {work_copy(0)} 0")
        total = int(whole.lines[-1].split()[1])
        assert total > 20, whole.lines
        points = sorted({1, 2, total - 1, total, *rng.sample(range(3, total - 1), 10)})
        for n in points:  # killed right after the n-th statement of the migration
            path = work_copy(n)
            rnd = helper.run_to_end(f"migrate {path} {n}")
            assert rnd.killed, rnd.lines
            assert check_after_kill(path) == OLD, f"statement {n} of {total}"
            outcomes.append(OLD)
        for k in range(6):  # killed at a random moment (possibly during the backup or commit)
            path = work_copy(total + 1 + k)
            helper.run_round(f"migrate {path} 0", wait_lines=1, extra=rng.uniform(0, 0.3),
                             until="started")  # fmt: skip
            outcomes.append(check_after_kill(path))
    assert outcomes.count(OLD) >= len(points)
