"""CSV import: foreign spreadsheets, updates by UUID, all or nothing, undo."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from eunato_desk.core.errors import OperationCancelled, ValidationError
from eunato_desk.core.interactions import (
    create_interaction,
    delete_interaction,
    get_interaction,
    update_interaction,
)
from eunato_desk.core.records import InteractionFilter, InteractionInput, LinkInput
from eunato_desk.core.transfer.export import export_csv
from eunato_desk.core.transfer.importer import apply_import, preview_import, undo_import
from tests import helpers
from tests.helpers import execute, query


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, except the internals of virtual tables (a full-text index
    stores the same words differently after an insert and a delete: derived, not content)."""
    # the trail records the import and its undo, by design
    tables = [t for t in helpers.user_tables(path) if t != "audit_log"]
    out = helpers.dump(path, tables)
    out["meta"] = [row for row in out["meta"] if row[0] != "audit_txn"]
    # An interaction's version only goes up (an undo is a change too): compared apart.
    names = helpers.columns(path, "interaction")
    if "version" in names:
        at = names.index("version")
        out["interaction"] = [r[:at] + r[at + 1 :] for r in out["interaction"]]
    return out


def write(folder: Path, text: str, encoding: str = "utf-8", name: str = "in.csv") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


BASE = InteractionInput(
    title="Staff talks on resilience",
    type="Staff talks",
    start_date=dt.date(2018, 4, 12),
    location="Brussels",
    summary="First round.",
    links=(LinkInput(7, "kick-off"), LinkInput(43, "")),
    organisations=("EEAS", "NATO IS"),
    countries=("Georgia",),
    participants=("Jane Doe",),
)


def test_foreign_semicolon_windows_1252_file_with_a_mapping(db, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Titel;Typ;Datum;Aktionen;Organisation;Land;Notiz;Extra\r\n"
        "Réunion café;workshop;25.04.2018;#12, Action 43;European Defence Agency, NATO IS;"
        '"TN; Georgia";Résumé;x\r\n'
        "Zweite;Seminar;03.05.2018;3;eeas;ge;;y\r\n",
        encoding="cp1252",
    )
    mapping = {
        "Titel": "title",
        "Typ": "type",
        "Datum": "start_date",
        "Aktionen": "actions",
        "Organisation": "organisations",
        "Land": "countries",
        "Notiz": "summary",
    }
    preview = preview_import(db, path, mapping=mapping)

    assert preview.ok, preview.summary_lines()
    assert (preview.encoding, preview.delimiter, preview.date_order) == (
        "Windows-1252",
        ";",
        "dmy",
    )
    notes = " | ".join(preview.notices)
    assert "read as Windows-1252" in notes
    assert "separated by semicolons" in notes
    assert "ignored column(s) not used by the app: Extra" in notes
    assert "day-first (DD/MM/YYYY), as row 2 ('25.04.2018')" in notes
    receipt = apply_import(db, preview, officer="Ann")
    first = get_interaction(db, receipt.created[0])
    assert (first.title, first.type, first.start_date) == (
        "Réunion café",
        "Workshop",
        dt.date(2018, 4, 25),
    )
    assert [lk.number for lk in first.links] == [12, 43]
    assert first.organisations == ("EDA", "NATO IS")
    assert first.countries == ("Georgia", "Tunisia")
    assert first.summary == "Résumé" and first.created_by == "Ann"
    second = get_interaction(db, receipt.created[1])
    assert (second.start_date, second.organisations, second.countries) == (
        dt.date(2018, 5, 3),
        ("EEAS",),
        ("Georgia",),
    )


def test_tab_separated_utf16_month_first_file(db, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "\ufefftitle\ttype\tdate\ttime\tformat\tstatus\r\n"
        "Call\tOther\t04/03/2018\t9.30\tVTC\tPlanned\r\n"
        "Visit\tOther\tApril 5, 2018\t14:00:00\tin person\theld\r\n",
        encoding="utf-16-le",
    )
    preview = preview_import(db, path, date_order="mdy")
    assert preview.ok, preview.summary_lines()
    assert preview.delimiter == "\t" and "UTF-16" in " ".join(preview.notices)
    receipt = apply_import(db, preview)
    call, visit = (get_interaction(db, u) for u in receipt.created)
    assert (call.start_date, call.start_time, call.format, call.status) == (
        dt.date(2018, 4, 3),
        "09:30",
        "video",
        "planned",
    )
    assert (visit.start_date, visit.start_time, visit.format) == (
        dt.date(2018, 4, 5),
        "14:00",
        "in_person",
    )


def test_forced_encoding_that_does_not_fit_names_byte_and_line(db, tmp_path: Path) -> None:
    path = write(tmp_path, "title,type,start_date\r\nCafé,Other,2018-04-03\r\n", "cp1252")
    with pytest.raises(ValidationError, match=r"not valid utf-8 text: byte 0xE9 on line 2"):
        preview_import(db, path, encoding="utf-8")


def test_mapping_mistakes_are_named(db, tmp_path: Path) -> None:
    path = write(tmp_path, "Titel,type,start_date\r\nA,Other,2018-04-03\r\n")
    with pytest.raises(ValidationError, match=r"^mapping: 'headline' \(for column 'Titel'\)"):
        preview_import(db, path, mapping={"Titel": "headline"})
    with pytest.raises(ValidationError, match=r"^mapping: column 'Title' is not in in.csv"):
        preview_import(db, path, mapping={"Title": "title"})


def test_update_by_uuid_lists_changed_columns_and_keeps_the_rest(db, tmp_path: Path) -> None:
    uuid = create_interaction(db, BASE, officer="Ann").uuid
    other = create_interaction(db, replace(BASE, title="Other"), officer="Ann").uuid
    path = write(
        tmp_path,
        f"uuid,title,status,actions\r\n{uuid},Staff talks on RESILIENCE,held,7; 43; 3\r\n"
        f"{other},Other,held,7; 43\r\n",
    )
    preview = preview_import(db, path)
    assert [(p.uuid, p.changes) for p in preview.to_update] == [(uuid, ("title", "actions"))]
    assert [p.uuid for p in preview.unchanged] == [other]
    assert "update row 2: Staff talks on RESILIENCE (title, actions)" in "\n".join(
        preview.summary_lines()
    )

    receipt = apply_import(db, preview, officer="Bob")
    after = get_interaction(db, uuid)
    assert after.title == "Staff talks on RESILIENCE" and after.updated_by == "Bob"
    assert [(lk.number, lk.note) for lk in after.links] == [(3, ""), (7, "kick-off"), (43, "")]
    assert (after.summary, after.organisations) == ("First round.", ("EEAS", "NATO IS"))
    assert receipt.updated[0].title == "Staff talks on resilience"


def test_link_notes_travel_in_both_layouts(db, tmp_path: Path) -> None:
    uuid = create_interaction(db, BASE).uuid
    path = write(
        tmp_path, f'uuid,actions,link_notes\r\n{uuid},7; 43,"{{""43"": ""new note""}}"\r\n'
    )
    apply_import(db, path)
    assert [(lk.number, lk.note) for lk in get_interaction(db, uuid).links] == [
        (7, ""),
        (43, "new note"),
    ]
    path = write(
        tmp_path,
        f"uuid,action_number,link_note\r\n{uuid},7,again\r\n{uuid},43,new note\r\n",
        name="links.csv",
    )
    preview = preview_import(db, path)
    assert preview.layout == "links"
    assert [p.changes for p in preview.to_update] == [("link_notes",)]
    apply_import(db, preview)
    assert [lk.note for lk in get_interaction(db, uuid).links] == ["again", "new note"]


def test_a_note_for_an_unlinked_action_and_repeated_rows_are_rejected(db, tmp_path: Path) -> None:
    uuid = create_interaction(db, BASE).uuid
    path = write(tmp_path, f'uuid,actions,link_notes\r\n{uuid},7,"{{""43"": ""x""}}"\r\n')
    [rejection] = preview_import(db, path).rejected
    assert (rejection.row, rejection.column) == (2, "link_notes")
    assert "a note for action 43, which is not linked" in rejection.reason

    path = write(tmp_path, f"uuid,title\r\n{uuid},One\r\n{uuid},Two\r\n", name="twice.csv")
    rejected = preview_import(db, path).rejected
    assert [(r.row, r.column) for r in rejected] == [(2, ""), (3, "uuid")]
    assert "also on row 2" in rejected[1].reason

    path = write(
        tmp_path,
        f"uuid,title,action_number\r\n{uuid},One,7\r\n{uuid},Two,43\r\n",
        name="links.csv",
    )
    rejected = preview_import(db, path).rejected
    assert [(r.row, r.column) for r in rejected] == [(2, ""), (3, "title")]
    assert "differs from row 2 of the same interaction ('Two' against 'One')" in str(rejected[1])


def test_excel_apostrophe_is_removed_only_from_files_with_a_bom(db, tmp_path: Path) -> None:
    text = "title,type,start_date,summary\r\n'=SUM(A1),Other,2018-04-03,'-x\r\n"
    plain = apply_import(db, write(tmp_path, text))
    excel = apply_import(db, write(tmp_path, "\ufeff" + text, name="excel.csv"))
    assert get_interaction(db, plain.created[0]).title == "'=SUM(A1)"
    assert get_interaction(db, excel.created[0]).title == "=SUM(A1)"
    assert get_interaction(db, excel.created[0]).summary == "-x"


def test_trashed_interaction_is_not_changed_by_an_import(db, tmp_path: Path) -> None:
    uuid = create_interaction(db, BASE).uuid
    out = tmp_path / "q.csv"
    export_csv(db, InteractionFilter(), out, flavor="plain")
    delete_interaction(db, uuid)
    assert [p.uuid for p in preview_import(db, out).unchanged] == [uuid]

    path = write(tmp_path, f"uuid,title\r\n{uuid},Renamed\r\n")
    [rejection] = preview_import(db, path).rejected
    assert "is in the Trash; restore it before importing changes" in rejection.reason


def _import_that_creates_and_updates(db, tmp_path: Path) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    uuid = create_interaction(db, BASE, officer="Ann").uuid
    path = write(
        tmp_path,
        "uuid,title,type,start_date,participants,actions\r\n"
        f"{uuid},Renamed,Staff talks,2018-04-12,Jane Doe; New Person,7\r\n"
        ",Brand new,Workshop,2018-05-01,Another New,12\r\n",
    )
    return path, uuid


def test_undo_puts_the_database_back_exactly(db, db_path: Path, tmp_path: Path) -> None:
    path, uuid = _import_that_creates_and_updates(db, tmp_path)
    before = dump(db_path)

    receipt = apply_import(db, path, officer="Bob")
    assert len(receipt.created) == 1 and [r.uuid for r in receipt.updated] == [uuid]
    assert len(receipt.people_created) == 2
    assert dump(db_path) != before

    result = undo_import(db, receipt)
    assert (result.deleted, result.restored) == (1, 1)
    assert dump(db_path) == before
    # created 1, updated by the import 2, undone 3
    assert query(db_path, "SELECT version FROM interaction WHERE uuid = ?", uuid) == [(3,)]


def test_undo_after_the_created_row_was_trashed_still_removes_it(
    db, db_path: Path, tmp_path: Path
) -> None:
    path, _ = _import_that_creates_and_updates(db, tmp_path)
    before = dump(db_path)
    receipt = apply_import(db, path)
    delete_interaction(db, receipt.created[0])
    undo_import(db, receipt)
    assert dump(db_path) == before


def test_undo_refuses_when_an_imported_row_was_edited_since(
    db, db_path: Path, tmp_path: Path
) -> None:
    path, uuid = _import_that_creates_and_updates(db, tmp_path)
    receipt = apply_import(db, path)
    update_interaction(db, uuid, replace(BASE, title="Edited by hand"), officer="Cy")
    # make the edit's stamp differ from the import's even within the same second
    execute(
        db_path,
        ("UPDATE interaction SET updated_at = 'later' WHERE uuid = ?", (uuid,)),
    )
    before = dump(db_path)
    with pytest.raises(ValidationError, match="changed after the import"):
        undo_import(db, receipt)
    assert dump(db_path) == before


def test_cancelled_import_changes_nothing(db, db_path: Path, tmp_path: Path) -> None:
    path, _ = _import_that_creates_and_updates(db, tmp_path)
    before = dump(db_path)
    seen: list[int] = []
    with pytest.raises(OperationCancelled):
        apply_import(
            db,
            path,
            progress=lambda done, total: seen.append(done),
            cancelled=lambda: bool(seen),
        )
    assert seen == [1]
    assert dump(db_path) == before


def test_apply_plans_again_against_the_database_as_it_is(db, tmp_path: Path) -> None:
    path, uuid = _import_that_creates_and_updates(db, tmp_path)
    preview = preview_import(db, path)
    assert len(preview.to_update) == 1
    delete_interaction(db, uuid)  # changed between the preview and the import
    with pytest.raises(ValidationError, match="in the Trash"):
        apply_import(db, preview)


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf", b"\xff\xfe", b"\xef\xbb\xbf\r\n \r\n"])
def test_a_file_with_only_a_byte_order_mark_is_empty(db, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(data)
    with pytest.raises(ValidationError, match="the file is empty"):
        preview_import(db, path)


def test_undo_refuses_when_a_created_row_has_follow_ups_since(
    db, db_path: Path, tmp_path: Path
) -> None:
    path, _ = _import_that_creates_and_updates(db, tmp_path)
    receipt = apply_import(db, path)
    execute(
        db_path,
        (
            "INSERT INTO follow_up (uuid, interaction_id, text, owner, created_at, created_by, "
            "updated_at) SELECT 'f-1', id, 'Send the minutes', '', 'now', '', 'now' "
            "FROM interaction WHERE uuid = ?",
            (receipt.created[0],),
        ),
    )
    before = dump(db_path)
    with pytest.raises(ValidationError, match="'Brand new' came in with the import and has"):
        undo_import(db, receipt)
    assert dump(db_path) == before
