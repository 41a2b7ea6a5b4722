"""Team-server fixtures for the GUI: a fresh server database, logins made for a test (one
that needs a real password over the socket, one granted SELECT only), a window on it."""

from __future__ import annotations

import itertools
import os

import psycopg
import pytest

_roles = itertools.count(1)


def database_name(url: str) -> str:
    return url.split("@/", 1)[1].split("?", 1)[0]


@pytest.fixture
def server_url(pg_cluster) -> str:  # type: ignore[no-untyped-def]
    return pg_cluster.fresh_database()


def grant(url: str, role: str, rights: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        conn.execute(f"GRANT {rights} ON ALL TABLES IN SCHEMA public TO {role}")
        if rights != "SELECT":
            conn.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}")


@pytest.fixture
def make_role(pg_cluster, server_url, qtbot):  # type: ignore[no-untyped-def]
    """make_role(rights, password=None) -> the login's name. With a password, the server's
    pg_hba.conf gets a line for that login alone (scram-sha-256 over the socket: the test
    cluster trusts every other login), so the server really asks for it."""

    def make(rights: str = "SELECT, INSERT, UPDATE, DELETE", password: str | None = None) -> str:
        role = f"anna_{os.getpid()}_{next(_roles)}"
        secret = f" PASSWORD '{password}'" if password else ""
        pg_cluster.admin(f"CREATE ROLE {role} LOGIN{secret}")
        pg_cluster.admin(f"GRANT CONNECT ON DATABASE {database_name(server_url)} TO {role}")
        grant(server_url, role, rights)
        if password:
            with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
                hba = conn.execute("SHOW hba_file").fetchone()[0]
            with open(hba, encoding="utf-8") as f:
                rules = f.read()
            with open(hba, "w", encoding="utf-8") as f:
                f.write(f"local all {role} scram-sha-256\n{rules}")
            pg_cluster.admin("SELECT pg_reload_conf()")
            qtbot.waitUntil(lambda: not _connects(server_url.replace("postgres@", f"{role}@")))
        return role

    return make


def _connects(url: str) -> bool:
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.OperationalError:
        return False
    return True
