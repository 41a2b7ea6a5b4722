"""A private PostgreSQL 16 server for the tests (``pgserver``), one per pytest-xdist worker.

The first test that needs it starts the server (a second or so) in a data folder under the
session's temporary directory, makes a template database at the newest schema once, and
every test then gets a fresh database copied from the template (``CREATE DATABASE ...
TEMPLATE``: a few milliseconds). The server stops when the session ends.

If PostgreSQL cannot start, the tests that need it fail, unless ``EUNATO_DESK_SKIP_PG=1``:
then they are skipped, and the terminal summary says so.
"""

from __future__ import annotations

import itertools
import os
import warnings
from pathlib import Path

import pytest

SKIP_ENV = "EUNATO_DESK_SKIP_PG"
TEMPLATE = "eunato_template"
BLANK = "eunato_blank"


class PgCluster:
    """The running server: its socket folder, and fresh databases made from the template."""

    def __init__(self, data_dir: Path) -> None:
        os.environ.setdefault("XDG_RUNTIME_DIR", str(data_dir.parent))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs: no XDG_RUNTIME_DIR on CI machines
            import pgserver

            self._server = pgserver.get_server(data_dir, cleanup_mode="stop")
        self.socket_dir = str(data_dir)
        self._names = itertools.count(1)
        self._template_ready = False

    def url(self, database: str, user: str = "postgres") -> str:
        return f"postgresql://{user}@/{database}?host={self.socket_dir}"

    def admin(self, sql: str) -> None:
        """Run one statement on the maintenance database, outside a transaction."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def _ensure_template(self) -> None:
        if self._template_ready:
            return
        from eunato_desk.core.storage.address import ServerAddress
        from eunato_desk.core.storage.opening import open_database

        self.admin(f"DROP DATABASE IF EXISTS {TEMPLATE}")
        self.admin(f"CREATE DATABASE {TEMPLATE}")
        open_database(ServerAddress.parse(self.url(TEMPLATE)), create=True).dispose()
        self.admin(f"DROP DATABASE IF EXISTS {BLANK}")
        self.admin(f"CREATE DATABASE {BLANK}")
        self._template_ready = True

    def fresh_database(self, *, upgraded: bool = True) -> str:
        """The URL of a new database: at the newest schema with the reference data, or
        empty (``upgraded=False``)."""
        self._ensure_template()
        name = f"t{os.getpid()}_{next(self._names)}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE if upgraded else BLANK}")
        return self.url(name)

    def stop(self) -> None:
        self._server.cleanup()


_cluster: PgCluster | None = None
_failure: str | None = None
skipped: list[str] = []


def cluster(tmp_root: Path) -> PgCluster:
    """The worker's server, started on first use; a failure to start fails the test (or
    skips it with EUNATO_DESK_SKIP_PG=1)."""
    global _cluster, _failure
    if _cluster is None and _failure is None:
        try:
            _cluster = PgCluster(tmp_root / "pg")
        except Exception as exc:  # any reason the server cannot start
            _failure = f"{type(exc).__name__}: {exc}"
    if _cluster is None:
        if os.environ.get(SKIP_ENV) == "1":
            skipped.append(_failure or "")
            pytest.skip(f"PostgreSQL tests skipped ({SKIP_ENV}=1): {_failure}")
        pytest.fail(
            f"PostgreSQL could not start for the tests ({_failure}); set {SKIP_ENV}=1 to "
            "skip the PostgreSQL tests (the summary then says they were skipped)."
        )
    return _cluster


def stop() -> None:
    if _cluster is not None:
        _cluster.stop()
