"""The periods of the progress reports and how documents name days and ranges.

``REPORT_PERIODS`` are the periods of the joint progress reports; ``previous_period`` is the
period of the same length just before another (what a report compares itself with).
"""

from __future__ import annotations

import datetime as dt

# The joint progress reports (DOMAIN.md, section 4): (label, first day, last day).
# Periods are read as whole months, as the sources give them, so two neighbouring periods
# may share a month (a report is dated in the month its period ends). Report 5 is described
# as "Jun 2019–Jun 2020"; like the reports after it, it is taken as June to May.
REPORT_PERIODS: tuple[tuple[str, dt.date, dt.date], ...] = (
    ("1st report (June 2017): December 2016 – June 2017 (inferred)",
     dt.date(2016, 12, 1), dt.date(2017, 6, 30)),
    ("2nd report (December 2017): June – December 2017 (inferred)",
     dt.date(2017, 6, 1), dt.date(2017, 12, 31)),
    ("3rd report (June 2018): January – June 2018",
     dt.date(2018, 1, 1), dt.date(2018, 6, 30)),
    ("4th report (June 2019): June 2018 – May 2019 (inferred)",
     dt.date(2018, 6, 1), dt.date(2019, 5, 31)),
    ("5th report (June 2020): June 2019 – May 2020",
     dt.date(2019, 6, 1), dt.date(2020, 5, 31)),
    ("6th report (June 2021): June 2020 – May 2021",
     dt.date(2020, 6, 1), dt.date(2021, 5, 31)),
    ("7th report (June 2022): June 2021 – May 2022",
     dt.date(2021, 6, 1), dt.date(2022, 5, 31)),
    ("8th report (June 2023): June 2022 – May 2023",
     dt.date(2022, 6, 1), dt.date(2023, 5, 31)),
    ("9th report (June 2024): June 2023 – May 2024",
     dt.date(2023, 6, 1), dt.date(2024, 5, 31)),
    ("10th report (2025): June 2024 – May 2025 (inferred)",
     dt.date(2024, 6, 1), dt.date(2025, 5, 31)),
)  # fmt: skip


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def day_text(day: dt.date) -> str:
    """'1 June 2018' (English month names, whatever the locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def period_label(date_from: dt.date, date_to: dt.date) -> str:
    """The report period's label when the range is one, else the range in words."""
    for label, start, end in REPORT_PERIODS:
        if (start, end) == (date_from, date_to):
            return label
    return range_text(date_from, date_to)


def range_text(date_from: dt.date, date_to: dt.date) -> str:
    """'1 January 2018 – 30 June 2018'; one day: '2 May 2018'."""
    if date_from == date_to:
        return day_text(date_from)
    return f"{day_text(date_from)} – {day_text(date_to)}"


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def previous_period(date_from: dt.date, date_to: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same length that ends the day before ``date_from``: as many whole
    months when the period is whole months (January–June 2018: July–December 2017), else as
    many days. Clamped at the first day there is."""
    end = date_from - dt.timedelta(days=1) if date_from > dt.date.min else date_from
    if date_from.day == 1 and (date_to == dt.date.max or (date_to + dt.timedelta(1)).day == 1):
        start_index = 2 * _month_index(date_from) - _month_index(date_to) - 1
        if start_index < _month_index(dt.date.min):
            return dt.date.min, end
        return dt.date(start_index // 12, start_index % 12 + 1, 1), end
    days = (date_to - date_from).days + 1
    try:
        return date_from - dt.timedelta(days=days), end
    except OverflowError:
        return dt.date.min, end


__all__ = [
    "MONTHS",
    "REPORT_PERIODS",
    "day_text",
    "period_label",
    "previous_period",
    "range_text",
]
