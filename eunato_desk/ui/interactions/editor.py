"""The interaction editor: every field with a visible label, keyboard first.

One table of fields (``InteractionEditor.fields``) drives the form: its rows and labels, the
Tab order (left column top to bottom, then the right one), loading an interaction, the reset
after "Save and new", the unsaved-changes check and where each message goes. Enter in a
picker adds the choice and, on an empty picker, moves on; Enter in any other single-line field
moves on too. Ctrl+Return saves; Ctrl+Shift+Return saves and starts a new one; Esc cancels
(asking first if anything changed). At save, what is still typed in a picker or in the
follow-up inputs joins the list when it names exactly one entry; every problem is shown at
once, each under its field, and goes when that field is edited. Saving runs on the database
worker, follow-up changes included, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core import interactions
from eunato_desk.core import settings as user_settings
from eunato_desk.core.errors import DeskError, ValidationError
from eunato_desk.core.models import INTERACTION_FORMATS, INTERACTION_STATUSES
from eunato_desk.core.periods import parse_date, parse_time
from eunato_desk.core.records import (
    FollowUpRecord,
    InteractionInput,
    InteractionRecord,
    Vocabulary,
)
from eunato_desk.ui.interactions.follow_up_field import FollowUpField
from eunato_desk.ui.ops import DbExecutor, Op, show_error
from eunato_desk.ui.widgets.pickers import ActionLinksField, ChoiceList, focus_after

FORMAT_LABELS = {"in_person": "In person", "video": "Video", "hybrid": "Hybrid"}
INVALID_STYLE = "QWidget[invalid='true'] { border: 2px solid #c62828; }"
MESSAGE_STYLE = "QLabel#fieldMessage { color: #c62828; }"
# Messages of the follow-up inputs besides the text's: the due date, a follow-up's action.
FOLLOW_UP_EXTRA = ("due date", "follow-up action")


def resolve_type(text: str, types: tuple[str, ...]) -> str:
    """The type named by ``text``: exact (any case) or a unique prefix; else the text as typed,
    so the core can name the problem."""
    key = text.strip().lower()
    for t in types:
        if t.lower() == key:
            return t
    starts = [t for t in types if t.lower().startswith(key)] if key else []
    return starts[0] if len(starts) == 1 else text.strip()


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
    edited: tuple[object, ...]  # signals: the person changed it, so its message goes
    column: int = 0  # 0: left, 1: right
    beside: bool = False  # on the same row as the field before it
    message: QLabel | None = None  # the widget's own message label; else one under the row


def _line(line: QLineEdit) -> dict:
    return {"widget": line, "focus": line, "stops": (line,), "value": line.text,
            "edited": (line.textEdited,)}  # fmt: skip


def _combo(box: QComboBox, value: Callable[[], object]) -> dict:
    return {"widget": box, "focus": box, "stops": (box,), "value": value,
            "edited": (box.currentIndexChanged,)}  # fmt: skip


def _text(edit: QPlainTextEdit) -> dict:
    return {"widget": edit, "focus": edit, "stops": (edit,), "value": edit.toPlainText,
            "edited": (edit.textChanged,)}  # fmt: skip


def _picker(picker: ChoiceList | ActionLinksField) -> dict:
    chosen = picker.table if isinstance(picker, ActionLinksField) else picker.list
    return {"widget": picker, "focus": picker.input, "stops": (picker.input, chosen),
            "value": picker.state, "edited": (picker.edited,),
            "message": picker.message}  # fmt: skip


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


class InteractionEditor(QDialog):
    saved = Signal(object)  # InteractionRecord
    save_warning = Signal(str)  # saved, but the disk reported an error afterwards
    history_requested = Signal(str)  # uuid

    def __init__(
        self,
        executor: DbExecutor,
        vocab: Vocabulary,
        record: InteractionRecord | None = None,
        *,
        initial: InteractionInput | None = None,
        follow_ups: Sequence[FollowUpRecord] | None = None,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.executor = executor
        self.vocab = vocab
        self.record = record
        self.today = today or dt.date.today()
        self.setWindowTitle("Edit interaction" if record else "New interaction")
        self.setStyleSheet(INVALID_STYLE + MESSAGE_STYLE)
        self.resize(1180, 740)
        self._saving = False
        self._existing: list[FollowUpRecord] = []
        self._build()
        self._load(record.to_input() if record else initial, follow_ups or ())
        self.history_button.setVisible(record is not None)
        self._clean_snapshot = self.state()

    # --- the fields ---------------------------------------------------------------------------

    def _make_widgets(self) -> None:
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("What happened, e.g. Cross-briefing to the PSC on PACE")
        self.type = QComboBox(self)
        self.type.setEditable(True)
        self.type.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.type.addItems(list(self.vocab.types))
        self.type.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.date = QLineEdit(self, placeholderText="YYYY-MM-DD")
        self.start_time = QLineEdit(self, placeholderText="HH:MM (optional)")
        self.actions = ActionLinksField(self)
        self.actions.set_actions(self.vocab.actions)
        self.organisations = ChoiceList(
            "Organisation name or acronym, then Enter",
            noun=("organisation", "organisations"),
            parent=self,
        )
        self.organisations.set_choices(
            [(o.label, o.acronym or o.name) for o in self.vocab.organisations]
        )
        self.summary = QPlainTextEdit(self, placeholderText="Minutes: what was discussed")
        self.outcome = QPlainTextEdit(self, placeholderText="Outcome and next steps")
        for text in (self.summary, self.outcome):
            text.setTabChangesFocus(True)
            text.setMinimumHeight(56)
        self.follow_ups = FollowUpField(self)
        self.follow_ups.today = self.today
        self.follow_ups.set_people([p.name for p in self.vocab.people])
        self.actions.changed.connect(
            lambda: self.follow_ups.set_linked_actions(self.actions.numbers())
        )
        self.status = QComboBox(self)
        for value in INTERACTION_STATUSES:
            self.status.addItem(value.capitalize(), value)
        self.end_date = QLineEdit(self, placeholderText="YYYY-MM-DD")
        self.end_time = QLineEdit(self, placeholderText="HH:MM")
        self.format = QComboBox(self)
        self.format.addItem("Not recorded", None)
        for value in INTERACTION_FORMATS:
            self.format.addItem(FORMAT_LABELS[value], value)
        self.location = QLineEdit(self, placeholderText="City, building or 'Videoconference'")
        self.countries = ChoiceList(
            "Country name or ISO code, then Enter", noun=("country", "countries"), parent=self
        )
        self.countries.set_choices(
            [
                (f"{c.name} ({c.iso_code}){' — pilot' if c.is_pilot else ''}", c.name)
                for c in self.vocab.countries
            ]
        )
        self.participants = ChoiceList(
            "Name, then Enter (new names are added)",
            noun=("person", "people"),
            allow_new=True,
            parent=self,
        )
        self.participants.set_choices([(p.name, p.name) for p in self.vocab.people])
        self.marking = QComboBox(self)
        self.marking.addItems(list(self.vocab.markings))
        self.tags = QLineEdit(self, placeholderText="Words separated by ;")

    def _field_table(self) -> list[EditorField]:
        fu = self.follow_ups
        F = EditorField
        return [
            F("title", "&Title:", load=lambda d: self.title.setText(d.title), **_line(self.title)),
            F("type", "T&ype:", load=self._load_type, widget=self.type, focus=self.type,
              stops=(self.type,), value=self.type.currentText,
              edited=(self.type.editTextChanged, self.type.currentIndexChanged)),
            F("date", "&Date:", load=lambda d: self.date.setText(_iso(d.start_date)),
              **_line(self.date)),
            F("start time", "Sta&rt time:", beside=True,
              load=lambda d: self.start_time.setText(d.start_time or ""),
              **_line(self.start_time)),
            F("actions", "&Actions:", load=lambda d: self.actions.set_links(d.links),
              **_picker(self.actions)),
            F("organisations", "&Organisations:",
              load=lambda d: self.organisations.set_values(d.organisations),
              **_picker(self.organisations)),
            F("summary", "Su&mmary:", load=lambda d: self.summary.setPlainText(d.summary),
              **_text(self.summary)),
            F("outcome", "Out&come / next steps:",
              load=lambda d: self.outcome.setPlainText(d.outcome), **_text(self.outcome)),
            F("follow-up", "Follow-&ups:", widget=fu, focus=fu.text,
              stops=(fu.text, fu.owner, fu.due, fu.action, fu.list),
              load=lambda d: fu.set_follow_ups(self._existing), value=fu.state,
              edited=(fu.text.textEdited,), message=fu.messages["follow-up"]),
            F("status", "&Status:", column=1,
              load=lambda d: self.status.setCurrentIndex(max(0, self.status.findData(d.status))),
              **_combo(self.status, self.status.currentData)),
            F("end date", "&End date:", column=1,
              load=lambda d: self.end_date.setText(_iso(d.end_date)), **_line(self.end_date)),
            F("end time", "End t&ime:", column=1, beside=True,
              load=lambda d: self.end_time.setText(d.end_time or ""), **_line(self.end_time)),
            F("format", "&Format:", column=1,
              load=lambda d: self.format.setCurrentIndex(max(0, self.format.findData(d.format))),
              **_combo(self.format, self.format.currentData)),
            F("location", "&Location:", column=1,
              load=lambda d: self.location.setText(d.location), **_line(self.location)),
            F("countries", "Cou&ntries:", column=1,
              load=lambda d: self.countries.set_values(d.countries), **_picker(self.countries)),
            F("participants", "&Participants:", column=1,
              load=lambda d: self.participants.set_values(d.participants),
              **_picker(self.participants)),
            F("marking", "Mar&king:", column=1,
              load=lambda d: self.marking.setCurrentIndex(
                  max(0, self.marking.findText(d.marking))),
              **_combo(self.marking, self.marking.currentText)),
            F("tags", "Ta&gs:", column=1, load=lambda d: self.tags.setText("; ".join(d.tags)),
              **_line(self.tags)),
        ]  # fmt: skip

    def _load_type(self, data: InteractionInput) -> None:
        self.type.setCurrentIndex(self.type.findText(data.type) if data.type else -1)
        if not data.type:
            self.type.setEditText("")

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        self._make_widgets()
        self.fields = self._field_table()
        self.messages: dict[str, QLabel] = {}
        self.focus_widgets: dict[str, QWidget] = {}
        forms = (QFormLayout(), QFormLayout())
        for form in forms:
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: list[list[EditorField]] = []
        for field in self.fields:
            if field.beside:
                rows[-1].append(field)
            else:
                rows.append([field])
        for row in rows:
            self._add_row(forms[row[0].column], row)
        # The follow-up inputs' own messages: the due date, and the action of a follow-up.
        for key in FOLLOW_UP_EXTRA:
            self.messages[key] = self.follow_ups.messages[key]
            self.focus_widgets[key] = self.follow_ups.focus_for[key]
        self._watch("due date", self.follow_ups.due.textEdited)
        self._watch("follow-up action", self.follow_ups.action.activated, self.follow_ups.changed)
        for line in (f.widget for f in self.fields if isinstance(f.widget, QLineEdit)):
            line.returnPressed.connect(lambda line=line: focus_after(line))
        self.type.lineEdit().returnPressed.connect(lambda: focus_after(self.type))

        right_column = QVBoxLayout()
        right_column.addLayout(forms[1])
        right_column.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(forms[0], 3)
        columns.addSpacing(16)
        columns.addLayout(right_column, 2)

        self.save_button = QPushButton("Save  (Ctrl+Return)", self)
        self.save_new_button = QPushButton("Save and new  (Ctrl+Shift+Return)", self)
        self.cancel_button = QPushButton("Cancel  (Esc)", self)
        self.history_button = QPushButton("&History…", self)
        self.history_button.setToolTip("Who changed what in this interaction, and when")
        for button in (self.save_button, self.save_new_button, self.cancel_button,
                       self.history_button):  # fmt: skip
            button.setAutoDefault(False)
            button.setDefault(False)
        self.save_button.clicked.connect(lambda: self.save(new_after=False))
        self.save_new_button.clicked.connect(lambda: self.save(new_after=True))
        self.cancel_button.clicked.connect(self.reject)
        self.history_button.clicked.connect(
            lambda: self.record and self.history_requested.emit(self.record.uuid)
        )
        self.banner = QLabel(self)
        self.banner.setObjectName("fieldMessage")
        self.banner.setWordWrap(True)
        self.banner.hide()
        footer = QHBoxLayout()
        footer.addWidget(self.history_button)
        footer.addStretch(1)
        footer.addWidget(self.save_new_button)
        footer.addWidget(self.save_button)
        footer.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.banner)
        layout.addLayout(footer)

        QShortcut(QKeySequence("Ctrl+Return"), self, lambda: self.save(new_after=False))
        QShortcut(QKeySequence("Ctrl+Enter"), self, lambda: self.save(new_after=False))
        QShortcut(QKeySequence("Ctrl+Shift+Return"), self, lambda: self.save(new_after=True))
        chain = [w for f in self.fields for w in f.stops]
        chain += [self.save_button, self.save_new_button, self.cancel_button]
        self.actions.table.setTabKeyNavigation(False)
        self.actions.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.follow_ups.add_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)
        self.title.setFocus()

    def _add_row(self, form: QFormLayout, row: list[EditorField]) -> None:
        """One line of the form: the first field's label, its widget and those beside it,
        then a message line for each (unless the widget shows its own messages)."""
        box = QWidget(self)
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
                message = QLabel(box)
                message.setObjectName("fieldMessage")
                message.setWordWrap(True)
                message.hide()
                col.addWidget(message)
            self.messages[field.key] = message
            self.focus_widgets[field.key] = field.focus
            self._watch(field.key, *field.edited)
        label = QLabel(row[0].label, self)
        label.setBuddy(row[0].focus)
        form.addRow(label, box)

    def _watch(self, key: str, *signals: object) -> None:
        for signal in signals:
            signal.connect(lambda *_a, key=key: self.clear_problem(key))  # type: ignore[attr-defined]

    # --- data in and out ----------------------------------------------------------------------

    def _load(
        self, data: InteractionInput | None, follow_ups: Sequence[FollowUpRecord] = ()
    ) -> None:
        """Show an interaction (or a blank one), every field from the table, nothing typed."""
        self._existing = list(follow_ups)
        data = data or InteractionInput(title="", type="", start_date=self.today)
        for field in self.fields:
            field.load(data)
        self.clear_problems()

    def state(self) -> tuple:
        """Everything the fields show, typed text included."""
        return tuple(field.value() for field in self.fields)

    def is_dirty(self) -> bool:
        return self.state() != self._clean_snapshot

    def check(self) -> tuple[InteractionInput, list[ValidationError]]:
        """The form as core input, after adding what is still typed in the pickers and the
        follow-up inputs; with every problem found without the database, in form order."""
        problems: list[ValidationError] = []
        for field in self.fields:
            if isinstance(field.widget, ChoiceList | ActionLinksField):
                reason = field.widget.commit_typed()
                if reason:
                    problems.append(ValidationError(field.key, reason))
        problems += self.follow_ups.commit_typed()

        def parsed(parse, text: str, key: str):  # type: ignore[no-untyped-def]
            try:
                return parse(text, key) if text.strip() else None
            except ValidationError as exc:
                problems.append(exc)
                return None

        data = InteractionInput(
            title=self.title.text(),
            type=resolve_type(self.type.currentText(), self.vocab.types),
            start_date=parsed(parse_date, self.date.text(), "date"),
            start_time=parsed(parse_time, self.start_time.text(), "start time"),
            end_date=parsed(parse_date, self.end_date.text(), "end date"),
            end_time=parsed(parse_time, self.end_time.text(), "end time"),
            status=self.status.currentData(),
            location=self.location.text(),
            format=self.format.currentData(),
            summary=self.summary.toPlainText(),
            outcome=self.outcome.toPlainText(),
            marking=self.marking.currentText(),
            tags=tuple(t for t in self.tags.text().split(";") if t.strip()),
            links=self.actions.links(),
            organisations=self.organisations.values(),
            countries=self.countries.values(),
            participants=self.participants.values(),
            new_follow_ups=self.follow_ups.pending(),
            changed_follow_ups=self.follow_ups.changes(),
            removed_follow_ups=self.follow_ups.removed(),
        )
        found = {p.field for p in problems}
        problems += [p for p in interactions.problems(data) if p.field not in found]
        order = [
            key for f in self.fields for key in (f.key, *FOLLOW_UP_EXTRA * (f.key == "follow-up"))
        ]
        return data, sorted(
            problems, key=lambda p: order.index(p.field) if p.field in order else len(order)
        )

    # --- problems -----------------------------------------------------------------------------

    def _mark(self, key: str, invalid: bool) -> None:
        widget = self.focus_widgets.get(key)
        if widget is not None and bool(widget.property("invalid")) != invalid:
            widget.setProperty("invalid", invalid)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def clear_problem(self, key: str) -> None:
        """The field was edited: its message goes."""
        if key in self.messages:
            self.messages[key].hide()
            self._mark(key, False)

    def clear_problems(self) -> None:
        for key in self.messages:
            self.clear_problem(key)
        self.banner.hide()

    def show_problems(self, problems: Sequence[DeskError]) -> None:
        """Each message under its field (one the form has no place for in the banner); the
        cursor goes to the first field named."""
        self.clear_problems()
        first: QWidget | None = None
        for exc in problems:
            key = exc.field if isinstance(exc, ValidationError) else ""
            if key not in self.messages:
                self.banner.setStyleSheet("")
                self.banner.setText(exc.message)
                self.banner.show()
                continue
            self.messages[key].setText(exc.message)
            self.messages[key].show()
            self._mark(key, True)
            first = first or self.focus_widgets[key]
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- saving -------------------------------------------------------------------------------

    def save(self, *, new_after: bool = False) -> None:
        if self._saving:
            return
        data, problems = self.check()
        if problems:
            self.show_problems(problems)
            return
        self.clear_problems()
        self._saving = True
        self.save_button.setEnabled(False)
        self.save_new_button.setEnabled(False)
        officer = user_settings.officer_name()
        uuid = self.record.uuid if self.record else None

        def work(db, _ctx) -> interactions.SaveResult:  # type: ignore[no-untyped-def]
            return interactions.save_interaction(db, uuid, data, officer=officer)

        Op(self, self.executor, work).success(
            lambda result: self._saved(result.record, new_after, result.warning)
        ).failure(self._failed).run()

    def _saved(self, record: InteractionRecord, new_after: bool, warning: str = "") -> None:
        if warning:  # saved, as the database confirms, but the disk complained: say both
            self.save_warning.emit(warning)
        self._saving = False
        self.save_button.setEnabled(True)
        self.save_new_button.setEnabled(True)
        self.saved.emit(record)
        if new_after:
            self.record = None
            self.history_button.hide()
            self.setWindowTitle("New interaction")
            self._load(None)
            self._clean_snapshot = self.state()
            self.banner.setText(f"Saved “{record.title}”. Log the next one.")
            self.banner.setStyleSheet("color: #2e7d32;")
            self.banner.show()
            self.title.setFocus()
            return
        self._clean_snapshot = self.state()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.save_new_button.setEnabled(True)
        if isinstance(exc, DeskError):
            self.show_problems([exc])
        else:
            show_error(self, "The interaction was not saved", exc)

    def reject(self) -> None:
        if self._saving:
            return
        if self.is_dirty():
            answer = QMessageBox.question(
                self,
                "Discard changes?",
                "This interaction has changes that are not saved. Discard them?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
