"""Actions > Import catalogue CSV…: a CSV list of actions (number, set, area_code, title,
description) updates the actions by number (and adds the numbers that are new). The file is
read and its changes shown first, nothing written (a dry run); Apply imports it, all or
nothing: a file with a rejected row changes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core.catalogue.actions import IMPORT_COLUMNS, CatalogueImportReport
from eunato_desk.core.errors import DeskError
from eunato_desk.ui.actions import commands
from eunato_desk.ui.failures import on_failure
from eunato_desk.ui.ops import DbExecutor
from eunato_desk.ui.save_target import choose_csv
from eunato_desk.ui.widgets.keyboard import message_label

MESSAGE_STYLE = "QLabel#fieldMessage { color: #c62828; }"


def preview_text(report: CatalogueImportReport) -> str:
    """The dry run's report, and what Apply would do."""
    lines = report.summary_lines()
    if report.problems:
        lines.append("\nNothing can be imported until the rejected rows are fixed.")
    elif report.created or report.updated:
        lines.append("\nNothing is written until you press Apply.")
    else:
        lines.append("\nThe catalogue already says what the file says: nothing to import.")
    return "\n".join(lines)


class CatalogueImportDialog(QDialog):
    imported = Signal(object)  # CatalogueImportReport

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import catalogue CSV")
        self.setStyleSheet(MESSAGE_STYLE)
        self.executor = executor
        self.report: CatalogueImportReport | None = None
        self.path = QLineEdit(self)
        self.path.setPlaceholderText(f"A CSV file with the columns {', '.join(IMPORT_COLUMNS)}")
        self.path.textEdited.connect(lambda _t: self._show(None, ""))
        self.browse_button = QPushButton("&Browse…", self)
        self.browse_button.clicked.connect(self._browse)
        self.preview_button = QPushButton("&Preview", self)
        self.preview_button.clicked.connect(self.run_preview)
        self.message = message_label(self)
        self.changes = QPlainTextEdit(self)
        self.changes.setReadOnly(True)
        self.changes.setPlaceholderText("Choose a file, then Preview: what it would change.")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Close, self
        )
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setText("&Apply")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.run_import)
        buttons.rejected.connect(self.reject)
        for button in (self.browse_button, self.preview_button, self.apply_button,
                       buttons.button(QDialogButtonBox.StandardButton.Close)):  # fmt: skip
            button.setAutoDefault(False)
        self._lay_out(buttons)
        self.resize(760, 480)

    def _lay_out(self, buttons: QDialogButtonBox) -> None:
        intro = QLabel(
            "Updates the actions by number (title, description, area, set; they become "
            "“confirmed”) and adds the numbers that are new. Links to interactions are never "
            "touched. All or nothing: a file with a rejected row changes nothing.",
            self,
        )
        intro.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse_button)
        row.addWidget(self.preview_button)
        field = QVBoxLayout()
        field.addLayout(row)
        field.addWidget(self.message)
        form = QFormLayout()
        file_label = QLabel("&File:", self)
        file_label.setBuddy(self.path)
        form.addRow(file_label, field)
        changes_label = QLabel("What it would &change:", self)
        changes_label.setBuddy(self.changes)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(changes_label)
        layout.addWidget(self.changes, 1)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path = choose_csv(self, "Import catalogue CSV")
        if path:
            self.path.setText(path)
            self.run_preview()

    def _show(self, report: CatalogueImportReport | None, text: str) -> None:
        self.report = report
        self.changes.setPlainText(text)
        self.message.hide()
        can = report is not None and not report.problems and (report.created or report.updated)
        self.apply_button.setEnabled(bool(can))
        self.apply_button.setDefault(bool(can))  # then Enter applies

    def _refused(self, exc: DeskError) -> None:
        """The file cannot be read: the reason under it."""
        self._show(None, "")
        self.message.setText(exc.message)
        self.message.show()

    def run_preview(self) -> None:
        path = self.path.text().strip()
        if not path:
            self._refused(DeskError("File: choose a CSV file first."))
            return
        self._show(None, "Reading the file…")
        commands.preview_catalogue(self, self.executor, path).success(
            lambda report: self._show(report, preview_text(report))
        ).failure(on_failure(self, "The file could not be read", expected=self._refused)).run()

    def run_import(self) -> None:
        if self.report is None:
            return
        self.apply_button.setEnabled(False)
        commands.import_catalogue(self, self.executor, self.path.text().strip()).success(
            self._imported
        ).failure(on_failure(self, "The catalogue was not imported", expected=self._refused)).run()

    def _imported(self, report: CatalogueImportReport) -> None:
        if not report.applied:  # the file changed since the preview, and now has problems
            self._show(report, preview_text(report))
            return
        self.imported.emit(report)
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.path.hasFocus():
            self.run_preview()
            return
        super().keyPressEvent(event)
