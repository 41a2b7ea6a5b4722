"""`eunato-desk export --delimiter` and `--layout readable`, run as real subprocesses: the
file's bytes, and what `import` does with them (rows in the SQLite file, exit codes)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from eunato_desk.core.transfer.format import COLUMNS
from tests.core.transfer.pinned import EXPECTED, ITEMS, build, stored_links
from tests.helpers import query

FIRST = ITEMS[0][0]


@pytest.fixture
def pinned(db):  # type: ignore[no-untyped-def]
    build(db)
    return db


def parsed(path: Path, delimiter: str) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_the_default_is_the_comma_file_as_before(run_cli, pinned, db_path: Path, tmp_path):  # type: ignore[no-untyped-def]
    for name, extra in (("default.csv", ()), ("comma.csv", ("--delimiter", ","))):
        res = run_cli("--db", db_path, "export", "--quarter", "2018Q2", *extra, "-o", name)
        assert res.code == 0, res
        assert (tmp_path / name).read_bytes() == (EXPECTED / "interactions-excel.csv").read_bytes()
    res = run_cli("--db", db_path, "export", "--quarter", "2018Q2", "--layout", "links",
                  "--flavor", "plain", "--delimiter", "comma", "-o", "links.csv")  # fmt: skip
    assert res.code == 0, res
    assert (tmp_path / "links.csv").read_bytes() == (EXPECTED / "links-plain.csv").read_bytes()


@pytest.mark.parametrize(
    ("given", "delimiter"),
    [(";", ";"), ("semicolon", ";"), ("tab", "\t"), ("\t", "\t"), ("\\t", "\t")],
)
def test_delimiter_semicolon_and_tab(run_cli, pinned, db_path: Path, tmp_path, given, delimiter):  # type: ignore[no-untyped-def]
    res = run_cli("--db", db_path, "export", "--quarter", "2018Q2", "--delimiter", given,
                  "-o", "q2.csv")  # fmt: skip
    assert res.code == 0, res
    assert res.out == f"Exported 3 interactions (3 rows) to {Path('q2.csv')}.\n"
    data = (tmp_path / "q2.csv").read_bytes()
    header = delimiter.join(COLUMNS["interactions"]).encode()
    assert data.startswith(b"\xef\xbb\xbf" + header + b"\r\n")
    comma = EXPECTED / "interactions-excel.csv"
    assert parsed(tmp_path / "q2.csv", delimiter) == parsed(comma, ",")


@pytest.mark.parametrize("given", ["|", "", "colon", ",;"])
def test_an_unknown_delimiter_is_a_usage_error(run_cli, pinned, db_path: Path, tmp_path, given):  # type: ignore[no-untyped-def]
    res = run_cli("--db", db_path, "export", "--quarter", "2018Q2", "--delimiter", given,
                  "-o", "x.csv")  # fmt: skip
    assert res.code == 2, res
    assert "--delimiter" in res.err and "is not a separator" in res.err
    assert not (tmp_path / "x.csv").exists()


def test_a_readable_export_reimported_changes_nothing(run_cli, pinned, db_path: Path, tmp_path):  # type: ignore[no-untyped-def]
    res = run_cli("--db", db_path, "export", "--from", "2018-01-01", "--to", "2018-12-31",
                  "--layout", "readable", "--delimiter", ";", "-o", "readable.csv")  # fmt: skip
    assert res.code == 0, res
    data = (tmp_path / "readable.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfDate;Type;Title;Status;Location;Format;Actions;")
    assert b";Start time;End date;End time;UUID\r\n" in data
    before = query(db_path, "SELECT uuid, title, updated_at FROM interaction ORDER BY uuid")

    res = run_cli("--db", db_path, "import", "readable.csv")
    assert res.code == 0, res
    assert "readable.csv: UTF-8 with BOM, semicolon-separated, 'readable' layout." in res.out
    assert "0 to create, 0 to update, 4 unchanged, 0 rejected." in res.out
    assert "Imported readable.csv: 0 created, 0 updated, 4 unchanged." in res.out
    assert query(db_path, "SELECT uuid, title, updated_at FROM interaction ORDER BY uuid") == before


def test_an_edited_readable_file_updates_by_uuid(run_cli, pinned, db_path: Path, tmp_path):  # type: ignore[no-untyped-def]
    res = run_cli("--db", db_path, "export", "--quarter", "2018Q2", "--layout", "readable",
                  "--delimiter", "tab", "-o", "readable.csv")  # fmt: skip
    assert res.code == 0, res
    text = (tmp_path / "readable.csv").read_bytes().decode("utf-8")
    old = "3: briefed on the playbook; 43: "
    assert text.count(old) == 1 and text.count("Staff talks on resilience, cyber") == 1
    edited = text.replace(old, "3: briefed twice; 43: ").replace(
        "Staff talks on resilience, cyber", "Staff talks on resilience and cyber"
    )
    (tmp_path / "edited.csv").write_bytes(edited.encode("utf-8"))

    res = run_cli("--db", db_path, "import", "edited.csv", "--officer", "Bob")
    assert res.code == 0, res
    assert "0 to create, 1 to update, 2 unchanged, 0 rejected." in res.out
    assert "Imported edited.csv: 0 created, 1 updated, 2 unchanged." in res.out
    assert query(db_path, "SELECT count(*) FROM interaction") == [(5,)]
    assert query(db_path, "SELECT title, updated_by FROM interaction WHERE uuid = ?", FIRST) == [
        ('Staff talks on resilience and cyber and "StratCom"', "Bob")
    ]
    assert stored_links(db_path, FIRST) == [
        (3, "briefed twice"),
        (7, ""),
        (43, 'joint paper, "draft 2"; next: 14:00'),
    ]
