"""Output files: the targets that are refused, and the writer that leaves a whole file or none."""

from __future__ import annotations

import builtins
import os
import sqlite3
from pathlib import Path

import pytest

from eunato_desk.core.errors import OperationCancelled, ValidationError
from eunato_desk.core.storage.files import (
    OutputExistsError,
    atomic_open,
    atomic_path,
    check_output_target,
    write_atomic,
)

POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX links, modes and FIFOs")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """A real SQLite database in WAL mode with its -wal and -shm present (a connection that
    has written stays open), and a backup in backups/ next to it."""
    path = tmp_path / "desk.sqlite3"
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE t (x)")
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    backups = tmp_path / "backups"
    backups.mkdir()
    copy = sqlite3.connect(backups / "desk-20260101-000000.sqlite3")
    con.backup(copy)
    copy.close()
    (tmp_path / "desk.sqlite3.lock").write_text('{"pid": 1}', encoding="utf-8")
    yield path
    con.close()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path the check opens with Python I/O, as a real path."""
    seen: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(os.path.realpath(file))
        return real_open(file, *args, **kwargs)

    def spy_os_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(os.path.realpath(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    return seen


def refused(path: Path | str, database: Path, *, force: bool = True) -> str:
    with pytest.raises(ValidationError) as info:
        check_output_target(path, database=database, force=force, field="-o")
    assert info.value.field == "-o"
    return info.value.message


@pytest.mark.parametrize("force", [False, True])
def test_the_database_itself_is_refused_by_any_name(
    database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[str], force
) -> None:
    before = database.read_bytes()
    opened.clear()
    monkeypatch.chdir(tmp_path)
    assert "is the database itself" in refused(database, database, force=force)
    assert "is the database itself" in refused("desk.sqlite3", database, force=force)
    assert "is the database itself" in refused("./backups/../desk.sqlite3", database, force=force)
    if os.name == "posix":
        (tmp_path / "link.csv").symlink_to(database)
        os.link(database, tmp_path / "hard.csv")
        message = refused(tmp_path / "link.csv", database, force=force)
        assert message == (
            f"-o: {tmp_path / 'link.csv'} is the database itself ({database}); choose another file."
        )
        assert "is the database itself" in refused("hard.csv", database, force=force)
    # Reached through a symbolic link to its folder, the database is still recognised.
    if os.name == "posix":
        (tmp_path / "alias").symlink_to(tmp_path, target_is_directory=True)
        assert "is the database itself" in refused(tmp_path / "alias" / "desk.sqlite3", database)
    protected = {os.path.realpath(database) + s for s in ("", "-wal", "-shm", "-journal")}
    assert not protected & set(opened), "the database's files must never be opened"
    assert database.read_bytes() == before


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal", ".lock"])
def test_its_side_files_are_refused_whether_or_not_they_exist(
    database: Path, suffix: str, opened: list[str]
) -> None:
    side = Path(f"{database}{suffix}")
    assert side.exists() == (suffix != "-journal")  # WAL mode: no rollback journal
    message = refused(side, database)
    assert f"{side} belongs to the database" in message and side.name in message
    assert os.path.realpath(side) not in opened


def test_the_backups_folder_is_refused(database: Path, opened: list[str]) -> None:
    backup = next((database.parent / "backups").iterdir())
    before = backup.read_bytes()
    assert "backups folder" in refused(backup, database)
    assert "backups folder" in refused(database.parent / "backups" / "new.csv", database)
    assert backup.read_bytes() == before and os.path.realpath(backup) not in opened


def test_any_other_sqlite_file_is_refused_even_with_force(database: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.close()
    message = refused(other, database)
    assert message == f"-o: {other} is an SQLite database, never replaced; choose another file."
    assert refused(other, None) == message  # no database given: still refused


def test_an_existing_file_needs_force(database: Path, tmp_path: Path) -> None:
    target = tmp_path / "q2.csv"
    target.write_bytes(b"previous")
    with pytest.raises(OutputExistsError) as info:
        check_output_target(target, database=database, force=False, field="-o")
    assert info.value.message == f"-o: {target} already exists; use --force to replace it."
    assert check_output_target(target, database=database, force=True) == target
    new = tmp_path / "new.csv"
    assert check_output_target(new, database=database, force=False) == new


@POSIX
def test_a_read_only_file_is_refused_even_with_force(database: Path, tmp_path: Path) -> None:
    target = tmp_path / "q2.csv"
    target.write_bytes(b"keep me")
    target.chmod(0o444)
    assert (
        refused(target, database, force=True) == f"-o: {target} is read-only; choose another file."
    )
    assert refused(target, database, force=False).endswith("is read-only; choose another file.")


def test_folders_are_refused(database: Path, tmp_path: Path) -> None:
    assert refused(tmp_path, database).endswith("is a folder; give a file name.")
    assert refused(f"{tmp_path / 'new'}{os.sep}", database).endswith(
        "is a folder; give a file name."
    )
    missing = tmp_path / "nowhere" / "q.csv"
    assert refused(missing, database) == (
        f"-o: cannot write {missing}: the folder {missing.parent} does not exist."
    )
    assert refused("  ", database) == "-o: choose a file to write."


@POSIX
def test_special_files_and_dangling_links(database: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert refused(fifo, database).endswith("is not a regular file; choose another.")
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "gone.csv")
    with pytest.raises(OutputExistsError):
        check_output_target(dangling, database=database, force=False)
    assert check_output_target(dangling, database=database, force=True) == dangling


@POSIX
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes anywhere")
def test_a_folder_that_cannot_be_written_is_refused(database: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        assert refused(locked / "q.csv", database).endswith("cannot be written to.")
    finally:
        locked.chmod(0o755)


# --- the writer -------------------------------------------------------------------------------


def test_write_atomic_text_and_bytes(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        assert write_atomic(tmp_path / "a.txt", "é\n", newline="\r\n") == tmp_path / "a.txt"
        write_atomic(tmp_path / "b.bin", b"\x00\xff")
    finally:
        os.umask(umask)
    assert (tmp_path / "a.txt").read_bytes() == "é\r\n".encode()
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff"
    if os.name == "posix":
        assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("error", [OperationCancelled("stop"), RuntimeError("bug")])
def test_a_failure_while_streaming_keeps_the_old_file(tmp_path: Path, error) -> None:
    target = tmp_path / "q.csv"
    target.write_bytes(b"old")
    with pytest.raises(type(error)), atomic_open(target, "w") as fh:
        fh.write("half")
        assert leftovers(tmp_path) != []  # the data goes to a temporary file, not the target
        raise error
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == []


def test_an_os_error_names_the_field_and_the_file(tmp_path: Path) -> None:
    target = tmp_path / "d.odt"
    with pytest.raises(ValidationError) as info, atomic_path(target, field="-o") as tmp:
        tmp.write_bytes(b"partial")
        raise OSError(28, "No space left on device")
    assert info.value.message == (
        f"-o: cannot write the file (No space left on device); nothing was written to {target}."
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_atomic_path_hands_a_path_to_a_writer(tmp_path: Path) -> None:
    target = tmp_path / "d.pdf"
    target.write_bytes(b"old")
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".d.pdf.") and tmp.exists()
        tmp.write_bytes(b"%PDF-new")
        assert target.read_bytes() == b"old"
    assert target.read_bytes() == b"%PDF-new" and leftovers(tmp_path) == []


def test_without_replace_a_file_that_appeared_meanwhile_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "q.csv"
    with pytest.raises(OutputExistsError), atomic_open(target, "w", replace=False) as fh:
        fh.write("ours")
        target.write_bytes(b"someone else's")  # appeared while we were writing
    assert target.read_bytes() == b"someone else's" and leftovers(tmp_path) == []
    fresh = tmp_path / "fresh.csv"
    with atomic_open(fresh, "wb", replace=False) as fh:
        fh.write(b"ours")
    assert fresh.read_bytes() == b"ours" and leftovers(tmp_path) == []
