"""The interaction list: every filter and sort order, checked against expectations computed
in Python from the data the test created."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.interactions import create_interaction
from eunato_desk.core.listing import count_interactions, list_interactions
from eunato_desk.core.periods import Quarter
from eunato_desk.core.records import InteractionFilter, InteractionInput, LinkInput
from eunato_desk.core.storage.db import Database
from tests.helpers import execute, open_db, query

D = dt.date

# Areas given to a few actions by this test (the shipped catalogue leaves most unassigned).
AREA_OF_ACTION = {14: 2, 15: 2, 20: 3, 66: 7}


@dataclass(frozen=True)
class Spec:
    title: str
    type: str
    date: dt.date
    time: str | None
    status: str
    location: str
    actions: tuple[int, ...]
    countries: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    summary: str = ""
    outcome: str = ""


SPECS = [
    Spec("Cross-briefing to the PSC", "Cross-briefing", D(2018, 3, 31), "10:00", "held",
         "Brussels", (1,), ("Tunisia",), ("EEAS",), "Hybrid picture shared."),
    Spec("Workshop on cyber exercises", "Workshop", D(2018, 4, 1), None, "held",
         "Tallinn", (20,), ("Estonia",), ("NCIRC", "CERT-EU")),
    Spec("Staff talks on maritime awareness", "Staff talks", D(2018, 6, 30), "09:30", "planned",
         "Northwood", (14, 43), ("Greece", "Italy"), ("MARCOM",)),
    Spec("SHADE MED working group", "SHADE MED meeting", D(2018, 7, 1), "14:00", "cancelled",
         "Rome", (15,), (), ("SHADE MED",), outcome="Postponed to autumn."),
    Spec("Progress 100% report", "Other", D(2017, 12, 31), "11:00", "held",
         "Brussels (EEAS)", (43,), ("Republic of Moldova",), ("NATO IS",),
         "Rate went from 10 to 100 percent."),
    Spec("Budget 100 report", "Other", D(2018, 1, 1), "11:00", "held",
         "Brussels", (44, 66), ("Bosnia and Herzegovina",), ("EDA",)),
    Spec("file_name conventions", "Seminar", D(2019, 2, 10), "15:00", "held",
         "Helsinki", (2,), ("Finland",), ("Hybrid CoE",)),
    Spec("filename conventions", "Seminar", D(2019, 2, 11), "15:00", "postponed",
         "helsinki", (3,), ("Finland",), ("Hybrid CoE", "EEAS")),
    Spec("alpha seminar on resilience", "Seminar", D(2018, 5, 5), "10:00", "held",
         "Vilnius", (2, 3, 66), ("Lithuania",), ("EU Military Staff",)),
    Spec("Beta consultation", "Pilot-country consultation", D(2018, 5, 5), "10:00", "planned",
         "Sarajevo", (50,), ("Bosnia and Herzegovina",), ("EU Military Staff", "IMS")),
    Spec("Path a\\b check", "Other", D(2019, 12, 31), None, "held",
         "Videoconference", (74,), (), (), "Note with 50% and a_b inside."),
]  # fmt: skip


Listing = tuple[Database, dict]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def listing_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Listing]:
    """The specs, logged once per backend: a file, or a database on the worker's server."""
    if request.param == "sqlite":
        where = tmp_path_factory.mktemp("listing") / "desk.sqlite3"
    else:
        from tests import pg

        where = pg.cluster(tmp_path_factory.getbasetemp()).fresh_database()
    db = open_db(where, create=True)
    execute(
        where,
        *(
            (
                "UPDATE action SET area_id = (SELECT id FROM area WHERE code = ?) WHERE number = ?",
                (code, number),
            )
            for number, code in AREA_OF_ACTION.items()
        ),
    )
    area_of = dict(
        query(where, "SELECT a.number, r.code FROM action a LEFT JOIN area r ON r.id = a.area_id")
    )
    org_label = {
        name: acronym or name
        for name, acronym in query(where, "SELECT name, acronym FROM organisation")
    }
    org_names = {
        acronym: name
        for name, acronym in query(
            where, "SELECT name, acronym FROM organisation WHERE acronym IS NOT NULL"
        )
    }
    iso = dict(query(where, "SELECT name, iso_code FROM country"))
    uuids = {}
    for index, spec in enumerate(SPECS):
        record = create_interaction(
            db,
            InteractionInput(
                title=spec.title,
                type=spec.type,
                start_date=spec.date,
                start_time=spec.time,
                status=spec.status,
                location=spec.location,
                summary=spec.summary,
                outcome=spec.outcome,
                links=tuple(LinkInput(n) for n in spec.actions),
                countries=spec.countries,
                organisations=spec.orgs,
            ),
        )
        uuids[record.uuid] = index
    facts = {
        "uuids": uuids,
        "area_of": area_of,
        "iso": iso,
        "org_label": org_label,
        "org_names": org_names,
    }
    yield db, facts
    db.dispose()


def found(db: Database, facts: dict, flt: InteractionFilter, **kw: object) -> list[int]:
    """Spec indexes of the rows the service returns, in its order."""
    rows = list_interactions(db, flt, **kw)  # type: ignore[arg-type]
    if "limit" not in kw:
        assert count_interactions(db, flt) == len(rows)
    return [facts["uuids"][r.uuid] for r in rows]


def by_date(indexes: list[int]) -> list[int]:
    return sorted(indexes, key=lambda i: (SPECS[i].date, SPECS[i].time or "", i))


def expect(pred: Callable[[Spec], bool]) -> list[int]:
    return by_date([i for i, s in enumerate(SPECS) if pred(s)])


def test_no_filter_lists_everything_by_date(listing_db: Listing) -> None:
    db, facts = listing_db
    assert found(db, facts, InteractionFilter()) == expect(lambda s: True)


def test_rows_carry_actions_areas_countries_and_organisations(listing_db: Listing) -> None:
    db, facts = listing_db
    rows = list_interactions(db, InteractionFilter())
    for row in rows:
        spec = SPECS[facts["uuids"][row.uuid]]
        assert row.title == spec.title
        assert row.date == spec.date
        assert row.type == spec.type
        assert row.status == spec.status
        assert row.actions == tuple(sorted(spec.actions))
        areas = {facts["area_of"][n] for n in spec.actions} - {None}
        assert row.areas == tuple(sorted(areas))
        assert row.countries == tuple(sorted(spec.countries))
        labels = [facts["org_label"].get(facts["org_names"].get(o, o), o) for o in spec.orgs]
        assert row.organisations == tuple(sorted(labels))


def test_date_range_is_inclusive(listing_db: Listing) -> None:
    db, facts = listing_db
    flt = InteractionFilter(date_from=D(2018, 4, 1), date_to=D(2018, 6, 30))
    assert found(db, facts, flt) == expect(lambda s: D(2018, 4, 1) <= s.date <= D(2018, 6, 30))
    assert found(db, facts, InteractionFilter(date_from=D(2019, 1, 1))) == expect(
        lambda s: s.date >= D(2019, 1, 1)
    )
    assert found(db, facts, InteractionFilter(date_to=D(2017, 12, 31))) == expect(
        lambda s: s.date <= D(2017, 12, 31)
    )


def test_a_reversed_date_range_is_a_validation_error(listing_db: Listing) -> None:
    db, _ = listing_db
    with pytest.raises(ValidationError) as info:
        list_interactions(db, InteractionFilter(date_from=D(2018, 2, 1), date_to=D(2018, 1, 1)))
    assert info.value.field == "to"


@pytest.mark.parametrize("quarter", ["2017Q4", "2018Q1", "2018Q2", "2018Q3", "2019Q4"])
def test_quarter_filters(listing_db: Listing, quarter: str) -> None:
    db, facts = listing_db
    q = Quarter.parse(quarter)
    flt = InteractionFilter(date_from=q.start, date_to=q.end)
    assert found(db, facts, flt) == expect(lambda s: Quarter.of(s.date) == q)


def test_the_last_day_of_a_quarter_belongs_to_that_quarter_only(listing_db: Listing) -> None:
    db, _ = listing_db
    titles = {}
    for text in ("2017Q4", "2018Q1", "2018Q2", "2018Q3"):
        q = Quarter.parse(text)
        rows = list_interactions(db, InteractionFilter(date_from=q.start, date_to=q.end))
        titles[text] = {r.title for r in rows}
    assert "Progress 100% report" in titles["2017Q4"]  # 2017-12-31
    assert "Progress 100% report" not in titles["2018Q1"]
    assert "Cross-briefing to the PSC" in titles["2018Q1"]  # 2018-03-31
    assert "Cross-briefing to the PSC" not in titles["2018Q2"]
    assert "Staff talks on maritime awareness" in titles["2018Q2"]  # 2018-06-30
    assert "Staff talks on maritime awareness" not in titles["2018Q3"]
    assert "SHADE MED working group" in titles["2018Q3"]  # 2018-07-01


@pytest.mark.parametrize("code", [1, 2, 3, 7, 9])
def test_area_filter(listing_db: Listing, code: int) -> None:
    db, facts = listing_db
    area_of = facts["area_of"]
    assert found(db, facts, InteractionFilter(area_code=code)) == expect(
        lambda s: any(area_of[n] == code for n in s.actions)
    )


@pytest.mark.parametrize("number", [2, 43, 66, 74, 30])
def test_action_filter(listing_db: Listing, number: int) -> None:
    db, facts = listing_db
    assert found(db, facts, InteractionFilter(action_number=number)) == expect(
        lambda s: number in s.actions
    )


@pytest.mark.parametrize("name", ["Seminar", "seminar", "Other", "Exercise (PACE)"])
def test_type_filter(listing_db: Listing, name: str) -> None:
    db, facts = listing_db
    assert found(db, facts, InteractionFilter(type=name)) == expect(
        lambda s: s.type.lower() == name.lower()
    )


@pytest.mark.parametrize("key", ["Bosnia and Herzegovina", "ba", "Finland", "FI", "Tunisia"])
def test_country_filter_by_name_or_iso_code(listing_db: Listing, key: str) -> None:
    db, facts = listing_db
    iso = facts["iso"]
    result = found(db, facts, InteractionFilter(country=key))
    assert result == expect(
        lambda s: any(key.lower() in (c.lower(), iso[c].lower()) for c in s.countries)
    )
    assert result


@pytest.mark.parametrize(
    "key", ["EEAS", "European External Action Service", "hybrid coe", "IMS", "EU Military Staff"]
)
def test_organisation_filter_by_name_or_acronym(listing_db: Listing, key: str) -> None:
    db, facts = listing_db
    names = facts["org_names"]

    def matches(spec: Spec) -> bool:
        for org in spec.orgs:
            full = names.get(org, org)
            acronym = facts["org_label"][full]
            if key.lower() in (full.lower(), acronym.lower()):
                return True
        return False

    result = found(db, facts, InteractionFilter(organisation=key))
    assert result == expect(matches)
    assert result


@pytest.mark.parametrize("status", ["held", "planned", "cancelled", "postponed"])
def test_status_filter(listing_db: Listing, status: str) -> None:
    db, facts = listing_db
    assert found(db, facts, InteractionFilter(status=status)) == expect(
        lambda s: s.status == status
    )


def test_a_bad_status_filter_is_a_validation_error(listing_db: Listing) -> None:
    db, _ = listing_db
    with pytest.raises(ValidationError) as info:
        list_interactions(db, InteractionFilter(status="done"))
    assert info.value.field == "status"


def test_filters_combine(listing_db: Listing) -> None:
    db, facts = listing_db
    q = Quarter(2018, 2)
    flt = InteractionFilter(date_from=q.start, date_to=q.end, type="Seminar", area_code=1)
    area_of = facts["area_of"]
    assert found(db, facts, flt) == expect(
        lambda s: (
            Quarter.of(s.date) == q
            and s.type == "Seminar"
            and any(area_of[n] == 1 for n in s.actions)
        )
    )
    flt = InteractionFilter(status="held", country="fi", text="conventions")
    assert found(db, facts, flt) == expect(
        lambda s: s.status == "held" and "Finland" in s.countries and "conventions" in s.title
    )


SORT_KEYS = {
    "date": lambda i: (SPECS[i].date, SPECS[i].time or "", i),
    "title": lambda i: (SPECS[i].title.lower(), i),
    "type": lambda i: (SPECS[i].type, i),
    "status": lambda i: (SPECS[i].status, i),
    "location": lambda i: (SPECS[i].location.lower(), i),
}


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("sort", list(SORT_KEYS))
def test_sort_orders(listing_db: Listing, sort: str, descending: bool) -> None:
    db, facts = listing_db
    expected = sorted(range(len(SPECS)), key=SORT_KEYS[sort], reverse=descending)
    assert found(db, facts, InteractionFilter(), sort=sort, descending=descending) == expected


def test_an_unknown_sort_is_a_validation_error(listing_db: Listing) -> None:
    db, _ = listing_db
    with pytest.raises(ValidationError) as info:
        list_interactions(db, InteractionFilter(), sort="colour")
    assert info.value.field == "sort"


def test_limit(listing_db: Listing) -> None:
    db, facts = listing_db
    assert found(db, facts, InteractionFilter(), limit=3) == expect(lambda s: True)[:3]


def test_chosen_interactions_by_uuid(listing_db: Listing) -> None:
    db, facts = listing_db
    by_index = {i: u for u, i in facts["uuids"].items()}
    chosen = (by_index[3], by_index[0], "no-such-uuid", by_index[7])
    assert found(db, facts, InteractionFilter(uuids=chosen)) == by_date([0, 3, 7])
    assert found(db, facts, InteractionFilter(uuids=())) == []
    many = (*(f"unknown-{n}" for n in range(40_000)), by_index[1])  # one parameter
    assert found(db, facts, InteractionFilter(uuids=many)) == [1]
