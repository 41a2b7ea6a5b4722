"""`eunato-desk db copy SOURCE TARGET` as a subprocess: a laptop file onto the team server
(an empty server database, or one just upgraded), the server back into a new file for
travel, file to file; every table equal afterwards (read independently on each side); a
target holding records, an older source and a missing folder refused with nothing written;
progress on stderr."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eunato_desk.core import follow_ups
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.models import Base
from eunato_desk.core.storage.opening import open_database
from tests.helpers import log, query

TABLES = [t.name for t in Base.metadata.sorted_tables if t.name != "meta"]


def _plain(value: object) -> object:
    """A value as both backends can be compared: dates as ISO text, booleans as 0/1."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return int(value) if isinstance(value, bool) else value


def dump(where: object) -> dict[str, list[tuple]]:
    """Every row of every copied table (the model's columns), in key order, read with a
    connection of its own."""
    out = {}
    for table in TABLES:
        columns = ", ".join(c.name for c in Base.metadata.tables[table].columns)
        rows = query(where, f"SELECT {columns} FROM {table}")
        out[table] = sorted(tuple(_plain(v) for v in row) for row in rows)
    return out


@pytest.fixture
def laptop(tmp_path: Path) -> Path:
    """An officer's file: demo data, a follow-up, a catalogue change."""
    path = tmp_path / "laptop.sqlite3"
    with open_database(path, create=True) as db:
        generate_demo_data(db, 60, seed=9)
        uuid = log(db, "Staff talks in Tunis", dt.date(2019, 4, 2), [5])
        follow_ups.add_follow_up(db, uuid, "Send the minutes", owner="Anna")
    return path


def test_a_laptop_log_onto_the_server_and_back_for_travel(run_cli, laptop, pg_cluster, tmp_path):
    server = pg_cluster.fresh_database(upgraded=False)  # as the unit's IT creates it: empty
    done = run_cli("db", "copy", laptop, server)
    assert done.code == 0, done.err
    assert "Copied 61 interactions" in done.out
    assert "Copying… 100%" in done.err
    assert "password" not in done.out + done.err
    assert dump(server) == dump(laptop)

    travel = tmp_path / "travel.sqlite3"
    back = run_cli("db", "copy", server, travel)
    assert back.code == 0, back.err
    assert dump(travel) == dump(laptop)
    listed = run_cli("--db", travel, "list", "--quarter", "2019Q2")
    assert "Staff talks in Tunis" in listed.out


def test_onto_a_server_database_just_upgraded(run_cli, laptop, pg_cluster):
    server = pg_cluster.fresh_database()
    done = run_cli("db", "copy", laptop, server)
    assert done.code == 0, done.err
    assert dump(server) == dump(laptop)
    after = run_cli("--db", server, "log", "--title", "First on the server", "--date",
                    "2020-01-02", "--type", "Workshop", "--action", "3")  # fmt: skip
    assert after.code == 0, after.err
    (count,) = query(server, "SELECT count(*) FROM interaction")[0]
    assert count == 62


def test_file_to_file(run_cli, laptop, tmp_path):
    target = tmp_path / "copy.sqlite3"
    done = run_cli("db", "copy", laptop, target)
    assert done.code == 0, done.err
    assert dump(target) == dump(laptop)


def test_a_copy_that_fails_leaves_no_new_file(laptop, tmp_path, monkeypatch):
    import argparse

    from eunato_desk.cli import db_copy
    from eunato_desk.core.errors import OperationCancelled

    def broken(*_a, **_k):  # type: ignore[no-untyped-def]
        raise OperationCancelled("The copy was cancelled; the target is as it was.")

    monkeypatch.setattr(db_copy, "copy_database", broken)
    target = tmp_path / "new.sqlite3"
    with pytest.raises(OperationCancelled):
        db_copy.cmd_copy(argparse.Namespace(source=str(laptop), target=str(target)))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("new")] == []


def test_a_target_with_records_is_refused_untouched(run_cli, laptop, pg_cluster):
    server = pg_cluster.fresh_database()
    first = run_cli("--db", server, "log", "--title", "Already here", "--date", "2020-01-02",
                    "--type", "Workshop")  # fmt: skip
    assert first.code == 0, first.err
    before = dump(server)
    done = run_cli("db", "copy", laptop, server)
    assert done.code == 1
    assert "already holds records (interactions)" in done.err
    assert "Nothing was copied" in done.err
    assert dump(server) == before


def test_bad_sources_and_targets(run_cli, laptop, tmp_path):
    missing = run_cli("db", "copy", tmp_path / "nothing.sqlite3", tmp_path / "x.sqlite3")
    assert missing.code == 1 and "SOURCE" in missing.err and "no such database" in missing.err
    folder = run_cli("db", "copy", laptop, tmp_path / "no" / "such" / "x.sqlite3")
    assert folder.code == 1 and "TARGET" in folder.err and "no such folder" in folder.err
    itself = run_cli("db", "copy", laptop, laptop)
    assert itself.code == 1 and "the same database as SOURCE" in itself.err
    target = tmp_path / "busy.sqlite3"
    assert run_cli("db", "copy", laptop, target).code == 0
    again = run_cli("db", "copy", laptop, target)
    assert again.code == 1 and "already holds records" in again.err
    assert target.exists()  # not ours to remove: it was there before
    assert not (tmp_path / "x.sqlite3").exists()


def test_a_server_backup_is_a_portable_snapshot(run_cli, laptop, pg_cluster, tmp_path):
    server = pg_cluster.fresh_database()
    assert run_cli("db", "copy", laptop, server).code == 0
    done = run_cli("--db", server, "db", "backup")
    assert done.code == 0, done.err
    written = Path(done.out.split(" to ", 1)[1].split(" (", 1)[0])
    assert written.parent.name == "backups" and written.name.startswith("eunato-t")
    assert written.suffix == ".sqlite3" and written.exists()
    assert dump(written) == dump(server)
    chosen = tmp_path / "before-the-trip.sqlite3"
    named = run_cli("--db", server, "db", "backup", "--to", chosen)
    assert named.code == 0, named.err
    assert dump(chosen) == dump(server)
    again = run_cli("--db", server, "db", "backup", "--to", chosen)
    assert again.code == 1 and "already exists" in again.err
    restore = run_cli("--db", server, "db", "restore", written)
    assert restore.code == 1 and "db copy" in restore.err
