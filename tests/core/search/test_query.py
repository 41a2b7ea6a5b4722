"""The search box's query language: what each piece of syntax becomes as an FTS5 expression,
and that any text at all becomes either a quoted expression or a clear ValidationError."""

from __future__ import annotations

import pytest

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.search.query import (
    FEW_MATCHES,
    MAX_QUERY_CHARS,
    MAX_TERMS,
    choose_text_mode,
    fold,
    parse_query,
    tokens,
)


def expression(text: str) -> str | None:
    query = parse_query(text)
    return query.positive_expression() or (
        f"EXCLUDE {query.excluded_expression()}" if query.excluded else None
    )


@pytest.mark.parametrize(
    ("text", "fts"),
    [
        ("cyber", '"cyber"'),
        ("cyber exercise", '"cyber" AND "exercise"'),
        ('"staff talks"', '"staff talks"'),
        ('"staff talks" PACE', '"staff talks" AND "PACE"'),
        ("hybr*", '"hybr"*'),
        ('"hybrid thr"*', '"hybrid thr"*'),
        ("cyber OR hybrid", '("cyber" OR "hybrid")'),
        ("cyber OR hybrid exercise", '("cyber" OR "hybrid") AND "exercise"'),
        ("a1 OR b2 OR c3", '("a1" OR "b2" OR "c3")'),
        ("hybrid -seminar", '("hybrid") NOT ("seminar")'),
        ('hybrid -"staff talks" -cancelled', '("hybrid") NOT ("staff talks" OR "cancelled")'),
        ("-cancelled", 'EXCLUDE "cancelled"'),
        ("staff-to-staff", '"staff-to-staff"'),  # FTS5 reads it as the phrase staff to staff
        ("cyber AND exercise", '"cyber" AND "exercise"'),  # AND in capitals is the default
        ("cyber or exercise", '"cyber" AND "or" AND "exercise"'),  # lower-case or is a word
    ],
)
def test_syntax_becomes_quoted_fts5(text: str, fts: str) -> None:
    assert expression(text) == fts


@pytest.mark.parametrize(
    ("text", "fts"),
    [
        ('"unbalanced quote', '"unbalanced" AND "quote"'),
        ('cyber "', '"cyber"'),
        ("*", None),
        ("* *", None),
        ("-", None),
        ("- -", None),
        ("OR", None),
        ("OR cyber", '"cyber"'),
        ("cyber OR", '"cyber"'),
        ("cyber OR OR hybrid", '("cyber" OR "hybrid")'),
        ("-cyber OR hybrid", '("hybrid") NOT ("cyber")'),
        ("NEAR(cyber hybrid)", '"NEAR(cyber" AND "hybrid)"'),
        ("title:cyber", '"title:cyber"'),
        ("{title}: cyber", '"{title}:" AND "cyber"'),
        ("^cyber", '"^cyber"'),
        ("(cyber OR hybrid", '("(cyber" OR "hybrid")'),
        ("%", None),
        ("_", None),
        ("'; DROP TABLE interaction; --", '"DROP" AND "TABLE" AND "interaction;"'),
        ('say "a""b" now', '"say" AND "a" AND "b" AND "now"'),
        ("a\x00b", '"a" AND "b"'),  # control characters separate words
        ("\x02marked\x03", '"marked"'),
    ],
)
def test_malformed_input_becomes_plain_words(text: str, fts: str | None) -> None:
    assert expression(text) == fts


def test_quotes_inside_a_term_are_doubled() -> None:
    # A term never contains a double quote (they delimit phrases), but the quoting is
    # defensive anyway: whatever reaches FTS5 is one string literal per term.
    query = parse_query("cyber")
    assert all(t.fts().count('"') % 2 == 0 for t in query.terms)


@pytest.mark.parametrize("text", ["", "   ", None, "\t\n"])
def test_blank_is_no_search(text: str | None) -> None:
    assert parse_query(text).empty


def test_a_prefix_needs_two_letters() -> None:
    with pytest.raises(ValidationError) as info:
        parse_query("c*")
    assert info.value.field == "search"
    assert "at least 2 letters" in info.value.message
    assert parse_query("cy*").positive_expression() == '"cy"*'


def test_too_long_a_query_is_a_clear_message() -> None:
    with pytest.raises(ValidationError) as info:
        parse_query("x" * 10_000)
    assert info.value.field == "search"
    assert f"at most {MAX_QUERY_CHARS:,} characters" in info.value.message
    assert "10,000" in info.value.message


def test_too_many_terms_is_a_clear_message() -> None:
    assert len(parse_query(" ".join(["w"] * MAX_TERMS)).terms) == MAX_TERMS
    with pytest.raises(ValidationError) as info:
        parse_query(" ".join(["w"] * (MAX_TERMS + 1)))
    assert info.value.field == "search"
    assert str(MAX_TERMS) in info.value.message


def test_folding_and_tokens_follow_the_index() -> None:
    assert fold("Sécurité ÉLYSÉE Türkiye Naïve") == "securite elysee turkiye naive"
    assert tokens("Cross-briefing: 100% file_name a\\b") == [
        "cross",
        "briefing",
        "100",
        "file",
        "name",
        "a",
        "b",
    ]


def test_highlight_words_are_the_positive_terms() -> None:
    query = parse_query('Sécurité "staff talks" -cancelled')
    assert query.highlight_words() == ["securite", "staff", "talks"]


def test_text_mode_choice() -> None:
    rows = 1_000_000
    assert choose_text_mode(10, rows, 50) == "in"
    assert choose_text_mode(FEW_MATCHES, rows, 50) == "in"
    assert choose_text_mode(20_000, rows, 50) == "walk"
    assert choose_text_mode(900_000, rows, 50) == "exists"
    assert choose_text_mode(900_000, rows, 50, prefix=True) == "walk"


@pytest.mark.parametrize(
    ("text", "relaxed"),
    [
        ('"air-to-air refuelling" tunisia', '"refuelling" AND "tunisia"'),
        ("cyber OR hybr* exercise -cancelled", '("cyber" OR "hybr"*) AND "exercise"'),
        ('"threat ass"*', '"threat"'),
        ('"hybrid thr"*', '"hybrid"'),
        ('"air refuel"*', '"refuel"*'),
        ("-cancelled", None),
    ],
)
def test_the_relaxed_count_is_a_looser_expression(text: str, relaxed: str | None) -> None:
    """Every word of it comes from the query and nothing is excluded, so it matches at
    least the query's rows: a cheap upper bound on how many there are."""
    assert parse_query(text).relaxed_expression() == relaxed
