"""One period picker for every screen that asks "which period?": the filter bar (all dates,
a quarter, a range; ◀ ▶ and Alt+Left/Right step the quarter), the CSV export (a quarter or a
range), the progress report (a joint report's period or any dates) and the dashboard (a
quarter, a year, all dates or a range).

A list of named periods, each with its dates (none: all dates), and optionally one whose dates
are typed in From/To. Those two dates follow the period chosen, so switching to a range starts
from it; they are hidden or disabled while a named period is chosen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QToolButton, QWidget

from eunato_desk.core.periods import Quarter
from eunato_desk.ui.keys import NEXT_QUARTER, PREVIOUS_QUARTER


@dataclass(frozen=True)
class Period:
    label: str
    key: object  # what the screen stores (a quarter "2018Q2", a year, an index...)
    start: dt.date | None = None  # None with ``end`` None: all dates
    end: dt.date | None = None
    custom: bool = False  # the dates are typed in From/To


def quarter_periods(
    newest: Quarter, oldest: Quarter | None = None, *, count: int | None = None
) -> list[Period]:
    """Quarters from ``newest`` back to ``oldest`` (or ``count`` of them), keyed "2018Q2"."""
    out = []
    q = newest
    while (q >= oldest) if oldest is not None else len(out) < (count or 0):
        out.append(Period(q.label(), str(q), q.start, q.end))
        q = q.previous()
    return out


def year_periods(newest: int, oldest: int, first_day: dt.date, last_day: dt.date) -> list[Period]:
    """Years from ``newest`` back to ``oldest`` (keyed by the year), then all of them."""
    out = [
        Period(str(y), y, dt.date(y, 1, 1), dt.date(y, 12, 31))
        for y in range(newest, oldest - 1, -1)
    ]
    return [*out, Period(f"All years ({oldest}–{newest})", None, first_day, last_day)]


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class PeriodPicker(QWidget):
    """``changed`` whenever the period or, for a range, one of its dates changes."""

    changed = Signal()

    def __init__(
        self,
        periods: Sequence[Period],
        *,
        hide_range: bool = False,
        range_labels: tuple[str, str] = ("&From:", "&To:"),
        steps: Quarter | None = None,
        open_ends: tuple[dt.date, dt.date] | None = None,
        range_apart: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._periods = list(periods)
        self._hide_range = hide_range
        self._home = steps  # with steps: ◀ ▶ step the quarter; from all dates, to this one
        self._open_ends = open_ends  # the dates a range open at one end is shown with
        self._quiet = False
        self.combo = QComboBox(self)
        for period in self._periods:
            self.combo.addItem(period.label, period.key)
        self.combo.currentIndexChanged.connect(self._chosen)
        self.setFocusProxy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        if steps is not None:
            self._add_steps(layout)
        self.date_from = QDateEdit(self, calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.date_to = QDateEdit(self, calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.range_box = QWidget(self)
        self._lay_out_range(range_labels)
        if not range_apart:  # else the screen lays out ``range_box`` where it wants it
            layout.addWidget(self.range_box)
        for edit in (self.date_from, self.date_to):  # until a period gives them its dates
            edit.setDate(qdate(open_ends[1] if open_ends else dt.date.today()))
            edit.dateChanged.connect(self._date_edited)
        self._sync()

    def _add_steps(self, layout: QHBoxLayout) -> None:
        self.prev_button = QToolButton(self, text="◀")
        self.prev_button.setToolTip(f"Previous quarter ({PREVIOUS_QUARTER})")
        self.next_button = QToolButton(self, text="▶")
        self.next_button.setToolTip(f"Next quarter ({NEXT_QUARTER})")
        for keys, delta, button in ((PREVIOUS_QUARTER, -1, self.prev_button),
                                    (NEXT_QUARTER, +1, self.next_button)):  # fmt: skip
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # only while it shows
            shortcut.activated.connect(lambda d=delta: self.step(d))
            button.clicked.connect(lambda _c=False, d=delta: self.step(d))
            layout.addWidget(button)

    def _lay_out_range(self, labels: tuple[str, str]) -> None:
        row = QHBoxLayout(self.range_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.range_labels: list[QLabel] = []
        for text, edit in zip(labels, (self.date_from, self.date_to), strict=True):
            if text:
                label = QLabel(text, self.range_box)
                if "&" in text:
                    label.setBuddy(edit)
                row.addWidget(label)
                self.range_labels.append(label)
            row.addWidget(edit)

    # --- what is chosen -----------------------------------------------------------------------

    def current(self) -> Period:
        return self._periods[max(0, self.combo.currentIndex())]

    def key(self) -> object:
        return self.current().key

    def is_custom(self) -> bool:
        return self.current().custom

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        period = self.current()
        if period.custom:
            return pydate(self.date_from.date()), pydate(self.date_to.date())
        return period.start, period.end

    def set_key(self, key: object) -> bool:
        """Choose the period with this key; False (nothing changes) if there is none."""
        index = self.combo.findData(key)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        return index >= 0

    def add_period(self, period: Period, index: int = 0) -> None:
        self._periods.insert(index, period)
        self.combo.insertItem(index, period.label, period.key)

    def set_range(self, start: dt.date, end: dt.date) -> None:
        """Choose the range of any dates, from ``start`` to ``end`` (one ``changed``)."""
        custom = next(i for i, p in enumerate(self._periods) if p.custom)
        self._quiet = True
        try:
            self.combo.setCurrentIndex(custom)
            self.date_from.setDate(qdate(start))
            self.date_to.setDate(qdate(end))
        finally:
            self._quiet = False
        self.changed.emit()

    def show_dates(self, start: dt.date | None, end: dt.date | None, key: object = None) -> None:
        """Show a period given by its key, or else by its dates: a listed period with exactly
        these dates, else a range (an open end shown with ``open_ends``), else all dates."""
        if key is None and start is not None and end is not None:
            key = next((p.key for p in self._periods
                        if (p.start, p.end) == (start, end) and not p.custom), None)  # fmt: skip
        if key is not None and self.set_key(key):
            return
        if start is None and end is None:
            self.set_key(next(p.key for p in self._periods if p.start is None and not p.custom))
            return
        first, last = self._open_ends or (start or end, end or start)
        self.set_range(start or first, end or last)  # type: ignore[arg-type]

    def step(self, delta: int) -> None:
        """The next (``delta`` > 0) or previous listed quarter; from all dates, the home one."""
        period = self.current()
        if period.custom:
            return
        if period.start is None:
            self.set_key(str(self._home))
            return
        dated = sorted((p for p in self._periods if p.start and not p.custom),
                       key=lambda p: p.start)  # type: ignore[arg-type,return-value]  # fmt: skip
        at = dated.index(period) + (1 if delta > 0 else -1)
        if 0 <= at < len(dated):
            self.set_key(dated[at].key)

    # --- keeping the widgets in step ----------------------------------------------------------

    def _sync(self) -> None:
        period = self.current()
        if not period.custom and period.start is not None and period.end is not None:
            self._quiet, was = True, self._quiet
            self.date_from.setDate(qdate(period.start))
            self.date_to.setDate(qdate(period.end))
            self._quiet = was
        if self._hide_range or not any(p.custom for p in self._periods):
            self.range_box.setVisible(period.custom)
        else:
            self.date_from.setEnabled(period.custom)
            self.date_to.setEnabled(period.custom)
        if self._home is not None:
            self.prev_button.setEnabled(not period.custom)
            self.next_button.setEnabled(not period.custom)

    def _chosen(self, _index: int) -> None:
        self._sync()
        if not self._quiet:
            self.changed.emit()

    def _date_edited(self, _day: QDate) -> None:
        if not self._quiet and self.is_custom():
            self.changed.emit()
