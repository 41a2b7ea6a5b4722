"""On a team server the audit trail records the login that made each change, whatever
officer name was typed (`--officer`, Settings); on a file the login is ''."""

from __future__ import annotations

from tests.helpers import query

GRANTS = (  # what README's Team server section grants an officer
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}",
)


def test_the_server_records_the_login_beside_the_name(run_cli, pg_cluster):
    url = pg_cluster.fresh_database()
    database = url.split("@/", 1)[1].split("?", 1)[0]
    pg_cluster.admin("DO $$ BEGIN CREATE ROLE anna_login LOGIN; EXCEPTION WHEN duplicate_object "
                     "THEN NULL; END $$")  # fmt: skip
    pg_cluster.admin(f"GRANT CONNECT ON DATABASE {database} TO anna_login")
    owner = pg_cluster.url(database)
    for grant in GRANTS:
        query(owner, grant.format(role="anna_login"))
    as_anna = pg_cluster.url(database, user="anna_login")
    done = run_cli("--db", as_anna, "log", "--title", "Staff talks", "--date", "2019-03-04",
                   "--type", "Staff talks", "--action", "3",
                   "--officer", "Somebody Else")  # fmt: skip
    assert done.code == 0, done.err
    uuid = done.out.strip()
    rows = query(owner, "SELECT DISTINCT officer, login FROM audit_log WHERE entity_uuid = ?", uuid)
    assert rows == [("Somebody Else", "anna_login")]


def test_a_file_has_no_login(run_cli, tmp_path):
    path = tmp_path / "desk.sqlite3"
    assert run_cli("--db", path, "db", "upgrade").code == 0
    done = run_cli("--db", path, "log", "--title", "Staff talks", "--date", "2019-03-04",
                   "--type", "Staff talks", "--officer", "Anna")  # fmt: skip
    assert done.code == 0, done.err
    rows = query(path, "SELECT DISTINCT officer, login FROM audit_log WHERE entity_uuid = ?",
                 done.out.strip())  # fmt: skip
    assert rows == [("Anna", "")]


def test_history_shows_the_login_beside_the_name(run_cli, pg_cluster):
    url = pg_cluster.fresh_database()
    done = run_cli("--db", url, "log", "--title", "Staff talks", "--date", "2019-03-04",
                   "--type", "Staff talks", "--officer", "Anna")  # fmt: skip
    assert done.code == 0, done.err
    table = run_cli("--db", url, "history", "--interaction", done.out.strip())
    assert "Anna (login postgres)" in table.out
    as_json = run_cli("--db", url, "history", "--interaction", done.out.strip(), "--format", "json")
    assert '"login": "postgres"' in as_json.out and '"officer": "Anna"' in as_json.out
