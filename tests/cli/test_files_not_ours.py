"""Files that are not ours are never changed: another application's SQLite database (marked
with its own application id, or an Alembic database whose revision ids look like ours), a
path with no database (only `db upgrade` creates one), a symbolic link where the lock goes.
Every case runs the real command line as a subprocess."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from eunato_desk.core.storage.dbfile import APPLICATION_ID

READ_COMMANDS = (
    ("list",),
    ("actions", "list"),
    ("search", "workshop"),
    ("db", "check"),
    ("history", "--action", "3"),
    ("followups",),
    ("coverage", "--year", "2018"),
)
WRITE_COMMANDS = (
    ("log", "--title", "T", "--date", "2018-05-03", "--type", "Workshop"),
    ("db", "upgrade"),
    ("demo", "--interactions", "3"),
)


def folder_state(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def other_alembic_app(path: Path) -> None:
    """Another application's database under Alembic, at *its* revision 0003, in rollback
    journal mode (so a switch to WAL would change its header)."""
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
        INSERT INTO alembic_version VALUES ('0003');
        CREATE TABLE invoice (id INTEGER PRIMARY KEY, amount NUMERIC);
        INSERT INTO invoice (amount) VALUES (12.5), (99);
        """
    )
    conn.commit()
    conn.close()


def marked_blank(path: Path) -> None:
    """An SQLite file that another application has marked as its own, with no tables yet."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1196444237")  # 'GPKG', a GeoPackage
    conn.execute("PRAGMA user_version = 10200")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("make", [other_alembic_app, marked_blank], ids=["alembic-0003", "gpkg"])
def test_another_applications_database_is_left_byte_for_byte(run_cli, tmp_path, make):
    folder = tmp_path / "theirs"
    folder.mkdir()
    path = folder / "data.sqlite3"
    make(path)
    before = folder_state(folder)

    for args in (*READ_COMMANDS, *WRITE_COMMANDS):
        result = run_cli("--db", path, *args)
        assert result.code == 1, (args, result)
        assert "not an EU-NATO Desk database" in result.err, (args, result)
        assert "newer version of EU-NATO Desk" not in result.err
        assert "Traceback" not in result.err
        assert folder_state(folder) == before, args
    assert sorted(p.name for p in folder.iterdir()) == ["data.sqlite3"]  # no lock, no backups/


def test_our_databases_carry_the_mark_and_older_ones_get_it_on_upgrade(run_cli, tmp_path):
    path = tmp_path / "desk.sqlite3"
    assert run_cli("--db", path, "db", "upgrade").code == 0
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    # A database made before the mark (revision 0005): recognised by its revision and tables.
    conn.execute("PRAGMA application_id = 0")
    conn.execute("UPDATE alembic_version SET version_num = '0005'")
    conn.commit()
    conn.close()
    listed = run_cli("--db", path, "list")
    assert listed.code == 0, listed
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_an_unmarked_blank_sqlite_file_is_adopted_only_by_db_upgrade(run_cli, tmp_path):
    path = tmp_path / "empty.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("VACUUM")  # a valid SQLite file with no tables and no mark
    conn.close()
    before = path.read_bytes()
    listed = run_cli("--db", path, "list")
    assert listed.code == 1 and "db upgrade" in listed.err, listed
    assert path.read_bytes() == before
    assert run_cli("--db", path, "db", "upgrade").code == 0
    assert run_cli("--db", path, "list").code == 0


def test_only_db_upgrade_creates_a_database(run_cli, tmp_path):
    typo = tmp_path / "typo" / "dir" / "x.sqlite3"
    for args in (*READ_COMMANDS, WRITE_COMMANDS[0], WRITE_COMMANDS[2], ("import", "x.csv")):
        result = run_cli("--db", typo, *args)
        assert result.code == 1, (args, result)
        assert f"no database at {typo}; create it with `eunato-desk db upgrade`" in result.err, (
            args,
            result,
        )
    assert not (tmp_path / "typo").exists()
    created = run_cli("--db", typo, "db", "upgrade")
    assert created.code == 0 and typo.is_file(), created


def test_the_lock_file_never_follows_a_symbolic_link(run_cli, tmp_path):
    path = tmp_path / "desk.sqlite3"
    assert run_cli("--db", path, "db", "upgrade").code == 0
    precious = tmp_path / "precious.txt"
    precious.write_text("not yours", encoding="utf-8")
    os.symlink(precious, f"{path}.lock")

    result = run_cli("--db", path, "log", "--title", "T", "--date", "2018-05-03",
                     "--type", "Workshop")  # fmt: skip

    assert result.code == 1, result
    assert "symbolic link" in result.err and "Traceback" not in result.err
    assert precious.read_text(encoding="utf-8") == "not yours"
    assert Path(f"{path}.lock").is_symlink()


def test_a_database_reached_through_a_symlink_is_one_database(run_cli, tmp_path):
    """The lock, the backups and a restore use the real path, whatever path was typed."""
    real = tmp_path / "real" / "desk.sqlite3"
    real.parent.mkdir()
    assert run_cli("--db", real, "db", "upgrade").code == 0
    link = tmp_path / "link.sqlite3"
    link.symlink_to(real)
    from eunato_desk.core.storage.lock import DatabaseLock

    with DatabaseLock(real, purpose="EU-NATO Desk"):
        through_link = run_cli("--db", link, "log", "--title", "T", "--date", "2018-05-03",
                               "--type", "Workshop")  # fmt: skip
        assert through_link.code == 1 and "in use by EU-NATO Desk" in through_link.err

    assert run_cli("--db", link, "log", "--title", "Kept", "--date", "2018-05-03",
                   "--type", "Workshop").code == 0  # fmt: skip
    backup = run_cli("--db", link, "db", "backup")
    assert backup.code == 0, backup
    assert (real.parent / "backups").is_dir() and not (tmp_path / "backups").exists()
    made = next((real.parent / "backups").iterdir())
    restored = run_cli("--db", link, "db", "restore", made)
    assert restored.code == 0, restored
    assert link.is_symlink() and link.resolve() == real
    listed = run_cli("--db", link, "list", "--format", "csv")
    assert "Kept" in listed.out
