"""Open a database file for use: refuse what must not be touched, back up, upgrade, seed."""

from __future__ import annotations

from pathlib import Path

from eunato_desk.core import migrate
from eunato_desk.core.backup import timestamped_backup
from eunato_desk.core.db import Database, check_is_sqlite_file
from eunato_desk.core.models import Meta
from eunato_desk.core.paths import backups_dir_for, default_db_path
from eunato_desk.core.seed import SEED_KEY, seed_reference_data


def open_database(path: Path | None = None, *, backup_before_upgrade: bool = True) -> Database:
    """Open (creating if needed) and upgrade to the newest schema.

    - A file that is not an SQLite database, or whose schema is newer than this app, raises
      and is left byte-for-byte untouched.
    - An existing database at an older revision is first copied to a checked, timestamped
      backup next to it, then upgraded in one transaction.
    """
    path = Path(path) if path is not None else default_db_path()
    check_is_sqlite_file(path)
    current = migrate.ensure_not_newer(path)
    head = migrate.head_revision()
    if current != head:
        if current is not None and backup_before_upgrade:
            timestamped_backup(path, backups_dir_for(path), f"before-upgrade-from-{current}")
        path.parent.mkdir(parents=True, exist_ok=True)
        migrate.upgrade(path)
    db = Database(path)
    with db.read() as session:
        seeded = session.get(Meta, SEED_KEY) is not None
    if not seeded:
        with db.write() as session:
            seed_reference_data(session)
    return db
