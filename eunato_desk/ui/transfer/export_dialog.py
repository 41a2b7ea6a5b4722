"""File > Export quarter...: the quarter (or a range), layout, separator and flavor; written
off the GUI thread with progress and cancel; says where the file went.

Readable layout by default (the GUI is for drafters), the separator of the system's regional
settings, Excel flavor; the choices of the last export are offered next time."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core.errors import DeskError
from eunato_desk.core.periods import Quarter
from eunato_desk.core.records import InteractionFilter
from eunato_desk.core.storage.files import OutputExistsError, check_output_target
from eunato_desk.core.transfer.export import ExportResult
from eunato_desk.ui.failures import on_failure, say_in
from eunato_desk.ui.ops import DbExecutor
from eunato_desk.ui.save_target import export_folder, remember_folder
from eunato_desk.ui.transfer import commands
from eunato_desk.ui.transfer.choices import (
    DEFAULT_LAYOUT,
    FLAVORS,
    LAYOUTS,
    SEPARATORS,
    SUITS,
    list_separator,
    remember,
    remembered,
)
from eunato_desk.ui.widgets.confirm import confirm
from eunato_desk.ui.widgets.period import Period, PeriodPicker, quarter_periods

RANGE = "range"


class ExportDialog(QDialog):
    def __init__(
        self,
        executor: DbExecutor,
        current: InteractionFilter,
        quarter: Quarter | None,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export interactions to CSV")
        self.executor = executor
        self.current = current
        self.result: ExportResult | None = None
        today = today or dt.date.today()
        periods = quarter_periods(Quarter.of(today), count=16)
        self.period = PeriodPicker(
            [*periods, Period("Date range", RANGE, custom=True)], range_labels=("", "to"),
            range_apart=True, parent=self,
        )  # fmt: skip
        chosen = quarter or Quarter.of(today)
        if not self.period.set_key(str(chosen)):
            self.period.add_period(Period(chosen.label(), str(chosen), chosen.start, chosen.end))
            self.period.set_key(str(chosen))
        self.layout_combo = _combo(self, LAYOUTS, remembered("layout", DEFAULT_LAYOUT))
        system = list_separator()
        separators = [(f"{t}: this computer's list separator" if v == system else t, v)
                      for t, v in SEPARATORS]  # fmt: skip
        self.separator = _combo(self, separators, remembered("delimiter", system))
        self.suits = QLabel(self)
        self.suits.setWordWrap(True)
        self.separator.currentIndexChanged.connect(self._show_suits)
        self._show_suits()
        self.flavor = _combo(self, FLAVORS, remembered("flavor", "excel"))
        extra = self._filter_text(current)
        self.use_filters = QCheckBox(f"Only those matching the list's filters ({extra})", self)
        self.use_filters.setVisible(bool(extra))
        self.path = QLineEdit(self)
        self._confirmed = ""  # a path whose replacement the file dialog already confirmed
        self.browse = QPushButton("&Browse…", self)
        self.browse.setAutoDefault(False)
        self.browse.clicked.connect(self._browse)
        self.path.setText(str(export_folder() / f"eunato-desk-{chosen}.csv"))
        self.period.changed.connect(self._suggest_name)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Export")
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.resize(680, 320)

    def _lay_out(self) -> None:
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse)
        separator_box = QVBoxLayout()
        separator_box.setSpacing(2)
        separator_box.addWidget(self.separator)
        separator_box.addWidget(self.suits)
        form = QFormLayout()
        for text, widget, buddy in (
            ("&Quarter:", self.period, self.period.combo),
            ("&Dates:", self.period.range_box, self.period.date_from),
            ("&Layout:", self.layout_combo, self.layout_combo),
            ("&Separator:", separator_box, self.separator),
            ("F&or:", self.flavor, self.flavor),
            ("&File:", path_row, self.path),
        ):
            label = QLabel(text, self)
            label.setBuddy(buddy)
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.use_filters)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _show_suits(self) -> None:
        self.suits.setText(SUITS[self.separator.currentData()])

    @staticmethod
    def _filter_text(flt: InteractionFilter) -> str:
        parts = []
        for label, value in (
            ("area", flt.area_code), ("action", flt.action_number), ("type", flt.type),
            ("country", flt.country), ("organisation", flt.organisation),
            ("status", flt.status), ("words", flt.text),
        ):  # fmt: skip
            if value is not None:
                parts.append(f"{label} {value}")
        if flt.uuids is not None:
            parts.append(f"{len(flt.uuids)} chosen interactions")
        return ", ".join(parts)

    def _suggest_name(self) -> None:
        current = Path(self.path.text())
        if current.name.startswith("eunato-desk-"):
            tag = self.period.key()
            tag = "range" if tag == RANGE else tag
            self.path.setText(str(current.with_name(f"eunato-desk-{tag}.csv")))

    def _browse(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, "Export to", self.path.text(), "CSV (*.csv)")
        if path:  # the file dialog itself asked before choosing an existing file
            self._confirmed = path
            self.path.setText(path)

    def _target(self, path: str) -> bool | None:
        """Whether the export may replace ``path`` (True: it exists and the user agreed), or
        None when it must not be written: refused (the message says why) or not confirmed."""
        database = self.executor.path
        confirmed = path == self._confirmed
        try:
            check_output_target(path, database=database, force=confirmed, field="File")
            return confirmed
        except OutputExistsError:
            if not confirm(
                self, "Replace the file?", f"{path} already exists. Replace it with the export?"
            ):
                self.message.setText("File: it already exists; choose another name.")
                return None
            return True
        except DeskError as exc:
            self.message.setText(exc.message)
            return None

    def export_filter(self) -> InteractionFilter:
        date_from, date_to = self.period.dates()
        base = self.current if self.use_filters.isChecked() else InteractionFilter()
        return replace(base, date_from=date_from, date_to=date_to, trash=False)

    def export(self) -> None:
        flt = self.export_filter()
        path = self.path.text().strip()
        layout, flavor = self.layout_combo.currentData(), self.flavor.currentData()
        delimiter = self.separator.currentData()
        if not path:
            self.message.setText("File: choose where to write the CSV file.")
            return
        replace = self._target(path)
        if replace is None:
            return
        self.buttons.setEnabled(False)
        self.message.setText("Exporting…")

        commands.export(
            self, self.executor, flt, path, layout, flavor, replace=replace,
            delimiter=delimiter,
        ).success(self._done).failure(
            on_failure(
                self, "The export failed", expected=say_in(self.message.setText),
                cancelled=lambda: self.message.setText("Export cancelled; no file was written."),
                always=self._not_done,
            )
        ).run()  # fmt: skip

    def _done(self, result: ExportResult) -> None:
        self.result = result
        remember_folder(result.path)
        remember(
            layout=self.layout_combo.currentData(),
            delimiter=self.separator.currentData(),
            flavor=self.flavor.currentData(),
        )
        self.accept()

    def _not_done(self) -> None:
        self.buttons.setEnabled(True)
        self.message.setText("")


def _combo(parent: QWidget, items, chosen: str) -> QComboBox:  # type: ignore[no-untyped-def]
    """A combo box of (text, value) items with ``chosen`` selected (the first if absent)."""
    combo = QComboBox(parent)
    for text, value in items:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
    return combo
