"""Reference data: the lists the officer controls (organisations, countries, participants,
interaction types, handling markings), one at a time, each entry with how many interactions
use it, and the commands that change them (these buttons, and the Reference data menu).

Keyboard first: Ctrl+6 opens it with the cursor in *Search*, which matches as the editor's
pickers do (names, acronyms, ISO codes and aliases; case and accents folded; best first);
Down or Enter moves to the list. Retired entries stay listed, greyed.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core.reference.history import ReferenceItem
from eunato_desk.core.reference.matching import NameIndex, candidate
from eunato_desk.ui.widgets.list_model import RECORD_ROLE, RecordTableModel, record_table
from eunato_desk.ui.widgets.matching import NOUNS

LISTS = (
    ("organisation", "Organisations"),
    ("country", "Countries"),
    ("person", "Participants"),
    ("type", "Interaction types"),
    ("marking", "Handling markings"),
)


def _yes(value: bool) -> str:
    return "yes" if value else ""


NAME = ("Name", lambda i: i.record.name)
USES = ("Interactions", lambda i: str(i.interactions), True)
RETIRED = ("Retired", lambda i: "retired" if i.record.retired else "")
ALIASES = ("Other names (aliases)", lambda i: ", ".join(i.record.aliases))
RANK = ("Rank", lambda i: str(i.record.rank), True)
COLUMNS = {
    "organisation": [NAME, ("Acronym", lambda i: i.record.acronym or ""),
                     ("Side", lambda i: i.record.side), USES,
                     ("People", lambda i: str(i.people), True), RETIRED, ALIASES],
    "country": [NAME, ("ISO code", lambda i: i.record.iso_code),
                ("Pilot", lambda i: _yes(i.record.is_pilot)),
                ("Partner", lambda i: _yes(i.record.is_partner)), USES, RETIRED, ALIASES],
    "person": [NAME, ("Organisation", lambda i: i.record.organisation or ""), USES, RETIRED,
               ALIASES],
    "type": [RANK, NAME, USES, RETIRED, ALIASES],
    "marking": [RANK, NAME, USES, RETIRED, ALIASES],
}  # fmt: skip
WIDTHS = {
    "organisation": (360, 150, 70, 90, 60, 64),
    "country": (240, 70, 50, 60, 90, 70),
    "person": (240, 160, 90, 70),
    "type": (50, 300, 90, 70),
    "marking": (50, 300, 90, 70),
}
SEARCH = {
    "organisation": "Name, acronym or alias",
    "country": "Name, ISO code or alias",
}
HINTS = {
    "organisation": "People: the participants recorded as belonging to it.",
    "type": "Rank: the order of the editor's list of types.",
    "marking": "Rank 1 is the lowest marking; a new interaction gets the lowest one in use "
    "unless another is chosen.",
}
COUNTS = "Counts of use include interactions in the Trash. Retired entries are greyed: "
COUNTS += "kept on the interactions that have them, no longer offered for new ones."


class _SearchInput(QLineEdit):
    """Down or Enter moves on to the list."""

    to_list = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.to_list.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ReferenceView(QWidget):
    kind_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind_box = QComboBox(self)
        for kind, text in LISTS:
            self.kind_box.addItem(text, kind)
        self.search = _SearchInput(self)
        self.search.setClearButtonEnabled(True)
        self.summary = QLabel(self)
        self.model = RecordTableModel(
            COLUMNS["organisation"], muted=lambda i: i.record.retired, parent=self
        )
        self.table = record_table(self, self.model)
        self.table.setAccessibleName("Reference list")
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self._items: list[ReferenceItem] = []
        self._index = NameIndex()
        self._wanted: str | None = None  # the entry to select once the list is read again
        self._build_buttons()
        self._lay_out()
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self.search.textChanged.connect(lambda _t: self._show())
        self.search.to_list.connect(self.focus_list)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self._kind_changed()

    def _build_buttons(self) -> None:
        self.add_button = QPushButton("&Add…", self)
        self.rename_button = QPushButton("Re&name…", self)
        self.edit_button = QPushButton("E&dit…", self)
        self.alias_button = QPushButton("Add a&lias…", self)
        self.merge_button = QPushButton("&Merge into…", self)
        self.retire_button = QPushButton("Re&tire", self)
        self.up_button = QPushButton("Move &up", self)
        self.down_button = QPushButton("Move d&own", self)
        self.history_button = QPushButton("Histor&y…", self)
        self.edit_button.setToolTip(
            "Organisations: acronym and side. Countries: ISO code, pilot and partner."
        )
        self.up_button.setToolTip("Earlier in the list (for a marking: one rank lower)")
        self.down_button.setToolTip("Later in the list (for a marking: one rank higher)")
        self.history_button.setToolTip("Every change to this list: when, who, what")

    def buttons(self) -> tuple[QPushButton, ...]:
        return (self.add_button, self.rename_button, self.edit_button, self.alias_button,
                self.merge_button, self.retire_button, self.up_button, self.down_button,
                self.history_button)  # fmt: skip

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        for text, widget, stretch in (("Sho&w:", self.kind_box, 0), ("&Search:", self.search, 1)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget, stretch)
        top.addSpacing(12)
        top.addWidget(self.summary)
        commands = QHBoxLayout()
        for button in self.buttons():
            button.setAutoDefault(False)
            commands.addWidget(button)
        commands.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(commands)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)

    # --- the list -----------------------------------------------------------------------------

    def kind(self) -> str:
        return self.kind_box.currentData()

    def set_kind(self, kind: str) -> None:
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))

    def _kind_changed(self) -> None:
        kind = self.kind()
        self._items, self._index = [], NameIndex()
        self.model.set_records([], COLUMNS[kind])
        for column, width in enumerate(WIDTHS[kind]):
            self.table.setColumnWidth(column, width)
        self.hint.setText(" ".join(t for t in (HINTS.get(kind, ""), COUNTS) if t))
        self.search.setPlaceholderText(SEARCH.get(kind, "Name or alias"))
        ranked = kind in ("type", "marking")
        self.up_button.setVisible(ranked)
        self.down_button.setVisible(ranked)
        self.edit_button.setVisible(kind in ("organisation", "country"))
        self.summary.setText("Reading…")
        self._update_buttons()
        self.kind_changed.emit(kind)

    def set_items(self, kind: str, items: Sequence[ReferenceItem]) -> None:
        """The list as read (ignored if another list is shown by now)."""
        if kind != self.kind():
            return
        self._items = list(items)
        self._index = NameIndex(candidate(item, item.record) for item in self._items)
        self._show()

    def _show(self) -> None:
        """The entries the search matches (all, in list order, when it is empty)."""
        text = self.search.text()
        if text.strip():
            rows = [m.record for m in self._index.ranked(text, include_retired=True)]
        else:
            rows = self._items
        current = self.current_item()
        wanted = self._wanted or (current.record.name if current is not None else None)
        self._wanted = None
        names = [item.record.name for item in rows]
        self.model.set_records(rows)
        if rows:
            row = names.index(wanted) if wanted in names else 0
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self._summarise(len(rows))
        self._update_buttons()

    def _summarise(self, shown: int) -> None:
        plural = NOUNS[self.kind()][1]
        retired = sum(item.record.retired for item in self._items)
        text = f"{len(self._items)} {plural}" + (f", {retired} retired" if retired else "")
        if shown != len(self._items):
            text += f" · {shown} match{'es' if shown != 1 else ''}"
        self.summary.setText(text)

    def current_item(self) -> ReferenceItem | None:
        index = self.table.currentIndex()
        return index.siblingAtColumn(0).data(RECORD_ROLE) if index.isValid() else None

    def items(self) -> list[ReferenceItem]:
        """The entries shown, in order."""
        return self.model.records()

    def entry_count(self) -> int:
        """How many entries the list has (retired ones too), shown or not."""
        return len(self._items)

    def select_name(self, name: str) -> None:
        """Select the entry ``name`` once the list is read again."""
        self._wanted = name

    def focus_list(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _update_buttons(self) -> None:
        item = self.current_item()
        for button in (self.rename_button, self.edit_button, self.alias_button,
                       self.merge_button, self.retire_button, self.up_button,
                       self.down_button):  # fmt: skip
            button.setEnabled(item is not None)
        retired = item is not None and item.record.retired
        self.retire_button.setText("&Bring back" if retired else "Re&tire")
        if item is not None and self.kind() in ("type", "marking"):
            self.up_button.setEnabled(item.record.rank > 1)
            self.down_button.setEnabled(item.record.rank < len(self._items))
