"""The corpus of bad import files: each gives a clear message and leaves the database as it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.interactions import create_interaction
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.core.transfer.importer import apply_import, preview_import
from tests import helpers

CORPUS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "csv"

# Files that cannot be read at all: the message names the file and what is wrong with it.
UNREADABLE = {
    "empty.csv": ["the file is empty"],
    "blank_lines.csv": ["the file is empty"],
    "header_only.csv": ["has a header but no rows"],
    "unclosed_quote.csv": ["row 3, column 'summary': unclosed quote", "opens on line 3"],
    "text_after_quote.csv": ["row 2, column 'title'", "text follows a closing quote"],
    "missing_headers.csv": ["missing header(s): title, type, start_date", "Row 1 must name"],
    "missing_type_column.csv": ["missing header(s): type"],
    "duplicate_headers.csv": ["duplicate header: columns 1 and 4 are both named 'title'"],
    "duplicate_meaning.csv": ["duplicate header: columns 'date' and 'start_date'"],
    "wrong_encoding.csv": ["wrong encoding", "neither UTF-8 nor Windows-1252", "line 2"],
    "utf16_no_bom.csv": ["wrong encoding", "UTF-16"],
    "binary.csv": ["binary file", "NUL bytes"],
    "workbook.xlsx": ["zip archive", "save it as 'CSV UTF-8'"],
}
# Files whose rows are rejected: (row, column, part of the reason) for every rejection.
REJECTED = {
    "bad_dates.csv": [
        (3, "start_date", "'2018-02-30' is not a date (there is no such day)"),
        (4, "start_date", "'next Tuesday' is not a date; write it as YYYY-MM-DD"),
    ],
    "ambiguous_dates.csv": [
        (2, "start_date", "'03/04/2018' could be 3 April 2018 or 4 March 2018"),
        (3, "start_date", "'05/06/2018' could be 5 June 2018 or 6 May 2018"),
    ],
    "unknown_action.csv": [(2, "actions", "there is no active action number 999")],
    "bad_action.csv": [(2, "actions", "'seven' is not an action number")],
    "unknown_organisation.csv": [(2, "organisations", "unknown organisation 'Ministry of Magic'")],
    "unknown_country.csv": [(2, "countries", "unknown country 'Atlantis'")],
    "unknown_type.csv": [(2, "type", "unknown type 'Tea party'")],
    "bad_uuid.csv": [(2, "uuid", "'not-a-uuid' is not a UUID")],
    "end_before_start.csv": [(2, "end_date", "the end (2018-04-10) is before the start")],
    "too_many_values.csv": [(2, "", "the row has 4 values but the header names 3 columns")],
}


def dump(path: Path) -> dict[str, list[tuple]]:
    return helpers.dump(path)


@pytest.fixture
def filled(db, db_path: Path):  # type: ignore[no-untyped-def]
    create_interaction(
        db,
        InteractionInput(
            title="Existing",
            type="Workshop",
            start_date=dt.date(2018, 4, 2),
            links=(LinkInput(3, "note"),),
            organisations=("EEAS",),
            participants=("Jane Doe",),
        ),
    )
    return db


def test_every_corpus_file_has_an_expectation() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.is_file() and not p.name.startswith(".")}
    assert files == set(UNREADABLE) | set(REJECTED)


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_file_is_refused_naming_file_and_problem(
    filled, db_path: Path, name: str
) -> None:
    before = dump(db_path)
    path = CORPUS / name
    for attempt in (
        lambda: preview_import(filled, path),
        lambda: apply_import(filled, path),
        lambda: apply_import(filled, path, valid_only=True),
    ):
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert exc.value.field == str(path)
        for part in UNREADABLE[name]:
            assert part in exc.value.reason, exc.value.message
    assert dump(db_path) == before


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_rejected_rows_are_listed_and_nothing_is_imported(filled, db_path: Path, name: str) -> None:
    before = dump(db_path)
    path = CORPUS / name

    preview = preview_import(filled, path)
    assert not preview.ok
    got = [(r.row, r.column) for r in preview.rejected]
    assert got == [(row, column) for row, column, _ in REJECTED[name]]
    for rejection, (_, _, reason) in zip(preview.rejected, REJECTED[name], strict=True):
        assert reason in rejection.reason
    assert any(str(r) in line for r in preview.rejected for line in preview.summary_lines())

    with pytest.raises(ValidationError) as exc:
        apply_import(filled, path)
    assert exc.value.field == str(path)
    assert "nothing was imported" in exc.value.reason.lower()
    assert dump(db_path) == before


def test_ambiguous_dates_need_a_choice_even_for_valid_rows_only(filled, db_path: Path) -> None:
    path = CORPUS / "ambiguous_dates.csv"
    preview = preview_import(filled, path)
    assert preview.needs_date_order
    assert "'03/04/2018' (row 2, column 'start_date')" in preview.date_question
    before = dump(db_path)
    with pytest.raises(ValidationError, match="day-first or month-first"):
        apply_import(filled, path, valid_only=True)
    assert dump(db_path) == before

    chosen = preview_import(filled, path, date_order="mdy")
    assert chosen.ok and chosen.date_order == "mdy"
    receipt = apply_import(filled, chosen)
    assert len(receipt.created) == 2


def test_valid_only_imports_the_good_rows_and_reports_the_rest(filled) -> None:
    receipt = apply_import(filled, CORPUS / "bad_dates.csv", valid_only=True)
    assert len(receipt.created) == 1
    assert [r.row for r in receipt.rejected] == [3, 4]
    assert "2 rejected row(s) left out" in receipt.message()
