"""Cell values of import files: dates and their order, times, action numbers, the apostrophe."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eunato_desk.core.transfer.format import FORMULA_LEADS, neutralise, unneutralise
from eunato_desk.core.transfer.values import (
    decide_date_order,
    parse_actions,
    parse_date,
    parse_format,
    parse_time,
)

APRIL_3 = dt.date(2018, 4, 3)


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("2018-04-03", None),
        ("2018-4-3", None),
        ("2018-04-03 00:00:00", None),
        ("2018/04/03", None),
        ("03/04/2018", "dmy"),
        ("3.4.2018", "dmy"),
        ("04/03/2018", "mdy"),
        ("04-03-2018", "mdy"),
        ("3 April 2018", None),
        ("3rd Apr. 2018", None),
        ("April 3, 2018", None),
        ("03-Apr-2018", None),
    ],
)
def test_dates_in_the_forms_desk_officers_write(text: str, order: str | None) -> None:
    assert parse_date(text, order) == APRIL_3


def test_an_unambiguous_numeric_date_needs_no_order() -> None:
    assert parse_date("25/12/2018", None) == dt.date(2018, 12, 25)
    assert parse_date("12/25/2018", None) == dt.date(2018, 12, 25)
    assert parse_date("05/05/2018", None) == dt.date(2018, 5, 5)


@pytest.mark.parametrize(
    ("text", "order", "reason"),
    [
        ("03/04/2018", None, "could be 3 April 2018 or 4 March 2018; choose the date order"),
        ("25/12/2018", "mdy", "is not a month-first (MM/DD/YYYY) date"),
        ("31/02/2018", "dmy", "there is no such day"),
        ("3/4/18", "dmy", "two-digit year"),
        ("soon", None, "'soon' is not a date; write it as YYYY-MM-DD"),
    ],
)
def test_bad_dates_say_why(text: str, order: str | None, reason: str) -> None:
    with pytest.raises(ValueError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_date(text, order)


def test_the_date_order_comes_from_the_file_or_is_asked_for() -> None:
    proof = decide_date_order([(2, "Date", "03/04/2018"), (5, "Date", "25/04/2018")], None)
    assert proof.order == "dmy" and "as row 5 ('25/04/2018') shows" in proof.notice
    only_ambiguous = decide_date_order([(2, "Date", "03/04/2018")], None)
    assert only_ambiguous.order is None
    assert "dates such as '03/04/2018' (row 2, column 'Date')" in only_ambiguous.question
    mixed = decide_date_order([(2, "D", "13/04/2018"), (3, "D", "04/13/2018")], None)
    assert "mixes day-first dates (row 2" in mixed.question
    assert decide_date_order([(2, "D", "03/04/2018")], "mdy").order == "mdy"
    assert decide_date_order([(2, "D", "2018-04-03")], None) == decide_date_order([], None)


def test_times_actions_and_formats() -> None:
    assert [parse_time(t) for t in ("9:30", "09:30:00", "14.05", "")] == [
        "09:30",
        "09:30",
        "14:05",
        None,
    ]
    with pytest.raises(ValueError, match="'25:00' is not a time"):
        parse_time("25:00")
    assert parse_actions("12; #43, Action 3\naction no. 7; 12") == [12, 43, 3, 7]
    with pytest.raises(ValueError, match="'A-12' is not an action number"):
        parse_actions("3; A-12")
    assert [parse_format(f) for f in ("In person", "VTC", "hybrid", "")] == [
        "in_person",
        "video",
        "hybrid",
        None,
    ]


@given(st.text(st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "\n", "a", " "])))
def test_neutralise_is_undone_exactly_and_never_leaves_a_formula_lead(value: str) -> None:
    cell = neutralise(value)
    assert unneutralise(cell) == value
    assert cell[:1] not in FORMULA_LEADS
