"""`eunato-desk coverage` and `eunato-desk report`, run as real subprocesses."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest

from eunato_desk.core.demo import generate_demo_data
from tests.helpers import execute, query

DAY = "CAST(i.start_date AS TEXT)"  # YYYY-MM-DD on both backends
QUARTER = f"substr({DAY}, 1, 4) || 'Q' || ((CAST(substr({DAY}, 6, 2) AS INTEGER) + 2) / 3)"


@pytest.fixture
def desk(run_cli, db_path: Path):  # type: ignore[no-untyped-def]
    def run(*args: str | Path):  # type: ignore[no-untyped-def]
        return run_cli(*args, "--db", db_path)

    return run


@pytest.fixture
def demo(db, db_path: Path):  # type: ignore[no-untyped-def]
    generate_demo_data(db, 400, seed=13)
    execute(
        db_path,
        "UPDATE interaction SET status = 'cancelled' WHERE id % 9 = 0",
        "UPDATE interaction SET deleted_at = '2019-01-01T00:00:00Z' WHERE id % 10 = 0",
    )
    return db_path


def independent(db_path: Path, start: str, end: str) -> dict[tuple[int, str], int]:
    rows = query(
        db_path,
        f"SELECT a.number, {QUARTER}, count(DISTINCT i.id) FROM interaction i "
        "JOIN interaction_action l ON l.interaction_id = i.id "
        "JOIN action a ON a.id = l.action_id WHERE a.status = 'active' "
        "AND i.deleted_at IS NULL AND i.status <> 'cancelled' "
        "AND i.start_date BETWEEN ? AND ? GROUP BY 1, 2",
        start,
        end,
    )
    return {(n, q): c for n, q, c in rows}


def test_coverage_json_counts_equal_an_independent_count(desk, demo) -> None:
    result = desk("coverage", "--year", "2018", "--format", "json")
    assert result.code == 0, result
    rows = json.loads(result.out)
    assert len(rows) == 74
    assert set(rows[0]) == {"action", "area", "title", "quarters", "total"}
    assert list(rows[0]["quarters"]) == ["2018Q1", "2018Q2", "2018Q3", "2018Q4"]
    got = {(r["action"], q): n for r in rows for q, n in r["quarters"].items() if n}
    assert got == independent(demo, "2018-01-01", "2018-12-31")
    assert all(r["total"] == sum(r["quarters"].values()) for r in rows)
    assert [r["area"] for r in rows].index(None) == sum(r["area"] == 1 for r in rows)


def test_coverage_table_and_csv(desk, demo) -> None:
    table = desk("coverage", "--from", "2018-02-15", "--to", "2018-05-10")
    assert table.code == 0, table
    header = table.out.splitlines()[0].split()
    assert header[:5] == ["action", "area", "2018Q1", "2018Q2", "total"]
    assert table.out.rstrip().endswith("(74 rows)")
    csv = desk("coverage", "--from", "2018-02-15", "--to", "2018-05-10", "--format", "csv")
    lines = csv.out.splitlines()
    assert lines[0] == "action,area,2018Q1,2018Q2,total,title"
    got = {}
    for line in lines[1:]:
        number, _, q1, q2, *_ = line.split(",")
        got.update({(int(number), "2018Q1"): int(q1), (int(number), "2018Q2"): int(q2)})
    expected = independent(demo, "2018-02-15", "2018-05-10")
    assert {k: v for k, v in got.items() if v} == expected


@pytest.mark.parametrize(
    "args",
    [
        ("coverage",),
        ("coverage", "--year", "2018", "--from", "2018-01-01"),
        ("coverage", "--from", "2018-01-01"),
        ("report", "-o", "r.html"),
        ("report", "--period", "3", "--from", "2018-01-01", "-o", "r.html"),
        ("report", "--period", "11", "-o", "r.html"),
        ("report", "--from", "2018-01-01", "--to", "2018-06-30"),
    ],
)
def test_usage_errors_exit_2(desk, db, tmp_path: Path, args) -> None:  # type: ignore[no-untyped-def]
    result = desk(*args)
    assert result.code == 2, result
    assert result.err.strip() and not result.out
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("coverage", "--from", "2018-13-01", "--to", "2018-12-31"), "--from: '2018-13-01'"),
        (("coverage", "--from", "2018-03-01", "--to", "2018-01-01"), "--to: 2018-01-01 is before"),
        (("coverage", "--year", "0"), "--year: 0 is not a year"),
        (("report", "--from", "2018-01-01", "--to", "x", "-o", "r.html"), "--to: 'x'"),
        (("report", "--period", "3", "-o", "r.docx"), "-o: r.docx has '.docx'"),
        (
            ("report", "--period", "3", "-o", "nowhere/r.html"),
            "-o: cannot write nowhere/r.html: the folder nowhere does not exist.",
        ),
    ],
)
def test_user_errors_exit_1_and_name_the_field(desk, db, args, message) -> None:  # type: ignore[no-untyped-def]
    result = desk(*args)
    assert result.code == 1, result
    assert message in result.err, result


def test_report_for_a_period_in_html_and_odt(desk, demo, tmp_path: Path) -> None:
    html = desk("report", "--period", "4", "-o", "r.html")
    assert html.code == 0, html
    assert "4th report (June 2019): June 2018 – May 2019 (inferred)" in html.out
    text = (tmp_path / "r.html").read_text(encoding="utf-8")
    first, no_area = text.find("Area 1 — Countering"), text.find("No area: ")
    assert 0 < first < no_area < text.find("3. Interactions by type and area")
    odt = desk("report", "--from", "2018-06-01", "--to", "2019-05-31", "-o", tmp_path / "r.odt")
    assert odt.code == 0, odt
    with zipfile.ZipFile(tmp_path / "r.odt") as zf:
        content = zf.read("content.xml").decode("utf-8")
    assert 0 < content.find("Area 1 — Countering") < content.find("No area: ")
    # The same period by dates or by number: the same counts in the message.
    assert html.out.split(";", 1)[1] == odt.out.split(";", 1)[1]
    ((total,),) = query(
        demo,
        "SELECT count(*) FROM interaction WHERE deleted_at IS NULL AND status <> 'cancelled' "
        "AND start_date BETWEEN '2018-06-01' AND '2019-05-31'",
    )
    assert f"; {total} interactions;" in html.out


@pytest.mark.needs_qt
def test_report_as_pdf(desk, demo, tmp_path: Path) -> None:
    result = desk("report", "--period", "3", "-o", "r.pdf")
    assert result.code == 0, result
    raw = (tmp_path / "r.pdf").read_bytes()
    assert raw.startswith(b"%PDF-") and b"/Type /Page" in raw


def test_the_year_bounds_are_inclusive(desk, db) -> None:
    from eunato_desk.core.interactions import create_interaction
    from eunato_desk.core.records import InteractionInput, LinkInput

    for day in (dt.date(2017, 12, 31), dt.date(2018, 1, 1), dt.date(2018, 12, 31)):
        create_interaction(db, InteractionInput("Edge", "Workshop", day, links=(LinkInput(43),)))
    result = desk("coverage", "--year", "2018", "--format", "json")
    row = next(r for r in json.loads(result.out) if r["action"] == 43)
    assert row["quarters"] == {"2018Q1": 1, "2018Q2": 0, "2018Q3": 0, "2018Q4": 1}
