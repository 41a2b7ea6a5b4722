"""The action catalogue: listing, and importing an official list (all or nothing)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from eunato_desk.core.catalogue.actions import import_catalogue, list_actions
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.paths import resources_dir
from tests.helpers import columns, execute, query


def action_dump(path: Path) -> list[tuple]:
    return query(path, "SELECT * FROM action ORDER BY id")


def action(path: Path, number: int) -> dict:
    (row,) = query(
        path,
        "SELECT a.*, r.code AS area_code FROM action a LEFT JOIN area r ON r.id = a.area_id "
        "WHERE a.number = ? AND a.status = 'active'",
        number,
    )
    return dict(zip([*columns(path, "action"), "area_code"], row, strict=True))


def shipped_actions() -> list[dict[str, str]]:
    with (resources_dir() / "catalogue" / "actions.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- listing ----------------------------------------------------------------------------------


def test_list_actions_gives_the_whole_catalogue_in_order(db: Database) -> None:
    rows = list_actions(db)
    shipped = shipped_actions()
    assert [r.number for r in rows] == list(range(1, 75))
    assert [r.title for r in rows] == [s["title"] for s in shipped]
    assert [r.set_year for r in rows] == [int(s["set"]) for s in shipped]
    shipped_areas = [int(s["area_code"]) if s["area_code"] else None for s in shipped]
    assert [r.area_code for r in rows] == shipped_areas
    assert {r.status for r in rows} == {"active"}


def test_list_actions_of_one_area(db: Database, db_path: Path) -> None:
    in_area_1 = [int(s["number"]) for s in shipped_actions() if s["area_code"] == "1"]
    assert in_area_1, "the shipped catalogue has actions in area 1"
    rows = list_actions(db, area_code=1)
    assert [r.number for r in rows] == in_area_1
    assert {r.area_name for r in rows} == {"Countering hybrid threats"}

    execute(
        db_path,
        "UPDATE action SET area_id = (SELECT id FROM area WHERE code = 10) "
        "WHERE number IN (60, 61)",
    )
    assert [r.number for r in list_actions(db, area_code=10)] == [60, 61]


def test_list_actions_of_an_unknown_area_is_a_validation_error(db: Database) -> None:
    with pytest.raises(ValidationError) as info:
        list_actions(db, area_code=99)
    assert info.value.field == "area"
    assert "99" in info.value.message


# --- import -----------------------------------------------------------------------------------


def test_a_good_file_updates_titles_and_areas_and_reports_changes(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    before = {n: action(db_path, n) for n in (1, 3, 15)}
    others_before = [r for r in action_dump(db_path) if r[2] not in (1, 15)]
    src = write_csv(
        tmp_path / "official.csv",
        "number,set,area_code,title\n"
        "1,2016,1,Hybrid CoE: official title\n"
        f'15,2016,2,"{before[15]["title"]}"\n'
        f'3,2016,1,"{before[3]["title"]}"\n'
        "75,2017,,A new action from the official list\n",
    )

    report = import_catalogue(db, src)

    assert report.problems == []
    assert report.applied is True
    assert report.updated == [(1, ["title"]), (15, ["area"])]
    assert report.unchanged == [3]
    assert report.created == [75]
    assert report.summary_lines()[0] == "1 to create, 2 to update, 1 unchanged, 0 rejected."

    one = action(db_path, 1)
    assert one["title"] == "Hybrid CoE: official title"
    assert one["confidence"] == "confirmed"
    assert one["uuid"] == before[1]["uuid"]
    assert one["description"] == before[1]["description"]
    assert action(db_path, 15)["area_code"] == 2
    assert action(db_path, 15)["title"] == before[15]["title"]
    assert action(db_path, 3) == before[3]
    new = action(db_path, 75)
    assert (new["set_year"], new["area_code"], new["title"]) == (
        2017,
        None,
        "A new action from the official list",
    )
    assert [r for r in action_dump(db_path) if r[2] not in (1, 15, 75)] == others_before


def test_the_description_column_updates_descriptions(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    title = action(db_path, 50)["title"]
    src = write_csv(
        tmp_path / "official.csv",
        f'number,set,area_code,title,description\n50,2017,,"{title}","Official text."\n',
    )
    report = import_catalogue(db, src)
    assert report.updated == [(50, ["description"])]
    assert action(db_path, 50)["description"] == "Official text."


def test_a_file_without_the_area_code_column_leaves_areas_alone(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    """Like description, area_code is optional; a list that does not give areas must not
    wipe the ones already recorded."""
    assert action(db_path, 1)["area_code"] == 1
    src = write_csv(tmp_path / "titles.csv", "number,set,title\n1,2016,Official title one\n")

    report = import_catalogue(db, src)

    assert report.updated == [(1, ["title"])]
    assert action(db_path, 1)["title"] == "Official title one"
    assert action(db_path, 1)["area_code"] == 1


GOOD_ROWS = "number,set,area_code,title,description\n1,2016,1,Good one,\n2,2016,1,Good two,\n"


def test_one_bad_row_changes_nothing_and_is_reported_with_its_line(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    before = action_dump(db_path)
    src = write_csv(tmp_path / "bad.csv", GOOD_ROWS + "3,2015,1,Bad set,\n4,2016,1,Good four,\n")

    report = import_catalogue(db, src)

    assert action_dump(db_path) == before
    assert report.applied is False
    assert [p.line for p in report.problems] == [4]
    assert "set" in report.problems[0].message
    assert "2015" in report.problems[0].message
    assert str(report.problems[0]).startswith("line 4: ")


def test_several_bad_rows_are_all_reported_and_nothing_changes(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    before = action_dump(db_path)
    src = write_csv(
        tmp_path / "bad.csv",
        "number,set,area_code,title,description\n"
        "abc,2016,1,Not a number,\n"  # line 2
        "5,2016,1,Fine,\n"  # line 3
        "6,2016,1,,\n"  # line 4: empty title
        "7,2016,99,Unknown area,\n"  # line 5
        "5,2016,1,Again five,\n"  # line 6: duplicate of line 3
        "8,2016,x,Bad area code,\n"  # line 7
        "-3,2016,1,Negative,\n",  # line 8
    )

    report = import_catalogue(db, src)

    assert action_dump(db_path) == before
    assert report.applied is False
    found = {p.line: p.message for p in report.problems}
    assert sorted(found) == [2, 4, 5, 6, 7, 8]
    assert [p.line for p in report.problems] == [2, 4, 5, 6, 7, 8]
    assert found[2].startswith("number") and "abc" in found[2]
    assert found[4].startswith("title")
    assert found[5].startswith("area_code") and "99" in found[5]
    assert found[6].startswith("number") and "line 3" in found[6]
    assert found[7].startswith("area_code") and "'x'" in found[7]
    assert found[8].startswith("number") and "-3" in found[8]
    rejected = [line for line in report.summary_lines() if line.startswith("  line ")]
    assert len(rejected) == 6


def test_a_bad_row_spanning_lines_is_reported_at_the_line_where_it_starts(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    before = action_dump(db_path)
    src = write_csv(
        tmp_path / "multiline.csv",
        "number,set,area_code,title,description\n"
        '1,2016,1,Good,"first line\nsecond line"\n'  # lines 2-3
        '2,2015,1,Bad set,"also\ntwo lines"\n',  # lines 4-5
    )
    report = import_catalogue(db, src)
    assert action_dump(db_path) == before
    assert [p.line for p in report.problems] == [4]


def test_dry_run_reports_but_changes_nothing(db: Database, db_path: Path, tmp_path: Path) -> None:
    before = action_dump(db_path)
    src = write_csv(
        tmp_path / "official.csv",
        "number,set,area_code,title\n1,2016,1,Changed title\n76,2017,,Brand new\n",
    )

    report = import_catalogue(db, src, dry_run=True)

    assert report.applied is False
    assert report.problems == []
    assert report.updated == [(1, ["title"])]
    assert report.created == [76]
    assert action_dump(db_path) == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"num,title\n1,Something\n", "missing column"),
        (b"number,title\n1,Something\n", "set"),
        (b"number,set,area_code,title,description\n", "no rows"),
        (b"number,set,area_code,title\n1,2016,1,Caf\xe9 des actions\n", "UTF-8"),
    ],
    ids=["empty", "blank", "no-header", "no-set-column", "header-only", "latin-1"],
)
def test_unusable_files_raise_a_validation_error_naming_the_file(
    db: Database, db_path: Path, tmp_path: Path, content: bytes, words: str
) -> None:
    before = action_dump(db_path)
    src = tmp_path / "list.csv"
    src.write_bytes(content)

    with pytest.raises(ValidationError) as info:
        import_catalogue(db, src)

    assert info.value.field == str(src)
    assert str(src) in info.value.message
    assert words in info.value.message
    assert action_dump(db_path) == before


def test_a_missing_file_is_a_validation_error(db: Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        import_catalogue(db, tmp_path / "nope.csv")
    assert info.value.field == str(tmp_path / "nope.csv")


def test_a_utf8_file_with_bom_and_untidy_headers_imports(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    src = tmp_path / "bom.csv"
    src.write_bytes("\ufeff Number , SET ,Area_Code,Title\n2,2016,1,Título oficial\n".encode())
    report = import_catalogue(db, src)
    assert report.problems == []
    assert report.updated == [(2, ["title"])]
    assert action(db_path, 2)["title"] == "Título oficial"
