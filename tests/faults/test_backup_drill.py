"""Backup and restore drill: after months of daily use with rotation, every backup that is
left opens through the app's normal start and passes the full check with the row counts it
had when it was made; the oldest one restores."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from eunato_desk.core.interactions import create_interaction, delete_interaction
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.core.storage.backup import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_RECENT,
    KEEP_WEEKLY,
    list_backups,
    make_backup,
    restore_backup,
)
from eunato_desk.core.storage.integrity import check_database
from eunato_desk.core.storage.opening import open_database

pytestmark = pytest.mark.slow


def counts(path: Path) -> dict[str, int]:
    """The row counts that ``check_database`` reports, read directly."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            f"{table} rows": conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("action", "interaction", "interaction_action")
        }
    finally:
        conn.close()


def test_every_rotated_backup_opens_and_has_the_rows_it_was_made_with(
    db_path: Path, tmp_path: Path
) -> None:
    made: dict[str, dict[str, int]] = {}
    live: dict[str, int] = {}
    start = dt.datetime(2025, 11, 3, 12, 0)
    db = open_database(db_path, create=True)
    try:
        for day in range(120):
            record = create_interaction(
                db,
                InteractionInput(
                    title=f"Day {day}",
                    type="Other",
                    start_date=(start + dt.timedelta(days=day)).date(),
                    links=tuple(LinkInput(1 + (day + k) % 74) for k in range(day % 4)),
                ),
                officer="Anna",
            )
            if day % 9 == 0:
                delete_interaction(db, record.uuid, officer="Anna")
            when = start + dt.timedelta(days=day)
            info = make_backup(db_path, "daily", now=lambda when=when: when)
            made[info.path.name] = counts(db_path)
            live[info.path.name] = day + 1 - (day // 9 + 1)
    finally:
        db.dispose()

    left = list_backups(db_path)

    assert len(made) == 120
    assert KEEP_RECENT <= len(left) <= KEEP_RECENT + KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY
    assert left[0].created == start + dt.timedelta(days=119)
    months = {(b.created.year, b.created.month) for b in left}
    assert len(months) == 4 + 1  # Nov to Mar, one copy each at least
    for backup in left:
        copy = tmp_path / "drill" / backup.path.name
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(backup.path, copy)
        open_database(copy, create=True).dispose()  # the app's normal start
        report = check_database(copy)
        assert report.ok, report.lines()
        assert report.counts == made[backup.path.name], backup.path.name
        assert backup.interactions == live[backup.path.name]

    oldest = left[-1]
    restore_backup(db_path, oldest.path)
    open_database(db_path, create=True).dispose()
    assert check_database(db_path).counts == made[oldest.path.name]
