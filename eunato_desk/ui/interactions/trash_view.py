"""The Trash: deleted interactions, which can be restored until the Trash is emptied."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from eunato_desk.core.records import InteractionFilter
from eunato_desk.ui.interactions.view import InteractionsView
from eunato_desk.ui.ops import DbExecutor


class TrashView(InteractionsView):
    settings_key = "trash"
    trash = True

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(executor, parent)
        self.filter_bar.hide()
        self.restore_button = QPushButton("&Restore selected", self)
        self.empty_button = QPushButton("&Empty Trash…", self)
        self.summary = QLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.restore_button)
        row.addWidget(self.empty_button)
        self.layout().insertLayout(0, row)
        self.no_match_text = "The Trash is empty."
        self.no_match.setText(self.no_match_text)
        self.count_changed.connect(self._counted)

    def base_filter(self) -> InteractionFilter:
        return InteractionFilter(trash=True)

    def _counted(self, matching: int, _total: int) -> None:
        self.no_match.setVisible(matching == 0)
        self.summary.setText(
            f"{matching} deleted interaction{'s' if matching != 1 else ''}. "
            "Restore brings them back; emptying the Trash deletes them for good."
            if matching
            else "Deleted interactions wait here until you restore them or empty the Trash."
        )
        self.restore_button.setEnabled(matching > 0)
        self.empty_button.setEnabled(matching > 0)
