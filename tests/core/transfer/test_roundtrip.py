"""Export, then import into an empty database: the same interactions and links come back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eunato_desk.core.catalogue.seed import read_rows
from eunato_desk.core.interactions import create_interaction, get_interaction
from eunato_desk.core.models import INTERACTION_FORMATS, INTERACTION_STATUSES
from eunato_desk.core.records import (
    InteractionFilter,
    InteractionInput,
    InteractionRecord,
    LinkInput,
)
from eunato_desk.core.storage.address import ServerAddress
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.transfer.export import export_csv
from eunato_desk.core.transfer.format import COLUMNS, DELIMITERS, FLAVORS, FORMULA_LEADS, LAYOUTS
from eunato_desk.core.transfer.importer import apply_import, preview_import
from tests import helpers

TYPES = [r["name"] for r in read_rows("interaction_types.csv")]
MARKINGS = [r["name"] for r in read_rows("markings.csv")]
ORGS = [r["acronym"] or r["name"] for r in read_rows("organisations.csv")]
COUNTRIES = [r["name"] for r in read_rows("countries.csv")]
ACTIONS = [int(r["number"]) for r in read_rows("actions.csv")]

HOSTILE = [
    '"',
    '""',
    "'",
    ",",
    ";",
    "\r\n",
    "\n",
    "\r",
    "\t",
    "=1+2",
    "+33 1 23",
    "-5",
    "@SUM(A1:A9)",
    '=HYPERLINK("http://example.org","x")',
    "'=",
    "😀",
    "👩🏽‍💻",
    "مرحبا بالعالم",
    "שלום",
    "\u202e",
    "\u200f",
    "\ufeff",
    " ",
    "\\",
    "\x0b",
    "\u2028",
    "Ærø",
]
CHARS = st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")
hostile = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(CHARS, max_size=6)), max_size=8).map(
    "".join
)
long_text = st.builds(
    lambda piece, n: (piece * n)[:20_000],
    st.sampled_from([*HOSTILE, "lorem ipsum, dolor; sit "]),
    st.integers(200, 4000),
)
free_text = st.one_of(hostile, hostile, long_text)
# Text that is not blank: hostile pieces around a visible core.
CORES = ["Ann", "x", "😀", "שלום", "=1", "-", "@", "'", '"', "Ærø"]
visible = st.builds(lambda a, core, b: a + core + b, hostile, st.sampled_from(CORES), hostile)
# List cells are separated by semicolons, so a name or a tag cannot contain one.
names = visible.map(lambda s: s.replace(";", ""))
times = st.one_of(
    st.none(), st.builds("{:02d}:{:02d}".format, st.integers(0, 23), st.integers(0, 59))
)


@st.composite
def interaction_inputs(draw: st.DrawFn) -> InteractionInput:
    start = draw(st.dates(dt.date(2016, 1, 1), dt.date(2020, 12, 31)))
    end = draw(st.one_of(st.none(), st.integers(0, 4).map(lambda d: start + dt.timedelta(d))))
    start_time, end_time = draw(times), draw(times)
    if end == start and start_time and end_time and end_time < start_time:
        end_time = None
    numbers = draw(st.lists(st.sampled_from(ACTIONS), unique=True, max_size=4))
    return InteractionInput(
        title=draw(visible),
        type=draw(st.sampled_from(TYPES)),
        start_date=start,
        start_time=start_time,
        end_date=end,
        end_time=end_time,
        status=draw(st.sampled_from(INTERACTION_STATUSES)),
        location=draw(hostile),
        format=draw(st.one_of(st.none(), st.sampled_from(INTERACTION_FORMATS))),
        summary=draw(free_text),
        outcome=draw(free_text),
        marking=draw(st.sampled_from(MARKINGS)),
        tags=tuple(draw(st.lists(names, max_size=3))),
        links=tuple(LinkInput(n, draw(hostile)) for n in numbers),
        organisations=tuple(draw(st.lists(st.sampled_from(ORGS), unique=True, max_size=3))),
        countries=tuple(draw(st.lists(st.sampled_from(COUNTRIES), unique=True, max_size=3))),
        participants=tuple(draw(st.lists(names, max_size=3))),
    )


def comparable(record: InteractionRecord) -> InteractionRecord:
    """A record without what legitimately differs between two databases: the stamps and
    the actions' UUIDs (each database seeds its own catalogue; links travel by number)."""
    return replace(
        record,
        created_at="",
        created_by="",
        updated_at="",
        updated_by="",
        links=tuple(replace(lk, action_uuid="") for lk in record.links),
    )


def dump(where) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def]
    """Every row of every table, to compare database content."""
    return helpers.dump(where)


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, seeded database file at the current schema, copied for each example."""
    path = tmp_path_factory.mktemp("template") / "empty.sqlite3"
    open_database(path, create=True).dispose()
    return path


@pytest.fixture
def template(backend: str, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Where each example's empty databases come from: a file to copy, or the worker's
    PostgreSQL server (a fresh database each, from its template at the current schema)."""
    if backend == "sqlite":
        return request.getfixturevalue("sqlite_template")
    return request.getfixturevalue("pg_cluster")


class _Pair:
    def __init__(self, template, folder: Path) -> None:  # type: ignore[no-untyped-def]
        self.folder = folder
        if isinstance(template, Path):
            shutil.copy(template, folder / "src.sqlite3")
            shutil.copy(template, folder / "dst.sqlite3")
            self.src: Database = open_database(folder / "src.sqlite3", create=True)
            self.dst: Database = open_database(folder / "dst.sqlite3", create=True)
        else:
            self.src = open_database(ServerAddress.parse(template.fresh_database()))
            self.dst = open_database(ServerAddress.parse(template.fresh_database()))

    def close(self) -> None:
        self.src.dispose()
        self.dst.dispose()


def _pair(template) -> Iterator[_Pair]:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        pair = _Pair(template, Path(tmp))
        try:
            yield pair
        finally:
            pair.close()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        # ``template`` only says where each example's new databases come from
        HealthCheck.function_scoped_fixture,
    ],
)
@given(
    items=st.lists(interaction_inputs(), min_size=1, max_size=4),
    layout=st.sampled_from(LAYOUTS),
    flavor=st.sampled_from(FLAVORS),
    delimiter=st.sampled_from(tuple(DELIMITERS)),
)
def test_export_then_import_into_an_empty_database_gives_the_same_interactions(
    template, items: list[InteractionInput], layout: str, flavor: str, delimiter: str
) -> None:
    for pair in _pair(template):
        made = [create_interaction(pair.src, data, officer="Ann") for data in items]
        out = pair.folder / "out.csv"
        result = export_csv(
            pair.src, InteractionFilter(), out, layout=layout, flavor=flavor, delimiter=delimiter
        )
        assert result.interactions == len(made)

        preview = preview_import(pair.dst, out)
        assert preview.ok, preview.summary_lines()
        assert (preview.layout, preview.delimiter) == (layout, delimiter)
        assert len(preview.to_create) == len(made)
        receipt = apply_import(pair.dst, preview, officer="Bob")

        assert sorted(receipt.created) == sorted(r.uuid for r in made)
        for record in made:
            assert comparable(get_interaction(pair.dst, record.uuid)) == comparable(record)
        again = preview_import(pair.dst, out)
        assert (len(again.to_create), len(again.to_update), len(again.unchanged)) == (
            0,
            0,
            len(made),
        )


HOSTILE_INPUT = InteractionInput(
    title="=cmd|' /C calc'!A0",
    type="Workshop",
    start_date=dt.date(2018, 5, 2),
    location="+Brussels",
    summary="-minus first\r\nthen a line, with \"quotes\"; and 'apostrophes'",
    outcome="\ttabbed outcome",
    tags=("-tag", "=sum"),
    links=(LinkInput(3, "@once"), LinkInput(43, "=1+1")),
    organisations=("EEAS", "NATO IS"),
    countries=("Tunisia",),
    participants=("@handle", "Jane Doe"),
)
QUIET_INPUT = InteractionInput(
    title="Plain title",
    type="Seminar",
    start_date=dt.date(2018, 5, 3),
    summary="\nstarts with a line feed",
    outcome="\rstarts with a carriage return",
    location="'=already quoted",
)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_excel_flavor_has_bom_crlf_neutralised_leads_and_round_trips(template, layout: str) -> None:
    for pair in _pair(template):
        made = [create_interaction(pair.src, d) for d in (HOSTILE_INPUT, QUIET_INPUT)]
        out = pair.folder / "excel.csv"
        export_csv(pair.src, InteractionFilter(), out, layout=layout, flavor="excel")
        data = out.read_bytes()

        assert data.startswith(b"\xef\xbb\xbf" + ",".join(COLUMNS[layout]).encode() + b"\r\n")
        assert data.count(b"\r\n") >= 3 and data.endswith(b"\r\n")
        text = data.decode("utf-8-sig")
        for value in ("=cmd|", "+Brussels", "-minus first", "\ttabbed", "-tag", "@handle"):
            assert f"'{value}" in text
        assert '"\'\nstarts with a line feed"' in text
        assert '"\'\rstarts with a carriage return"' in text
        assert "''=already quoted" in text
        if layout == "links":
            assert "'@once" in text and "'=1+1" in text
        if layout == "readable":  # the notes cell starts with an action number: nothing to do
            assert "3: @once; 43: =1+1" in text
        for row in csv.reader(io.StringIO(text, newline="")):
            assert not any(cell[:1] in FORMULA_LEADS for cell in row), row

        preview = preview_import(pair.dst, out)
        assert preview.ok, preview.summary_lines()
        apply_import(pair.dst, preview)
        for record in made:
            assert comparable(get_interaction(pair.dst, record.uuid)) == comparable(record)


def test_plain_flavor_writes_values_exactly_as_stored(template) -> None:
    for pair in _pair(template):
        create_interaction(pair.src, HOSTILE_INPUT)
        out = pair.folder / "plain.csv"
        export_csv(pair.src, InteractionFilter(), out, flavor="plain")
        data = out.read_bytes()
        assert data.startswith(b"uuid,title,type,")
        assert b"'=" not in data and b"'+" not in data
        assert b"=cmd|' /C calc'!A0,Workshop,2018-05-02" in data
        assert b'"-minus first\r\nthen a line, with ""quotes""; and \'apostrophes\'"' in data
        assert b'"{""3"": ""@once"", ""43"": ""=1+1""}"' in data


@pytest.mark.parametrize("layout", LAYOUTS)
def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    template, layout: str
) -> None:
    for pair in _pair(template):
        for data in (HOSTILE_INPUT, QUIET_INPUT):
            create_interaction(pair.src, data)
        out = pair.folder / "once.csv"
        export_csv(pair.src, InteractionFilter(), out, layout=layout)

        first = apply_import(pair.dst, out)
        assert len(first.created) == 2
        after_first = dump(pair.dst)
        second = apply_import(pair.dst, out)
        assert (second.created, second.updated, second.unchanged) == ((), (), 2)
        assert dump(pair.dst) == after_first


def test_a_value_longer_than_the_csv_modules_default_limit_round_trips(template) -> None:
    for pair in _pair(template):
        long = 'A long summary, with; separators "and quotes"\r\n' * 6000  # ~300,000 chars
        made = create_interaction(pair.src, replace(QUIET_INPUT, summary=long))
        out = pair.folder / "long.csv"
        export_csv(pair.src, InteractionFilter(), out, flavor="plain")
        apply_import(pair.dst, out)
        assert get_interaction(pair.dst, made.uuid).summary == long
