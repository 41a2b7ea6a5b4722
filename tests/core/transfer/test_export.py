"""Quarter export to CSV: columns, rows, filters, layouts, and a file that appears whole or not."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from eunato_desk.core import projection
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.errors import OperationCancelled, ValidationError
from eunato_desk.core.interactions import create_interaction, delete_interaction
from eunato_desk.core.periods import Quarter
from eunato_desk.core.records import InteractionFilter, InteractionInput, LinkInput
from eunato_desk.core.transfer import export as csv_export
from eunato_desk.core.transfer.export import export_csv
from eunato_desk.core.transfer.format import INTERACTION_COLUMNS, LINK_COLUMNS

Q2 = Quarter(2018, 2)
Q2_FILTER = InteractionFilter(date_from=Q2.start, date_to=Q2.end)


def _log(db, title: str, day: dt.date, **kw) -> str:  # type: ignore[no-untyped-def]
    data = InteractionInput(title=title, type=kw.pop("type", "Workshop"), start_date=day, **kw)
    return create_interaction(db, data, officer="Ann").uuid


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def test_quarter_is_by_start_date_inclusive_and_in_date_order(db, tmp_path: Path) -> None:
    _log(db, "Before", dt.date(2018, 3, 31))
    last = _log(db, "Last day", dt.date(2018, 6, 30), start_time="09:00")
    first = _log(db, "First day", dt.date(2018, 4, 1), end_date=dt.date(2018, 7, 2))
    _log(db, "After", dt.date(2018, 7, 1))

    result = export_csv(db, Q2_FILTER, tmp_path / "q2.csv", flavor="plain")

    rows = _rows(tmp_path / "q2.csv")
    assert [r["uuid"] for r in rows] == [first, last]
    assert (result.rows, result.interactions, result.path) == (2, 2, tmp_path / "q2.csv")
    assert rows[0]["start_date"] == "2018-04-01" and rows[0]["end_date"] == "2018-07-02"
    assert rows[1]["start_time"] == "09:00" and rows[1]["end_time"] == ""


def test_interactions_layout_columns_and_cells(db, tmp_path: Path) -> None:
    uuid = _log(
        db,
        "Cross-briefing to the PSC",
        dt.date(2018, 5, 2),
        type="Cross-briefing",
        start_time="10:30",
        status="planned",
        location="Brussels",
        format="hybrid",
        summary="Summary",
        outcome="Outcome",
        marking="LIMITE",
        tags=("resilience", "PSC"),
        links=(LinkInput(43, "joint paper"), LinkInput(3, ""), LinkInput(12, "no area")),
        organisations=("European External Action Service", "NAC"),
        countries=("TN", "Georgia"),
        participants=("Jane Doe", "Ann Smith"),
    )
    export_csv(db, Q2_FILTER, tmp_path / "q2.csv", flavor="plain")

    text = (tmp_path / "q2.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(INTERACTION_COLUMNS)
    assert _rows(tmp_path / "q2.csv") == [
        {
            "uuid": uuid,
            "title": "Cross-briefing to the PSC",
            "type": "Cross-briefing",
            "start_date": "2018-05-02",
            "start_time": "10:30",
            "end_date": "",
            "end_time": "",
            "status": "planned",
            "location": "Brussels",
            "format": "hybrid",
            "actions": "3; 12; 43",
            "areas": "1",
            "countries": "Georgia; Tunisia",
            "organisations": "EEAS; NAC",
            "participants": "Ann Smith; Jane Doe",
            "summary": "Summary",
            "outcome": "Outcome",
            "marking": "LIMITE",
            "tags": "resilience; PSC",
            "link_notes": '{"12": "no area", "43": "joint paper"}',
        }
    ]


def test_links_layout_has_one_row_per_link_and_one_for_an_unlinked_interaction(
    db, tmp_path: Path
) -> None:
    linked = _log(
        db,
        "Linked",
        dt.date(2018, 4, 3),
        links=(LinkInput(43, "note on 43"), LinkInput(12)),
    )
    unlinked = _log(db, "Unlinked", dt.date(2018, 4, 4))

    result = export_csv(db, Q2_FILTER, tmp_path / "links.csv", layout="links", flavor="plain")

    rows = _rows(tmp_path / "links.csv")
    assert (tmp_path / "links.csv").read_text().splitlines()[0] == ",".join(LINK_COLUMNS)
    assert (result.rows, result.interactions) == (3, 2)
    cells = [
        (r["uuid"], r["action_number"], r["area_code"], r["link_note"], r["title"]) for r in rows
    ]
    assert cells == [
        (linked, "12", "", "", "Linked"),
        (linked, "43", "1", "note on 43", "Linked"),
        (unlinked, "", "", "", "Unlinked"),
    ]
    assert rows[1]["action_title"] == "Staff links among counter-hybrid actors"
    assert rows[2]["action_title"] == ""


def test_list_filters_apply_and_the_trash_is_left_out(db, tmp_path: Path) -> None:
    day = dt.date(2018, 5, 1)
    hybrid = _log(db, "Hybrid", day, links=(LinkInput(3),), countries=("Tunisia",))
    _log(db, "Other area", day, links=(LinkInput(12),), status="cancelled")
    trashed = _log(db, "Trashed", day, links=(LinkInput(3),))
    delete_interaction(db, trashed)

    for flt in (
        InteractionFilter(date_from=Q2.start, date_to=Q2.end, area_code=1),
        InteractionFilter(action_number=3),
        InteractionFilter(country="TN", status="held"),
    ):
        export_csv(db, flt, tmp_path / "f.csv")
        assert [r["uuid"] for r in _rows(tmp_path / "f.csv")] == [hybrid]


def test_an_empty_quarter_gives_the_header_only(db, tmp_path: Path) -> None:
    result = export_csv(db, Q2_FILTER, tmp_path / "none.csv", flavor="excel")
    assert result.rows == 0
    header = ",".join(INTERACTION_COLUMNS).encode()
    assert (tmp_path / "none.csv").read_bytes() == b"\xef\xbb\xbf" + header + b"\r\n"


def test_progress_reports_every_page_and_ends_at_the_total(db, tmp_path: Path) -> None:
    generate_demo_data(db, 2000, seed=3)
    seen: list[tuple[int, int]] = []
    result = export_csv(
        db, InteractionFilter(), tmp_path / "all.csv", progress=lambda d, t: seen.append((d, t))
    )
    assert seen[0] == (0, 2000) and seen[-1] == (2000, 2000)
    assert len(seen) == 1 + -(-2000 // projection.PAGE)
    assert result.interactions == 2000 == len(_rows(tmp_path / "all.csv"))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_cancel_leaves_no_file_and_keeps_an_existing_one(db, tmp_path: Path) -> None:
    generate_demo_data(db, 2000, seed=3)
    out = tmp_path / "q.csv"
    calls: list[tuple[int, int]] = []
    with pytest.raises(OperationCancelled):
        export_csv(
            db,
            InteractionFilter(),
            out,
            progress=lambda d, t: calls.append((d, t)),
            cancelled=lambda: len(calls) >= 2,  # after the first page
        )
    assert not out.exists()
    assert calls[-1] == (projection.PAGE, 2000)

    out.write_bytes(b"the previous export")
    with pytest.raises(OperationCancelled):
        export_csv(db, InteractionFilter(), out, cancelled=lambda: True)
    assert out.read_bytes() == b"the previous export"
    assert _leftovers(tmp_path) == []


def test_an_error_while_writing_leaves_nothing_behind(
    db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_demo_data(db, 1500, seed=3)
    out = tmp_path / "q.csv"
    out.write_bytes(b"old")
    real = csv_export.page_rows
    pages: list[int] = []

    def failing(conn, ids, layout, *areas):  # type: ignore[no-untyped-def]
        pages.append(len(ids))
        if len(pages) == 2:
            raise OSError(28, "No space left on device")
        return real(conn, ids, layout, *areas)

    monkeypatch.setattr(csv_export, "page_rows", failing)
    with pytest.raises(ValidationError, match=r"cannot write the file \(No space left on device"):
        export_csv(db, InteractionFilter(), out)
    assert out.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_bad_targets_and_options_are_refused_with_the_field_named(db, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist") as exc:
        export_csv(db, Q2_FILTER, tmp_path / "missing" / "q.csv")
    assert str(tmp_path / "missing") in exc.value.message
    with pytest.raises(ValidationError, match="is a folder"):
        export_csv(db, Q2_FILTER, tmp_path)
    with pytest.raises(ValidationError, match=r"^layout: 'wide' is not one of"):
        export_csv(db, Q2_FILTER, tmp_path / "q.csv", layout="wide")
    with pytest.raises(ValidationError, match=r"^flavor: 'csv' is not one of"):
        export_csv(db, Q2_FILTER, tmp_path / "q.csv", flavor="csv")
    backwards = InteractionFilter(date_from=Q2.end, date_to=Q2.start)
    with pytest.raises(ValidationError, match="before its start"):
        export_csv(db, backwards, tmp_path / "q.csv")
    assert list(tmp_path.glob("*.csv")) == [] and _leftovers(tmp_path) == []
