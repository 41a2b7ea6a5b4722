"""`eunato-desk export` and `eunato-desk import`, run as real subprocesses."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from eunato_desk.core.interactions import create_interaction
from eunato_desk.core.listing import list_interactions
from eunato_desk.core.records import InteractionFilter, InteractionInput, LinkInput
from eunato_desk.core.transfer.format import INTERACTION_COLUMNS, LINK_COLUMNS
from tests.helpers import open_db

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "csv"


@pytest.fixture
def desk(run_cli):  # type: ignore[no-untyped-def]
    return run_cli


@pytest.fixture
def logged(db):  # type: ignore[no-untyped-def]
    """Two interactions in 2018 Q2 and one just after it."""
    for title, day, links in (
        ("Staff talks on resilience", dt.date(2018, 4, 12), (LinkInput(7, "kick-off"),)),
        ("=Cyber workshop", dt.date(2018, 6, 30), (LinkInput(3), LinkInput(43))),
        ("July seminar", dt.date(2018, 7, 1), ()),
    ):
        create_interaction(
            db,
            InteractionInput(
                title=title,
                type="Workshop",
                start_date=day,
                links=links,
                organisations=("EEAS",),
            ),
        )
    return db


def _titles(path: Path) -> list[str]:
    with open_db(path, create=True) as db:
        return [r.title for r in list_interactions(db, InteractionFilter())]


def test_export_quarter_excel_by_default(desk, logged, db_path: Path, tmp_path: Path) -> None:
    res = desk("--db", db_path, "export", "--quarter", "2018Q2", "-o", "q2.csv")
    assert res.code == 0, res
    assert res.out == f"Exported 2 interactions (2 rows) to {Path('q2.csv')}.\n"
    data = (tmp_path / "q2.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + ",".join(INTERACTION_COLUMNS).encode() + b"\r\n")
    assert b",'=Cyber workshop," in data and b"July seminar" not in data


def test_export_range_links_plain_with_a_filter(
    desk, logged, db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "links.csv"
    res = desk(
        "export",
        "--db",
        db_path,
        "--from",
        "2018-04-01",
        "--to",
        "2018-12-31",
        "--action",
        "43",
        "--layout",
        "links",
        "--flavor",
        "plain",
        "-o",
        out,
    )
    assert res.code == 0, res
    lines = out.read_bytes().split(b"\r\n")
    assert lines[0] == ",".join(LINK_COLUMNS).encode()
    assert len(lines) == 4 and lines[3] == b""  # header, two links of one interaction, end
    assert all(b",=Cyber workshop," in line for line in lines[1:3])


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ((), 2, "export: error: give --quarter or --from/--to."),
        (("--quarter", "2018Q5"), 1, "--quarter: '2018Q5' is not a quarter"),
        (("--quarter", "2018Q2", "--from", "2018-04-01"), 1, "give either --quarter or"),
        (("--from", "2018-06-31"), 1, "--from: '2018-06-31' is not a date"),
    ],
)
def test_export_usage_and_user_errors(
    desk, db, db_path: Path, tmp_path: Path, args: tuple, code: int, message: str
) -> None:
    res = desk("--db", db_path, "export", *args, "-o", "x.csv")
    assert res.code == code, res
    assert message in res.err
    assert not (tmp_path / "x.csv").exists()


def test_export_to_a_missing_folder_names_it_and_touches_nothing(
    desk, db, db_path: Path, tmp_path: Path
) -> None:
    before = sorted(p.name for p in tmp_path.iterdir())
    res = desk("--db", db_path, "export", "--quarter", "2018Q2", "-o", "nowhere/q.csv")
    assert res.code == 1, res
    assert "-o: cannot write nowhere/q.csv: the folder nowhere does not exist." in res.err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_import_round_trip_then_again_changes_nothing(
    desk, logged, db_path: Path, tmp_path: Path
) -> None:
    assert desk("--db", db_path, "export", "--quarter", "2018Q2", "-o", "q2.csv").code == 0
    other = tmp_path / "other.sqlite3"
    assert desk("--db", other, "db", "upgrade").code == 0

    dry = desk("--db", other, "import", "q2.csv", "--dry-run")
    assert dry.code == 0, dry
    assert "2 to create, 0 to update, 0 unchanged, 0 rejected." in dry.out
    assert "create row 3: =Cyber workshop" in dry.out
    assert dry.out.endswith("Dry run: nothing was changed.\n")
    assert _titles(other) == []

    first = desk("--db", other, "import", "q2.csv", "--officer", "Bob")
    assert first.code == 0, first
    assert "Imported q2.csv: 2 created, 0 updated, 0 unchanged." in first.out
    assert sorted(_titles(other)) == ["=Cyber workshop", "Staff talks on resilience"]

    again = desk("--db", other, "import", "q2.csv")
    assert again.code == 0, again
    assert "0 to create, 0 to update, 2 unchanged, 0 rejected." in again.out


def test_import_with_rejected_rows_imports_nothing_unless_valid_only(
    desk, db, db_path: Path
) -> None:
    bad = CORPUS / "bad_dates.csv"
    res = desk("--db", db_path, "import", bad)
    assert res.code == 1, res
    assert "1 to create, 0 to update, 0 unchanged, 2 rejected." in res.out
    assert "rejected row 3, column 'start_date': '2018-02-30' is not a date" in res.out
    assert "nothing was imported; fix the rejected rows, or give --valid-only" in res.err
    assert _titles(db_path) == []

    res = desk("--db", db_path, "import", bad, "--valid-only")
    assert res.code == 1, res
    assert "1 created, 0 updated, 0 unchanged, 2 rejected row(s) left out." in res.out
    assert _titles(db_path) == ["Staff talks on resilience"]


def test_import_of_an_unreadable_file_is_a_user_error(desk, db, db_path: Path) -> None:
    res = desk("--db", db_path, "import", CORPUS / "unclosed_quote.csv")
    assert res.code == 1, res
    assert res.err.startswith("eunato-desk: error: ")
    assert "unclosed_quote.csv: row 3, column 'summary': unclosed quote" in res.err


def test_import_asks_for_the_date_order_then_uses_it(desk, db, db_path: Path) -> None:
    path = CORPUS / "ambiguous_dates.csv"
    res = desk("--db", db_path, "import", path)
    assert res.code == 1, res
    assert "date order needed: dates such as '03/04/2018'" in res.out
    assert "nothing was imported; give --date-order dmy or mdy." in res.err
    res = desk("--db", db_path, "import", path, "--date-order", "dmy")
    assert res.code == 0, res
    with open_db(db_path, create=True) as again:
        days = [r.date for r in list_interactions(again, InteractionFilter())]
    assert days == [dt.date(2018, 4, 3), dt.date(2018, 6, 5)]


def test_import_with_a_mapping_file_and_pairs(desk, db, db_path: Path, tmp_path: Path) -> None:
    (tmp_path / "foreign.csv").write_text(
        "Subject;Kind;When;Org;Junk\r\nVisit;Other;2018-04-03;EEAS;x\r\n", encoding="utf-8"
    )
    (tmp_path / "map.json").write_text(
        json.dumps({"Subject": "title", "Kind": "type", "Junk": None}), encoding="utf-8"
    )
    res = desk(
        "--db",
        db_path,
        "import",
        "foreign.csv",
        "--mapping",
        "map.json",
        "--mapping",
        "When=start_date",
        "--mapping",
        "Org=organisations",
    )
    assert res.code == 0, res
    assert "columns are separated by semicolons" in res.out
    assert _titles(db_path) == ["Visit"]

    res = desk("--db", db_path, "import", "foreign.csv", "--mapping", "missing.json")
    assert res.code == 1, res
    assert "--mapping: missing.json: no such file" in res.err
