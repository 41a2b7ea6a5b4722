"""Safe copies of a live database: VACUUM INTO a temporary name, check it, then rename."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from eunato_desk.core.db import connect_read_only
from eunato_desk.core.errors import DatabaseError


def quick_check(path: Path) -> str:
    """'ok' or the first problem SQLite reports for the file."""
    conn = connect_read_only(path)
    try:
        row = conn.execute("PRAGMA quick_check").fetchone()
        return str(row[0]) if row else "no answer from quick_check"
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()


def backup_to(db_path: Path, dest: Path) -> Path:
    """Copy the database to ``dest`` consistently; the file appears whole or not at all."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        src.execute("VACUUM INTO ?", (str(tmp),))
    except sqlite3.DatabaseError as exc:
        tmp.unlink(missing_ok=True)
        raise DatabaseError(f"Backup of {db_path} failed: {exc}") from exc
    finally:
        src.close()
    verdict = quick_check(tmp)
    if verdict != "ok":
        tmp.unlink(missing_ok=True)
        raise DatabaseError(f"Backup of {db_path} failed its check: {verdict}")
    os.replace(tmp, dest)
    return dest


def timestamped_backup(db_path: Path, backups_dir: Path, reason: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    name = f"{db_path.stem}-{stamp}-{reason}{db_path.suffix or '.sqlite3'}"
    return backup_to(db_path, backups_dir / name)
