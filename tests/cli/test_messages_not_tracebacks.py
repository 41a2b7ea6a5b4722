"""Odd places and odd input give one clear sentence and change nothing: never a traceback,
never a silent exit. The command line runs as a real subprocess; read-only places are made
for another user when the tests run as root (root ignores permissions)."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from eunato_desk.core.errors import DatabaseError
from eunato_desk.core.storage.lock import DatabaseLock, lock_path_for
from tests.helpers import crash_leaving_hot_journal

REPO = Path(__file__).resolve().parents[2]
NOBODY = 65534


def no_traceback(result) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in result.err, result
    assert (result.out + result.err).strip(), "a failure must say something"


DROP_ROOT_POWERS = (
    ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
     "--bounding-set=-dac_override,-dac_read_search", "--"]
    if os.geteuid() == 0 and shutil.which("setpriv")
    else []
)  # fmt: skip


@pytest.fixture
def shared_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path
    for path in [tmp_path, *tmp_path.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            os.chmod(path, 0o755)


def run_restricted(*args: object, home: Path) -> subprocess.CompletedProcess[str]:
    """The CLI as a process for which read-only really is read-only (as root, without the
    capabilities that let root ignore permissions)."""
    if os.geteuid() == 0 and not DROP_ROOT_POWERS:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home), XDG_CONFIG_HOME=str(home))
    env["EUNATO_DESK_CONFIG"] = str(home / "settings.json")
    return subprocess.run(
        [*DROP_ROOT_POWERS, sys.executable, "-m", "eunato_desk", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=home,
        timeout=120,
        check=False,
    )


def make_read_only(db: Path) -> None:
    os.chmod(db, 0o444)
    os.chmod(db.parent, 0o555)


def test_a_folder_as_the_database(run_cli, tmp_path):
    folder = tmp_path / "not-a-file"
    folder.mkdir()
    for args in (("list",), ("log", "--title", "T", "--date", "2018-01-01", "--type", "Workshop"),
                 ("db", "check"), ("db", "upgrade")):  # fmt: skip
        result = run_cli("--db", folder, *args)
        assert result.code == 1, result
        assert "this is a folder, not a database file" in result.err, result
        no_traceback(result)
    assert list(folder.iterdir()) == []


def test_reads_work_in_a_read_only_folder_and_writes_say_why_not(run_cli, shared_dir):
    db = shared_dir / "data" / "desk.sqlite3"
    assert run_cli("--db", db, "db", "upgrade").code == 0
    assert run_cli("--db", db, "demo", "--interactions", "12").code == 0
    for path in (db.parent, db):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    make_read_only(db)
    home = shared_dir / "home"
    home.mkdir()
    os.chmod(home, 0o777)
    before = sorted(p.name for p in db.parent.iterdir())

    for args in (("list",), ("actions", "list"), ("search", "workshop"), ("db", "check"),
                 ("followups",), ("export", "--year" if False else "--quarter", "2018Q1", "-o",
                                  home / "q.csv")):  # fmt: skip
        result = run_restricted("--db", db, *args, home=home)
        assert result.returncode == 0, (args, result.stderr)
        assert "read-only" not in result.stderr
    write = run_restricted("--db", db, "log", "--title", "T", "--date", "2018-01-01",
                           "--type", "Workshop", home=home)  # fmt: skip
    assert write.returncode == 1
    assert "Traceback" not in write.stderr and write.stderr.count("\n") == 1, write.stderr
    assert sorted(p.name for p in db.parent.iterdir()) == before


def test_an_older_schema_on_a_read_only_file_is_refused_without_a_backup(run_cli, shared_dir):
    db = shared_dir / "data" / "desk.sqlite3"
    assert run_cli("--db", db, "db", "upgrade").code == 0
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA application_id = 0")
    conn.execute("UPDATE alembic_version SET version_num = '0005'")
    conn.commit()
    conn.close()
    os.chmod(db.parent, 0o755)
    os.chmod(db, 0o644)
    make_read_only(db)
    home = shared_dir / "home"
    home.mkdir()
    os.chmod(home, 0o777)
    for _attempt in range(2):
        result = run_restricted("--db", db, "list", home=home)
        assert result.returncode == 1
        assert "read-only, so it cannot be upgraded" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert sorted(p.name for p in db.parent.iterdir()) == ["desk.sqlite3"]  # no backups/


def test_an_empty_schema_version_table_is_named(run_cli, tmp_path):
    db = tmp_path / "desk.sqlite3"
    assert run_cli("--db", db, "db", "upgrade").code == 0
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM alembic_version")
    conn.commit()
    conn.close()
    for args in (("list",), ("db", "check"), ("db", "upgrade")):
        result = run_cli("--db", db, *args)
        assert result.code == 1, result
        assert "schema version table has 0 rows" in result.out + result.err, result
        no_traceback(result)


def test_the_lock_path_taken_by_a_folder(run_cli, tmp_path):
    db = tmp_path / "desk.sqlite3"
    assert run_cli("--db", db, "db", "upgrade").code == 0
    lock_path_for(db).mkdir()
    result = run_cli("--db", db, "log", "--title", "T", "--date", "2018-01-01",
                     "--type", "Workshop")  # fmt: skip
    assert result.code == 1
    assert "the lock file's name is taken by a folder" in result.err, result
    no_traceback(result)


def test_an_unreadable_lock_file(run_cli, shared_dir):
    db = shared_dir / "data" / "desk.sqlite3"
    assert run_cli("--db", db, "db", "upgrade").code == 0
    os.chmod(db.parent, 0o777)
    os.chmod(db, 0o666)
    lock = lock_path_for(db)
    lock.write_text("{}", encoding="utf-8")
    os.chmod(lock, 0o000)
    home = shared_dir / "home"
    home.mkdir()
    os.chmod(home, 0o777)
    result = run_restricted("--db", db, "log", "--title", "T", "--date", "2018-01-01",
                            "--type", "Workshop", home=home)  # fmt: skip
    assert result.returncode == 1
    assert "the lock file cannot be opened (no permission)" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_full_disk_while_writing_the_lock_leaves_no_empty_lock(db_path, monkeypatch):
    def full(_self, _fh):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(DatabaseLock, "_write_owner", full)
    with pytest.raises(DatabaseError, match=r"cannot write the lock file \(No space left"):
        DatabaseLock(db_path).acquire()
    assert not lock_path_for(db_path).exists()


def test_arguments_that_are_not_utf8(tmp_path):
    db = tmp_path / "desk.sqlite3"
    env = dict(os.environ)
    proc = subprocess.run(
        [sys.executable, "-m", "eunato_desk", "--db", str(db), "search", b"s\xe9curit\xe9"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2
    assert "is not valid UTF-8 text" in err and "Traceback" not in err
    assert not db.exists()


def test_output_into_a_closed_pipe_after_a_committed_import(run_cli, tmp_path):
    db = tmp_path / "desk.sqlite3"
    assert run_cli("--db", db, "db", "upgrade").code == 0
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(
        "title,type,start_date\n" + "".join(f"Meeting {i},Workshop,2018-05-0{i % 9 + 1}\n"
                                            for i in range(30)),
        encoding="utf-8",
    )  # fmt: skip
    for args in (("import", csv_file), ("list",)):
        proc = subprocess.Popen(
            [sys.executable, "-m", "eunato_desk", "--db", str(db), *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # as `| head -0` would
        err = proc.stderr.read().decode()
        proc.stderr.close()
        proc.wait(60)
        assert "Traceback" not in err and "BrokenPipe" not in err, err
        assert proc.returncode == 0
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM interaction").fetchone()[0] == 30
    conn.close()


def test_the_settings_variable_may_name_a_folder(run_cli, tmp_path):
    folder = tmp_path / "config-folder"
    folder.mkdir()
    db = tmp_path / "desk.sqlite3"
    assert run_cli("--db", db, "db", "upgrade").code == 0
    from eunato_desk.core import settings

    os.environ["EUNATO_DESK_CONFIG"] = str(folder)
    try:
        settings.set_officer_name("Anna Virtanen")
        assert (folder / "settings.json").is_file()
        result = run_cli("--db", db, "log", "--title", "T", "--date", "2018-01-01",
                         "--type", "Workshop", env={"EUNATO_DESK_CONFIG": str(folder)})  # fmt: skip
        assert result.code == 0, result
        listed = run_cli("--db", db, "list", "--format", "json")
        assert listed.code == 0
    finally:
        del os.environ["EUNATO_DESK_CONFIG"]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT created_by FROM interaction").fetchone()[0] == "Anna Virtanen"
    conn.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_settings_that_cannot_be_saved_say_so(tmp_path, monkeypatch):
    from eunato_desk.core import settings
    from eunato_desk.core.errors import DeskError

    target = tmp_path / "ro" / "settings.json"
    target.parent.mkdir()
    target.write_text('{"officer_name": "Old"}', encoding="utf-8")
    monkeypatch.setenv("EUNATO_DESK_CONFIG", str(target))
    monkeypatch.setattr(settings.os, "replace", _fail_replace)
    with pytest.raises(DeskError, match="the settings could not be saved"):
        settings.set_officer_name("New")
    assert settings.officer_name() == "Old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["settings.json"]
    assert stat.S_ISREG(target.stat().st_mode)


def _fail_replace(_src, _dst):  # type: ignore[no-untyped-def]
    raise OSError(errno.EACCES, "Permission denied")


def test_a_hot_rollback_journal_is_recovered_the_same_way_everywhere(run_cli, tmp_path):
    """A write in rollback-journal mode killed half-way leaves a hot -journal. Every
    command, reading or writing, takes the lock, lets SQLite roll it back, checks the whole
    file, and carries on with the data as it was before the unfinished write."""
    db = tmp_path / "desk.sqlite3"
    assert run_cli("--db", db, "db", "upgrade").code == 0
    assert run_cli("--db", db, "log", "--title", "Kept", "--date", "2018-01-01",
                   "--type", "Workshop").code == 0  # fmt: skip
    crash_leaving_hot_journal(db)
    listed = run_cli("--db", db, "list", "--format", "csv")
    assert listed.code == 0, listed
    assert "Kept" in listed.out and "Half-written" not in listed.out
    assert not Path(f"{db}-journal").exists()
    assert run_cli("--db", db, "db", "check").code == 0
    assert REPO.is_dir()


def test_an_import_is_preceded_by_a_checked_backup(run_cli, tmp_path):
    db = tmp_path / "desk.sqlite3"
    assert run_cli("--db", db, "db", "upgrade").code == 0
    csv_file = tmp_path / "in.csv"
    csv_file.write_text("title,type,start_date\nMeeting,Workshop,2018-05-03\n", encoding="utf-8")
    assert run_cli("--db", db, "import", csv_file, "--dry-run").code == 0
    assert not (tmp_path / "backups").exists()  # a dry run writes nothing
    done = run_cli("--db", db, "import", csv_file)
    assert done.code == 0, done
    backups = sorted((tmp_path / "backups").iterdir())
    assert [b.name.rsplit("-", 1)[-1] for b in backups] == ["import.sqlite3"]
    assert f"backed up first to {backups[0]}" in done.out
    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT count(*) FROM interaction").fetchone()[0] == 0  # as before
    conn.close()
    exported = tmp_path / "q2.csv"
    assert run_cli("--db", db, "export", "--quarter", "2018Q2", "-o", exported).code == 0
    again = run_cli("--db", db, "import", exported)  # all unchanged: no new backup
    assert again.code == 0 and "1 unchanged" in again.out, again
    assert len(list((tmp_path / "backups").iterdir())) == 1
