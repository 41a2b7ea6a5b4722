"""One period picker, four screens: each keeps its own behaviour (which periods, whether the
From/To dates hide or grey out, the quarter steps)."""

from __future__ import annotations

import datetime as dt

from eunato_desk.core.analysis.report import REPORT_PERIODS
from eunato_desk.core.periods import Quarter
from eunato_desk.core.records import InteractionFilter
from eunato_desk.ui.interactions.filter_bar import FilterBar
from eunato_desk.ui.reports.dialog import ReportDialog
from eunato_desk.ui.transfer.export_dialog import ExportDialog
from eunato_desk.ui.widgets.period import Period, PeriodPicker, quarter_periods

TODAY = dt.date(2018, 5, 3)  # 2018 Q2


def test_the_filter_bar_hides_the_range_and_steps_quarters(qtbot):
    bar = FilterBar(today=TODAY)
    qtbot.addWidget(bar)
    bar.show()
    picker = bar.period
    emitted: list[InteractionFilter] = []
    bar.changed.connect(emitted.append)
    keys = [picker.combo.itemData(i) for i in range(picker.combo.count())]
    assert keys[:3] == ["all", "range", "2018Q3"] and keys[-1] == "2016Q4"
    assert not picker.range_box.isVisible()  # all dates: no From/To

    picker.set_key("2018Q1")
    assert (bar.filter().date_from, bar.filter().date_to) == (
        dt.date(2018, 1, 1),
        dt.date(2018, 3, 31),
    )
    assert len(emitted) == 1 and not picker.range_box.isVisible()
    picker.next_button.click()
    assert picker.key() == "2018Q2"
    picker.step(-1)
    picker.step(-1)
    assert picker.key() == "2017Q4"

    picker.set_key("range")  # a range starts from the quarter it was on
    assert picker.range_box.isVisible() and not picker.next_button.isEnabled()
    assert picker.dates() == (dt.date(2017, 10, 1), dt.date(2017, 12, 31))
    picker.date_to.setDate(picker.date_to.date().addDays(10))
    assert emitted[-1].date_to == dt.date(2018, 1, 10)

    bar.apply(InteractionFilter(date_from=dt.date(2018, 4, 1), date_to=dt.date(2018, 6, 30)))
    assert picker.key() == "2018Q2"  # exactly a quarter's dates: that quarter
    bar.apply(InteractionFilter(date_from=dt.date(2018, 4, 2)))  # open end: up to today
    assert picker.key() == "range" and picker.dates() == (dt.date(2018, 4, 2), TODAY)
    bar.apply(InteractionFilter())
    assert picker.key() == "all" and picker.dates() == (None, None)
    picker.step(+1)  # from all dates: the current quarter
    assert picker.key() == "2018Q2"


def test_the_export_dialog_greys_the_range_out_and_offers_sixteen_quarters(window, qtbot):
    dialog = ExportDialog(window.executor, InteractionFilter(), Quarter(2012, 1), parent=window,
                          today=TODAY)  # fmt: skip
    qtbot.addWidget(dialog)
    picker = dialog.period
    keys = [picker.combo.itemData(i) for i in range(picker.combo.count())]
    # an older quarter asked for is added at the top; then 16 quarters back from today's
    assert keys[0] == "2012Q1" and keys[1] == "2018Q2" and keys[16] == "2014Q3"
    assert keys[-1] == "range" and len(keys) == 18
    assert picker.key() == "2012Q1"
    assert not picker.date_from.isEnabled() and not picker.date_to.isEnabled()
    assert dialog.export_filter().date_from == dt.date(2012, 1, 1)
    picker.set_key("range")
    assert picker.date_from.isEnabled() and picker.range_box.isVisibleTo(dialog)
    picker.date_from.setDate(picker.date_from.date().addMonths(-1))
    assert dialog.export_filter().date_from == dt.date(2011, 12, 1)
    assert dialog.path.text().endswith("eunato-desk-range.csv")


def test_the_report_dialog_offers_the_joint_reports_or_any_dates(window, qtbot):
    dialog = ReportDialog(window.executor, parent=window)
    qtbot.addWidget(dialog)
    picker = dialog.period
    assert picker.combo.count() == len(REPORT_PERIODS) + 1
    assert dialog.dates() == REPORT_PERIODS[2][1:]  # the 3rd report by default
    assert not picker.date_from.isEnabled()
    picker.set_key(-1)  # any dates, from the period chosen before
    assert picker.date_from.isEnabled()
    picker.date_to.setDate(picker.date_to.date().addDays(1))
    assert dialog.dates() == (REPORT_PERIODS[2][1], dt.date(2018, 7, 1))


def test_one_changed_signal_per_change(qtbot):
    picker = PeriodPicker(
        [*quarter_periods(Quarter(2018, 2), Quarter(2018, 1)), Period("Range", "r", custom=True)]
    )
    qtbot.addWidget(picker)
    changes: list[object] = []
    picker.changed.connect(lambda: changes.append(picker.dates()))
    picker.set_key("2018Q1")
    picker.set_range(dt.date(2018, 2, 1), dt.date(2018, 2, 28))
    assert changes == [
        (dt.date(2018, 1, 1), dt.date(2018, 3, 31)),
        (dt.date(2018, 2, 1), dt.date(2018, 2, 28)),
    ]
    assert not picker.set_key("2030Q1") and picker.key() == "r"
