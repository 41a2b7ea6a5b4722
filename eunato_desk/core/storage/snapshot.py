"""A portable snapshot of a team server's database: one SQLite file with everything in it.

``snapshot_database(server_db)`` writes ``eunato-<dbname>-YYYYmmdd-HHMMSS.sqlite3`` into the
``backups`` folder of the user's data folder: a new database file (created at the newest
schema) into which ``copy.copy_database`` copies the whole server database, read in one
snapshot. The file is written under a temporary name and renamed only once the copy is
complete, so a snapshot in the folder is always whole; a failure or a cancel leaves nothing.
The snapshot opens like any database file (``--db FILE``), e.g. for travel, and
``db copy`` moves it back onto a server.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from eunato_desk.core.errors import DatabaseError
from eunato_desk.core.storage.copy import Progress, copy_database
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.dbfile import remove_with_side_files
from eunato_desk.core.storage.paths import user_data_dir

STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class SnapshotInfo:
    path: Path
    interactions: int
    rows: int


def snapshots_dir() -> Path:
    """Where snapshots of server databases go: ``backups`` in the user's data folder."""
    return user_data_dir() / "backups"


def snapshot_name(database: str, when: dt.datetime) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in database) or "server"
    return f"eunato-{safe}-{when.strftime(STAMP)}.sqlite3"


def _free_path(folder: Path, name: str) -> Path:
    path = folder / name
    n = 2
    while path.exists():  # two snapshots in the same second
        path = folder / name.replace(".sqlite3", f"-{n}.sqlite3")
        n += 1
    return path


def snapshot_database(
    source: Database,
    folder: Path | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    now: dt.datetime | None = None,
) -> SnapshotInfo:
    """Copy the whole ``source`` (a server database; a file works too) into a new SQLite
    file in ``folder`` (default: ``snapshots_dir()``). DatabaseError with a sentence if the
    folder cannot be written; OperationCancelled (nothing left behind) on a cancel."""
    from eunato_desk.core.storage.opening import open_database

    folder = folder if folder is not None else snapshots_dir()
    database = source.address.database if source.is_server else source.address.stem  # type: ignore[union-attr]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(
            f"{folder}: cannot create the backups folder ({exc.strerror or exc})."
        ) from exc
    final = _free_path(folder, snapshot_name(database, now or dt.datetime.now()))
    partial = final.with_name(f".{final.name}.partial")
    remove_with_side_files(partial)
    try:
        with open_database(partial, create=True) as target:
            result = copy_database(
                source,
                target,
                progress=progress,
                cancelled=cancelled,
                source_label=source.label,
                target_label="the snapshot",
            )
        os.replace(partial, final)
    except OSError as exc:
        remove_with_side_files(partial)
        raise DatabaseError(f"{final}: the snapshot could not be written ({exc}).") from exc
    except BaseException:
        remove_with_side_files(partial)
        raise
    return SnapshotInfo(final, result.interactions, result.total)
