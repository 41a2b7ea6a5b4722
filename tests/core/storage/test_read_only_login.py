"""A login granted SELECT only on the team database (README, Team server: ``eunato_readers``):
opening finds it out, reads work, every write refuses with a sentence naming the login, and the
command line refuses a writing command before it starts (exit 1), nothing written."""

from __future__ import annotations

import datetime as dt
import itertools
import os

import pytest

from eunato_desk.core.errors import DatabaseError
from eunato_desk.core.storage.address import ServerAddress
from eunato_desk.core.storage.opening import open_database
from tests.helpers import log, query

_names = itertools.count(1)


@pytest.fixture
def reader(pg_cluster):  # type: ignore[no-untyped-def]
    """(the officer's URL, the reader's URL, the reader's login) on a fresh database."""
    url = pg_cluster.fresh_database()
    name = url.split("@/", 1)[1].split("?", 1)[0]
    role = f"reader_{os.getpid()}_{next(_names)}"
    pg_cluster.admin(f"CREATE ROLE {role} LOGIN")
    pg_cluster.admin(f"GRANT CONNECT ON DATABASE {name} TO {role}")
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    return url, url.replace("postgres@", f"{role}@"), role


def test_a_reader_login_opens_read_only_and_every_write_refuses(reader):
    url, reader_url, role = reader
    with open_database(ServerAddress.parse(url)) as officer_db:
        assert not officer_db.read_only
        log(officer_db, "Seen by the reader", dt.date(2019, 1, 2))
    with open_database(ServerAddress.parse(reader_url)) as db:
        assert db.read_only and db.login == role
        assert query(db, "SELECT title FROM interaction") == [("Seen by the reader",)]
        with pytest.raises(DatabaseError) as refused:
            log(db, "Not allowed", dt.date(2019, 1, 3))
    assert f"your login {role} may read this team database but not change it" in str(
        refused.value.message
    )
    assert query(url, "SELECT count(*) FROM interaction") == [(1,)]


def test_the_command_line_refuses_a_readers_write_with_the_login(reader, run_cli):
    url, reader_url, role = reader
    result = run_cli("--db", reader_url, "log", "--title", "Nope", "--date", "2019-01-03",
                     "--type", "Workshop")  # fmt: skip
    assert result.code == 1, result
    assert f"your login {role} may read this team database but not change it" in result.err
    assert query(url, "SELECT count(*) FROM interaction") == [(0,)]
    listed = run_cli("--db", reader_url, "list")
    assert listed.code == 0, listed
