"""Shared fixtures. Every test gets its own data and config folders; Qt runs offscreen."""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def _headless_screen() -> str:
    """Qt's offscreen platform with a laptop-sized screen (its default is 800x800, smaller
    than the main window, which makes Qt squeeze restored geometry)."""
    config = Path(tempfile.gettempdir()) / f"eunato-desk-offscreen-screen-{os.getpid()}.json"
    atexit.register(config.unlink, missing_ok=True)
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {"name": "laptop", "x": 0, "y": 0, "width": 1920, "height": 1080,
                     "logicalDpi": 96, "dpr": 1}
                ]
            }
        )
    )  # fmt: skip
    return f"offscreen:configfile={config}"


if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = _headless_screen()

REPO = Path(__file__).resolve().parent.parent

# `make test` runs the suite in two runs (see the Makefile): "no-qt" for the layers that must
# work without Qt (Qt is unimportable there), then "qt" for the rest, which also takes the
# tests of those layers that need Qt (marker needs_qt). Unset: everything, once, with Qt.
TEST_RUN = os.environ.get("EUNATO_DESK_TEST_RUN", "")
NO_QT_LAYERS = ("core", "cli", "migrations", "faults")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if TEST_RUN not in ("qt", "no-qt"):
        return
    keep, drop = [], []
    for item in items:
        parts = Path(str(item.path)).relative_to(REPO / "tests").parts
        in_no_qt_layer = parts[0] in NO_QT_LAYERS
        needs_qt = item.get_closest_marker("needs_qt") is not None
        wanted = (
            (in_no_qt_layer and not needs_qt)
            if TEST_RUN == "no-qt"
            else (not in_no_qt_layer or needs_qt)
        )
        (keep if wanted else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches the real user's data folder, settings or database."""
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("EUNATO_DESK_CONFIG", str(home / "config" / "eunato-desk.json"))
    monkeypatch.delenv("EUNATO_DESK_DB", raising=False)
    return home


_SIDE = ("", "-wal", "-shm", "-journal")


@pytest.fixture(autouse=True)
def no_python_io_on_open_databases(monkeypatch: pytest.MonkeyPatch) -> None:
    """While this process has a database open (an engine, a raw connection), any Python-level
    open() of its file or of its -wal/-shm/-journal fails the test: closing that descriptor
    would drop SQLite's POSIX locks, and another process would then delete the -wal under the
    open connections."""
    import builtins
    import io

    from eunato_desk.core.storage import db as core_db

    def guarded(opener):  # type: ignore[no-untyped-def]
        def open_guarded(file, *args, **kwargs):  # type: ignore[no-untyped-def]
            if isinstance(file, str | bytes | os.PathLike):
                target = os.path.realpath(os.fsdecode(file))
                for live in core_db.open_paths():
                    if target in {live + side for side in _SIDE}:
                        raise AssertionError(
                            f"Python I/O opened {target} while this process has the database "
                            "open: closing it drops SQLite's POSIX locks"
                        )
            return opener(file, *args, **kwargs)

        return open_guarded

    monkeypatch.setattr(builtins, "open", guarded(builtins.open))
    monkeypatch.setattr(io, "open", guarded(io.open))
    monkeypatch.setattr(os, "open", guarded(os.open))


# --- backends: an SQLite file, or a database on a PostgreSQL server (tests/pg.py) -----------
# A test module marked ``pytest.mark.backends("sqlite", "postgresql")`` runs each of its tests
# once per backend (fixture ``backend``); every other test runs on SQLite only.
BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "backends(*names): run the tests on these backends (sqlite, postgresql)"
    )


# Test modules that run on both backends without a marker of their own (paths from tests/):
# the behaviour of the application, the same on a file and on a server. The tests of the
# file itself (storage, backups, locks, damaged files, disk faults) stay on SQLite. More can
# be tried for a run with EUNATO_DESK_TRY_BOTH=path,path.
BOTH_BACKENDS = frozenset(
    {
        "core/test_audit.py",
        "core/test_demo.py",
        "core/test_interactions.py",
        "core/test_latest_quarter.py",
        "core/test_listing.py",
        "core/test_names.py",
        "core/test_projection.py",
        "core/test_versions.py",
        "core/analysis/test_checklist.py",
        "core/analysis/test_coverage.py",
        "core/analysis/test_dossier_summary.py",
        "core/analysis/test_history.py",
        "core/analysis/test_report.py",
        "core/catalogue/test_catalogue.py",
        "core/catalogue/test_lineage.py",
        "core/catalogue/test_official_text_load.py",
        "core/catalogue/test_reference_seed.py",
        "core/reference/test_reference_edit.py",
        "core/reference/test_reference_matching.py",
        "core/reference/test_reference_merge.py",
        "core/reference/test_reference_on_save.py",
        "core/transfer/test_bad_files.py",
        "core/transfer/test_export.py",
        "core/transfer/test_import.py",
        "core/transfer/test_pinned_exports.py",
        "core/transfer/test_readable_and_separators.py",
        "core/transfer/test_roundtrip.py",
        "cli/test_catalogue_text.py",
        "cli/test_cli.py",
        "cli/test_cli_actions.py",
        "cli/test_cli_interactions.py",
        "cli/test_csv_separators_cli.py",
        "cli/test_reference_cli.py",
        "cli/test_report_cli.py",
        "cli/test_search_cli.py",
        "cli/test_show_edit.py",
        "cli/test_transfer_cli.py",
    }
    | set(os.environ.get("EUNATO_DESK_TRY_BOTH", "").split(","))
) - {""}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("backends")
    where = Path(str(metafunc.definition.path)).relative_to(REPO / "tests").as_posix()
    if marker is not None:
        metafunc.parametrize("backend", marker.args)
    elif where in BOTH_BACKENDS:
        metafunc.parametrize("backend", BACKENDS)


@pytest.fixture
def backend() -> str:
    """The test's backend: "sqlite" unless the module is marked ``backends(...)``."""
    return "sqlite"


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    from tests import pg

    if pg.skipped:
        terminalreporter.write_line(
            f"PostgreSQL tests were SKIPPED ({pg.SKIP_ENV}=1): {pg.skipped[0]}", yellow=True
        )


def pytest_sessionfinish(session: pytest.Session) -> None:
    from tests import pg

    pg.stop()


@pytest.fixture
def pg_cluster(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The worker's PostgreSQL server (started on first use)."""
    from tests import pg

    return pg.cluster(tmp_path_factory.getbasetemp())


@pytest.fixture
def db_address(request: pytest.FixtureRequest, backend: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The test's database: the file ``desk.sqlite3`` in the test's folder (not created yet),
    or the URL of a fresh database at the newest schema on the worker's PostgreSQL server."""
    if backend == "sqlite":
        return tmp_path / "desk.sqlite3"
    return request.getfixturevalue("pg_cluster").fresh_database()


@pytest.fixture
def db_path(db_address):  # type: ignore[no-untyped-def]
    """The SQLite file of the test (on the PostgreSQL backend, the server URL instead, so
    that ``helpers.query(db_path, ...)`` reads the same database on both)."""
    return db_address


@pytest.fixture
def db(db_address) -> Iterator:  # type: ignore[no-untyped-def]
    """An open database on the test's backend (a new file, or a fresh server database)."""
    from eunato_desk.core.storage.address import parse_address
    from eunato_desk.core.storage.opening import open_database

    database = open_database(parse_address(db_address), create=True)
    yield database
    database.dispose()


class CliResult:
    def __init__(self, proc: subprocess.CompletedProcess[str]) -> None:
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def __repr__(self) -> str:
        return f"<exit {self.code}\nstdout: {self.out}\nstderr: {self.err}>"


@pytest.fixture
def run_cli(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run `python -m eunato_desk ARGS` as a real subprocess, in a neutral folder."""

    def run(
        *args: str | Path, env: dict[str, str] | None = None, timeout: float = 120
    ) -> CliResult:
        full_env = dict(os.environ)
        full_env.update(env or {})
        proc = subprocess.run(
            [sys.executable, "-m", "eunato_desk", *map(str, args)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=full_env,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        return CliResult(proc)

    return run
