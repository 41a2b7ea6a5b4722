"""Calendar quarters, dates and times as desk officers write them."""

from __future__ import annotations

import datetime as dt

import pytest

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.periods import Quarter, parse_date, parse_time


@pytest.mark.parametrize(
    "text", ["2018Q2", "2018 Q2", "2018q2", "2018-Q2", "2018/q2", " 2018 q 2 "]
)
def test_quarter_parses_the_usual_spellings(text: str) -> None:
    assert Quarter.parse(text) == Quarter(2018, 2)


@pytest.mark.parametrize("text", ["2018Q5", "2018Q0", "18Q2", "Q2 2018", "2018", "", "2018Q2x"])
def test_quarter_rejects_other_text_naming_the_field(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        Quarter.parse(text)
    assert info.value.field == "quarter"
    assert f"'{text}'" in info.value.message
    assert "2018Q2" in info.value.message  # shows how to write it

    with pytest.raises(ValidationError) as info:
        Quarter.parse(text, field="--quarter")
    assert info.value.field == "--quarter"
    assert info.value.message.startswith("--quarter: ")


@pytest.mark.parametrize(
    ("q", "start", "end"),
    [
        (1, dt.date(2020, 1, 1), dt.date(2020, 3, 31)),
        (2, dt.date(2020, 4, 1), dt.date(2020, 6, 30)),
        (3, dt.date(2020, 7, 1), dt.date(2020, 9, 30)),
        (4, dt.date(2020, 10, 1), dt.date(2020, 12, 31)),
    ],
)
def test_quarter_boundaries(q: int, start: dt.date, end: dt.date) -> None:
    quarter = Quarter(2020, q)
    assert quarter.start == start
    assert quarter.end == end
    assert Quarter.of(start) == quarter
    assert Quarter.of(end) == quarter
    assert Quarter.of(end + dt.timedelta(days=1)) == quarter.next()
    assert Quarter.of(start - dt.timedelta(days=1)) == quarter.previous()


def test_every_day_of_a_year_is_in_exactly_the_quarter_of_its_month() -> None:
    day = dt.date(2019, 1, 1)
    while day.year == 2019:
        q = Quarter.of(day)
        assert q.start <= day <= q.end
        assert q.q == (day.month - 1) // 3 + 1
        day += dt.timedelta(days=1)


def test_next_and_previous_cross_years() -> None:
    assert Quarter(2018, 4).next() == Quarter(2019, 1)
    assert Quarter(2018, 1).next() == Quarter(2018, 2)
    assert Quarter(2018, 3).next() == Quarter(2018, 4)
    assert Quarter(2019, 1).previous() == Quarter(2018, 4)
    assert Quarter(2019, 4).previous() == Quarter(2019, 3)
    q = Quarter(2017, 3)
    for _ in range(9):
        assert q.next().previous() == q
        assert q.next() > q
        q = q.next()
    assert q == Quarter(2019, 4)


def test_quarter_text_forms() -> None:
    assert str(Quarter(2018, 2)) == "2018Q2"
    assert Quarter(2018, 2).label() == "2018 Q2"
    assert Quarter.parse(str(Quarter(2019, 4))) == Quarter(2019, 4)


def test_parse_date() -> None:
    assert parse_date("2018-05-14") == dt.date(2018, 5, 14)
    assert parse_date(" 2020-02-29 ") == dt.date(2020, 2, 29)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2018-02-30", "is not a date: February 2018 has 28 days."),
        ("2019-02-29", "is not a date: February 2019 has 28 days."),
        ("2018-04-31", "is not a date: April 2018 has 30 days."),
        ("2018-13-01", "is not a date: there is no month 13 (months go from 01 to 12)."),
        ("2018-05-00", "is not a date: there is no day 00."),
        ("14/05/2018", "is not a date; write it as YYYY-MM-DD."),
        ("3 May", "is not a date; write it as YYYY-MM-DD."),
        ("tomorrow", "is not a date; write it as YYYY-MM-DD."),
        ("", "is not a date; write it as YYYY-MM-DD."),
    ],
)
def test_parse_date_errors_name_the_field_and_what_is_wrong(text: str, why: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(text)
    assert info.value.field == "date"
    assert info.value.message == f"date: '{text}' {why}"

    with pytest.raises(ValidationError) as info:
        parse_date(text, "--from")
    assert info.value.field == "--from"
    assert info.value.message.startswith("--from: ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("09:30", "09:30"), ("9:05", "09:05"), (" 23:59 ", "23:59"), ("0:00", "00:00"),
     ("", None), ("   ", None), (None, None)],
)  # fmt: skip
def test_parse_time(text: str | None, expected: str | None) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "12:60", "12", "noon", "12:5", "-1:00"])
def test_parse_time_errors_name_the_field(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_time(text, "start time")
    assert info.value.field == "start time"
    assert f"'{text}'" in info.value.message
    assert "HH:MM" in info.value.message
    with pytest.raises(ValidationError) as info:
        parse_time(text)
    assert info.value.field == "time"
