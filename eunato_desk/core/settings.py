"""User settings shared by the GUI and the command line (a small JSON file, no Qt)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

from eunato_desk.core.errors import DeskError, ValidationError
from eunato_desk.core.storage.files import write_atomic
from eunato_desk.core.storage.paths import APP_NAME

CONFIG_ENV_VAR = "EUNATO_DESK_CONFIG"


SETTINGS_NAME = "settings.json"


def config_path() -> Path:
    """The settings file: ``$EUNATO_DESK_CONFIG`` names the file (or, if it names an existing
    folder, ``settings.json`` inside it); by default ``settings.json`` in the user's config
    folder."""
    env = os.environ.get(CONFIG_ENV_VAR)
    if env:
        path = Path(env).expanduser()
        return path / SETTINGS_NAME if path.is_dir() else path
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / SETTINGS_NAME


def load() -> dict:
    try:
        data = json.loads(config_path().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save(values: dict) -> None:
    """Merge ``values`` into the settings file (written whole, then renamed). A file that
    cannot be written raises DeskError naming it; the old settings stay as they were."""
    path = config_path()
    data = load()
    data.update(values)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False), field=str(path))
    except (OSError, ValidationError) as exc:
        reason = exc.reason if isinstance(exc, ValidationError) else exc.strerror or exc
        raise DeskError(
            f"{path}: the settings could not be saved ({reason}). Set {CONFIG_ENV_VAR} to a "
            "file you can write, or fix the folder's permissions."
        ) from exc


def officer_name() -> str:
    return str(load().get("officer_name", "")).strip()


def set_officer_name(name: str) -> None:
    save({"officer_name": " ".join(name.split())})


DEFAULT_STALE_MONTHS = 6


def stale_months() -> int:
    """Months without an interaction after which an action is flagged (Actions view)."""
    try:
        value = int(load().get("stale_months", DEFAULT_STALE_MONTHS))
    except (TypeError, ValueError):
        return DEFAULT_STALE_MONTHS
    return value if 1 <= value <= 60 else DEFAULT_STALE_MONTHS


def set_stale_months(months: int) -> None:
    save({"stale_months": int(months)})
