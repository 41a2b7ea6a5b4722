"""The command line through a real subprocess: version, database upkeep, the action catalogue,
catalogue import, and usage errors. Exit codes: 0 success, 1 user error, 2 usage."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import os
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from eunato_desk import __version__
from eunato_desk.core.interactions import create_interaction
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.paths import resources_dir
from tests.helpers import open_db, query

HEAD = migrate.head_revision()
RunCli = Callable[..., Any]  # the conftest fixture: run_cli(*args, env=None) -> CliResult


def run_all(calls: dict[str, Callable[[], object]]) -> dict[str, object]:
    """Independent commands side by side (each one is a separate process). Commands that
    write must each have their own database: a second writer on the same file is refused."""
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {name: pool.submit(call) for name, call in calls.items()}
        return {name: f.result() for name, f in futures.items()}


def new_db(path: Path, interactions: int = 0) -> Path:
    db = open_db(path, create=True)
    try:
        for i in range(interactions):
            create_interaction(
                db,
                InteractionInput(
                    title=f"Meeting {i}",
                    type="Workshop",
                    start_date=dt.date(2018, 5, 1 + i),
                    links=(LinkInput(1 + i),),
                ),
            )
    finally:
        db.dispose()
    return path


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.code == 0, result
    assert result.out == f"eunato-desk {__version__}\n"
    assert __version__ == "0.1.0"
    assert result.err == ""


def test_db_upgrade_creates_the_database(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.sqlite3"
    result = run_cli("--db", path, "db", "upgrade")
    assert result.code == 0, result
    assert result.out == f"{path}: schema at {HEAD} (was new).\n"
    assert result.err == f"Created the folder {path.parent}.\n"
    assert query(path, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert query(path, "SELECT count(*) FROM action") == [(74,)]


def test_where_the_database_is_chosen(
    run_cli: RunCli, tmp_path: Path, isolated_user_dirs: Path
) -> None:
    from_env, ignored_env = tmp_path / "env.sqlite3", tmp_path / "ignored-env.sqlite3"
    before_cmd, after_cmd = tmp_path / "before.sqlite3", tmp_path / "after.sqlite3"
    run = run_all(
        {
            "env": functools.partial(
                run_cli, "db", "upgrade", env={"EUNATO_DESK_DB": str(from_env)}
            ),
            "flag-wins": functools.partial(
                run_cli,
                "--db",
                before_cmd,
                "db",
                "upgrade",
                env={"EUNATO_DESK_DB": str(ignored_env)},
            ),
            "after": functools.partial(run_cli, "db", "upgrade", "--db", after_cmd),
            "default": functools.partial(run_cli, "db", "upgrade"),
        }
    )
    for name, result in run.items():
        assert result.code == 0, (name, result)
    for path in (from_env, before_cmd, after_cmd):
        assert query(path, "SELECT count(*) FROM action") == [(74,)], path
    assert not ignored_env.exists()
    default = isolated_user_dirs / "data" / "eunato-desk" / "eunato-desk.sqlite3"
    assert run["default"].out == f"{default}: schema at {HEAD} (was new).\n"
    assert query(default, "SELECT count(*) FROM action") == [(74,)]


def test_db_check(run_cli: RunCli, tmp_path: Path) -> None:
    good = new_db(tmp_path / "good.sqlite3", interactions=2)
    broken = new_db(tmp_path / "broken.sqlite3", interactions=1)
    conn = sqlite3.connect(broken)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(
        "INSERT INTO interaction_action (interaction_id, action_id, note) VALUES (999, 5, '')"
    )
    conn.commit()
    conn.close()
    missing = tmp_path / "missing.sqlite3"
    older = new_db(tmp_path / "older.sqlite3")
    first = [r.revision for r in migrate.script_directory().walk_revisions()][-1]
    if first != HEAD:
        migrate.downgrade(older, first)

    paths = {"good": good, "broken": broken, "missing": missing, "older": older}
    run = run_all(
        {name: functools.partial(run_cli, "--db", p, "db", "check") for name, p in paths.items()}
    )

    ok = run["good"]
    assert ok.code == 0, ok
    assert ok.out.splitlines() == [
        f"database: {good}",
        f"schema revision: {HEAD} (this app: {HEAD})",
        "integrity check: ok",
        "foreign-key check: ok",
        "action rows: 74",
        "interaction rows: 2",
        "interaction_action rows: 2",
        "result: ok",
    ]
    bad = run["broken"]
    assert bad.code == 1, bad
    assert "foreign-key check: interaction_action row" in bad.out
    assert "result: 1 problem(s)" in bad.out
    assert "problem: 1 broken foreign key(s)" in bad.out
    gone = run["missing"]
    assert gone.code == 1, gone
    assert gone.err == (
        f"eunato-desk: error: no database at {missing}; create it with `eunato-desk db upgrade`.\n"
    )
    assert not missing.exists()
    if first != HEAD:
        assert run["older"].code == 1, run["older"]
        assert f"schema revision: {first} (this app: {HEAD})" in run["older"].out
        assert "eunato-desk db upgrade" in run["older"].out
        assert query(older, "SELECT version_num FROM alembic_version") == [(first,)]


def shipped_area_1() -> list[int]:
    with (resources_dir() / "catalogue" / "actions.csv").open(encoding="utf-8") as fh:
        return [int(r["number"]) for r in csv.DictReader(fh) if r["area_code"] == "1"]


@pytest.fixture
def fresh(backend: str, tmp_path: Path, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Another new database on the test's backend, by name: a file in the test's folder, or
    a fresh database on the worker's PostgreSQL server."""

    def make(name: str):  # type: ignore[no-untyped-def]
        if backend == "sqlite":
            return tmp_path / f"{name}.sqlite3"
        return request.getfixturevalue("pg_cluster").fresh_database()

    return make


def test_actions_list_formats_and_area_filter(run_cli: RunCli, fresh) -> None:  # type: ignore[no-untyped-def]
    path = new_db(fresh("desk"))
    titles = dict(query(path, "SELECT number, title FROM action"))
    base = ("--db", path, "actions", "list")
    run = run_all(
        {
            "table": functools.partial(run_cli, *base),
            "csv": functools.partial(run_cli, *base, "--format", "csv"),
            "json": functools.partial(run_cli, *base, "--format", "json"),
            "area": functools.partial(run_cli, *base, "--area", "1", "--format", "json"),
        }
    )
    for name in ("table", "csv", "json", "area"):
        assert run[name].code == 0, (name, run[name])
        assert run[name].err == ""

    rows = json.loads(run["json"].out)
    assert len(rows) == 74
    assert [r["number"] for r in rows] == list(range(1, 75))
    assert all(r["title"] == titles[r["number"]] for r in rows)
    assert [r["set"] for r in rows] == [2016] * 42 + [2017] * 32

    area = json.loads(run["area"].out)
    assert [r["number"] for r in area] == shipped_area_1()
    assert {r["area_code"] for r in area} == {1}

    table = list(csv.reader(io.StringIO(run["csv"].out)))
    assert table[0] == ["number", "set", "area_code", "title", "status", "confidence"]
    assert [int(r[0]) for r in table[1:]] == list(range(1, 75))
    assert [r[3] for r in table[1:]] == [titles[n] for n in range(1, 75)]

    lines = run["table"].out.splitlines()
    assert lines[0].split()[:3] == ["number", "set", "area_code"]
    assert lines[-1] == "(74 rows)"
    assert len(lines) == 76
    assert [int(line.split()[0]) for line in lines[1:-1]] == list(range(1, 75))


def action_dump(path: Path) -> list[tuple]:
    return query(path, "SELECT * FROM action ORDER BY id")


def test_catalogue_import(run_cli: RunCli, tmp_path: Path, fresh) -> None:  # type: ignore[no-untyped-def]
    good_db, dry_db, bad_db = (new_db(fresh(n)) for n in ("good", "dry", "bad"))
    dry_before, bad_before = action_dump(dry_db), action_dump(bad_db)
    good = tmp_path / "good.csv"
    good.write_text("number,set,area_code,title\n1,2016,1,Official one\n2,2016,3,Official two\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("number,set,area_code,title\n1,2016,1,Fine\n2,2015,1,Bad set\n3,2016,1,\n")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"number,set,area_code,title\n1,2016,1,Caf\xe9\n")

    run = run_all(
        {
            "good": functools.partial(run_cli, "--db", good_db, "catalogue", "import", good),
            "dry": functools.partial(
                run_cli, "--db", dry_db, "catalogue", "import", good, "--dry-run"
            ),
            "bad": functools.partial(run_cli, "--db", bad_db, "catalogue", "import", bad),
        }
    )
    run["latin"] = run_cli("--db", bad_db, "catalogue", "import", latin)  # same file: after

    assert run["good"].code == 0, run["good"]
    assert run["good"].out.splitlines() == [
        "0 to create, 2 to update, 0 unchanged, 0 rejected.",
        "  update action 1: title",
        "  update action 2: area, title",
        "Catalogue updated.",
    ]
    after = query(
        good_db,
        "SELECT a.number, a.title, r.code FROM action a LEFT JOIN area r ON r.id = a.area_id "
        "WHERE a.number IN (1, 2) ORDER BY 1",
    )
    assert after == [(1, "Official one", 1), (2, "Official two", 3)]

    assert run["dry"].code == 0, run["dry"]
    assert run["dry"].out.splitlines()[-1] == "Dry run: nothing was changed."
    assert "  update action 2: area, title" in run["dry"].out.splitlines()
    assert action_dump(dry_db) == dry_before

    assert run["bad"].code == 1, run["bad"]
    assert run["bad"].out == ""
    err = run["bad"].err.splitlines()
    assert "  line 3: set: '2015' is not 2016 or 2017." in err
    assert "  line 4: title: the title is empty." in err
    assert err[-1] == f"{bad}: nothing was changed."
    assert action_dump(bad_db) == bad_before

    assert run["latin"].code == 1
    assert run["latin"].err == f"eunato-desk: error: {latin}: the file is not UTF-8 text.\n"
    assert action_dump(bad_db) == bad_before


def test_usage_errors_exit_2_and_touch_nothing(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "never.sqlite3"
    run = run_all(
        {
            "unknown-option": functools.partial(run_cli, "--db", path, "list", "--bogus"),
            "missing-type": functools.partial(
                run_cli, "--db", path, "log", "--title", "T", "--date", "2018-01-01"
            ),
        }
    )
    for name, result in run.items():
        assert result.code == 2, (name, result)
        assert result.out == "", name
        assert "usage: eunato-desk" in result.err, name
    assert "unrecognized arguments: --bogus" in run["unknown-option"].err
    assert "the following arguments are required: --type" in run["missing-type"].err
    assert not path.exists()
