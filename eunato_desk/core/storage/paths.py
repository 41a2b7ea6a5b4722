"""Where things live: the default database, the shipped migrations and resources."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "eunato-desk"
DB_ENV_VAR = "EUNATO_DESK_DB"
DEFAULT_DB_NAME = "eunato-desk.sqlite3"

_PACKAGE_DIR = Path(__file__).resolve().parents[2]  # eunato_desk/


def _shipped_dir(installed_name: str, source_name: str) -> Path:
    """The folder inside an installed wheel, or the top-level one of a source checkout."""
    installed = _PACKAGE_DIR / installed_name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / source_name


def migrations_dir() -> Path:
    return _shipped_dir("_migrations", "migrations")


def resources_dir() -> Path:
    return _shipped_dir("_resources", "resources")


def user_data_dir() -> Path:
    # platformdirs only here: a command given --db (or $EUNATO_DESK_DB) needs none of it,
    # and it costs several milliseconds at every start.
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """`EUNATO_DESK_DB` if set, else the file in the user's data folder."""
    env = os.environ.get(DB_ENV_VAR)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / DEFAULT_DB_NAME


def backups_dir_for(db_path: Path) -> Path:
    return db_path.parent / "backups"
