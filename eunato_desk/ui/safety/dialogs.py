"""The safety dialogs: the backups to restore from, and the change history."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
)

from eunato_desk.core.audit import AuditEntry
from eunato_desk.core.storage.backup import BackupInfo


class BackupListDialog(QDialog):
    """The backups next to the database, newest first; pick one to restore."""

    def __init__(self, backups: list[BackupInfo], parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.backups = backups
        self.table = QTableWidget(len(backups), 4, self)
        self.table.setHorizontalHeaderLabels(["Made", "Why", "Size", "Interactions"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, b in enumerate(backups):
            cells = (
                f"{b.created:%Y-%m-%d %H:%M:%S}",
                b.reason,
                f"{b.size / 1_048_576:.1f} MB",
                "?" if b.interactions is None else f"{b.interactions:,}",
            )
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if backups:
            self.table.selectRow(0)
        label = QLabel(
            "The current database is backed up first, then replaced by the chosen backup."
            if backups
            else "There is no backup yet. File > Back up now makes one.",
            self,
        )
        label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Restore")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(backups))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def chosen(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None


def history_html(entries: list[AuditEntry]) -> str:
    rows = "".join(
        f"<tr><td>{escape(e.at.replace('T', ' ').removesuffix('Z')[:16])}</td>"
        f"<td>{escape(e.who or '—')}</td>"
        f"<td>{escape(e.about)}</td><td>{escape(e.field)}</td>"
        f"<td>{escape(e.old or '')}</td><td>{escape(e.new or '')}</td></tr>"
        for e in entries
    )
    if not entries:
        return "<p>No change recorded yet.</p>"
    return (
        "<table width='100%' cellpadding='3' border='1' style='border-collapse:collapse'>"
        "<tr><th>When (UTC)</th><th>Who</th><th>What</th><th>Field</th><th>Was</th>"
        f"<th>Now</th></tr>{rows}</table>"
    )


class HistoryDialog(QDialog):
    """Who changed what, when: one interaction's or one action's audit trail."""

    def __init__(self, title: str, entries: list[AuditEntry], parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser(self)
        self.browser.setHtml(history_html(entries))
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        self.resize(900, 480)
