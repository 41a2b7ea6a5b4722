"""`list` and `export` of dates on a file read straight from it with sqlite3
(``core.transfer.quick``): the same rows, the same cells and the same bytes as the core's
list and export, for every layout, flavor and separator, and for the awkward cases (a link to
an action without a number, no links, notes, a title that needs quoting, an interaction in
the Trash). Any other filter is not served there and goes through the core."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eunato_desk.cli.output import render, render_cells
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.interactions import delete_interaction
from eunato_desk.core.listing import list_interactions
from eunato_desk.core.periods import Quarter
from eunato_desk.core.records import InteractionFilter
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.transfer import quick
from eunato_desk.core.transfer.export import export_csv, export_file
from eunato_desk.core.transfer.format import DELIMITERS, FLAVORS, LAYOUTS
from tests.helpers import execute, log

Q2 = Quarter(2018, 2)
FILTERS = [
    InteractionFilter(date_from=Q2.start, date_to=Q2.end),
    InteractionFilter(date_from=Q2.start, date_to=Q2.end, status="held"),
    InteractionFilter(date_from=dt.date(2018, 1, 1)),
    InteractionFilter(date_to=dt.date(2017, 3, 31), status="cancelled"),
    InteractionFilter(date_from=dt.date(1990, 1, 1), date_to=dt.date(1990, 3, 31)),
]


@pytest.fixture
def desk(db_path: Path) -> Path:
    db = open_database(db_path, create=True)
    try:
        generate_demo_data(db, 250, seed=4)
        log(db, 'Talks, "informal"\nsecond line', dt.date(2018, 5, 3), (3, 44), officer="A",
            notes={3: "briefed; on the =playbook"}, organisations=("EEAS",))  # fmt: skip
        log(db, "No links at all", dt.date(2018, 5, 3), officer="A")
        gone = log(db, "In the Trash", dt.date(2018, 5, 4), (5,), officer="A")
        delete_interaction(db, gone, officer="A")
        linked = log(db, "Linked to an unnumbered action", dt.date(2018, 6, 1), (7,), officer="A")
    finally:
        db.dispose()
    execute(
        db_path,
        "INSERT INTO action (uuid, number, set_year, area_id, title, description, status, "
        "confidence, source_note, updated_at) VALUES ('no-number', NULL, 2016, NULL, "
        "'Without a number', '', 'retired', 'confirmed', '', '2018-01-01T00:00:00Z')",
        ("INSERT INTO interaction_action (interaction_id, action_id, note) SELECT i.id, a.id, "
         "'a note' FROM interaction i, action a WHERE i.uuid = ? AND a.uuid = 'no-number'",
         (linked,)),
    )  # fmt: skip
    return db_path


@pytest.mark.parametrize("flt", FILTERS, ids=range(len(FILTERS)))
def test_the_list_read_straight_from_the_file_is_the_cores(desk: Path, flt) -> None:  # type: ignore[no-untyped-def]
    assert quick.served(flt)
    db = open_database(desk)
    try:
        core = list_interactions(db, flt)
    finally:
        db.dispose()
    assert quick.interaction_rows(desk, flt) == core
    cells = quick.list_cells(desk, flt)
    assert cells == [quick.row_cells(row) for row in core]
    for fmt in ("csv", "table"):  # what `list` prints, both ways
        printed = render([row.as_json() for row in core], quick.LIST_COLUMNS, fmt)
        assert render_cells(cells, quick.LIST_COLUMNS, fmt) == printed
    if flt.date_from == Q2.start:
        assert "Linked to an unnumbered action" in {row.title for row in core}
        assert "In the Trash" not in {row.title for row in core}


@pytest.mark.parametrize("flt", FILTERS[:3], ids=range(3))
def test_the_export_read_straight_from_the_file_writes_the_cores_bytes(
    desk: Path, tmp_path: Path, flt: InteractionFilter
) -> None:
    for layout in LAYOUTS:
        for flavor in FLAVORS:
            for delimiter in DELIMITERS:
                ours, theirs = tmp_path / "quick.csv", tmp_path / "core.csv"
                done = export_file(desk, flt, ours, layout, flavor, replace=True, field="-o",
                                   delimiter=delimiter)  # fmt: skip
                db = open_database(desk)
                try:
                    expected = export_csv(db, flt, theirs, layout, flavor, delimiter=delimiter)
                finally:
                    db.dispose()
                assert ours.read_bytes() == theirs.read_bytes(), (layout, flavor, delimiter)
                assert (done.rows, done.interactions) == (expected.rows, expected.interactions)


@pytest.mark.parametrize(
    "flt",
    [InteractionFilter(action_number=3), InteractionFilter(area_code=1),
     InteractionFilter(type="Workshop"), InteractionFilter(country="FR"),
     InteractionFilter(organisation="EEAS"), InteractionFilter(text="talks"),
     InteractionFilter(trash=True), InteractionFilter(uuids=("x",))],
)  # fmt: skip
def test_any_other_filter_is_left_to_the_core(flt: InteractionFilter) -> None:
    assert not quick.served(flt)


def test_a_range_that_ends_before_it_starts_is_refused_as_by_the_core(desk: Path) -> None:
    from eunato_desk.core.errors import ValidationError

    flt = InteractionFilter(date_from=Q2.end, date_to=Q2.start)
    with pytest.raises(ValidationError, match="the end of the range is before its start"):
        quick.interaction_rows(desk, flt)
