"""What is timed: each case runs the app's code ("ours") and a raw sqlite3 baseline that
returns the same rows, and says whether both returned the same thing.

In-process cases use a database already open, as in the running app; the start-up case times
whole processes. Writes go to a scratch copy of the data set.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid as uuid_mod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import raw_sql
from eunato_desk.core.interactions import create_interaction
from eunato_desk.core.listing import (
    count_interactions,
    fetch_rows,
    interaction_ids,
    list_interactions,
)
from eunato_desk.core.periods import Quarter
from eunato_desk.core.records import InteractionFilter, InteractionInput, LinkInput
from eunato_desk.core.search.query import parse_query
from eunato_desk.core.search.service import RANK_LIMIT, search
from eunato_desk.core.storage.db import Database

PAGE = 200  # rows the interaction table fetches at a time (ui.interaction_table_model)
SEARCH_LIMIT = 50
BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent


@dataclass
class Context:
    path: Path
    size: int
    db: Database
    raw: sqlite3.Connection
    quarter: Quarter
    selective: str
    broad: str
    tmp: Path
    scratch: Path | None = None  # a copy of the data set for the write case
    state: dict[str, Any] = field(default_factory=dict)


@dataclass
class Case:
    name: str
    label: str
    ours: Callable[[], Any]
    raw: Callable[[], Any]
    same: Callable[[Any, Any], bool]
    goal: str = ""
    ours_label: str = ""
    raw_label: str = ""


def _keys(rows: list) -> list[tuple]:
    return [raw_sql.row_key(r) for r in rows]


def _quarter_filter(ctx: Context) -> InteractionFilter:
    return InteractionFilter(date_from=ctx.quarter.start, date_to=ctx.quarter.end)


def list_first_page(ctx: Context) -> Case:
    def ours() -> list:
        return list_interactions(ctx.db, InteractionFilter(), descending=True, limit=PAGE)

    def raw() -> list:
        return ctx.raw.execute(raw_sql.FIRST_PAGE, (PAGE,)).fetchall()

    return Case("list_first_page", f"interaction list, first page ({PAGE} rows, newest first)",
                ours, raw, lambda o, r: _keys(o) == r,
                ours_label="listing.list_interactions(limit=200)",
                raw_label="one SELECT with the lists as subqueries")  # fmt: skip


def list_open(ctx: Context) -> Case:
    """What the list view does when it opens: every live id in order, the total, and the
    rows of the first page."""

    def ours() -> tuple:
        ids = interaction_ids(ctx.db, InteractionFilter())
        total = count_interactions(ctx.db, InteractionFilter())
        return ids, total, fetch_rows(ctx.db, ids[:PAGE])

    def raw() -> tuple:
        ids = [r[0] for r in ctx.raw.execute(raw_sql.ALL_IDS)]
        total = ctx.raw.execute(raw_sql.LIVE_COUNT).fetchone()[0]
        return ids, total, raw_sql.rows_by_ids(ctx.raw, ids[:PAGE])

    return Case("list_open", "list view opens: all ids in order + total + first page",
                ours, raw, lambda o, r: (o[0], o[1], _keys(o[2])) == r,
                ours_label="interaction_ids + count_interactions + fetch_rows",
                raw_label="SELECT ids; SELECT count(*); SELECT page rows")  # fmt: skip


def quarter_filter(ctx: Context) -> Case:
    """The list view filtered to a quarter: its ids newest first and the first page."""
    flt = _quarter_filter(ctx)
    bounds = (ctx.quarter.start.isoformat(), ctx.quarter.end.isoformat())

    def ours() -> tuple:
        ids = interaction_ids(ctx.db, flt)
        return ids, fetch_rows(ctx.db, ids[:PAGE])

    def raw() -> tuple:
        ids = [r[0] for r in ctx.raw.execute(raw_sql.QUARTER_IDS, bounds)]
        return ids, raw_sql.rows_by_ids(ctx.raw, ids[:PAGE])

    return Case("quarter_filter", f"quarter filter ({ctx.quarter}): ids + first page",
                ours, raw, lambda o, r: (o[0], _keys(o[1])) == r,
                goal="ratio <= 2.5 at 1M",
                ours_label="interaction_ids(quarter) + fetch_rows",
                raw_label="SELECT ids BETWEEN; SELECT page rows")  # fmt: skip


def quarter_rows(ctx: Context) -> Case:
    """Every row of a quarter (``eunato-desk list --quarter``)."""
    flt = _quarter_filter(ctx)
    bounds = (ctx.quarter.start.isoformat(), ctx.quarter.end.isoformat())
    return Case("quarter_rows", f"quarter filter ({ctx.quarter}): every row",
                lambda: list_interactions(ctx.db, flt),
                lambda: ctx.raw.execute(raw_sql.QUARTER_ROWS, bounds).fetchall(),
                lambda o, r: _keys(o) == r,
                ours_label="listing.list_interactions(quarter)",
                raw_label="one SELECT with the lists as subqueries")  # fmt: skip


def _search_case(ctx: Context, name: str, text: str, goal: str) -> Case:
    expression = parse_query(text).positive_expression()

    def ours() -> Any:
        return search(ctx.db, text, limit=SEARCH_LIMIT)

    def raw() -> list:
        ctx.state[name] = ctx.raw.execute(
            "SELECT count(*) FROM (SELECT rowid FROM interaction_fts WHERE interaction_fts "
            "MATCH ? LIMIT ?)",
            (expression, RANK_LIMIT + 1),
        ).fetchone()[0]
        ranked = ctx.state[name] <= RANK_LIMIT
        sql = raw_sql.SEARCH_RANKED if ranked else raw_sql.SEARCH_NEWEST
        return ctx.raw.execute(sql, (expression, SEARCH_LIMIT)).fetchall()

    def same(o: Any, r: list) -> bool:
        mine = [(*raw_sql.row_key(row), snip) for row, snip in o.hits]
        if o.ranked:  # equal scores may come in any order
            return sorted(mine) == sorted(r) and len(mine) == len(r)
        return mine == r

    return Case(name, f"{name.replace('_', ' ')}: {text}", ours, raw, same, goal=goal,
                ours_label="search.search(limit=50): rows + snippets",
                raw_label="FTS MATCH joined to the rows (ranked if <= 2,000 hits, "
                "else newest first)")  # fmt: skip


def search_selective(ctx: Context) -> Case:
    return _search_case(ctx, "search_selective", ctx.selective, "under 50 ms at 1M")


def search_broad(ctx: Context) -> Case:
    return _search_case(ctx, "search_broad", ctx.broad, "first page under 100 ms at 1M")


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def export_quarter(ctx: Context) -> Case:
    """Quarter export: the CSV issue's ``export_csv`` against the sqlite3 tool's CSV of the
    same rows (the query of bench/bench_export.py)."""
    from bench.bench_export import SQL  # the CSV issue's own baseline query
    from eunato_desk.core.transfer.export import export_csv

    sqlite3_cli = shutil.which("sqlite3")
    if sqlite3_cli is None:
        raise RuntimeError("the sqlite3 command-line tool is not installed")
    sql = SQL.replace("{start}", ctx.quarter.start.isoformat()).replace(
        "{end}", ctx.quarter.end.isoformat()
    )
    flt = _quarter_filter(ctx)
    ours_file, theirs_file = ctx.tmp / "ours.csv", ctx.tmp / "sqlite3.csv"

    def ours() -> Path:
        export_csv(ctx.db, flt, ours_file, flavor="plain")
        return ours_file

    def raw() -> Path:
        with theirs_file.open("wb") as out:
            command = [sqlite3_cli, "-readonly", "-csv", "-header", str(ctx.path), sql]
            subprocess.run(command, stdout=out, check=True)
        return theirs_file

    return Case("export_quarter", f"quarter export to CSV ({ctx.quarter})", ours, raw,
                lambda o, r: _csv_rows(o) == _csv_rows(r),
                goal="ratio <= 2 (CSV issue)",
                ours_label="csv_export.export_csv(flavor=plain), database open",
                raw_label="sqlite3 -readonly -csv -header (whole process)")  # fmt: skip


def save_interaction(ctx: Context) -> Case:
    """Saving one interaction with two action links (on a scratch copy)."""
    assert ctx.scratch is not None
    db = Database(ctx.scratch)
    ctx.state["scratch_db"] = db
    conn = sqlite3.connect(ctx.scratch, isolation_level=None)
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=FULL", "busy_timeout=5000"):
        conn.execute(f"PRAGMA {pragma}")
    ctx.state["scratch_conn"] = conn
    type_id = conn.execute("SELECT id FROM interaction_type WHERE name='Workshop'").fetchone()[0]
    marking = conn.execute("SELECT id FROM handling_marking ORDER BY sort_order").fetchone()[0]
    actions = [conn.execute("SELECT id FROM action WHERE number=? AND status='active'", (n,))
               .fetchone()[0] for n in (3, 43)]  # fmt: skip
    day = dt.date(2019, 6, 12)

    def ours() -> str:
        data = InteractionInput(
            title="Workshop on resilience baselines", type="Workshop", start_date=day,
            summary="Both staffs presented their work.",
            links=(LinkInput(3, "baseline shared"), LinkInput(43, "")),
        )  # fmt: skip
        return create_interaction(db, data, officer="Bench").title

    def raw() -> str:
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        conn.execute("BEGIN IMMEDIATE")
        cur = conn.execute(
            "INSERT INTO interaction (uuid, title, type_id, start_date, status, location, "
            "summary, outcome, marking_id, tags, created_at, created_by, updated_at, updated_by)"
            " VALUES (?, ?, ?, ?, 'held', '', ?, '', ?, '', ?, 'Bench', ?, 'Bench')",
            (str(uuid_mod.uuid4()), "Workshop on resilience baselines", type_id,
             day.isoformat(), "Both staffs presented their work.", marking, now, now),
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO interaction_action (interaction_id, action_id, note) VALUES (?, ?, ?)",
            [(cur.lastrowid, actions[0], "baseline shared"), (cur.lastrowid, actions[1], "")],
        )
        conn.execute("COMMIT")
        return "Workshop on resilience baselines"

    return Case("save_interaction", "save one interaction with two links", ours, raw,
                lambda o, r: o == r,
                ours_label="interactions.create_interaction (ORM, validation)",
                raw_label="BEGIN IMMEDIATE; 3 INSERTs; COMMIT (same pragmas)")  # fmt: skip


def startup(ctx: Context) -> Case:
    """Whole processes: the application (``eunato-desk --db FILE``) from its start to the
    interaction list's first page painted, against a bare PySide6 window that reads the same
    newest 200 rows with sqlite3 and shows them in a table (``bench/bare_table.py``)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached (see run.py)
    config = ctx.tmp / "config"
    config.mkdir(exist_ok=True)
    settings = config / "eunato-desk.json"
    settings.write_text('{"officer_name": "Bench"}', encoding="utf-8")  # no first-run question
    env.update(XDG_CONFIG_HOME=str(config), EUNATO_DESK_CONFIG=str(settings))

    def run(script: str) -> dict:
        env["BENCH_SPAWN_TIME"] = repr(time.time())
        command = [sys.executable, str(BENCH_DIR / script), "--db", str(ctx.path)]
        proc = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True,
                              timeout=300)  # fmt: skip
        if proc.returncode != 0:
            raise RuntimeError(f"{script} failed: {proc.stderr.strip()[-500:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])

    def ours() -> dict:
        out = run("first_page.py")
        ctx.state.setdefault("startup_reports", []).append(out)
        return out

    return Case("startup", "fresh process to the main window's first page", ours,
                lambda: run("bare_table.py"),
                lambda o, r: (o["rows"], o["first_uuid"]) == (r["rows"], r["first_uuid"]),
                goal="ratio <= 2 (issue 16)",
                ours_label="bench/first_page.py: `eunato-desk --db FILE`, offscreen, to the "
                           "first painted page",
                raw_label="bench/bare_table.py: a bare PySide6 window, sqlite3, the newest 200 "
                          "rows in a table")  # fmt: skip


CASES: dict[str, Callable[[Context], Case]] = {
    "startup": startup,
    "list_first_page": list_first_page,
    "list_open": list_open,
    "quarter_filter": quarter_filter,
    "quarter_rows": quarter_rows,
    "search_selective": search_selective,
    "search_broad": search_broad,
    "export_quarter": export_quarter,
    "save_interaction": save_interaction,
}
