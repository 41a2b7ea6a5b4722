"""The readable layout (headers in words, area names, action titles, notes as text, the UUID
last) and the separators (comma, semicolon, tab): what the file holds, and that every layout
comes back from every separator and flavor exactly."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.interactions import create_interaction, get_interaction
from eunato_desk.core.records import InteractionFilter, InteractionInput, LinkInput
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.transfer.export import export_csv
from eunato_desk.core.transfer.format import (
    COLUMNS,
    DELIMITERS,
    FLAVORS,
    LAYOUTS,
    decode_action_notes,
    encode_action_notes,
)
from eunato_desk.core.transfer.importer import apply_import, preview_import
from tests import helpers
from tests.core.transfer.pinned import ITEMS, build, stored_links
from tests.helpers import query

ALL = InteractionFilter()
# The readable layout's columns, as the README promises them.
READABLE = [
    "Date", "Type", "Title", "Status", "Location", "Format", "Actions", "Action titles", "Areas",
    "Countries", "Organisations", "Participants", "Summary", "Outcome", "Marking", "Tags",
    "Action notes", "Start time", "End date", "End time", "UUID",
]  # fmt: skip
FIRST, SECOND, THIRD = (uuid for uuid, _data in ITEMS)
# Notes that '3: note; 43: note' could not carry: they go as JSON, and come back all the same.
AWKWARD = InteractionInput(
    title="Notes with separators in them",
    type="Seminar",
    start_date=dt.date(2018, 5, 20),
    links=(LinkInput(3, "see the minutes; 12: agreed"), LinkInput(12, "{not json")),
)
TIMES = InteractionInput(
    title="Notes with times",
    type="Seminar",
    start_date=dt.date(2018, 5, 21),
    links=(LinkInput(3, "call at 10:30; 14:00 follow-up"), LinkInput(43, "#2: second paper")),
)


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table (with a connection of its own, ``tests.helpers.query``)."""
    return helpers.dump(path)


def rows_of(path: Path, delimiter: str = ",") -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def write_rows(path: Path, rows: list[list[str]], delimiter: str) -> None:
    """What a spreadsheet saving 'CSV UTF-8' writes: a BOM, the rows, CRLF."""
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))


@pytest.fixture
def pinned(db):  # type: ignore[no-untyped-def]
    build(db)
    for data in (AWKWARD, TIMES):
        create_interaction(db, data)
    return db


def test_readable_columns_and_cells(pinned, tmp_path: Path) -> None:
    out = tmp_path / "readable.csv"
    export_csv(pinned, ALL, out, layout="readable", flavor="plain", delimiter=";")

    data = out.read_bytes()
    assert data.startswith(";".join(READABLE).encode() + b"\r\n")
    header, *rows = rows_of(out, ";")
    assert header == READABLE == list(COLUMNS["readable"])
    by_uuid = {row[-1]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_uuid[FIRST] == {
        "Date": "2018-04-12",
        "Type": "Staff talks",
        "Title": 'Staff talks on resilience, cyber and "StratCom"',
        "Status": "held",
        "Location": "+Brussels; Berlaymont",
        "Format": "in person",
        "Actions": "3; 7; 43",
        "Action titles": "3: Strategic communication: mutually supporting messages; "
        "7: Staff-to-staff work on bolstering resilience; "
        "43: Staff links among counter-hybrid actors",
        "Areas": "Countering hybrid threats",
        "Countries": "Georgia; Tunisia",
        "Organisations": "EEAS; NATO IS",
        "Participants": "@handle; Jane Doe",
        "Summary": "Line one\r\nline two, with a comma; and a semicolon",
        "Outcome": "=SUM(A1:A9)",
        "Marking": "LIMITE",
        "Tags": "resilience; -minus",
        "Action notes": '3: briefed on the playbook; 43: joint paper, "draft 2"; next: 14:00',
        "Start time": "10:30",
        "End date": "",
        "End time": "12:00",
        "UUID": FIRST,
    }
    assert by_uuid[SECOND]["Format"] == "video" and by_uuid[SECOND]["End date"] == "2018-05-03"
    third = by_uuid[THIRD]
    assert third["Actions"] == "6; 12" and third["Format"] == "hybrid"
    assert third["Areas"] == "Countering hybrid threats"  # action 12 has no area
    assert third["Action notes"] == "6: =1+1\nsecond line; 12: @once"
    awkward = next(r for r in by_uuid.values() if r["Title"] == AWKWARD.title)
    assert awkward["Action notes"] == '{"3": "see the minutes; 12: agreed", "12": "{not json"}'
    times = next(r for r in by_uuid.values() if r["Title"] == TIMES.title)
    assert times["Action notes"] == "3: call at 10:30; 14:00 follow-up; 43: #2: second paper"
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)  # in date order


def test_readable_excel_flavor_has_the_bom_and_neutralised_cells(pinned, tmp_path: Path) -> None:
    out = tmp_path / "readable.csv"
    export_csv(pinned, ALL, out, layout="readable", delimiter=";")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfDate;Type;Title;Status;")
    first = next(r for r in rows_of(out, ";") if r[-1] == FIRST)
    assert first[4] == "'+Brussels; Berlaymont" and first[13] == "'=SUM(A1:A9)"
    assert first[11] == "'@handle; Jane Doe" and first[15] == "resilience; -minus"


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("delimiter", list(DELIMITERS))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_comes_back_from_every_separator_and_flavor(
    pinned, db_path: Path, tmp_path: Path, layout: str, delimiter: str, flavor: str
) -> None:
    out = tmp_path / "out.csv"
    result = export_csv(pinned, ALL, out, layout=layout, flavor=flavor, delimiter=delimiter)
    assert rows_of(out, delimiter)[0] == list(COLUMNS[layout])
    before = dump(db_path)

    again = apply_import(pinned, out)  # into the database it came from: nothing changes
    assert (again.created, again.updated, again.unchanged) == ((), (), result.interactions)
    assert dump(db_path) == before

    empty = tmp_path / "empty.sqlite3"
    with open_database(empty, create=True) as other:
        preview = preview_import(other, out)
        assert preview.ok, preview.summary_lines()
        assert (preview.layout, preview.delimiter) == (layout, delimiter)
        receipt = apply_import(other, preview)
        assert len(receipt.created) == result.interactions == 6
        for uuid in receipt.created:
            theirs, ours = get_interaction(other, uuid), get_interaction(pinned, uuid)
            assert theirs.title == ours.title and theirs.summary == ours.summary
            assert theirs.to_input() == ours.to_input()


def test_an_edited_readable_file_updates_by_uuid(pinned, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "readable.csv"
    export_csv(pinned, ALL, out, layout="readable", delimiter=";")
    header, *rows = rows_of(out, ";")
    col = {name: i for i, name in enumerate(header)}
    first = next(r for r in rows if r[col["UUID"]] == FIRST)
    first[col["Title"]] = "Staff talks on resilience (corrected)"
    first[col["Actions"]] = "3; 43"  # action 7 unlinked
    first[col["Action titles"]] = "whatever a drafter types here is ignored"
    first[col["Areas"]] = "Cyber security and defence"  # ignored: areas follow the actions
    first[col["Action notes"]] = "3: briefed again; 43: joint paper, final"
    first[col["Format"]] = "video"
    edited = tmp_path / "edited.csv"
    write_rows(edited, [header, *rows], ";")

    preview = preview_import(pinned, edited)
    assert preview.layout == "readable" and preview.delimiter == ";"
    assert preview.counts_line() == "0 to create, 1 to update, 5 unchanged, 0 rejected."
    assert preview.to_update[0].changes == ("title", "format", "actions", "link_notes")
    apply_import(pinned, preview)

    assert query(db_path, "SELECT count(*) FROM interaction") == [(7,)]
    assert query(db_path, "SELECT title, format FROM interaction WHERE uuid = ?", FIRST) == [
        ("Staff talks on resilience (corrected)", "video")
    ]
    assert stored_links(db_path, FIRST) == [(3, "briefed again"), (43, "joint paper, final")]


def test_the_derived_columns_change_nothing(pinned, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "readable.csv"
    export_csv(pinned, ALL, out, layout="readable", delimiter="\t")
    header, *rows = rows_of(out, "\t")
    for row in rows:
        row[header.index("Action titles")] = "1: not the title"
        row[header.index("Areas")] = "Exercises"
    write_rows(out, [header, *rows], "\t")
    before = dump(db_path)
    receipt = apply_import(pinned, out)
    assert (receipt.created, receipt.updated, receipt.unchanged) == ((), (), 6)
    assert dump(db_path) == before


def test_without_the_notes_column_the_notes_stay(pinned, tmp_path: Path) -> None:
    out = tmp_path / "readable.csv"
    export_csv(pinned, ALL, out, layout="readable")
    header, *rows = rows_of(out)
    keep = [i for i, name in enumerate(header) if name != "Action notes"]
    write_rows(out, [[row[i] for i in keep] for row in [header, *rows]], ",")
    preview = preview_import(pinned, out)
    assert preview.layout == "readable"  # still recognised by its Action titles
    assert preview.counts_line() == "0 to create, 0 to update, 6 unchanged, 0 rejected."


def test_a_note_for_an_action_that_is_not_linked_is_rejected(pinned, tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text(
        "Date;Type;Title;Actions;Action notes\r\n"
        '2018-05-02;Seminar;Fine;"3; 43";"3: ok; #43: also ok"\r\n'
        '2018-05-03;Seminar;Stray note;3;"3: ok; 43: not linked"\r\n'
        "2018-05-04;Seminar;No number;3;briefed\r\n",
        encoding="utf-8",
    )
    preview = preview_import(pinned, path)
    assert preview.layout == "readable"
    assert [(r.row, r.column) for r in preview.rejected] == [
        (3, "Action notes"),
        (4, "Action notes"),
    ]
    assert preview.rejected[0].reason == "a note for action 43, which is not linked."
    assert "do not start with an action number" in preview.rejected[1].reason
    assert [p.title for p in preview.to_create] == ["Fine"]


def test_a_header_with_both_kinds_of_notes_is_refused(pinned, tmp_path: Path) -> None:
    path = tmp_path / "both.csv"
    path.write_text("uuid,actions,link_notes,Action notes\r\nx,3,,\r\n", encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        preview_import(pinned, path)
    assert "both 'link_notes' and 'action_notes'; keep only one" in refused.value.reason


def test_an_unknown_separator_is_refused_and_writes_nothing(pinned, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as refused:
        export_csv(pinned, ALL, tmp_path / "x.csv", delimiter="|")
    assert refused.value.field == "delimiter"
    assert refused.value.reason == "'|' is not one of comma, semicolon, tab."
    assert list(tmp_path.glob("x.csv*")) == []


@pytest.mark.parametrize(
    ("text", "notes"),
    [
        ("", {}),
        ("3: briefed", {3: "briefed"}),
        ("3: a; 43: b", {3: "a", 43: "b"}),
        (" #3 : a ;#43:b ", {3: "a", 43: "b"}),
        ("3: call at 10:30; 14:00 lunch", {3: "call at 10:30; 14:00 lunch"}),
        ("3: first line\nsecond; 43: x", {3: "first line\nsecond", 43: "x"}),
        ('{"3": "as JSON; 12: too"}', {3: "as JSON; 12: too"}),
    ],
)
def test_action_notes_are_read_from_text(text: str, notes: dict[int, str]) -> None:
    assert decode_action_notes(text) == notes


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("briefed", "the notes do not start with an action number"),
        ("3: a; 3: b", "two notes for action 3"),
        ("{3: x}", "not a list of notes"),
    ],
)
def test_action_notes_that_cannot_be_read_say_why(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        decode_action_notes(text)


@pytest.mark.parametrize(
    "notes",
    [
        {3: "a", 43: "b"},
        {3: "a; 12: b", 12: "c"},
        {3: " padded "},
        {5: "ends with a semicolon;", 6: "x"},
        {7: "{braces}"},
        {8: "3: starts like a note"},
    ],
)
def test_action_notes_written_are_read_back_exactly(notes: dict[int, str]) -> None:
    assert decode_action_notes(encode_action_notes(notes)) == notes


def test_the_readme_lists_the_readable_columns_as_they_are() -> None:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    section = readme.split("**Layout `readable`**", 1)[1]
    listed = section.split("`", 2)[1]
    assert [c.strip() for c in listed.split(",")] == READABLE
