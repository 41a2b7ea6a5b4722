"""The dialog a save conflict opens: someone else saved the interaction after the editor
opened it. It shows, field by field, only what differs between their version (as stored now)
and mine (the form), with a choice per row; *Keep all theirs* and *Keep all mine* set every
row at once; *Save* saves the chosen mix over their version; *Cancel* goes back to the form
as typed. Nothing is lost without the officer choosing it. Keyboard: Tab from row to row, an
arrow key or Space within a row, Enter saves, Esc cancels.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core.records import InteractionInput, InteractionRecord
from eunato_desk.core.versions import edited_by, stamp_text
from eunato_desk.ui.interactions.conflict_rows import ConflictRow, conflict_rows, merged

THEIRS, MINE = 0, 1
WHO_CHANGED = {(True, False): "changed by them", (False, True): "changed by you",
               (True, True): "changed by both"}  # fmt: skip
CELL_STYLE = (
    "QFrame#cell { border: 1px solid palette(mid); border-radius: 3px; }"
    'QFrame#cell[kept="true"] { border: 2px solid palette(highlight); }'
)


class ConflictDialog(QDialog):
    """Their version against mine; ``result_input()`` is the form to save after Save."""

    def __init__(
        self,
        theirs: InteractionRecord,
        mine: InteractionInput,
        base: InteractionRecord | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.theirs = theirs
        self.mine = mine
        self.setWindowTitle("Someone else changed this interaction")
        self.setStyleSheet(CELL_STYLE)
        self.rows = conflict_rows(base.to_input() if base else None, theirs.to_input(), mine)
        self.radios: list[tuple[QRadioButton, QRadioButton]] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self._heading(base))
        layout.addWidget(self._table(), 1)
        layout.addLayout(self._buttons())
        self.resize(900, min(720, 220 + 90 * len(self.rows)))

    # --- layout -------------------------------------------------------------------------------

    def _heading(self, base: InteractionRecord | None) -> QLabel:
        who, title = escape(edited_by(self.theirs)), escape(self.theirs.title)
        had = f"version {base.version}" if base else "an earlier version"
        text = (
            f"<b>{who} saved “{title}” at {stamp_text(self.theirs.updated_at)}, "
            f"after you opened it.</b><br>Nothing of yours has been saved yet. Below are the "
            f"fields where their version (now version {self.theirs.version}) and yours (started "
            f"from {had}) differ. Choose what to keep in each, then <b>Save</b>. "
            "<b>Cancel</b> takes you back to your form as you typed it."
        )
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        return label

    def _table(self) -> QScrollArea:
        body = QWidget()
        grid = QGridLayout(body)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        theirs = f"Theirs ({escape(edited_by(self.theirs))}, version {self.theirs.version})"
        for column, text in enumerate(("Field", theirs, "Yours")):
            grid.addWidget(QLabel(f"<b>{text}</b>", body), 0, column)
        for number, row in enumerate(self.rows, start=1):
            self._add_row(grid, number, row, body)
        grid.setRowStretch(len(self.rows) + 1, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from choice to choice
        return scroll

    def _add_row(self, grid: QGridLayout, number: int, row: ConflictRow, body: QWidget) -> None:
        who = WHO_CHANGED.get((row.they_changed, row.i_changed), "")
        name = QLabel(f"<b>{row.label}</b><br><small>{who}</small>", body)
        name.setAlignment(Qt.AlignmentFlag.AlignTop)
        grid.addWidget(name, number, 0)
        pair: list[QRadioButton] = []
        for side, (title, value) in enumerate(
            (("Keep theirs", row.theirs), ("Keep yours", row.mine))
        ):
            cell = QFrame(body)
            cell.setObjectName("cell")
            box = QVBoxLayout(cell)
            radio = QRadioButton(title, cell)
            radio.setAutoExclusive(False)  # each a Tab stop; the row keeps one (``choose``)
            radio.clicked.connect(lambda _on, r=number - 1, s=side: self.choose(r, s))
            radio.setAccessibleName(f"{row.label}: {title.lower()}: {value}")
            text = QLabel(value, cell)
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.addWidget(radio)
            box.addWidget(text)
            grid.addWidget(cell, number, 1 + side)
            pair.append(radio)
        self.radios.append((pair[0], pair[1]))
        self.choose(number - 1, MINE if row.keeps_mine else THEIRS)

    def _buttons(self) -> QHBoxLayout:
        self.theirs_button = QPushButton("Keep all &theirs", self)
        self.mine_button = QPushButton("Keep all &yours", self)
        self.save_button = QPushButton("&Save", self)
        self.cancel_button = QPushButton("Cancel", self)
        for button in (self.theirs_button, self.mine_button, self.cancel_button):
            button.setAutoDefault(False)
        self.save_button.setDefault(True)
        self.theirs_button.clicked.connect(lambda: self.keep_all(THEIRS))
        self.mine_button.clicked.connect(lambda: self.keep_all(MINE))
        self.save_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        footer = QHBoxLayout()
        footer.addWidget(self.theirs_button)
        footer.addWidget(self.mine_button)
        footer.addStretch(1)
        footer.addWidget(self.save_button)
        footer.addWidget(self.cancel_button)
        return footer

    # --- choices ------------------------------------------------------------------------------

    def choose(self, row: int, side: int) -> None:
        """Keep ``side`` in ``row``: its choice is checked, the other not (Space on a checked
        choice leaves it checked)."""
        pair = self.radios[row]
        pair[side].setChecked(True)
        pair[1 - side].setChecked(False)
        for radio in pair:  # the kept value's box is outlined
            cell = radio.parentWidget()
            cell.setProperty("kept", radio.isChecked())
            cell.style().unpolish(cell)
            cell.style().polish(cell)

    def keep_all(self, side: int) -> None:
        for row in range(len(self.radios)):
            self.choose(row, side)

    def kept_mine(self) -> list[ConflictRow]:
        """The rows where mine is chosen."""
        return [row for row, pair in zip(self.rows, self.radios, strict=True)
                if pair[MINE].isChecked()]  # fmt: skip

    def result_input(self) -> InteractionInput:
        """Their version with my value in the rows where mine is chosen."""
        return merged(self.theirs.to_input(), self.mine, self.kept_mine())
