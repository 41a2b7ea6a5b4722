"""File > Export quarter...: the quarter (or a range), layout and flavor; written off the GUI
thread with progress and cancel; says where the file went."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core import settings as user_settings
from eunato_desk.core.errors import DeskError, OperationCancelled
from eunato_desk.core.periods import Quarter
from eunato_desk.core.records import InteractionFilter
from eunato_desk.core.storage.files import OutputExistsError, check_output_target
from eunato_desk.core.transfer.export import ExportResult, export_csv
from eunato_desk.ui.ops import DbExecutor, Op, show_error

RANGE = "range"
LAYOUTS = (
    ("One row per interaction (actions in one cell)", "interactions"),
    ("One row per interaction and linked action (with the link note)", "links"),
)
FLAVORS = (
    ("For Excel / LibreOffice (formulas neutralised)", "excel"),
    ("Plain UTF-8, values exactly as stored (for machines and re-import)", "plain"),
)


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
        self.period = QComboBox(self)
        q = Quarter.of(today)
        for _ in range(16):
            self.period.addItem(q.label(), str(q))
            q = q.previous()
        self.period.addItem("Date range", RANGE)
        chosen = quarter or Quarter.of(today)
        index = self.period.findData(str(chosen))
        if index < 0:
            self.period.insertItem(0, chosen.label(), str(chosen))
            index = 0
        self.period.setCurrentIndex(index)
        self.date_from = QDateEdit(self, calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.date_to = QDateEdit(self, calendarPopup=True, displayFormat="yyyy-MM-dd")
        start = current.date_from or chosen.start
        end = current.date_to or chosen.end
        self.date_from.setDate(QDate(start.year, start.month, start.day))
        self.date_to.setDate(QDate(end.year, end.month, end.day))
        self.period.currentIndexChanged.connect(self._sync)
        self.layout_combo = QComboBox(self)
        for text, value in LAYOUTS:
            self.layout_combo.addItem(text, value)
        self.flavor = QComboBox(self)
        for text, value in FLAVORS:
            self.flavor.addItem(text, value)
        extra = self._filter_text(current)
        self.use_filters = QCheckBox(f"Only those matching the list's filters ({extra})", self)
        self.use_filters.setVisible(bool(extra))
        self.path = QLineEdit(self)
        self._confirmed = ""  # a path whose replacement the file dialog already confirmed
        folder = Path(user_settings.load().get("export_folder") or Path.home())
        self.path.setText(str(folder / f"eunato-desk-{chosen}.csv"))
        self.period.currentIndexChanged.connect(self._suggest_name)
        browse = QPushButton("&Browse…", self)
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        range_row = QHBoxLayout()
        range_row.addWidget(self.date_from)
        range_row.addWidget(QLabel("to", self))
        range_row.addWidget(self.date_to)
        form = QFormLayout()
        for text, widget in (
            ("&Quarter:", self.period),
            ("&Dates:", range_row),
            ("&Layout:", self.layout_combo),
            ("F&or:", self.flavor),
            ("&File:", path_row),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget if isinstance(widget, QWidget) else self.date_from)
            if text == "&File:":
                label.setBuddy(self.path)
            form.addRow(label, widget)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Export")
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.use_filters)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._sync()
        self.resize(640, 280)

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

    def _sync(self) -> None:
        is_range = self.period.currentData() == RANGE
        self.date_from.setEnabled(is_range)
        self.date_to.setEnabled(is_range)
        if not is_range:
            q = Quarter.parse(self.period.currentData())
            self.date_from.setDate(QDate(q.start.year, q.start.month, q.start.day))
            self.date_to.setDate(QDate(q.end.year, q.end.month, q.end.day))

    def _suggest_name(self) -> None:
        current = Path(self.path.text())
        if current.name.startswith("eunato-desk-"):
            tag = self.period.currentData()
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
        database = self.executor.db.path
        confirmed = path == self._confirmed
        try:
            check_output_target(path, database=database, force=confirmed, field="File")
            return confirmed
        except OutputExistsError:
            answer = QMessageBox.question(
                self,
                "Replace the file?",
                f"{path} already exists. Replace it with the export?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.message.setText("File: it already exists; choose another name.")
                return None
            return True
        except DeskError as exc:
            self.message.setText(exc.message)
            return None

    def export_filter(self) -> InteractionFilter:
        d1, d2 = self.date_from.date(), self.date_to.date()
        base = self.current if self.use_filters.isChecked() else InteractionFilter()
        return replace(
            base,
            date_from=dt.date(d1.year(), d1.month(), d1.day()),
            date_to=dt.date(d2.year(), d2.month(), d2.day()),
            trash=False,
        )

    def export(self) -> None:
        flt = self.export_filter()
        path = self.path.text().strip()
        layout, flavor = self.layout_combo.currentData(), self.flavor.currentData()
        if not path:
            self.message.setText("File: choose where to write the CSV file.")
            return
        replace = self._target(path)
        if replace is None:
            return
        self.buttons.setEnabled(False)
        self.message.setText("Exporting…")

        def work(db, ctx) -> ExportResult:  # type: ignore[no-untyped-def]
            return export_csv(
                db, flt, path, layout, flavor, progress=ctx.report, cancelled=ctx.cancelled,
                replace=replace, field="File",
            )  # fmt: skip

        Op(self, self.executor, work, writes=False).with_progress(
            "Exporting interactions…"
        ).success(self._done).failure(self._failed).run()

    def _done(self, result: ExportResult) -> None:
        self.result = result
        user_settings.save({"export_folder": str(Path(result.path).parent)})
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, OperationCancelled):
            self.message.setText("Export cancelled; no file was written.")
        elif isinstance(exc, DeskError):
            self.message.setText(exc.message)
        else:
            self.message.setText("")
            show_error(self, "The export failed", exc)
