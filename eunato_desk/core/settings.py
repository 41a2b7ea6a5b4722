"""User settings shared by the GUI and the command line (a small JSON file, no Qt)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

from eunato_desk.core.paths import APP_NAME

CONFIG_ENV_VAR = "EUNATO_DESK_CONFIG"


def config_path() -> Path:
    env = os.environ.get(CONFIG_ENV_VAR)
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.json"


def load() -> dict:
    try:
        data = json.loads(config_path().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save(values: dict) -> None:
    """Merge ``values`` into the settings file (written whole, then renamed)."""
    path = config_path()
    data = load()
    data.update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


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
