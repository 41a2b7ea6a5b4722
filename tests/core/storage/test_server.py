"""A database on a PostgreSQL team server: addresses, opening, refusals, migrations, the SQL
functions the queries need, the audit trail, and many writers at once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from eunato_desk.core import audit
from eunato_desk.core.errors import DatabaseError, SchemaTooNewError, ValidationError
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.address import ServerAddress, parse_address, resolve_address
from eunato_desk.core.storage.opening import open_database
from tests.helpers import log, query


def test_server_urls_are_addresses_and_hide_the_password() -> None:
    for scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        address = parse_address(f"{scheme}://anna:s3cret@desk.unit:5433/eunato?sslmode=require")
        assert isinstance(address, ServerAddress)
        assert address.url.drivername == "postgresql+psycopg"
        assert address.url.password == "s3cret"
        assert address.url.query == {"sslmode": "require"}
        assert "s3cret" not in str(address) and "s3cret" not in repr(address)
        assert str(address) == "postgresql://anna:***@desk.unit:5433/eunato?sslmode=require"
    sock = parse_address("postgresql://anna@/eunato?host=/run/pg")
    assert sock.url.query == {"host": "/run/pg"}  # type: ignore[union-attr]
    assert str(sock) == "postgresql://anna@/eunato?host=/run/pg"
    assert resolve_address("postgresql://a@h/d") == parse_address("postgresql://a@h/d")


def test_a_url_without_database_is_refused_without_showing_the_password() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_address("postgresql://anna:s3cret@desk.unit")
    assert "names no database" in caught.value.message
    assert "s3cret" not in caught.value.message and "anna:***@" in caught.value.message


def test_a_file_path_stays_a_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert parse_address(str(tmp_path / "x.sqlite3")) == tmp_path / "x.sqlite3"
    assert parse_address("postgresql.sqlite3").name == "postgresql.sqlite3"  # type: ignore[union-attr]


def test_an_empty_server_database_is_created_only_by_upgrade(pg_cluster) -> None:  # type: ignore[no-untyped-def]
    url = pg_cluster.fresh_database(upgraded=False)
    with pytest.raises(DatabaseError, match=r"the database is empty; .* db upgrade"):
        open_database(parse_address(url))
    assert query(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]
    with open_database(parse_address(url), create=True) as db:
        assert db.is_server and db.path is None and db.dialect_name == "postgresql"
        assert db.label == url
    assert query(url, "SELECT version_num FROM alembic_version") == [(migrate.head_revision(),)]
    assert query(url, "SELECT value FROM meta WHERE key = 'application'") == [("EU-NATO Desk",)]
    assert query(url, "SELECT count(*) FROM action") == [(74,)]


def test_another_applications_database_is_refused_untouched(pg_cluster) -> None:  # type: ignore[no-untyped-def]
    url = pg_cluster.fresh_database(upgraded=False)
    query(url, "CREATE TABLE orders (id integer)")  # committed by the helper's connection
    for create in (False, True):
        with pytest.raises(DatabaseError, match="not an EU-NATO Desk database"):
            open_database(parse_address(url), create=create)
    assert query(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'") == [
        ("orders",)
    ]


def test_a_newer_schema_is_refused(pg_cluster) -> None:  # type: ignore[no-untyped-def]
    url = pg_cluster.fresh_database()
    query(url, "UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(SchemaTooNewError, match="newer version of EU-NATO Desk"):
        open_database(parse_address(url))
    assert query(url, "SELECT version_num FROM alembic_version") == [("9999",)]


def test_an_older_schema_is_upgraded_only_by_db_upgrade(pg_cluster) -> None:  # type: ignore[no-untyped-def]
    url = pg_cluster.fresh_database()
    migrate.downgrade(parse_address(url), "0006")
    with pytest.raises(DatabaseError, match=r"at schema 0006 .* db upgrade"):
        open_database(parse_address(url))
    assert query(url, "SELECT version_num FROM alembic_version") == [("0006",)]
    open_database(parse_address(url), create=True).dispose()
    assert query(url, "SELECT version_num FROM alembic_version") == [(migrate.head_revision(),)]


def test_unreachable_server_and_wrong_login_are_sentences(pg_cluster, tmp_path) -> None:  # type: ignore[no-untyped-def]
    nowhere = parse_address(f"postgresql://anna@/eunato?host={tmp_path}")
    with pytest.raises(DatabaseError, match="cannot reach the database server"):
        open_database(nowhere)
    stranger = parse_address(pg_cluster.url("postgres", user="stranger:pw"))
    with pytest.raises(DatabaseError, match="refused the login of stranger") as caught:
        open_database(stranger)
    assert "pw" not in caught.value.message.replace("PGPASSWORD", "").replace("password", "")
    missing = parse_address(pg_cluster.url("no_such_db"))
    with pytest.raises(DatabaseError, match="has no database 'no_such_db'"):
        open_database(missing)


def test_casefold_and_the_search_fold_handle_accents(pg_cluster) -> None:  # type: ignore[no-untyped-def]
    url = pg_cluster.fresh_database()
    rows = query(
        url,
        "SELECT casefold('Élodie ÅLAND Straße'), eunato_fold('Sécurité—ÅLAND, Türkiye; Ștefan')",
    )
    assert rows == [("élodie åland strasse", "securite aland turkiye stefan")]


def test_the_search_vector_follows_the_row(pg_cluster) -> None:  # type: ignore[no-untyped-def]
    url = pg_cluster.fresh_database()
    with open_database(parse_address(url)) as db:
        log(db, "Cross-briefing on Sécurité", dt.date(2018, 5, 3), [3], summary="PACE17 hybrid")
    rows = query(
        url,
        "SELECT title FROM interaction WHERE search_vector @@ "
        "plainto_tsquery('simple', eunato_fold('securite pace17'))",
    )
    assert rows == [("Cross-briefing on Sécurité",)]


def test_audit_rows_and_transactions_on_a_server(pg_cluster) -> None:  # type: ignore[no-untyped-def]
    url = pg_cluster.fresh_database()
    with open_database(parse_address(url)) as db:
        first = log(db, "First", dt.date(2018, 5, 3), [3], officer="Anna")
        second = log(db, "Second", dt.date(2018, 5, 4), [43], officer="Ben")
        entries = audit.history_for_interaction(db, first)
    assert [(e.officer, e.field, e.new) for e in entries][:2] == [
        ("Anna", "created", "First"),
        ("Anna", "link", "3"),
    ]
    txns = dict(query(url, "SELECT entity_uuid, min(txn) FROM audit_log "
                           "WHERE entity = 'interaction' GROUP BY entity_uuid"))  # fmt: skip
    assert txns[first] != txns[second]


def test_two_writers_at_once_both_save(pg_cluster) -> None:  # type: ignore[no-untyped-def]
    url = pg_cluster.fresh_database()
    with open_database(parse_address(url)) as one, open_database(parse_address(url)) as two:
        with one.write() as s1, two.write() as s2:
            s1.execute(text("UPDATE meta SET value = value WHERE key = 'application'"))
            s2.execute(text("SELECT 1"))
        log(one, "From Anna", dt.date(2018, 1, 2), [3], officer="Anna")
        log(two, "From Ben", dt.date(2018, 1, 3), [3], officer="Ben")
    assert query(url, "SELECT title FROM interaction ORDER BY id") == [
        ("From Anna",),
        ("From Ben",),
    ]


def test_reads_are_read_only_snapshots(pg_cluster) -> None:  # type: ignore[no-untyped-def]
    url = pg_cluster.fresh_database()
    with open_database(parse_address(url)) as db:
        with db.read() as session:
            level = session.execute(text("SHOW transaction_isolation")).scalar_one()
            read_only = session.execute(text("SHOW transaction_read_only")).scalar_one()
            with pytest.raises(DatabaseError, match="only reading"):
                session.execute(text("DELETE FROM meta"))
        assert (level, read_only) == ("repeatable read", "on")
    assert query(url, "SELECT count(*) FROM meta")[0][0] >= 3
