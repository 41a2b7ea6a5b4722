"""The backups folder: how backups are named, which ones rotation keeps, and the leftovers of
interrupted backups and restores.

Backups live in ``backups/`` next to the database and are named
``<stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason><suffix>`` in local time.

Rotation keeps (numbers below): the newest ``KEEP_RECENT``; the newest of each of the last
``KEEP_DAILY`` days, ``KEEP_WEEKLY`` ISO weeks and ``KEEP_MONTHLY`` months that have backups;
and, whatever the names say, the newest ``KEEP_RECENT`` by modification time. A backup
whose name is later than the clock (the clock was moved backwards) is always kept. Rotation
only ever deletes files whose names it parsed as this database's backups.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from eunato_desk.core.storage.dbfile import side_files
from eunato_desk.core.storage.paths import backups_dir_for

KEEP_RECENT = 10
KEEP_DAILY = 7
KEEP_WEEKLY = 5
KEEP_MONTHLY = 12

STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
_STAMP_RE = r"(\d{8}-\d{6}-\d{6})"


def clean_reason(reason: str) -> str:
    """The reason as it goes into a file name (letters, digits, ``._-``)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", reason).strip("-.") or "backup"


def backup_name(db_path: Path, when: dt.datetime, reason: str) -> str:
    suffix = db_path.suffix or ".sqlite3"
    return f"{db_path.stem}-{when.strftime(STAMP_FORMAT)}-{clean_reason(reason)}{suffix}"


def parse_backup_name(db_path: Path, name: str) -> tuple[dt.datetime, str] | None:
    """(time, reason) from a backup's file name, or None if it is not one of this database's."""
    suffix = db_path.suffix or ".sqlite3"
    pattern = rf"{re.escape(db_path.stem)}-{_STAMP_RE}-([A-Za-z0-9._-]+){re.escape(suffix)}"
    match = re.fullmatch(pattern, name)
    if not match:
        return None
    try:
        return dt.datetime.strptime(match.group(1), STAMP_FORMAT), match.group(2)
    except ValueError:
        return None


def backup_files(db_path: Path) -> list[tuple[Path, dt.datetime, str]]:
    """(path, time, reason) of this database's backups, newest first."""
    folder = backups_dir_for(Path(db_path))
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        parsed = parse_backup_name(Path(db_path), entry.name)
        if parsed and entry.is_file():
            found.append((entry, parsed[0], parsed[1]))
    return sorted(found, key=lambda f: (f[1], f[0].name), reverse=True)


@dataclass(frozen=True)
class BackupFile:
    path: Path
    created: dt.datetime
    mtime: float


def _newest_per(
    items: Sequence[BackupFile], key: Callable[[dt.datetime], object], count: int
) -> set[Path]:
    kept: set[Path] = set()
    seen: set[object] = set()
    for item in items:  # newest first
        period = key(item.created)
        if period not in seen:
            seen.add(period)
            kept.add(item.path)
            if len(seen) == count:
                break
    return kept


def plan_rotation(candidates: Sequence[BackupFile], now: dt.datetime) -> list[Path]:
    """Which backups to delete (see the module docstring for the rules)."""
    future = {c.path for c in candidates if c.created > now}
    normal = sorted(
        (c for c in candidates if c.path not in future), key=lambda c: c.created, reverse=True
    )
    keep = set(future)
    keep |= {c.path for c in normal[:KEEP_RECENT]}
    keep |= _newest_per(normal, lambda t: t.date(), KEEP_DAILY)
    keep |= _newest_per(normal, lambda t: t.isocalendar()[:2], KEEP_WEEKLY)
    keep |= _newest_per(normal, lambda t: (t.year, t.month), KEEP_MONTHLY)
    by_mtime = sorted(candidates, key=lambda c: c.mtime, reverse=True)
    keep |= {c.path for c in by_mtime[:KEEP_RECENT]}
    return sorted(c.path for c in candidates if c.path not in keep)


def rotate_backups(
    db_path: Path, *, now: dt.datetime | None = None, protect: Iterable[Path] = ()
) -> list[Path]:
    """Delete the backups the rotation does not keep; returns the deleted paths."""
    now = now or dt.datetime.now()
    protected = {Path(p) for p in protect}
    candidates = []
    for path, created, _reason in backup_files(db_path):
        try:
            candidates.append(BackupFile(path, created, path.stat().st_mtime))
        except FileNotFoundError:
            continue
    deleted = []
    for path in plan_rotation(candidates, now):
        if path not in protected:
            path.unlink(missing_ok=True)
            deleted.append(path)
    return deleted


STALE_AFTER_S = 10 * 60


def remove_stale_leftovers(db_path: Path, *, now: float | None = None) -> list[Path]:
    """Remove what interrupted backups and restores left: ``*.partial`` (and their
    ``-journal``) in ``backups/`` untouched for ``STALE_AFTER_S`` (a backup still being
    written keeps touching its file), and the ``.<name>.restoring`` copy next to the database
    (a restore holds the database's lock: call this only while holding it). Only names this
    app makes are touched."""
    db_path = Path(db_path)
    now = time.time() if now is None else now
    removed = []
    folder = backups_dir_for(db_path)
    candidates: list[Path] = []
    if folder.is_dir():
        for entry in folder.iterdir():
            name = entry.name
            base = name.removesuffix("-journal").removesuffix(".partial")
            if name.endswith((".partial", ".partial-journal")) and parse_backup_name(db_path, base):
                candidates.append(entry)
    removed += [p for p in candidates if _unlink_if_stale(p, now)]
    restoring = db_path.with_name(f".{db_path.name}.restoring")
    for leftover in (restoring, *side_files(restoring)):
        if leftover.is_file():
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed


def _unlink_if_stale(path: Path, now: float) -> bool:
    try:
        if now - path.stat().st_mtime <= STALE_AFTER_S or not path.is_file():
            return False
        path.unlink()
    except FileNotFoundError:
        return False
    return True
