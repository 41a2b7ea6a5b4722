"""The filter bar above the interaction list: period, area, action, type, country, organisation,
status and free text. Emits one InteractionFilter whenever something changes.

The country and organisation choices can be typed in: they match as the editor's pickers do
(names, acronyms, ISO codes and aliases, case and accents folded; retired entries too, since
old interactions have them), the popup lists the matches, and Enter (or leaving the field)
takes the one the text names."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from eunato_desk.core.periods import Quarter
from eunato_desk.core.rows import InteractionFilter
from eunato_desk.ui.widgets.matching import Entries, Suggestions, form_value, label, match_label
from eunato_desk.ui.widgets.period import Period, PeriodPicker, quarter_periods

if TYPE_CHECKING:
    from eunato_desk.core.records import Vocabulary

ALL_DATES = "all"
RANGE = "range"
FIRST_QUARTER = Quarter(2016, 4)  # the common set was endorsed in December 2016
DEBOUNCE_MS = 250
STATUSES = ("planned", "held", "cancelled", "postponed")


class TypedChoice(QObject):
    """A choice of the filter bar that can be typed in: the popup suggests the entries of
    list ``kind`` that match; Enter or leaving the field takes the one the text names (a
    popup line, or an entry as a picker takes it; nothing typed: any); else the choice stays
    as it was."""

    def __init__(self, combo: QComboBox, kind: str) -> None:
        super().__init__(combo)
        self.combo = combo
        self.kind = kind
        self.entries: Entries | None = None
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = combo.lineEdit()
        line.setPlaceholderText(f"Any {kind}")
        self.suggestions = Suggestions(line)
        line.textEdited.connect(self._suggest)
        self.suggestions.chosen.connect(self.choose)
        line.editingFinished.connect(self._typed)

    def items(self) -> list[tuple[str, object]]:
        """(label, value) of every entry, retired ones too (old interactions have them)."""
        records = self.entries.records() if self.entries is not None else []
        return [
            (label(self.kind, r) + (" (retired)" if r.retired else ""), form_value(self.kind, r))
            for r in records
        ]

    def now_named(self, value: str | None) -> str | None:
        """What the chosen entry is called now (renamed or merged meanwhile: its old name is
        an alias of it)."""
        found = self.entries.index.exact(value, include_retired=True) if value else None
        return form_value(self.kind, found.ref) if found is not None else value

    def _suggest(self, text: str) -> None:
        matches = self.entries.ranked(text) if self.entries is not None and text.strip() else []
        self.suggestions.show_lines(text, [(match_label(self.kind, m), m.record) for m in matches])

    def choose(self, record: object) -> None:
        index = self.combo.findData(form_value(self.kind, record))
        if index == self.combo.currentIndex():
            self.combo.setEditText(self.combo.itemText(index))
        self.combo.setCurrentIndex(max(index, 0))

    def _typed(self) -> None:
        combo = self.combo
        text = combo.lineEdit().text()
        if text == combo.itemText(combo.currentIndex()):
            return
        record = self.suggestions.payload(text)
        if record is None and self.entries is not None and text.strip():
            record, _ranked = self.entries.pick(text)
        if record is not None:
            self.choose(record)
        elif not text.strip():
            combo.setCurrentIndex(0)
        else:
            combo.setEditText(combo.itemText(combo.currentIndex()))


class FilterBar(QWidget):
    changed = Signal(object)  # InteractionFilter

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self._today = today or dt.date.today()
        self._quiet = False
        self._pending: tuple[InteractionFilter, Quarter | None] | None = None
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText('words, "phrases", prefix*, OR, -exclude')
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        periods = [Period("All dates", ALL_DATES), Period("Date range", RANGE, custom=True)]
        periods += quarter_periods(Quarter.of(self._today).next(), FIRST_QUARTER)
        self.period = PeriodPicker(
            periods,
            hide_range=True,
            range_labels=("F&rom:", "&To:"),
            steps=Quarter.of(self._today),
            open_ends=(FIRST_QUARTER.start, self._today),
            parent=self,
        )
        self.period.changed.connect(self._changed)
        self._make_choices()
        self.clear_button = QPushButton("Clear filters", self)
        self.clear_button.clicked.connect(self.clear)
        # A fixed set of interactions (a dashboard cell, a checklist line), shown as a chip.
        self._pinned: tuple[str, ...] | None = None
        self.pinned_label = QLabel(self)
        self.pinned_label.setStyleSheet("background:#e3f2fd;color:#0d47a1;padding:2px 6px;")
        self.unpin_button = QToolButton(self, text="✕", toolTip="Show all matching interactions")
        self.unpin_button.clicked.connect(self.unpin)
        self.pinned_label.hide()
        self.unpin_button.hide()
        self._lay_out()

    def _make_choices(self) -> None:
        self.area = QComboBox(self)
        self.action = QComboBox(self)
        self.type = QComboBox(self)
        self.country = QComboBox(self)
        self.organisation = QComboBox(self)
        self.status = QComboBox(self)
        for combo in (self.area, self.action, self.type, self.country, self.organisation):
            combo.setMinimumContentsLength(8)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.status.addItem("Any status", None)
        for value in STATUSES:
            self.status.addItem(value.capitalize(), value)
        self.typed = {
            "country": TypedChoice(self.country, "country"),
            "organisation": TypedChoice(self.organisation, "organisation"),
        }
        for combo in self._choices():
            combo.currentIndexChanged.connect(self._changed)

    def _choices(self) -> tuple[QComboBox, ...]:
        return (self.area, self.action, self.type, self.country, self.organisation, self.status)

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        row1 = QHBoxLayout()
        row1.addWidget(self._label("&Search:", self.search))
        row1.addWidget(self.search, 3)
        row1.addSpacing(12)
        row1.addWidget(self._label("&Period:", self.period.combo))
        row1.addWidget(self.period)
        row1.addWidget(self.pinned_label)
        row1.addWidget(self.unpin_button)
        row1.addWidget(self.clear_button)
        row2 = QHBoxLayout()
        labels = ("&Area:", "A&ction:", "T&ype:", "Co&untry:", "&Organisation:", "Stat&us:")
        for text, combo in zip(labels, self._choices(), strict=True):
            row2.addWidget(self._label(text, combo))
            row2.addWidget(combo, 1)
        grid.addLayout(row1, 0, 0)
        grid.addLayout(row2, 1, 0)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    # --- vocabulary ---------------------------------------------------------------------------

    def set_vocabulary(self, vocab: Vocabulary) -> None:
        """Fill the choice lists, keeping the current choices where they still exist (or the
        filter restored from settings before the lists were known)."""
        pending, self._pending = self._pending, None
        current, quarter = pending or (self.filter(), self.quarter())
        for choice in self.typed.values():
            choice.entries = Entries(vocab, choice.kind, include_retired=True)
        current = replace(
            current,
            country=self.typed["country"].now_named(current.country),
            organisation=self.typed["organisation"].now_named(current.organisation),
        )
        self._quiet = True
        try:
            self._fill(
                self.area, "Any area", [(f"{a.code}. {a.name}", a.code) for a in vocab.areas]
            )
            self._fill(
                self.action,
                "Any action",
                [(f"{a.number} — {a.title}", a.number) for a in vocab.actions if a.number],
            )
            self._fill(self.type, "Any type", [(t, t) for t in vocab.types])
            for choice in self.typed.values():
                self._fill(choice.combo, f"Any {choice.kind}", choice.items())
            self.apply(current, quarter=quarter, emit=False)
        finally:
            self._quiet = False
        if pending is not None:
            self._emit()

    @staticmethod
    def _fill(combo: QComboBox, any_text: str, items: list[tuple[str, object]]) -> None:
        combo.clear()
        combo.addItem(any_text, None)
        for text, value in items:
            combo.addItem(text, value)

    # --- the filter ---------------------------------------------------------------------------

    def quarter(self) -> Quarter | None:
        key = self.period.key()
        return Quarter.parse(key) if key not in (ALL_DATES, RANGE, None) else None  # type: ignore[arg-type]

    def filter(self) -> InteractionFilter:
        date_from, date_to = self.period.dates()
        return InteractionFilter(
            date_from=date_from,
            date_to=date_to,
            area_code=self.area.currentData(),
            action_number=self.action.currentData(),
            type=self.type.currentData(),
            country=self.country.currentData(),
            organisation=self.organisation.currentData(),
            status=self.status.currentData(),
            text=self.search.text().strip() or None,
            uuids=self._pinned,
        )

    def pin(self, uuids: tuple[str, ...] | None, label: str = "") -> None:
        """Restrict the list to these interactions (None: no restriction), shown as a chip."""
        same = uuids is not None and self._pinned == tuple(uuids)
        self._pinned = None if uuids is None else tuple(uuids)
        shown = uuids is not None
        if shown and (label or not same):
            self.pinned_label.setText(label or f"{len(uuids)} chosen interactions")
        self.pinned_label.setVisible(shown)
        self.unpin_button.setVisible(shown)

    def unpin(self) -> None:
        self.pin(None)
        self._emit()

    def apply(
        self,
        flt: InteractionFilter,
        *,
        quarter: Quarter | None = None,
        emit: bool = True,
        label: str = "",
    ) -> None:
        """Show a filter (e.g. restored from settings, or a click in another view)."""
        self.pin(flt.uuids, label)
        self._quiet = True
        try:
            self.period.show_dates(flt.date_from, flt.date_to, str(quarter) if quarter else None)
            values = (flt.area_code, flt.action_number, flt.type, flt.country, flt.organisation,
                      flt.status)  # fmt: skip
            for combo, value in zip(self._choices(), values, strict=True):
                combo.setCurrentIndex(max(0, combo.findData(value)) if value is not None else 0)
            self.search.setText(flt.text or "")
        finally:
            self._quiet = False
        self._debounce.stop()
        if emit:
            self._emit()

    def clear(self) -> None:
        self.apply(InteractionFilter())

    def step_quarter(self, delta: int) -> None:
        self.period.step(delta)

    def _changed(self, *_: object) -> None:
        if not self._quiet:
            self._emit()

    def _emit(self) -> None:
        if not self._quiet:
            self.changed.emit(self.filter())

    # --- persistence --------------------------------------------------------------------------

    def state(self) -> dict:
        flt = self.filter()
        return {
            "period": self.period.key(),
            "from": flt.date_from.isoformat() if flt.date_from else None,
            "to": flt.date_to.isoformat() if flt.date_to else None,
            "area": flt.area_code,
            "action": flt.action_number,
            "type": flt.type,
            "country": flt.country,
            "organisation": flt.organisation,
            "status": flt.status,
            "text": flt.text,
        }

    def restore(self, state: dict) -> None:
        try:
            period = state.get("period")
            quarter = Quarter.parse(period) if period not in (None, ALL_DATES, RANGE) else None
            flt = InteractionFilter(
                date_from=dt.date.fromisoformat(state["from"]) if state.get("from") else None,
                date_to=dt.date.fromisoformat(state["to"]) if state.get("to") else None,
                area_code=state.get("area"),
                action_number=state.get("action"),
                type=state.get("type"),
                country=state.get("country"),
                organisation=state.get("organisation"),
                status=state.get("status"),
                text=state.get("text"),
            )
        except (ValueError, TypeError, AttributeError, KeyError):
            return  # a damaged setting is ignored, never fatal
        if period == ALL_DATES:
            flt = replace(flt, date_from=None, date_to=None)
        self.apply(flt, quarter=quarter, emit=False)
        if self.area.count() <= 1:  # choice lists not loaded yet: apply them when they are
            self._pending = (flt, quarter)
