"""Files the app writes as output (CSV exports, dossiers, reports): which targets are refused,
and how a file is written so that it appears whole or not at all.

The rule (``check_output_target``), the same for the command line and the GUI:

- never the database itself, reached by any name (a symlink, a hard link, ``./x``), nor its
  side files ``<db>-wal``, ``<db>-shm``, ``<db>-journal``, ``<db>.lock``, nor anything in its
  ``backups/`` folder, nor any other SQLite database, nor a read-only file: not even when the
  user asked to replace files;
- an existing file only when the caller says the user agreed (``force=True``: ``--force`` on
  the command line, a confirmed question in the GUI);
- a folder, a missing folder, or a folder that cannot be written is refused before any work.

The database and its side files are compared by ``os.stat`` identity and by real path, and are
never opened here: closing a Python file descriptor on a file SQLite has open would drop the
process's POSIX locks on it. Only a file already known not to be one of them has its first 16
bytes read to see whether it is an SQLite database.

The writer (``atomic_open``, ``atomic_path``, ``write_atomic``): the content goes to a hidden
temporary file in the target's folder (``.<name>.<random>.part``, created with O_EXCL),
which is flushed to disk and renamed over the target (``os.replace``, atomic on one file
system); the folder is then flushed too (POSIX). On any error, and on cancellation, the
temporary file is removed and the target is left as it was. With ``replace=False`` the rename
refuses a target that appeared meanwhile (a hard link, which never replaces).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.storage.address import ServerAddress
from eunato_desk.core.storage.paths import backups_dir_for
from eunato_desk.core.storage.raw import SQLITE_HEADER

SIDE_FILES = {
    "-wal": "its write-ahead log",
    "-shm": "its shared-memory index",
    "-journal": "its rollback journal",
    ".lock": "its lock file",
}
TEMP_SUFFIX = ".part"


class OutputExistsError(ValidationError):
    """The target exists and the caller did not allow replacing it (the GUI asks, then
    checks again with ``force=True``)."""

    def __init__(self, field: str, path: Path) -> None:
        super().__init__(field, f"{path} already exists; use --force to replace it.")
        self.path = path


# --- which targets are refused ----------------------------------------------------------------


def _same_name(a: str, b: str) -> bool:
    return os.path.normcase(a) == os.path.normcase(b)


def _identity(path: str | Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _is_inside(path: str, folder: str) -> bool:
    path, folder = os.path.normcase(path), os.path.normcase(folder)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _refuse_database_files(target: Path, database: Path, field: str) -> None:
    """The database, its side files and its backups folder, by name, real path and inode."""
    names = {os.path.abspath(target), os.path.realpath(target)}
    me = _identity(target)
    for db in {os.path.abspath(database), os.path.realpath(database)}:
        if any(_same_name(n, db) for n in names) or (me is not None and me == _identity(db)):
            plain = _same_name(os.path.abspath(target), os.path.abspath(database))
            alias = "" if plain else f" ({database})"
            raise ValidationError(
                field, f"{target} is the database itself{alias}; choose another file."
            )
        for suffix, what in SIDE_FILES.items():
            side = db + suffix
            if any(_same_name(n, side) for n in names) or (
                me is not None and me == _identity(side)
            ):
                raise ValidationError(
                    field,
                    f"{target} belongs to the database ({what}, {Path(side).name}); "
                    "choose another file.",
                )
        backups = os.path.realpath(backups_dir_for(Path(db)))
        if any(_is_inside(n, backups) for n in names):
            raise ValidationError(
                field,
                f"{target} is in the database's backups folder ({backups}); choose another folder.",
            )


def _is_sqlite_file(target: Path, field: str) -> bool:
    try:
        with open(target, "rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ValidationError(
            field, f"{target} exists and cannot be read to check it ({reason})."
        ) from exc


def _read_only(st: os.stat_result, target: Path) -> bool:
    # Write bits, not only os.access: an administrator may write anywhere, yet a file marked
    # read-only was marked so on purpose (and on Windows the flag shows as no write bits).
    return not (st.st_mode & 0o222) or not os.access(target, os.W_OK)


def check_output_target(
    path: Path | str,
    *,
    database: Path | str | ServerAddress | None,
    force: bool,
    field: str = "output",
) -> Path:
    """The target as a Path, if an output file may be written there; else ValidationError
    naming ``field`` (e.g. ``-o``) and the file, with what to do instead.

    ``database`` is the open (or chosen) database file; its files are refused even when
    ``force`` is true (a database on a server has no files here). An existing file raises
    OutputExistsError unless ``force``."""
    text = str(path)
    if not text.strip():
        raise ValidationError(field, "choose a file to write.")
    target = Path(text)
    if database is not None and not isinstance(database, ServerAddress):
        _refuse_database_files(target, Path(database), field)
    if text.endswith(("/", os.sep)) or target.is_dir():
        raise ValidationError(field, f"{target} is a folder; give a file name.")
    exists = os.path.lexists(target)
    if exists:
        try:
            st = os.stat(target)
        except OSError:
            st = None  # a symbolic link to nothing: replacing it replaces only the link
        if st is not None:
            if not stat.S_ISREG(st.st_mode):
                raise ValidationError(field, f"{target} is not a regular file; choose another.")
            if _is_sqlite_file(target, field):
                raise ValidationError(
                    field, f"{target} is an SQLite database, never replaced; choose another file."
                )
            if _read_only(st, target):
                raise ValidationError(field, f"{target} is read-only; choose another file.")
    parent = target.parent
    if not parent.is_dir():
        raise ValidationError(field, f"cannot write {target}: the folder {parent} does not exist.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ValidationError(
            field, f"cannot write {target}: the folder {parent} cannot be written to."
        )
    if exists and not force:
        raise OutputExistsError(field, target)
    return target


# --- writing a file whole or not at all -------------------------------------------------------


def _write_error(field: str, target: Path, exc: OSError) -> ValidationError:
    reason = exc.strerror or str(exc)
    return ValidationError(
        field, f"cannot write the file ({reason}); nothing was written to {target}."
    )


def _create_temp(target: Path, field: str) -> tuple[int, Path]:
    """A new empty file beside ``target`` that nobody else has: O_EXCL, never following an
    existing name; mode 0o666 so that the umask decides, as for any new file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = target.with_name(f".{target.name}.{os.urandom(6).hex()}{TEMP_SUFFIX}")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise ValidationError(
                field, f"cannot write in the folder {target.parent} ({reason})."
            ) from exc


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; not possible, nor needed, on Windows)."""
    if os.name != "posix":
        return
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK}


def _put_in_place(tmp: Path, target: Path, replace: bool, field: str) -> None:
    if replace:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)  # fails if the target exists: never replaces
    except FileExistsError:
        raise OutputExistsError(field, target) from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if os.path.lexists(target):  # no hard links here: check, then rename
            raise OutputExistsError(field, target) from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


@contextmanager
def _finishing(tmp: Path, target: Path, field: str) -> Iterator[None]:
    """Remove the temporary file on any failure; an OSError becomes a ValidationError."""
    try:
        yield
    except BaseException as exc:
        with suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise _write_error(field, target, exc) from exc
        raise


@contextmanager
def atomic_path(
    target: Path | str, *, replace: bool = True, field: str = "output"
) -> Iterator[Path]:
    """A temporary file's path (the file exists, empty) for a writer that wants a path (a zip
    archive, Qt's PDF writer); when the block ends without error it becomes ``target``."""
    target = Path(target)
    fd, tmp = _create_temp(target, field)
    os.close(fd)
    with _finishing(tmp, target, field):
        yield tmp
        _fsync_path(tmp)
        _put_in_place(tmp, target, replace, field)
    _fsync_folder(target.parent)


@contextmanager
def atomic_open(
    target: Path | str,
    mode: str = "w",
    *,
    encoding: str | None = None,
    newline: str | None = None,
    replace: bool = True,
    field: str = "output",
    buffering: int = -1,
) -> Iterator[IO[Any]]:
    """A file object to stream into (``mode`` "w" or "wb"; ``buffering`` as for ``open``);
    when the block ends without error the data is on disk and the file is ``target``."""
    if mode not in ("w", "wb"):
        raise ValueError(f"mode must be 'w' or 'wb', not {mode!r}")
    target = Path(target)
    fd, tmp = _create_temp(target, field)
    with _finishing(tmp, target, field):
        try:
            if mode == "w":
                fh: IO[Any] = os.fdopen(
                    fd, "w", buffering, encoding=encoding or "utf-8", newline=newline
                )
            else:
                fh = os.fdopen(fd, "wb", buffering)
        except BaseException:
            os.close(fd)
            raise
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _put_in_place(tmp, target, replace, field)
    _fsync_folder(target.parent)


def write_atomic(
    target: Path | str,
    data: bytes | str,
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
    replace: bool = True,
    field: str = "output",
) -> Path:
    """Write a small file whole (``bytes`` as they are, ``str`` encoded); returns its path."""
    mode = "wb" if isinstance(data, bytes) else "w"
    with atomic_open(
        target, mode, encoding=encoding if mode == "w" else None, newline=newline,
        replace=replace, field=field,
    ) as fh:  # fmt: skip
        fh.write(data)
    return Path(target)
