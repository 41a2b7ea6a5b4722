"""File > Import CSV...: preview first (the layout, separator and encoding recognised; to
create, to update, unchanged, rejected rows with row, column and reason), then import all or
nothing, or only the valid rows if asked."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core import settings as user_settings
from eunato_desk.core.transfer.format import ALL_FIELDS, DELIMITERS
from eunato_desk.core.transfer.importer import (
    ImportPreview,
    ImportReceipt,
)
from eunato_desk.ui.failures import on_failure, say_in
from eunato_desk.ui.ops import DbExecutor
from eunato_desk.ui.save_target import choose_csv
from eunato_desk.ui.transfer import commands
from eunato_desk.ui.transfer.choices import LAYOUT_NAMES

DATE_ORDERS = (
    ("Decide from the file", None),
    ("Day first (31/12/2018)", "dmy"),
    ("Month first (12/31/2018)", "mdy"),
)
MAPPING_HINT = "Columns are matched by name. To match another column, add: file column → field."


class ImportDialog(QDialog):
    imported = Signal(object)  # ImportReceipt

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import interactions from CSV")
        self.executor = executor
        self.preview: ImportPreview | None = None
        self.receipt: ImportReceipt | None = None
        self.path = QLineEdit(self)
        self.path.setPlaceholderText("A CSV file: an export of this app, or another spreadsheet")
        browse = QPushButton("&Browse…", self)
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        self.date_order = QComboBox(self)
        for text, value in DATE_ORDERS:
            self.date_order.addItem(text, value)
        self.mapping = QTableWidget(0, 2, self)
        self.mapping.setHorizontalHeaderLabels(["File column", "Field"])
        self.mapping.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mapping.verticalHeader().hide()
        self.mapping.setMaximumHeight(120)
        self.add_mapping = QPushButton("Add &mapping", self)
        self.add_mapping.setAutoDefault(False)
        self.add_mapping.clicked.connect(lambda: self._add_mapping_row("", ""))
        self.preview_button = QPushButton("&Preview", self)
        self.preview_button.setAutoDefault(False)
        self.preview_button.clicked.connect(self.run_preview)

        self.recognised = QLabel(self)
        self.recognised.setWordWrap(True)
        self.counts = QLabel("Choose a file, then Preview.", self)
        self.counts.setWordWrap(True)
        self.notices = QLabel(self)
        self.notices.setWordWrap(True)
        self.rejected = QTableWidget(0, 3, self)
        self.rejected.setHorizontalHeaderLabels(["Row", "Column", "Reason"])
        self.rejected.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.rejected.verticalHeader().hide()
        self.rejected.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.valid_only = QCheckBox(
            "Import only the valid &rows (rejected rows are left out)", self
        )
        self.import_button = QPushButton("&Import", self)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.reject)
        self._lay_out(browse)
        self.valid_only.toggled.connect(lambda _c: self._update_import_button())
        self.resize(820, 620)

    def _lay_out(self, browse: QPushButton) -> None:
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        form = QFormLayout()
        for text, widget in (("&File:", file_row), ("&Dates:", self.date_order)):
            label = QLabel(text, self)
            label.setBuddy(self.path if text == "&File:" else widget)
            form.addRow(label, widget)
        map_label = QLabel("Column ma&pping:", self)
        map_label.setBuddy(self.mapping)
        map_label.setToolTip(MAPPING_HINT)
        map_box = QVBoxLayout()
        map_box.addWidget(self.mapping)
        map_row = QHBoxLayout()
        map_row.addWidget(QLabel(MAPPING_HINT, self), 1)
        map_row.addWidget(self.add_mapping)
        map_box.addLayout(map_row)
        form.addRow(map_label, map_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.valid_only, 1)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.recognised)
        layout.addWidget(self.counts)
        layout.addWidget(self.notices)
        rejected_label = QLabel("Rejected rows:", self)
        rejected_label.setBuddy(self.rejected)
        layout.addWidget(rejected_label)
        layout.addWidget(self.rejected, 1)
        layout.addLayout(buttons)

    # --- mapping ------------------------------------------------------------------------------

    def _add_mapping_row(self, column: str, field: str) -> None:
        row = self.mapping.rowCount()
        self.mapping.insertRow(row)
        self.mapping.setItem(row, 0, QTableWidgetItem(column))
        combo = QComboBox(self.mapping)
        combo.addItem("(ignore this column)", "")
        for name in ALL_FIELDS:
            combo.addItem(name, name)
        combo.setCurrentIndex(max(0, combo.findData(field)))
        self.mapping.setCellWidget(row, 1, combo)

    def mapping_dict(self) -> dict[str, str] | None:
        out: dict[str, str] = {}
        for row in range(self.mapping.rowCount()):
            item = self.mapping.item(row, 0)
            column = item.text().strip() if item else ""
            if column:
                out[column] = self.mapping.cellWidget(row, 1).currentData()
        return out or None

    # --- preview and import -------------------------------------------------------------------

    def _browse(self) -> None:
        path = choose_csv(self, "Import CSV")
        if path:
            self.path.setText(path)
            self.run_preview()

    def run_preview(self) -> None:
        path = self.path.text().strip()
        if not path:
            self.counts.setText("File: choose a CSV file first.")
            return
        mapping, order = self.mapping_dict(), self.date_order.currentData()
        self.preview = None
        self.import_button.setEnabled(False)
        self.recognised.setText("")
        self.counts.setText("Reading the file…")
        commands.preview(self, self.executor, path, mapping, order).success(
            self._previewed
        ).failure(self._failure()).run()

    def _previewed(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.recognised.setText(
            f"Recognised: {LAYOUT_NAMES[preview.layout]}, "
            f"{DELIMITERS[preview.delimiter]}-separated, {preview.encoding}."
        )
        text = preview.counts_line()
        if preview.needs_date_order:
            text += f"\nChoose the date order above, then Preview again: {preview.date_question}"
        self.counts.setText(text)
        self.notices.setText("\n".join(f"Note: {n}" for n in preview.notices))
        self.rejected.setRowCount(0)
        for r in preview.rejected:
            row = self.rejected.rowCount()
            self.rejected.insertRow(row)
            for col, value in enumerate((str(r.row), r.column, r.reason)):
                self.rejected.setItem(row, col, QTableWidgetItem(value))
        if self.mapping.rowCount() == 0 and preview.layout != "readable":  # ours: no mapping
            for field, header in preview.source.headers.items():
                if header.strip().lower() != field:
                    self._add_mapping_row(header, field)
        self._update_import_button()

    def _update_import_button(self) -> None:
        p = self.preview
        can = p is not None and not p.needs_date_order and (p.ok or self.valid_only.isChecked())
        can = can and bool(p.to_create or p.to_update)
        self.import_button.setEnabled(bool(can))

    def run_import(self) -> None:
        preview = self.preview
        if preview is None:
            return
        valid_only, officer = self.valid_only.isChecked(), user_settings.officer_name()
        self.import_button.setEnabled(False)

        commands.import_rows(
            self, self.executor, preview, valid_only=valid_only, officer=officer
        ).success(self._imported).failure(self._failure()).run()

    def _imported(self, receipt: ImportReceipt) -> None:
        self.receipt = receipt
        self.imported.emit(receipt)
        self.accept()

    def _failure(self):  # type: ignore[no-untyped-def]
        return on_failure(
            self, "The import failed", expected=say_in(self.counts.setText),
            cancelled=lambda: self.counts.setText("Import cancelled; nothing was imported."),
            always=self._update_import_button,
        )  # fmt: skip

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.path.hasFocus():
            self.run_preview()
            return
        super().keyPressEvent(event)
