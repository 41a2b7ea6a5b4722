"""The editor's one table of fields, and the widgets it is made of.

Each row (``EditorField``) says, for one field: its key in the core's ``ValidationError``, its
label, its widget and where Alt+letter leads, where Tab stops, how an interaction's value is
shown (load), what the field shows (the unsaved-changes snapshot), how its value goes into
``InteractionInput`` (gather, with the problems found on the way), which signals mean "edited"
(its message goes) and where its messages are. The editor's layout, Tab order, snapshot,
validation messages, load and gather all come from this table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.models import INTERACTION_FORMATS, INTERACTION_STATUSES
from eunato_desk.core.periods import parse_date, parse_time
from eunato_desk.core.records import InteractionInput
from eunato_desk.ui.interactions.editor_choices import (
    apply_vocabulary,
    choose_marking,
    connect_offers,
    resolve_type,
)
from eunato_desk.ui.interactions.follow_up_field import FollowUpField
from eunato_desk.ui.widgets.action_links import ActionLinksField
from eunato_desk.ui.widgets.pickers import ChoiceList

if TYPE_CHECKING:
    from eunato_desk.ui.interactions.editor import InteractionEditor

FORMAT_LABELS = {"in_person": "In person", "video": "Video", "hybrid": "Hybrid"}
Problems = list[ValidationError]


@dataclass(frozen=True)
class Message:
    """A place for messages about ``key``: its label, the widget it marks, what clears it."""

    key: str
    label: QLabel
    focus: QWidget
    edited: tuple[object, ...]


@dataclass(frozen=True)
class EditorField:
    """One field of the form, and everything the editor does with it."""

    key: str  # the field's name in the core's ValidationError
    label: str  # the visible label, with its mnemonic (Alt+letter)
    widget: QWidget  # what the form shows
    focus: QWidget  # the label's buddy: where Alt+letter and a message about the field lead
    stops: tuple[QWidget, ...]  # where Tab stops in this field, in order
    load: Callable[[InteractionInput], None]  # show an interaction's value, nothing typed
    value: Callable[[], object]  # all that is shown or typed (unsaved changes, reset)
    gather: Callable[[Problems], dict[str, object]]  # InteractionInput's values from it
    edited: tuple[object, ...]  # signals: the person changed it, so its message goes
    column: int = 0  # 0: left, 1: right
    beside: bool = False  # on the same row as the field before it
    message: QLabel | None = None  # the widget's own message label; else one under the row
    more: tuple[Message, ...] = ()  # messages about parts of it (a follow-up's due date)

    def message_keys(self) -> tuple[str, ...]:
        return (self.key, *(m.key for m in self.more))


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _line(line: QLineEdit, name: str) -> dict:
    return {"widget": line, "focus": line, "stops": (line,), "value": line.text,
            "gather": lambda _p: {name: line.text()}, "edited": (line.textEdited,)}  # fmt: skip


def _parsed(line: QLineEdit, key: str, name: str, parse: Callable) -> dict:  # type: ignore[type-arg]
    """A date or time typed in a line: parsed, or a problem (and None) if it cannot be."""

    def gather(problems: Problems) -> dict[str, object]:
        try:
            return {name: parse(line.text(), key) if line.text().strip() else None}
        except ValidationError as exc:
            problems.append(exc)
            return {name: None}

    return {**_line(line, name), "gather": gather}


def _combo(box: QComboBox, name: str, value: Callable[[], object]) -> dict:
    return {"widget": box, "focus": box, "stops": (box,), "value": value,
            "gather": lambda _p: {name: value()}, "edited": (box.currentIndexChanged,)}  # fmt: skip


def _text(edit: QPlainTextEdit, name: str) -> dict:
    return {"widget": edit, "focus": edit, "stops": (edit,), "value": edit.toPlainText,
            "gather": lambda _p: {name: edit.toPlainText()},
            "edited": (edit.textChanged,)}  # fmt: skip


def _picker(picker: ChoiceList | ActionLinksField, key: str, name: str) -> dict:
    """What is still typed joins the list at save when it names exactly one entry."""
    chosen = picker.table if isinstance(picker, ActionLinksField) else picker.list
    values = picker.links if isinstance(picker, ActionLinksField) else picker.values

    def gather(problems: Problems) -> dict[str, object]:
        reason = picker.commit_typed()
        if reason:
            problems.append(ValidationError(key, reason))
        return {name: values()}

    return {"widget": picker, "focus": picker.input, "stops": (picker.input, chosen),
            "value": picker.state, "gather": gather, "edited": (picker.edited,),
            "message": picker.message}  # fmt: skip


def _follow_ups(editor: InteractionEditor) -> dict:
    fu = editor.follow_ups

    def gather(problems: Problems) -> dict[str, object]:
        problems += fu.commit_typed()
        return {"new_follow_ups": fu.pending(), "changed_follow_ups": fu.changes(),
                "removed_follow_ups": fu.removed()}  # fmt: skip

    more = (
        Message("due date", fu.messages["due date"], fu.due, (fu.due.textEdited,)),
        Message("follow-up action", fu.messages["follow-up action"],
                fu.focus_for["follow-up action"], (fu.action.activated, fu.changed)),
    )  # fmt: skip
    return {"widget": fu, "focus": fu.text, "stops": (fu.text, fu.owner, fu.due, fu.action,
            fu.list), "load": lambda _d: fu.set_follow_ups(editor.existing_follow_ups),
            "value": fu.state, "gather": gather, "edited": (fu.text.textEdited,),
            "message": fu.messages["follow-up"], "more": more}  # fmt: skip


def _type(editor: InteractionEditor) -> dict:
    box = editor.type

    def load(data: InteractionInput) -> None:
        box.setCurrentIndex(box.findText(data.type) if data.type else -1)
        if not data.type:
            box.setEditText("")

    return {"widget": box, "focus": box, "stops": (box,), "load": load,
            "value": box.currentText,
            "gather": lambda _p: {"type": resolve_type(box.currentText(), editor.type_entries)},
            "edited": (box.editTextChanged, box.currentIndexChanged)}  # fmt: skip


def _choose(box: QComboBox, find: Callable[[object], int]) -> Callable[[object], None]:
    return lambda value: box.setCurrentIndex(max(0, find(value)))


def field_table(e: InteractionEditor) -> list[EditorField]:
    """The form, in Tab order: the left column top to bottom, then the right one."""
    F = EditorField
    status, fmt, marking = e.status, e.format, e.marking
    return [
        F("title", "&Title:", load=lambda d: e.title.setText(d.title), **_line(e.title, "title")),
        F("type", "T&ype:", **_type(e)),
        F("date", "&Date:", load=lambda d: e.date.setText(_iso(d.start_date)),
          **_parsed(e.date, "date", "start_date", parse_date)),
        F("start time", "Sta&rt time:", beside=True,
          load=lambda d: e.start_time.setText(d.start_time or ""),
          **_parsed(e.start_time, "start time", "start_time", parse_time)),
        F("actions", "&Actions:", load=lambda d: e.actions.set_links(d.links),
          **_picker(e.actions, "actions", "links")),
        F("organisations", "&Organisations:",
          load=lambda d: e.organisations.set_values(d.organisations),
          **_picker(e.organisations, "organisations", "organisations")),
        F("summary", "Su&mmary:", load=lambda d: e.summary.setPlainText(d.summary),
          **_text(e.summary, "summary")),
        F("outcome", "Out&come / next steps:", load=lambda d: e.outcome.setPlainText(d.outcome),
          **_text(e.outcome, "outcome")),
        F("follow-up", "Follow-&ups:", **_follow_ups(e)),
        F("status", "&Status:", column=1,
          load=lambda d: _choose(status, status.findData)(d.status),
          **_combo(status, "status", status.currentData)),
        F("end date", "&End date:", column=1, load=lambda d: e.end_date.setText(_iso(d.end_date)),
          **_parsed(e.end_date, "end date", "end_date", parse_date)),
        F("end time", "End t&ime:", column=1, beside=True,
          load=lambda d: e.end_time.setText(d.end_time or ""),
          **_parsed(e.end_time, "end time", "end_time", parse_time)),
        F("format", "&Format:", column=1, load=lambda d: _choose(fmt, fmt.findData)(d.format),
          **_combo(fmt, "format", fmt.currentData)),
        F("location", "&Location:", column=1, load=lambda d: e.location.setText(d.location),
          **_line(e.location, "location")),
        F("countries", "Cou&ntries:", column=1,
          load=lambda d: e.countries.set_values(d.countries),
          **_picker(e.countries, "countries", "countries")),
        F("participants", "&Participants:", column=1,
          load=lambda d: e.participants.set_values(d.participants),
          **_picker(e.participants, "participants", "participants")),
        F("marking", "Mar&king:", column=1, load=lambda d: choose_marking(marking, d.marking),
          **_combo(marking, "marking", marking.currentText)),
        F("tags", "Ta&gs:", column=1, load=lambda d: e.tags.setText("; ".join(d.tags)),
          **{**_line(e.tags, "tags"), "gather": lambda _p: {
              "tags": tuple(t for t in e.tags.text().split(";") if t.strip())}}),
    ]  # fmt: skip


# --- the widgets --------------------------------------------------------------------------------


def make_widgets(e: InteractionEditor) -> None:
    """The editor's widgets, as its attributes (``e.title``, ``e.actions``...), with the
    choices of its vocabulary."""
    e.title = QLineEdit(e)
    e.title.setPlaceholderText("What happened, e.g. Cross-briefing to the PSC on PACE")
    e.type = QComboBox(e)
    e.type.setEditable(True)
    e.type.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    e.type.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    e.date = QLineEdit(e, placeholderText="YYYY-MM-DD")
    e.start_time = QLineEdit(e, placeholderText="HH:MM (optional)")
    e.actions = ActionLinksField(e)
    e.organisations = ChoiceList(
        "Organisation name, acronym or other name, then Enter", kind="organisation",
        can_add=True, parent=e,
    )  # fmt: skip
    e.summary = QPlainTextEdit(e, placeholderText="Minutes: what was discussed")
    e.outcome = QPlainTextEdit(e, placeholderText="Outcome and next steps")
    for text in (e.summary, e.outcome):
        text.setTabChangesFocus(True)
        text.setMinimumHeight(56)
    e.follow_ups = FollowUpField(e)
    e.follow_ups.today = e.today
    e.actions.changed.connect(lambda: e.follow_ups.set_linked_actions(e.actions.numbers()))
    _make_right_column(e)
    apply_vocabulary(e, e.vocab)
    connect_offers(e)


def _make_right_column(e: InteractionEditor) -> None:
    e.status = QComboBox(e)
    for value in INTERACTION_STATUSES:
        e.status.addItem(value.capitalize(), value)
    e.end_date = QLineEdit(e, placeholderText="YYYY-MM-DD")
    e.end_time = QLineEdit(e, placeholderText="HH:MM")
    e.format = QComboBox(e)
    e.format.addItem("Not recorded", None)
    for value in INTERACTION_FORMATS:
        e.format.addItem(FORMAT_LABELS[value], value)
    e.location = QLineEdit(e, placeholderText="City, building or 'Videoconference'")
    e.countries = ChoiceList(
        "Country name or ISO code, then Enter", kind="country", can_add=True, parent=e
    )
    e.participants = ChoiceList(
        "Name, then Enter (new names are added)", kind="person", allow_new=True, parent=e
    )
    e.marking = QComboBox(e)
    e.tags = QLineEdit(e, placeholderText="Words separated by ;")
