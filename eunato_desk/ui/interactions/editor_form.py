"""The editor's form, laid out from its field table, and the messages under its fields."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from eunato_desk.core.errors import DeskError, ValidationError
from eunato_desk.ui.interactions.editor_fields import EditorField
from eunato_desk.ui.widgets.keyboard import focus_after, message_label

INVALID_STYLE = "QWidget[invalid='true'] { border: 2px solid #c62828; }"
MESSAGE_STYLE = "QLabel#fieldMessage { color: #c62828; }"


class FieldMessages:
    """Each message under its field, the field marked; one the form has no place for goes in
    the banner. A field's message goes when the person edits that field."""

    def __init__(self, banner: QLabel) -> None:
        self.banner = banner
        self.labels: dict[str, QLabel] = {}
        self.focus: dict[str, QWidget] = {}

    def add(self, key: str, label: QLabel, focus: QWidget, edited: Sequence[object]) -> None:
        self.labels[key] = label
        self.focus[key] = focus
        for signal in edited:
            signal.connect(lambda *_a, key=key: self.clear(key))  # type: ignore[attr-defined]

    def _mark(self, key: str, invalid: bool) -> None:
        widget = self.focus.get(key)
        if widget is not None and bool(widget.property("invalid")) != invalid:
            widget.setProperty("invalid", invalid)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def clear(self, key: str) -> None:
        if key in self.labels:
            self.labels[key].hide()
            self._mark(key, False)

    def clear_all(self) -> None:
        for key in self.labels:
            self.clear(key)
        self.banner.hide()

    def show(self, problems: Sequence[DeskError]) -> QWidget | None:
        """Show every problem; the widget of the first field named (for the cursor)."""
        self.clear_all()
        first: QWidget | None = None
        for exc in problems:
            key = exc.field if isinstance(exc, ValidationError) else ""
            if key not in self.labels:
                self.banner.setStyleSheet("")
                self.banner.setText(exc.message)
                self.banner.show()
                continue
            self.labels[key].setText(exc.message)
            self.labels[key].show()
            self._mark(key, True)
            first = first or self.focus[key]
        return first


def build_form(parent: QWidget, fields: Sequence[EditorField], messages: FieldMessages):  # type: ignore[no-untyped-def]
    """The two columns of the form (a layout), each row from the table; the messages are
    registered in ``messages``; Enter in a single-line field moves on."""
    forms = (QFormLayout(), QFormLayout())
    for form in forms:
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    rows: list[list[EditorField]] = []
    for field in fields:
        if field.beside:
            rows[-1].append(field)
        else:
            rows.append([field])
    for row in rows:
        _add_row(parent, forms[row[0].column], row, messages)
    for line in (f.widget for f in fields if isinstance(f.widget, QLineEdit)):
        line.returnPressed.connect(lambda line=line: focus_after(line))
    right_column = QVBoxLayout()
    right_column.addLayout(forms[1])
    right_column.addStretch(1)
    columns = QHBoxLayout()
    columns.addLayout(forms[0], 3)
    columns.addSpacing(16)
    columns.addLayout(right_column, 2)
    return columns


def _add_row(
    parent: QWidget, form: QFormLayout, row: list[EditorField], messages: FieldMessages
) -> None:
    """One line of the form: the first field's label, its widget and those beside it, then a
    message line for each (unless the widget shows its own messages)."""
    box = QWidget(parent)
    col = QVBoxLayout(box)
    col.setContentsMargins(0, 0, 0, 0)
    col.setSpacing(1)
    line = QHBoxLayout()
    line.addWidget(row[0].widget, 1)
    for field in row[1:]:
        label = QLabel(field.label, box)
        label.setBuddy(field.focus)
        line.addWidget(label)
        line.addWidget(field.widget, 1)
    col.addLayout(line)
    for field in row:
        message = field.message
        if message is None:
            message = message_label(box)
            col.addWidget(message)
        messages.add(field.key, message, field.focus, field.edited)
        for more in field.more:
            messages.add(more.key, more.label, more.focus, more.edited)
    label = QLabel(row[0].label, parent)
    label.setBuddy(row[0].focus)
    form.addRow(label, box)


def set_tab_order(fields: Sequence[EditorField], after: Sequence[QWidget]) -> None:
    """Tab goes through each field's stops in table order, then ``after`` (the buttons)."""
    chain = [w for f in fields for w in f.stops] + list(after)
    for a, b in itertools.pairwise(chain):
        QWidget.setTabOrder(a, b)


def problem_order(fields: Sequence[EditorField]) -> list[str]:
    """Message keys in form order (a field, then the parts it has messages for)."""
    return [key for f in fields for key in f.message_keys()]
