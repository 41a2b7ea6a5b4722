"""Full-text search on known data: phrases, prefixes, OR, exclusion, accents and case, each
combined with the list's filters, against a reference computed in plain Python from what the
test created; the list (``InteractionFilter.text``) and ``search`` agree; hostile queries
never raise anything but a ValidationError naming the search."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import event

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.interactions import create_interaction, delete_interactions
from eunato_desk.core.listing import (
    count_interactions,
    fetch_rows,
    ids_query,
    interaction_ids,
    list_interactions,
    page_ids,
)
from eunato_desk.core.periods import Quarter
from eunato_desk.core.records import InteractionFilter, InteractionInput, LinkInput
from eunato_desk.core.search import query as search_query
from eunato_desk.core.search import service as search_mod
from eunato_desk.core.search.query import MARK_END, MARK_START
from eunato_desk.core.search.service import (
    interaction_snippet,
    search,
    search_interactions,
    snippet_html,
    snippet_text,
)
from eunato_desk.core.storage.address import ServerAddress
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.opening import open_database
from tests import pg
from tests.helpers import query as sql_rows

D = dt.date


@dataclass(frozen=True)
class Spec:
    title: str
    type: str
    date: dt.date
    summary: str = ""
    outcome: str = ""
    location: str = ""
    tags: tuple[str, ...] = ()
    links: tuple[tuple[int, str], ...] = ()
    orgs: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    status: str = "held"
    trash: bool = False


SPECS = [
    Spec("Cross-briefing on hybrid threats", "Cross-briefing", D(2018, 5, 3),
         summary="Sécurité maritime and resilience were discussed.", location="Brussels",
         links=((3, "Hybrid CoE to follow up"), (43, "")), orgs=("EEAS",),
         countries=("Tunisia",)),
    Spec("Workshop on cyber defence", "Workshop", D(2018, 5, 20),
         summary="Cyber-security exercise planning with CERT-EU.", location="Tallinn",
         links=((20, ""),), orgs=("NCIRC",), countries=("Estonia",)),
    Spec("Staff talks on maritime security", "Staff talks", D(2018, 6, 30),
         summary="Threats to shipping in the Aegean.", outcome="Joint assessment agreed.",
         links=((14, ""),), orgs=("MARCOM", "Frontex"), countries=("Greece",)),
    Spec("Hybrid threats seminar", "Seminar", D(2018, 7, 1), status="cancelled",
         summary="Postponed: hybrid threat assessments.", orgs=("Hybrid CoE",),
         countries=("Finland",)),
    Spec("Consultation with Moldova", "Pilot-country consultation", D(2017, 11, 15),
         summary="Threat assessments and strategic communication.",
         links=((1, "Resilience baseline drafted"),), orgs=("NATO IS",),
         countries=("Republic of Moldova",)),
    Spec("Réunion de coordination à Bruxelles", "Other", D(2019, 2, 1),
         summary="Naïve questions about the Élysée treaty.", location="Bruxelles",
         tags=("résilience", "energy security"), countries=("Türkiye",)),
    Spec("Reunion of the exercise planners", "Exercise (PACE)", D(2019, 3, 3),
         summary="PACE scenario; cyber and hybrid elements.", tags=("exercise",),
         links=((44, ""),), orgs=("EUMS",)),
    Spec("Staff-to-staff consultation on counter-terrorism", "Staff-to-staff consultation",
         D(2019, 12, 31), outcome="Threat picture shared; next meeting in Tunis.",
         orgs=("Europol",), countries=("Tunisia",)),
    Spec("Trashed hybrid threats meeting", "Other", D(2018, 5, 10), summary="hybrid threats",
         trash=True),
    Spec("100% report on the 2018 progress", "Other", D(2018, 12, 1),
         summary="Rate went from 10 to 100 percent; file_name conventions.",
         location="Videoconference"),
]  # fmt: skip


def words(text: str) -> list[str]:
    """The reference tokenizer: accents dropped, lower case, runs of letters and digits."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.findall(r"[^\W_]+", plain)


class Doc:
    """One interaction's searchable fields, as word lists."""

    def __init__(self, fields: list[str]) -> None:
        self.fields = [words(f) for f in fields]

    def phrase(self, text: str, prefix: bool = False) -> bool:
        wanted = words(text)
        n = len(wanted)
        for field in self.fields:
            for i in range(len(field) - n + 1):
                got = field[i : i + n]
                if got[:-1] == wanted[:-1] and (
                    got[-1].startswith(wanted[-1]) if prefix else got[-1] == wanted[-1]
                ):
                    return True
        return False

    def prefix(self, text: str) -> bool:
        return self.phrase(text, prefix=True)


# query -> reference predicate over a Doc
QUERIES: dict[str, Callable[[Doc], bool]] = {
    "hybrid threats": lambda d: d.phrase("hybrid") and d.phrase("threats"),
    '"hybrid threats"': lambda d: d.phrase("hybrid threats"),
    "threat*": lambda d: d.prefix("threat"),
    "hyb*": lambda d: d.prefix("hyb"),
    '"threat ass"*': lambda d: d.prefix("threat ass"),
    "cyber OR maritime": lambda d: d.phrase("cyber") or d.phrase("maritime"),
    "cyber OR hybrid exercise": lambda d: (
        (d.phrase("cyber") or d.phrase("hybrid")) and d.phrase("exercise")
    ),
    "hybrid -seminar": lambda d: d.phrase("hybrid") and not d.phrase("seminar"),
    'threat* -"hybrid threats" -tunisia': lambda d: (
        d.prefix("threat") and not d.phrase("hybrid threats") and not d.phrase("tunisia")
    ),
    "-hybrid": lambda d: not d.phrase("hybrid"),
    "securite": lambda d: d.phrase("securite"),
    "SÉCURITÉ MARITIME": lambda d: d.phrase("securite") and d.phrase("maritime"),
    "reunion": lambda d: d.phrase("reunion"),
    "Réunion": lambda d: d.phrase("reunion"),
    "ELYSEE naive": lambda d: d.phrase("elysee") and d.phrase("naive"),
    "turkiye": lambda d: d.phrase("turkiye"),
    "TR": lambda d: d.phrase("tr"),
    "EEAS": lambda d: d.phrase("eeas"),
    "external action": lambda d: d.phrase("external") and d.phrase("action"),
    '"European External Action Service"': lambda d: d.phrase("european external action service"),
    "TN": lambda d: d.phrase("tn"),
    "tunisia OR tunis": lambda d: d.phrase("tunisia") or d.phrase("tunis"),
    "resilience": lambda d: d.phrase("resilience"),
    "follow": lambda d: d.phrase("follow"),
    "baseline drafted": lambda d: d.phrase("baseline") and d.phrase("drafted"),
    "staff-to-staff": lambda d: d.phrase("staff to staff"),
    "cyber-security": lambda d: d.phrase("cyber security"),
    "100%": lambda d: d.phrase("100"),
    "file_name": lambda d: d.phrase("file name"),
    "brussels bruxelles": lambda d: d.phrase("brussels") and d.phrase("bruxelles"),
    "aegean OR tunis OR tallinn": lambda d: any(
        d.phrase(w) for w in ("aegean", "tunis", "tallinn")
    ),
    "energy": lambda d: d.phrase("energy"),
    "nothingmatchesthis": lambda d: False,
}

FILTERS: dict[str, InteractionFilter] = {
    "none": InteractionFilter(),
    "2018Q2": InteractionFilter(date_from=Quarter(2018, 2).start, date_to=Quarter(2018, 2).end),
    "held": InteractionFilter(status="held"),
    "type": InteractionFilter(type="seminar"),
    "country": InteractionFilter(country="tn"),
    "org": InteractionFilter(organisation="EEAS"),
    "action": InteractionFilter(action_number=3),
    "area": InteractionFilter(area_code=1),
    "combined": InteractionFilter(date_from=D(2018, 1, 1), date_to=D(2018, 12, 31), status="held"),
    "trash": InteractionFilter(trash=True),
}


@dataclass
class Known:
    db: Database
    uuids: list[str]  # by spec index
    docs: list[Doc]
    area_of: dict[int, int | None]
    iso: dict[str, str]
    org_names: dict[str, tuple[str, str | None]]  # label -> (name, acronym)


def spec_passes(known: Known, spec: Spec, flt: InteractionFilter) -> bool:
    if spec.trash != flt.trash:
        return False
    if flt.date_from and spec.date < flt.date_from:
        return False
    if flt.date_to and spec.date > flt.date_to:
        return False
    if flt.status and spec.status != flt.status:
        return False
    if flt.type and spec.type.lower() != flt.type.lower():
        return False
    numbers = [n for n, _ in spec.links]
    if flt.action_number is not None and flt.action_number not in numbers:
        return False
    if flt.area_code is not None and flt.area_code not in {known.area_of[n] for n in numbers}:
        return False
    if flt.country:
        key = flt.country.lower()
        if not any(key in (c.lower(), known.iso[c].lower()) for c in spec.countries):
            return False
    if flt.organisation:
        key = flt.organisation.lower()
        names = [known.org_names[o] for o in spec.orgs]
        if not any(key in (n.lower(), (a or "").lower()) for n, a in names):
            return False
    return True


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def known(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Known]:
    """The corpus on a file (FTS5) and on a team server (PostgreSQL): the same reference."""
    if request.param == "sqlite":
        where: object = tmp_path_factory.mktemp("search") / "desk.sqlite3"
        db = open_database(where, create=True)
    else:
        where = pg.cluster(tmp_path_factory.getbasetemp()).fresh_database()
        db = open_database(ServerAddress.parse(str(where)))
    area_of = dict(
        sql_rows(
            where, "SELECT a.number, r.code FROM action a LEFT JOIN area r ON r.id = a.area_id"
        )
    )
    iso = dict(sql_rows(where, "SELECT name, iso_code FROM country"))
    org_names = {}
    for name, acronym in sql_rows(where, "SELECT name, acronym FROM organisation"):
        org_names[name] = org_names[acronym or name] = (name, acronym)
    uuids, docs = [], []
    for spec in SPECS:
        record = create_interaction(
            db,
            InteractionInput(
                title=spec.title,
                type=spec.type,
                start_date=spec.date,
                status=spec.status,
                summary=spec.summary,
                outcome=spec.outcome,
                location=spec.location,
                tags=spec.tags,
                links=tuple(LinkInput(n, note) for n, note in spec.links),
                organisations=spec.orgs,
                countries=spec.countries,
            ),
        )
        uuids.append(record.uuid)
        orgs = [org_names[o] for o in spec.orgs]
        docs.append(
            Doc(
                [spec.title, spec.summary, spec.outcome, spec.location, "; ".join(spec.tags)]
                + [note for _, note in spec.links]
                + [f"{n} ({a})" if a else n for n, a in orgs]
                + [f"{c} ({iso[c]})" for c in spec.countries]
            )
        )
        if spec.trash:
            delete_interactions(db, [record.uuid])
    yield Known(db, uuids, docs, area_of, iso, org_names)
    db.dispose()


def expected(known: Known, query: str, flt: InteractionFilter) -> list[str]:
    """Uuids the reference says match, oldest first (the list's default order)."""
    hits = [
        i
        for i, spec in enumerate(SPECS)
        if QUERIES[query](known.docs[i]) and spec_passes(known, spec, flt)
    ]
    hits.sort(key=lambda i: (SPECS[i].date, i))
    return [known.uuids[i] for i in hits]


@pytest.mark.parametrize("flt_name", list(FILTERS))
@pytest.mark.parametrize("query", list(QUERIES))
def test_search_and_list_match_the_reference(known: Known, query: str, flt_name: str) -> None:
    flt = FILTERS[flt_name]
    want = expected(known, query, flt)

    listed = [r.uuid for r in list_interactions(known.db, dataclasses.replace(flt, text=query))]
    assert listed == want
    assert count_interactions(known.db, dataclasses.replace(flt, text=query)) == len(want)

    found = [row.uuid for row, _ in search_interactions(known.db, query, flt, limit=100)]
    assert sorted(found) == sorted(want)
    assert len(found) == len(set(found))


@pytest.mark.parametrize("mode", ["in", "walk", "exists"])
@pytest.mark.parametrize(
    "query", ["hybrid threats", "threat*", "-hybrid", "cyber OR maritime", "hybrid -seminar"]
)
def test_every_way_of_meeting_the_index_gives_the_same_rows(
    known: Known, query: str, mode: str
) -> None:
    flt = InteractionFilter(text=query)
    with known.db.read() as session:
        ids = list(
            session.execute(ids_query(session, flt, "date", False, text_mode=mode)).scalars()
        )
    assert [r.uuid for r in fetch_rows(known.db, ids)] == expected(known, query, FILTERS["none"])


@pytest.mark.parametrize("cost", [10**9, 0], ids=["walk", "exists"])
def test_the_first_page_of_a_common_word_is_the_newest(
    known: Known, monkeypatch: pytest.MonkeyPatch, cost: int
) -> None:
    # Make every word "common" so that the walking modes are used on this small data set.
    monkeypatch.setattr(search_query, "FEW_MATCHES", 0)
    monkeypatch.setattr(search_query, "PROBE_COST", cost)
    for query in ("threat*", "hybrid threats", "cyber OR maritime", "-hybrid"):
        newest = list(reversed(expected(known, query, FILTERS["none"])))
        for limit in (1, 2, 100):
            page = list_interactions(
                known.db, InteractionFilter(text=query), descending=True, limit=limit
            )
            assert [r.uuid for r in page] == newest[:limit], (query, limit)


def test_a_broad_search_comes_newest_first_unranked(
    known: Known, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_mod, "RANK_LIMIT", 2)
    want = list(reversed(expected(known, "threat*", FILTERS["none"])))
    assert len(want) > 2
    result = search(known.db, "threat*", limit=3)
    assert not result.ranked and result.broad
    assert [row.uuid for row, _ in result.hits] == want[:3]
    assert all(MARK_START in snip for _, snip in result.hits)


def test_a_selective_search_is_ranked_title_matches_first(known: Known) -> None:
    result = search(known.db, "hybrid")
    assert result.ranked and not result.broad
    titles = [row.title for row, _ in result.hits]
    in_title = ["hybrid" in words(t) for t in titles]
    assert in_title == sorted(in_title, reverse=True), titles
    assert in_title[0] and not in_title[-1]


def test_only_exclusions_list_newest_first(known: Known) -> None:
    result = search(known.db, "-hybrid -threat*")
    assert not result.ranked and not result.broad
    want = list(reversed(expected(known, "-hybrid", FILTERS["none"])))
    want = [u for u in want if not known.docs[known.uuids.index(u)].prefix("threat")]
    assert [row.uuid for row, _ in result.hits] == want
    assert all(snip == "" for _, snip in result.hits)


def test_snippets_mark_the_matched_words(known: Known) -> None:
    hits = search_interactions(known.db, "securite")
    assert len(hits) == 1
    row, snip = hits[0]
    assert row.uuid == known.uuids[0]
    assert f"{MARK_START}Sécurité{MARK_END}" in snip
    assert snippet_text(snip).startswith("[Sécurité] maritime")
    assert snippet_html(snip).startswith("<b>Sécurité</b> maritime")
    both = interaction_snippet(known.db, "maritime securite", known.uuids[0])
    assert f"{MARK_START}Sécurité{MARK_END} {MARK_START}maritime{MARK_END}" in both
    assert interaction_snippet(known.db, "nothingmatchesthis", known.uuids[0]) == ""
    assert interaction_snippet(known.db, "-hybrid", known.uuids[0]) == ""


def test_snippet_html_escapes_the_text() -> None:
    snip = f"a <script> & {MARK_START}hybrid{MARK_END} claim"
    assert snippet_html(snip) == "a &lt;script&gt; &amp; <b>hybrid</b> claim"


HOSTILE = [
    '"', '""', '"""', "*", "**", "hybrid*" "*", "NEAR(", "NEAR(hybrid threats, 2)", "col:",
    "title:hybrid", "summary : hybrid", "{title summary}: hybrid", "(", ")", "((hybrid",
    "hybrid)", "(hybrid OR", "AND", "OR", "NOT", "NOT hybrid", "hybrid NOT", "- -", "--hybrid",
    "-", "^hybrid", "hybrid^", "+hybrid", "'; DROP TABLE interaction; --",
    "1' OR '1'='1", "%", "_", "\\", "\x00", "\x02\x03", "a\x00b", "'", "`", "\u202e",
    "🛰️ hybrid", "混合 威胁", "x" * 10_000, "hybrid " * 1_500, "hybrid " * 40, "c*",
    '"unbalanced', 'a" OR "b', "hybrid OR OR OR", "OR OR", "* hybrid *", "NEAR", "near(",
    "rank:1", "rowid", "interaction_fts", "MATCH", "\n\t", " ",
]  # fmt: skip


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_never_raise_anything_but_a_validation_error(
    known: Known, text: str
) -> None:
    for flt in (InteractionFilter(text=text), InteractionFilter(text=text, status="held")):
        try:
            rows = list_interactions(known.db, flt)
            assert count_interactions(known.db, flt) == len(rows)
            list_interactions(known.db, flt, descending=True, limit=3)
        except ValidationError as exc:
            assert exc.field == "search"
    try:
        search(known.db, text)
    except ValidationError as exc:
        assert exc.field == "search"
        assert exc.reason


def test_the_search_text_is_always_a_bound_parameter(known: Known) -> None:
    token = "zzqqxx'\"unique"
    seen: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        seen.append((statement, parameters))

    event.listen(known.db.read_engine, "before_cursor_execute", record)
    try:
        search(known.db, token)
        list_interactions(known.db, InteractionFilter(text=token))
    finally:
        event.remove(known.db.read_engine, "before_cursor_execute", record)
    assert seen
    assert not any("zzqqxx" in statement for statement, _ in seen)
    assert any("zzqqxx" in str(params) for _, params in seen)


EMPTY_BY_DESIGN = {"nothingmatchesthis", "brussels bruxelles"}


def test_the_reference_finds_something_for_every_query_but_two(known: Known) -> None:
    """Guards the test itself: an empty reference would make the comparisons vacuous."""
    for query in QUERIES:
        found = expected(known, query, FILTERS["none"])
        assert bool(found) == (query not in EMPTY_BY_DESIGN), query
        assert len(found) < len(SPECS) - 1 or query.startswith("-"), query
    combos = [
        (q, f) for q in QUERIES for f in FILTERS if f != "none" and expected(known, q, FILTERS[f])
    ]
    assert len(combos) >= 60


@pytest.mark.parametrize("query", [None, "hybrid", "threat*", "-hybrid", "cyber OR maritime"])
def test_page_ids_are_the_head_of_the_whole_list(known: Known, query: str | None) -> None:
    flt = InteractionFilter(text=query)
    for sort in ("date", "title"):
        every = interaction_ids(known.db, flt, sort, descending=True)
        assert page_ids(known.db, flt, sort, descending=True, limit=3) == every[:3]
