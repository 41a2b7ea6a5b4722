"""The Reference data dialogs: add an entry (also from an editor's picker), edit an
organisation's acronym and side or a country's ISO code and flags, rename, add an alias,
merge into another entry.

Each is a small form whose labels lead to their inputs (Alt+letter). OK (Enter) runs the
change on the database worker; when the core refuses, its message shows under the field it
names and the dialog stays open, nothing changed; once the change is made the dialog closes
and emits ``succeeded`` with what the core returned.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core import settings as user_settings
from eunato_desk.core.errors import DeskError, ValidationError
from eunato_desk.core.models import ORGANISATION_SIDES
from eunato_desk.ui.failures import on_failure
from eunato_desk.ui.ops import DbExecutor, Op
from eunato_desk.ui.reference import commands
from eunato_desk.ui.widgets.keyboard import capitalised, message_label
from eunato_desk.ui.widgets.matching import NOUNS, Entries, Suggestions, match_label

MESSAGE_STYLE = "QLabel#fieldMessage { color: #c62828; }"


def a_noun(kind: str) -> str:
    noun = NOUNS[kind][0]
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _edited(widget: QWidget):  # type: ignore[no-untyped-def]
    """The signal that says the person changed ``widget``."""
    if isinstance(widget, QLineEdit):
        return widget.textEdited
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    if isinstance(widget, QCheckBox):
        return widget.toggled
    return widget.valueChanged  # type: ignore[attr-defined]


class EntryDialog(QDialog):
    """A form of labelled fields with the core's message under each; OK runs ``make_op``."""

    succeeded = Signal(object)

    def __init__(
        self, executor: DbExecutor, title: str, intro: str, ok_text: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.executor = executor
        self.officer = user_settings.officer_name()
        self.setWindowTitle(title)
        self.setStyleSheet(MESSAGE_STYLE)
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.messages: dict[str, QLabel] = {}
        self.inputs: dict[str, QWidget] = {}
        self.choosers: dict[QLineEdit, tuple[Suggestions, Entries]] = {}
        self.banner = message_label(self)  # a message about no field of the form
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.banner)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self._running = False

    def field(self, key: str, text: str, widget: Any, *more: str) -> Any:
        """A labelled row (the label's buddy is ``widget``) with a line for messages about
        ``key`` (and the ``more`` keys the core may name for it)."""
        label = QLabel(text, self)
        label.setBuddy(widget)
        message = message_label(self)
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        column.addWidget(message)
        self.form.addRow(label, box)
        for name in (key, *more):
            self.messages[name] = message
            self.inputs[name] = widget
        _edited(widget).connect(lambda *_a: message.hide())
        return widget

    def make_op(self) -> Op:
        raise NotImplementedError

    def accept(self) -> None:
        """Run the change; close only once it is made."""
        if self._running:
            return
        self._set_running(True)
        self.banner.hide()
        self.make_op().success(self._done).failure(
            on_failure(
                self, self.windowTitle(), expected=self.show_problem,
                always=lambda: self._set_running(False),
            )
        ).run()  # fmt: skip

    def _set_running(self, running: bool) -> None:
        self._running = running
        self.ok_button.setEnabled(not running)

    def _done(self, result: Any) -> None:
        self._set_running(False)
        self.succeeded.emit(result)
        super().accept()

    def show_problem(self, exc: DeskError) -> None:
        """The core's message under the field it names (else under the form)."""
        key = exc.field if isinstance(exc, ValidationError) else ""
        message = self.messages.get(key)
        if message is None:
            self.banner.setText(exc.message)
            self.banner.show()
            return
        message.setText(capitalised(exc.reason))  # type: ignore[union-attr]
        message.show()
        self.inputs[key].setFocus()


def _aliases(text: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in text.split(";") if a.strip())


class AddEntryDialog(EntryDialog):
    """A new entry of list ``kind``; ``name`` prefilled (typed in a picker). Types and
    markings take a rank (1 to ``rank_count`` + 1); a participant an organisation
    (``organisations`` suggests them)."""

    def __init__(
        self,
        executor: DbExecutor,
        kind: str,
        *,
        name: str = "",
        rank_count: int = 0,
        organisations: Entries | None = None,
        parent: QWidget | None = None,
    ) -> None:
        intro = (
            f"“{name}” is not in the list of {NOUNS[kind][1]}. Add it as a new {NOUNS[kind][0]}?"
            if name
            else ""
        )
        super().__init__(executor, f"Add {a_noun(kind)}", intro, "Add", parent)
        self.kind = kind
        self.name = self.field("name", "&Name:", QLineEdit(name, self))
        first = self._kind_fields(kind, rank_count, organisations)
        self.aliases = self.field("alias", "Other na&mes:", QLineEdit(self))
        self.aliases.setPlaceholderText("Optional: other names it is known by, separated by ;")
        (first if name and first is not None else self.name).setFocus()

    def _kind_fields(
        self, kind: str, rank_count: int, organisations: Entries | None
    ) -> QWidget | None:
        """The fields of this list besides the name and aliases; the first of them."""
        if kind == "organisation":
            self.code = self.field("acronym", "&Acronym:", QLineEdit(self))
            self.code.setPlaceholderText("Optional, e.g. EEAS")
            self.side = self.field("side", "&Side:", QComboBox(self))
            self.side.addItems(list(ORGANISATION_SIDES))
            self.side.setCurrentText("other")
            return self.code
        if kind == "country":
            self.code = self.field("iso_code", "&ISO code:", QLineEdit(self))
            self.code.setPlaceholderText("Two letters (ISO 3166), e.g. LY")
            self.pilot = self.field("is_pilot", "&Pilot:", QCheckBox("a pilot country", self))
            self.partner = self.field("is_partner", "Pa&rtner:", QCheckBox("a partner", self))
            return self.code
        if kind == "person":
            self.organisation = self.field("organisation", "&Organisation:", QLineEdit(self))
            self.organisation.setPlaceholderText("Optional: its acronym or name")
            if organisations is not None:
                self.organisation_suggestions = _suggest(self, self.organisation, organisations)
            return self.organisation
        self.rank = self.field("rank", "&Rank:", QSpinBox(self))
        self.rank.setRange(1, rank_count + 1)
        self.rank.setValue(rank_count + 1)
        self.rank.setToolTip(
            "1 is the lowest marking (a new interaction's default)"
            if kind == "marking"
            else "Its place in the editor's list of types"
        )
        return self.rank

    def make_op(self) -> Op:
        k = self.kind
        entry = commands.NewEntry(
            k, self.name.text(), aliases=_aliases(self.aliases.text()),
            code=self.code.text() if k in ("organisation", "country") else "",
            side=self.side.currentText() if k == "organisation" else "other",
            is_pilot=k == "country" and self.pilot.isChecked(),
            is_partner=k == "country" and self.partner.isChecked(),
            organisation=_chosen(self, self.organisation) if k == "person" else "",
            rank=self.rank.value() if k in ("type", "marking") else None,
        )  # fmt: skip
        return commands.add_entry(self, self.executor, entry, self.officer)


def _suggest(dialog: EntryDialog, line: QLineEdit, entries: Entries) -> Suggestions:
    """A popup of the entries matching what is typed in ``line``; Enter there is OK (with
    the entry the text names, as a picker takes it: ``_chosen``)."""
    suggestions = Suggestions(line)
    line.returnPressed.connect(dialog.accept)
    line.textEdited.connect(
        lambda text: suggestions.show_lines(
            text, [(match_label(entries.kind, m), m.record) for m in entries.ranked(text)]
        )
    )
    dialog.choosers[line] = (suggestions, entries)
    return suggestions


def _chosen(dialog: EntryDialog, line: QLineEdit) -> str:
    """The name of the entry ``line`` names: a popup line chosen with the arrow keys, or the
    best match when it is exact or the only one; else the text (the core says why not)."""
    suggestions, entries = dialog.choosers[line]
    record = suggestions.payload(line.text())
    if record is None and line.text().strip():
        record, _ranked = entries.pick(line.text())
    return record.name if record is not None else line.text()


class EditEntryDialog(EntryDialog):
    """An organisation's acronym and side, or a country's ISO code and flags."""

    def __init__(
        self, executor: DbExecutor, kind: str, record: Any, parent: QWidget | None = None
    ) -> None:
        code = "the acronym and the side" if kind == "organisation" else "the ISO code and flags"
        intro = f"Change {code} of “{record.name}”. A replaced code stays as an alias."
        super().__init__(executor, f"Edit {a_noun(kind)}", intro, "Save", parent)
        self.kind, self.record = kind, record
        if kind == "organisation":
            self.code = self.field("acronym", "&Acronym:", QLineEdit(record.acronym or "", self))
            self.side = self.field("side", "&Side:", QComboBox(self))
            self.side.addItems(list(ORGANISATION_SIDES))
            self.side.setCurrentText(record.side)
        else:
            self.code = self.field("iso_code", "&ISO code:", QLineEdit(record.iso_code, self))
            self.pilot = self.field("is_pilot", "&Pilot:", QCheckBox("a pilot country", self))
            self.pilot.setChecked(record.is_pilot)
            self.partner = self.field("is_partner", "Pa&rtner:", QCheckBox("a partner", self))
            self.partner.setChecked(record.is_partner)
        self.code.setFocus()

    def make_op(self) -> Op:
        if self.kind == "organisation":
            values = {"acronym": self.code.text(), "side": self.side.currentText()}
        else:
            values = {"iso_code": self.code.text(), "is_pilot": self.pilot.isChecked(),
                      "is_partner": self.partner.isChecked()}  # fmt: skip
        return commands.entry_change(
            self, self.executor, f"edit {self.kind}", self.record.name, officer=self.officer,
            **values,
        )  # fmt: skip


def _one_line_intro(what: str, record: Any) -> str:
    if what == "rename":
        return (
            f"Rename “{record.name}”. The old name stays as an alias, so what was typed (and "
            "files written) with it still find it."
        )
    return (
        f"Another name for “{record.name}” (a former name, another spelling): typed in a "
        f"picker, a filter or an imported file, it finds “{record.name}”. Its aliases: "
        f"{', '.join(record.aliases) or 'none yet'}."
    )


class OneLineDialog(EntryDialog):
    """One line about an entry: its new name (``what`` "rename") or an alias ("alias")."""

    def __init__(
        self, executor: DbExecutor, what: str, kind: str, record: Any,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        rename = what == "rename"
        title = f"Rename {a_noun(kind)}" if rename else "Add an alias"
        intro = _one_line_intro(what, record)
        super().__init__(executor, title, intro, "Rename" if rename else "Add", parent)
        self.what, self.kind, self.record = what, kind, record
        key, text = ("new name", "&New name:") if rename else ("alias", "&Alias:")
        self.line = self.field(key, text, QLineEdit(record.name if rename else "", self))
        self.line.selectAll()
        self.line.setFocus()

    def make_op(self) -> Op:
        return commands.entry_change(
            self, self.executor, self.what, self.kind, self.record.name, self.line.text(),
            officer=self.officer,
        )  # fmt: skip


class MergeDialog(EntryDialog):
    """Merge the entry into another one of its list (chosen as a picker chooses)."""

    def __init__(
        self,
        executor: DbExecutor,
        kind: str,
        record: Any,
        entries: Entries,
        uses: int,
        parent: QWidget | None = None,
    ) -> None:
        people = " and its people" if kind == "organisation" else ""
        intro = (
            f"Merge “{record.name}” into another {NOUNS[kind][0]}: its {uses} "
            f"interaction{'s' if uses != 1 else ''}{people} move there, and its name becomes an "
            "alias of it. This cannot be undone."
        )
        super().__init__(executor, f"Merge {a_noun(kind)}", intro, "Merge", parent)
        self.kind, self.record = kind, record
        self.into = self.field("into", "&Into:", QLineEdit(self))
        self.into.setPlaceholderText(f"The {NOUNS[kind][0]} that stays: name, code or alias")
        self.into_suggestions = _suggest(self, self.into, entries)
        self.into.setFocus()

    def make_op(self) -> Op:
        return commands.entry_change(
            self, self.executor, "merge", self.kind, self.record.name, _chosen(self, self.into),
            officer=self.officer,
        )  # fmt: skip
