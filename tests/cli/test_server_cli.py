"""The command line on a team server: `--db postgresql://...` and EUNATO_DESK_DB, `db upgrade`
and `db check` on a server, the file backups refused, and the exit code 2 of a server database
that cannot be used."""

from __future__ import annotations

import json

from tests.helpers import query


def test_upgrade_log_list_check_on_a_server(run_cli, pg_cluster) -> None:  # type: ignore[no-untyped-def]
    url = pg_cluster.fresh_database(upgraded=False)
    refused = run_cli("--db", url, "list")
    assert refused.code == 2 and "the database is empty" in refused.err
    up = run_cli("--db", url, "db", "upgrade")
    assert up.code == 0, up
    assert "(was new)" in up.out and "No file backup" in up.out
    logged = run_cli(
        "log", "--db", url, "--title", "Staff talks", "--date", "2018-05-03",
        "--type", "workshop", "--action", "3", "--country", "Türkiye",
    )  # fmt: skip
    assert logged.code == 0, logged
    listed = run_cli("list", "--format", "json", env={"EUNATO_DESK_DB": url})
    assert listed.code == 0, listed
    rows = json.loads(listed.out)
    assert [(r["uuid"], r["title"], r["countries"]) for r in rows] == [
        (logged.out.strip(), "Staff talks", ["Türkiye"])
    ]
    check = run_cli("--db", url, "db", "check")
    assert check.code == 0, check
    assert "foreign-key check: ok" in check.out and "interaction rows: 1" in check.out
    assert query(url, "SELECT title FROM interaction") == [("Staff talks",)]


def test_file_commands_are_refused_on_a_server(run_cli, pg_cluster) -> None:  # type: ignore[no-untyped-def]
    """(`db backup` on a server writes a snapshot: tests/cli/test_db_copy.py.)"""
    url = pg_cluster.fresh_database()
    for args, words in (
        (("db", "backups"), "not listed with file backups"),
        (("db", "restore", "x.sqlite3"), "db copy"),
    ):
        result = run_cli("--db", url, *args)
        assert result.code == 1 and words in result.err, result


def test_a_wrong_login_exits_2_without_showing_the_password(run_cli, pg_cluster) -> None:  # type: ignore[no-untyped-def]
    url = pg_cluster.url("postgres", user="stranger:Hunter2secret")
    result = run_cli("--db", url, "list")
    assert result.code == 2, result
    assert "refused the login of stranger" in result.err
    assert "Hunter2secret" not in result.err + result.out
