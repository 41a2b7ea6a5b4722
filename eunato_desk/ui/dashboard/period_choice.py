"""The dashboard's one period: a quarter, a year, all dates or a range of dates, for the
charts, the coverage matrix and the checklist together.

The checklist is a quarter's (``checklist.period_end_checklist`` takes one quarter): for a
quarter, that quarter; for a year, all dates or a range, the last quarter of the period that
has begun, and the dashboard says which. Alt+Left / Alt+Right step to the previous / next
quarter (a year to the previous / next year); from all dates, to the latest quarter with
data (``home``, which the dashboard's reading brings).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from eunato_desk.core.periods import Quarter
from eunato_desk.ui.widgets.period import Period, PeriodPicker

FIRST_QUARTER = Quarter(2016, 4)  # the common set was endorsed in December 2016
ALL_DATES = "all"
RANGE = "range"


@dataclass(frozen=True)
class Shown:
    """A period the dashboard reads: its name, its dates (None for all dates until the
    reading fills them in), the quarter its checklist covers and, when that quarter is not the
    whole period, which quarter of the period it is."""

    label: str  # "2019 Q4", "2018", "All dates", "2018-02-01 – 2018-05-15"
    start: dt.date | None
    end: dt.date | None
    checklist: Quarter
    note: str = ""  # e.g. "the last quarter of 2018"; "" when the period is that quarter

    @classmethod
    def quarter(cls, quarter: Quarter) -> Shown:
        return cls(quarter.label(), quarter.start, quarter.end, quarter)


def year_period(year: int) -> Period:
    return Period(f"{year} (whole year)", year, dt.date(year, 1, 1), dt.date(year, 12, 31))


def quarter_period(quarter: Quarter) -> Period:
    return Period(quarter.label(), str(quarter), quarter.start, quarter.end)


def dashboard_periods(today: dt.date) -> list[Period]:
    """All dates, a range, then each year (newest first) followed by its quarters, from the
    quarter after today's (planned work) back to 2016 Q4."""
    newest = Quarter.of(today).next()
    out = [Period("All dates", ALL_DATES), Period("Date range", RANGE, custom=True)]
    for year in range(newest.year, FIRST_QUARTER.year - 1, -1):
        out.append(year_period(year))
        for q in range(4, 0, -1):
            if FIRST_QUARTER <= Quarter(year, q) <= newest:
                out.append(quarter_period(Quarter(year, q)))
    return out


def _rank(key: object) -> tuple[int, int]:
    """Where a year or a quarter stands in the list, newest first (a year before its Q4)."""
    if isinstance(key, int):
        return (key, 5)
    quarter = Quarter.parse(str(key))
    return (quarter.year, quarter.q)


def shown_for(
    period: Period, dates: tuple[dt.date | None, dt.date | None], today: dt.date
) -> Shown:
    """What choosing ``period`` (with ``dates``, a range's typed dates) shows."""
    start, end = dates
    current = Quarter.of(today)
    if period.key not in (ALL_DATES, RANGE) and not isinstance(period.key, int):
        return Shown.quarter(Quarter.parse(str(period.key)))
    if period.custom:
        label, last = f"{start} – {end}", Quarter.of(end or today)
        note = "the quarter in which the range ends"
    elif isinstance(period.key, int):
        label, last = str(period.key), Quarter(period.key, 4)
        note = f"the last quarter of {period.key}"
    else:
        label, last, note = "All dates", current, "the current quarter"
    if last > current and Quarter.of(start or today) <= current:
        last, note = current, "the current quarter"  # a checklist for a quarter not yet begun
    return Shown(label, start, end, last, note)


class DashboardPeriodPicker(PeriodPicker):
    """The app's period picker with the dashboard's periods and steps."""

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(
            dashboard_periods(today),
            hide_range=True,
            range_labels=("F&rom:", "T&o:"),
            steps=Quarter.of(today),
            open_ends=(FIRST_QUARTER.start, today),
            parent=parent,
        )
        self.home = Quarter.of(today)  # the latest quarter with data, once read
        self.set_key(str(self.home))

    def step(self, delta: int) -> None:
        """A quarter to the next (``delta`` > 0) or previous quarter, a year to the next or
        previous year; from all dates to ``home``; a range does not step."""
        period = self.current()
        if period.custom:
            return
        if period.start is None:
            self.show_quarter(self.home)
        elif isinstance(period.key, int):
            self.set_key(period.key + (1 if delta > 0 else -1))
        else:
            quarter = Quarter.parse(str(period.key))
            self.set_key(str(quarter.next() if delta > 0 else quarter.previous()))

    def show_quarter(self, quarter: Quarter) -> None:
        """Choose ``quarter``, listing it (and its year) first if it is not yet listed."""
        for period in (year_period(quarter.year), quarter_period(quarter)):
            if self.combo.findData(period.key) < 0:
                keys = [self.combo.itemData(i) for i in range(self.combo.count())]
                at = next(
                    (i for i, key in enumerate(keys)
                     if key not in (ALL_DATES, RANGE) and _rank(key) < _rank(period.key)),
                    len(keys),
                )  # fmt: skip
                self.add_period(period, at)
        self.set_key(str(quarter))
