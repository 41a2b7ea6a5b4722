"""What loading an official text would change, as the Load official texts dialog shows it:
the counts, the problems (any stops the load), a count that differs from the set's, one row
per proposal (number, area, title now and from the text, what changes, or why it is
skipped), the selected proposal's description after the load and now, and the notes on how
the text was read (folded away). Read-only: the dialog (``official_text_dialog``) decides."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core.catalogue.official_load import (
    SETS,
    ActionState,
    LoadPreview,
    PlannedUpdate,
)

COLUMNS = ("No.", "Area", "Title now", "Title from the text", "What changes")
PROBLEM_STYLE = "background:#fdecea; border:1px solid #c62828; padding:6px; color:#7f1010;"
COUNT_STYLE = "background:#fff8e1; border:1px solid #f0c36d; padding:6px; color:#4e3b00;"
CHANGED = QBrush(QColor("#e3f2e5"))  # a value the load changes
QUIET = QBrush(QColor("#6b6b6b"))  # a proposal that changes nothing
SKIPPED = QBrush(QColor("#8a5a00"))


def _ranges(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def area_text(state: ActionState) -> str:
    return state.area_label() if state.area_code is not None else "no area"


def row_cells(p: PlannedUpdate) -> tuple[str, str, str, str, str]:
    """(number, area, title now, title from the text, what changes) of one proposal."""
    after = p.after
    if p.skipped or p.before is None:
        return str(p.number), area_text(after), "–", after.title, f"skipped: {p.skipped}"
    before = p.before
    area = area_text(after)
    if "area" in p.changes:
        area = f"{area_text(before)} → {area}"
    new_title = after.title if "title" in p.changes else "(the same)"
    what = ", ".join(p.changes) if p.changes else "unchanged"
    return str(p.number), area, before.title, new_title, what


def _where(p: PlannedUpdate) -> str:
    item = p.item
    under = f"“{item.heading}”" + (f" › “{item.subheading}”" if item.subheading else "")
    return f"line {item.line} of the text, under {under}"


def after_text(p: PlannedUpdate) -> str:
    """The selected proposal as the load would write it, and where it is in the text."""
    after = p.after
    head = f"NOT LOADED: {p.skipped}.\n\n" if p.skipped else ""
    return (
        f"{head}Title: {after.title}\nArea: {area_text(after)}\n\n{after.description}\n\n"
        f"(From {_where(p)}; set {after.set_year}, {after.confidence}.)"
    )


def before_text(p: PlannedUpdate) -> str:
    """The action the proposal would update, as it is now."""
    before = p.before
    if before is None:
        return f"Nothing is changed: {p.skipped}."
    confidence = before.confidence.replace("_", " ")
    return (
        f"Title: {before.title}\nArea: {area_text(before)}\n\n"
        f"{before.description or '(no description)'}\n\n"
        f"(Set {before.set_year}, {confidence}; source: {before.source_note or 'none'}.)"
    )


def summary_text(preview: LoadPreview) -> str:
    """One sentence: what was read, and what the load would do."""
    name = preview.source
    where = "the pasted text" if preview.encoding == "pasted" else Path(name).name
    areas = len({p.after.area_code for p in preview.planned})
    first, found = preview.first_number, preview.found
    text = (
        f"<b>{found} proposal{'s' if found != 1 else ''}</b> in {areas} area"
        f"{'s' if areas != 1 else ''} read from {escape(where)}"
    )
    if preview.problems:
        last = first + preview.expected - 1
        return (
            f"{text}, as the {preview.set_year} set (actions {_ranges(first, last)}): "
            "<b>nothing can be loaded</b> until the problem below is fixed."
        )
    numbers = f"action{'s' if found != 1 else ''} {_ranges(first, first + found - 1)}"
    text += (
        f", for {numbers} of the {preview.set_year} set: <b>{len(preview.to_update)} to "
        f"update</b>, {len(preview.unchanged)} unchanged, {len(preview.skipped)} skipped."
    )
    if not preview.to_update:
        text += " The catalogue already holds this text: there is nothing to load."
    return text


def _other_set_hint(preview: LoadPreview) -> str:
    for year, (_first, count) in SETS.items():
        if year != preview.set_year and preview.found == count:
            return f" It has as many proposals as the {year} set: is the Set above right?"
    return ""


def problems_html(preview: LoadPreview) -> str:
    items = "".join(f"<li>{escape(p)}</li>" for p in preview.problems)
    hint = _other_set_hint(preview).strip()
    return (
        "<b>This text cannot be loaded until it is fixed</b> (edit it in the box above, or in "
        f"the file, and the preview follows):<ul style='margin:2px 0 0 -20px'>{items}</ul>"
        + (f"<b>{escape(hint)}</b>" if hint else "")
    )


def count_html(preview: LoadPreview) -> str:
    """The count that differs from the set's, and what loading it anyway would do."""
    first, found = preview.first_number, preview.found
    last, missing = first + found - 1, preview.missing
    stay = f"; actions {_ranges(missing[0], missing[-1])} stay as they are" if missing else ""
    return (
        f"<b>{escape(preview.count_message())}</b>{escape(_other_set_hint(preview))}<br>"
        f"Loaded anyway, its proposals update actions {_ranges(first, last)} in order{stay}. "
        "A proposal missing from the text (or two read as one) puts every later proposal on "
        "the wrong number: check the titles below before you tick <i>Load anyway</i>."
    )


class OfficialTextPreview(QWidget):
    """The preview's part of the dialog; ``show_preview(preview)`` or ``clear(text)``."""

    row_selected = Signal(object)  # the PlannedUpdate selected (None when nothing is)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview: LoadPreview | None = None
        self.summary = QLabel(self, wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.problems = QLabel(self, wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.problems.setStyleSheet(PROBLEM_STYLE)
        self.count = QLabel(self, wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.count.setStyleSheet(COUNT_STYLE)
        self.table = self._make_table()
        self.after = self._text_pane("Select a proposal to see its whole text here.")
        self.before = self._text_pane("… and the action it updates, as it is now.")
        self.notes_button = QToolButton(self)
        self.notes_button.setCheckable(True)
        self.notes_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.notes_button.setArrowType(Qt.ArrowType.RightArrow)
        self.notes_button.toggled.connect(self._fold_notes)
        self.notes = self._text_pane("")
        self.notes.setMaximumHeight(120)
        self._lay_out()
        self.clear("")

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(0, len(COLUMNS), self)
        table.setHorizontalHeaderLabels(COLUMNS)
        table.setAccessibleName("What loading the text would change")
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(True)
        table.setTabKeyNavigation(False)  # Tab leaves the table: the dialog goes on
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(1, 200)
        table.setColumnWidth(4, 260)  # "title, description, confidence, source" on one line
        table.itemSelectionChanged.connect(self._selection_changed)
        return table

    def _text_pane(self, placeholder: str) -> QPlainTextEdit:
        pane = QPlainTextEdit(self)
        pane.setReadOnly(True)
        pane.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        pane.setTabChangesFocus(True)
        pane.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # it wraps
        pane.setPlaceholderText(placeholder)
        return pane

    def _lay_out(self) -> None:
        self.table_label = table_label = QLabel(self)
        table_label.setBuddy(self.table)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(table_label)
        top_layout.addWidget(self.table, 1)
        details = QWidget(self)
        row = QHBoxLayout(details)
        row.setContentsMargins(0, 0, 0, 0)
        self.after_label = QLabel(self)
        self.before_label = QLabel(self)
        for label, pane in ((self.after_label, self.after), (self.before_label, self.before)):
            column = QVBoxLayout()
            label.setBuddy(pane)
            column.addWidget(label)
            column.addWidget(pane, 1)
            row.addLayout(column, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        split.addWidget(top)
        split.addWidget(details)
        split.setSizes([330, 170])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(self.count)
        layout.addWidget(split, 1)
        layout.addWidget(self.notes_button)
        layout.addWidget(self.notes)

    def _fold_notes(self, shown: bool) -> None:
        self.notes_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.notes.setVisible(shown)

    # --- content ------------------------------------------------------------------------------

    def clear(self, text: str) -> None:
        """No preview: ``text`` says why (or what to do)."""
        self.preview = None
        self.summary.setText(escape(text))
        self.problems.hide()
        self.count.hide()
        self.table.setRowCount(0)
        self._show_details(None)
        self._set_notes(())
        self._name_table(False)

    def _set_notes(self, notes: tuple[str, ...]) -> None:
        self.notes_button.setText(f"&Notes on how the text was read ({len(notes)})")
        self.notes_button.setEnabled(bool(notes))
        self.notes.setPlainText("\n".join(f"• {n}" for n in notes))
        self._fold_notes(self.notes_button.isChecked() and bool(notes))

    def show_preview(self, preview: LoadPreview) -> None:
        self.preview = preview
        self.summary.setText(summary_text(preview))
        self.problems.setText(problems_html(preview))
        self.problems.setVisible(bool(preview.problems))
        short = not preview.count_ok and preview.found < preview.expected
        self.count.setText(count_html(preview) if short else "")
        self.count.setVisible(short and not preview.problems)
        self._fill(preview.planned)
        self._set_notes(preview.notices)
        self._name_table(bool(preview.problems))

    def _name_table(self, blocked: bool) -> None:
        once = ", once the text is fixed" if blocked else ""
        self.table_label.setText(f"&What loading it would change{once} (one row per proposal):")

    def show_refusal(self, message: str) -> None:
        """The load was refused after the preview (the catalogue changed meanwhile)."""
        self.problems.setText(f"<b>Nothing was loaded.</b> {escape(message)}")
        self.problems.show()

    def _fill(self, planned: tuple[PlannedUpdate, ...]) -> None:
        self.table.setRowCount(0)
        self.table.setRowCount(len(planned))
        italic = QFont()
        italic.setItalic(True)
        for r, p in enumerate(planned):
            cells = row_cells(p)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                if p.skipped:
                    item.setForeground(SKIPPED)
                    item.setFont(italic)
                elif not p.changes:
                    item.setForeground(QUIET)
                elif (c == 1 and "area" in p.changes) or (c == 3 and "title" in p.changes):
                    item.setBackground(CHANGED)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        self._show_details(None)

    def _show_details(self, planned: PlannedUpdate | None) -> None:
        """The selected proposal after the load, beside its action as it is now."""
        action = f"Action {planned.number}" if planned is not None else "The proposal"
        self.after_label.setText(f"{action} after the loa&d:")
        self.before_label.setText(f"{action} now in the catalo&gue:")
        self.after.setPlainText(after_text(planned) if planned is not None else "")
        self.before.setPlainText(before_text(planned) if planned is not None else "")

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        preview = self.preview
        planned = preview.planned[rows[0].row()] if rows and preview is not None else None
        self._show_details(planned)
        self.row_selected.emit(planned)
