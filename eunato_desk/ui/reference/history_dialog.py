"""The history of one reference list: every addition, rename, alias, edit, merge, retirement
and rank change, with when and who (``reference_change``), newest first."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from eunato_desk.core.reference.history import ReferenceChangeRecord
from eunato_desk.ui.widgets.list_model import RecordTableModel, record_table
from eunato_desk.ui.widgets.matching import NOUNS

CHANGES = {
    "add": "added", "rename": "renamed", "alias": "alias added", "unalias": "alias removed",
    "edit": "changed", "merge": "merged in", "retire": "retired", "unretire": "brought back",
    "rank": "rank changed",
}  # fmt: skip


def _when(change: ReferenceChangeRecord) -> str:
    return change.changed_at.replace("T", " ").removesuffix("Z")[:16]


COLUMNS = [
    ("When (UTC)", _when),
    ("Who", lambda c: c.officer or "—"),
    ("Change", lambda c: CHANGES.get(c.change, c.change)),
    ("Entry", lambda c: c.name),
    ("Was", lambda c: c.old or ""),
    ("Now", lambda c: c.new or ""),
    ("Detail", lambda c: c.detail),
]


class ReferenceHistoryDialog(QDialog):
    def __init__(
        self, kind: str, changes: Sequence[ReferenceChangeRecord], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        plural = NOUNS[kind][1]
        self.setWindowTitle(f"History of the {plural}")
        self.model = RecordTableModel(COLUMNS, parent=self)
        self.model.set_records(list(reversed(changes)))
        self.table = record_table(self, self.model)
        self.table.setAccessibleName(f"Changes to the {plural}")
        for column, width in enumerate((130, 120, 110, 240, 160, 160)):
            self.table.setColumnWidth(column, width)
        label = QLabel(
            f"{len(changes)} change{'s' if len(changes) != 1 else ''} to the {plural}, newest "
            "first (an entry the application added when it was updated shows no one as who)."
            if changes
            else f"No change to the {plural} yet.",
            self,
        )
        label.setWordWrap(True)
        label.setBuddy(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(1080, 460)
