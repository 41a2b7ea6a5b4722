"""Helpers the test modules share (importable as ``tests.helpers``: pytest puts the repository
root on sys.path, see ``pythonpath`` in pyproject.toml)."""

from __future__ import annotations

import datetime as dt
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from eunato_desk.core import interactions
from eunato_desk.core.records import InteractionInput, LinkInput


def _server_url(where) -> str | None:  # type: ignore[no-untyped-def]
    """The libpq URL of ``where`` if it is on a server, else None."""
    where = getattr(where, "address", where)
    text = str(where)
    if not text.startswith("postgres"):
        return None
    url = where.url.render_as_string(hide_password=False) if hasattr(where, "url") else text
    return url.replace("postgresql+psycopg://", "postgresql://")


def _as_stored_on_a_file(value: object) -> object:
    """A server's value as SQLite gives it back (dates and times as their ISO text), so a
    test compares the same values on both backends."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _pg_sql(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


def on_server(where) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``where`` (a path, a URL or a Database) is a database on a server."""
    return _server_url(where) is not None


def open_db(where, *, create: bool = False):  # type: ignore[no-untyped-def]
    """Open the database at ``where`` (a file's path or a server URL), as the app does."""
    from eunato_desk.core.storage.address import parse_address
    from eunato_desk.core.storage.opening import open_database

    return open_database(parse_address(where), create=create)


def query(where, sql: str, *params: object) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Rows of one SQL statement (``?`` marks the parameters), read with a connection of its
    own: ``where`` is a file's path, a server URL, or an open ``Database`` (either backend).
    Dates come back as ISO text on both (as SQLite stores them)."""
    url = _server_url(where)
    if url is not None:
        import psycopg

        with psycopg.connect(url) as conn:
            cur = conn.execute(_pg_sql(sql), params)
            if cur.description is None:
                return []
            return [tuple(_as_stored_on_a_file(v) for v in r) for r in cur.fetchall()]
    conn = sqlite3.connect(getattr(where, "address", where))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def execute(where, *statements) -> None:  # type: ignore[no-untyped-def]
    """Run statements in one transaction of a connection of its own, and commit (a change
    made outside the app). Each statement is SQL text, or (SQL, params) with ``?`` marks."""
    steps = [(s, ()) if isinstance(s, str) else (s[0], tuple(s[1])) for s in statements]
    url = _server_url(where)
    if url is not None:
        import psycopg

        with psycopg.connect(url) as conn:
            for sql, params in steps:
                conn.execute(_pg_sql(sql), params)
        return
    conn = sqlite3.connect(getattr(where, "address", where))
    try:
        with conn:
            for sql, params in steps:
                conn.execute(sql, params)
    finally:
        conn.close()


def table_names(where) -> list[str]:  # type: ignore[no-untyped-def]
    """The tables of the database, sorted (SQLite's FTS5 shadow tables included)."""
    if _server_url(where) is not None:
        sql = (
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    return sorted(r[0] for r in query(where, sql))


def user_tables(where) -> list[str]:  # type: ignore[no-untyped-def]
    """The application's own tables: no search-index shadow tables, no Alembic bookkeeping."""
    return [
        t
        for t in table_names(where)
        if not t.startswith(("interaction_fts", "sqlite_")) and t != "alembic_version"
    ]


def columns(where, table: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The column names of ``table``, in order."""
    if _server_url(where) is not None:
        rows = query(
            where,
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND table_name = ? ORDER BY ordinal_position",
            table,
        )
        return [r[0] for r in rows]
    return [r[1] for r in query(where, f'PRAGMA table_info("{table}")')]


def dump(where, tables=None) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def]
    """Every row of every table (or of ``tables``), sorted: to compare database content."""
    names = table_names(where) if tables is None else tables
    return {t: sorted(query(where, f'SELECT * FROM "{t}"')) for t in names}


def foreign_key_problems(where) -> list:  # type: ignore[no-untyped-def]
    """Rows that break a foreign key: SQLite's ``foreign_key_check``, or on a server the
    application's own check of every foreign key (``db check``)."""
    url = _server_url(where)
    if url is None:
        return query(where, "PRAGMA foreign_key_check")
    from eunato_desk.core.storage.address import ServerAddress
    from eunato_desk.core.storage.server_open import check_server

    return list(check_server(ServerAddress.parse(url)).foreign_keys)


def log(  # type: ignore[no-untyped-def]
    db,
    title: str,
    day: dt.date,
    numbers=(),
    status: str = "held",
    *,
    type: str = "Workshop",
    notes: dict[int, str] | None = None,
    officer: str = "",
    **fields,
) -> str:
    """Log one interaction linked to the action ``numbers`` (with ``notes`` by number);
    returns its UUID."""
    notes = notes or {}
    data = InteractionInput(
        title=title,
        type=type,
        start_date=day,
        status=status,
        links=tuple(LinkInput(n, notes.get(n, "")) for n in numbers),
        **fields,
    )
    return interactions.create_interaction(db, data, officer=officer).uuid


def crash_leaving_wal(path: Path, title: str = "After the crash") -> None:
    """Another process commits a change (every title becomes ``title``) and is killed
    before any checkpoint: the -wal is left with the commit in it."""
    code = (
        "import os, signal, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('PRAGMA wal_autocheckpoint=0')\n"
        "conn.execute('UPDATE interaction SET title = ?', (sys.argv[2],))\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(path), title], timeout=60, check=False)
    assert proc.returncode == -signal.SIGKILL
    assert Path(f"{path}-wal").stat().st_size > 0


def crash_leaving_hot_journal(path: Path) -> None:
    """A write in rollback-journal mode killed half-way ("Half-written" titles, long
    summaries): a hot -journal is left for SQLite to roll back."""
    code = (
        "import os, signal, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('PRAGMA journal_mode=DELETE')\n"
        "conn.execute('PRAGMA cache_size=1')\n"
        "conn.execute('BEGIN')\n"
        "conn.execute(\"UPDATE interaction SET title = 'Half-written', summary = "
        'hex(randomblob(20000))")\n'
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=False, timeout=60)
    assert Path(f"{path}-journal").stat().st_size > 0
