"""The import budget of the GUI's first page: the real application (``eunato-desk --db X``,
offscreen, in its own process) shows the newest interactions having imported only what the
list needs. What it imported by then is listed (``bench/first_page.py --modules``) and held
to an allow-list of our modules and a deny-list of the heavy ones, so that an import added
to the start-up path cannot quietly bring the ORM, Alembic or the document writers back in
front of the first page."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eunato_desk.core import interactions
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.opening import open_database

REPO = Path(__file__).resolve().parents[2]

# Ours, imported before the first page: the start-up path, the list's view, the file checks
# and the first page's reader. Anything else of ours must wait until the database is open.
ALLOWED = {
    "eunato_desk", "eunato_desk.__main__", "eunato_desk.cli", "eunato_desk.cli.main",
    "eunato_desk.cli.options",
    "eunato_desk.core", "eunato_desk.core.errors", "eunato_desk.core.fold",
    "eunato_desk.core.periods", "eunato_desk.core.projection_sql", "eunato_desk.core.rows",
    "eunato_desk.core.settings", "eunato_desk.core.vocab",
    "eunato_desk.core.reference", "eunato_desk.core.reference.matching",
    "eunato_desk.core.storage", "eunato_desk.core.storage.address",
    "eunato_desk.core.storage.dbfile", "eunato_desk.core.storage.files",
    "eunato_desk.core.storage.first_page", "eunato_desk.core.storage.location",
    "eunato_desk.core.storage.lock", "eunato_desk.core.storage.paths",
    "eunato_desk.core.storage.raw", "eunato_desk.core.storage.revisions",
    "eunato_desk.ui", "eunato_desk.ui.app", "eunato_desk.ui.changes", "eunato_desk.ui.collector",
    "eunato_desk.ui.failures", "eunato_desk.ui.keys", "eunato_desk.ui.interactions",
    "eunato_desk.ui.interactions.details_html", "eunato_desk.ui.interactions.filter_bar",
    "eunato_desk.ui.interactions.list_widgets", "eunato_desk.ui.interactions.place",
    "eunato_desk.ui.interactions.table_model", "eunato_desk.ui.interactions.view",
    "eunato_desk.ui.main_window", "eunato_desk.ui.ops", "eunato_desk.ui.typed_early",
    "eunato_desk.ui.waiting", "eunato_desk.ui.widgets", "eunato_desk.ui.widgets.confirm",
    "eunato_desk.ui.widgets.matching", "eunato_desk.ui.widgets.period",
    "eunato_desk.ui.window_names",
}  # fmt: skip
# Never before the first page (nor anything under them).
DENIED = ("sqlalchemy", "alembic", "psycopg", "psycopg_binary", "eunato_desk.core.models",
          "eunato_desk.core.records", "eunato_desk.core.listing", "eunato_desk.core.analysis",
          "eunato_desk.cli.parsers", "eunato_desk.documents", "eunato_desk.ui.dashboard",
          "eunato_desk.ui.menus", "PySide6.QtPrintSupport", "PySide6.QtSvg")  # fmt: skip


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "desk.sqlite3"
    db = open_database(path, create=True)
    try:
        for n in range(30):
            interactions.create_interaction(
                db,
                InteractionInput(
                    title=f"Staff talks {n}",
                    type="Staff talks",
                    start_date=dt.date(2019, 1, 1 + n),
                    links=(LinkInput(3),),
                    countries=("Tunisia",),
                ),
                officer="Anna",
            )
    finally:
        db.dispose()
    return path


def _first_page(db: Path, tmp_path: Path) -> dict:
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"officer_name": "Anna"}), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EUNATO_DESK_CONFIG=str(settings),
               XDG_CONFIG_HOME=str(tmp_path / "config"))  # fmt: skip
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "first_page.py"), "--db", str(db), "--modules"],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_the_first_page_shows_before_the_orm_alembic_and_the_other_views(
    database: Path, tmp_path: Path
) -> None:
    shown = _first_page(database, tmp_path)
    assert shown["rows"] == 30 and shown["first_uuid"]
    imported = set(shown["imported"])
    ours = {m for m in imported if m.startswith("eunato_desk")}
    assert ours - ALLOWED == set(), "imported before the first page, not on the allow-list"
    heavy = sorted(m for m in imported if m.split(".")[0] in DENIED or m.startswith(DENIED))
    assert heavy == []
    assert "eunato_desk.ui.interactions.view" in ours  # the measure sees the list's modules


def test_the_measure_sees_the_orm_and_alembic_when_an_upgrade_comes_first(
    database: Path, tmp_path: Path
) -> None:
    """The same probe on a file whose schema is older: the first page is not read early,
    the list comes after the full open (the upgrade), with the ORM and Alembic imported: so
    the first test's measure would see them if they came before the first page."""
    older = tmp_path / "older.sqlite3"
    older.write_bytes(database.read_bytes())
    migrate.downgrade(older, "0009")  # an upgrade is due: the list waits for the full open
    shown = _first_page(older, tmp_path)
    assert shown["rows"] == 30 and shown["sqlalchemy"]
    assert "alembic" in {m.split(".")[0] for m in shown["imported"]}


def test_the_rest_of_the_window_is_imported_off_the_gui_thread(
    database: Path, tmp_path: Path
) -> None:
    """``preload_rest`` (run on the executor's thread while the database opens) imports every
    module the complete window is built from, so the GUI thread only builds widgets."""
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from eunato_desk.core.storage.opening import open_database\n"
        "from eunato_desk.ui.main_window import MainWindow, preload_rest\n"
        "preload_rest()\n"
        "before = set(sys.modules)\n"
        "window = MainWindow(open_database(sys.argv[1]), ask_name=False)\n"
        "print(sorted(m for m in set(sys.modules) - before if m.startswith('eunato_desk')))\n"
        "window.executor.wait_idle()\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", script, str(database)], capture_output=True,
                          text=True, env=env, cwd=REPO, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"
