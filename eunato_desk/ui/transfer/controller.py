"""File > Export quarter..., File > Import CSV..., Edit > Undo import."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox

from eunato_desk.core.transfer.importer import ImportReceipt
from eunato_desk.ui.ops import DbExecutor
from eunato_desk.ui.transfer import commands
from eunato_desk.ui.transfer.export_dialog import ExportDialog
from eunato_desk.ui.transfer.import_dialog import ImportDialog


class TransferController(QObject):
    def __init__(self, window: QMainWindow, executor: DbExecutor, interactions_view) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.window = window
        self.executor = executor
        self.view = interactions_view
        self.last_import: ImportReceipt | None = None
        self.undo_action = None  # set by the window once its QAction exists

    def export_quarter(self) -> ExportDialog:
        bar = self.view.filter_bar
        dialog = ExportDialog(self.executor, bar.filter(), bar.quarter(), parent=self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._exported(dialog))
        dialog.open()
        return dialog

    def _exported(self, dialog: ExportDialog) -> None:
        if dialog.result is None:
            return
        text = dialog.result.message()
        self.window.statusBar().showMessage(text, 15000)
        box = QMessageBox(QMessageBox.Icon.Information, "Export done", text, parent=self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def import_csv(self) -> ImportDialog:
        dialog = ImportDialog(self.executor, parent=self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._imported)
        dialog.open()
        return dialog

    def _imported(self, receipt: ImportReceipt) -> None:
        self.last_import = receipt
        if self.undo_action is not None:
            self.undo_action.setEnabled(True)
        self.window.statusBar().showMessage(
            receipt.message() + " Edit > Undo import reverts it.", 15000
        )

    def undo_last_import(self) -> None:
        receipt = self.last_import
        if receipt is None:
            return

        def done(result) -> None:  # type: ignore[no-untyped-def]
            self.last_import = None
            if self.undo_action is not None:
                self.undo_action.setEnabled(False)
            self.window.statusBar().showMessage(result.message(), 10000)

        commands.undo(self.window, self.executor, receipt).success(done).run()
