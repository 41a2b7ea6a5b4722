"""The interaction editor: every field with a visible label, keyboard first.

Tab order follows the form top to bottom, left column then right. Enter in a picker adds the
choice; Ctrl+Return saves; Ctrl+Shift+Return saves and starts a new one; Esc cancels (asking
first if anything changed). Saving runs on the database worker; a validation error marks the
field and shows the core's message under it, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
import itertools

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
from eunato_desk.ui.follow_up_field import FollowUpField
from eunato_desk.ui.ops import DbExecutor, Op, show_error
from eunato_desk.ui.pickers import ActionLinksField, ChoiceList

FORMAT_LABELS = {"in_person": "In person", "video": "Video", "hybrid": "Hybrid"}
INVALID_STYLE = "QWidget[invalid='true'] { border: 2px solid #c62828; }"
MESSAGE_STYLE = "QLabel#fieldMessage { color: #c62828; }"


def resolve_type(text: str, types: tuple[str, ...]) -> str:
    """The type named by ``text``: exact (any case) or a unique prefix; else the text as typed,
    so the core can name the problem."""
    key = text.strip().lower()
    for t in types:
        if t.lower() == key:
            return t
    starts = [t for t in types if t.lower().startswith(key)] if key else []
    return starts[0] if len(starts) == 1 else text.strip()


class InteractionEditor(QDialog):
    saved = Signal(object)  # InteractionRecord
    history_requested = Signal(str)  # uuid

    def __init__(
        self,
        executor: DbExecutor,
        vocab: Vocabulary,
        record: InteractionRecord | None = None,
        *,
        initial: InteractionInput | None = None,
        follow_ups: list[FollowUpRecord] | None = None,
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
        self.resize(1100, 720)
        self._saving = False
        self._build()
        self._load(record.to_input() if record else initial)
        self.follow_ups.set_existing(follow_ups or [])
        self.history_button.setVisible(record is not None)
        self._clean_snapshot = self._snapshot()

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
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
        self.organisations = ChoiceList("Organisation name or acronym, then Enter", parent=self)
        self.organisations.set_choices(
            [(o.label, o.acronym or o.name) for o in self.vocab.organisations]
        )
        self.summary = QPlainTextEdit(self, placeholderText="Minutes: what was discussed")
        self.outcome = QPlainTextEdit(self, placeholderText="Outcome and next steps")
        for text in (self.summary, self.outcome):
            text.setTabChangesFocus(True)

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
        self.countries = ChoiceList("Country name or ISO code, then Enter", parent=self)
        self.countries.set_choices(
            [
                (f"{c.name} ({c.iso_code}){' — pilot' if c.is_pilot else ''}", c.name)
                for c in self.vocab.countries
            ]
        )
        self.participants = ChoiceList(
            "Name, then Enter (new names are added)", allow_new=True, parent=self
        )
        self.participants.set_choices([(p.name, p.name) for p in self.vocab.people])
        self.marking = QComboBox(self)
        self.marking.addItems(list(self.vocab.markings))
        self.tags = QLineEdit(self, placeholderText="Words separated by ;")
        self.follow_ups = FollowUpField(self)
        self.actions.changed.connect(
            lambda: self.follow_ups.set_linked_actions(self.actions.numbers())
        )

        self.messages: dict[str, QLabel] = {}
        left = QFormLayout()
        right = QFormLayout()
        for form in (left, right):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._row(left, "&Title:", self.title, "title")
        self._row(left, "T&ype:", self.type, "type")
        self._row(
            left,
            "&Date:",
            self._pair(self.date, "Start ti&me:", self.start_time),
            "date",
            self.date,
        )
        self._row(left, "&Actions:", self.actions, "actions", self.actions.input)
        self._row(
            left, "&Organisations:", self.organisations, "organisations", self.organisations.input
        )
        self._row(left, "Su&mmary:", self.summary, "summary")
        self._row(left, "Out&come / next steps:", self.outcome, "outcome")
        self._row(right, "&Status:", self.status, "status")
        self._row(
            right,
            "&End date:",
            self._pair(self.end_date, "End t&ime:", self.end_time),
            "end date",
            self.end_date,
        )
        self._row(right, "&Format:", self.format, "format")
        self._row(right, "&Location:", self.location, "location")
        self._row(right, "Cou&ntries:", self.countries, "countries", self.countries.input)
        self._row(
            right, "&Participants:", self.participants, "participants", self.participants.input
        )
        self._row(right, "Mar&king:", self.marking, "marking")
        self._row(right, "Ta&gs:", self.tags, "tags")
        self._row(right, "Follow-&ups:", self.follow_ups, "follow-up", self.follow_ups.text)
        self.messages["follow-up action"] = self.messages["follow-up"]
        self.messages["end time"] = self.messages["end date"]
        self.messages["start time"] = self.messages["date"]

        right_column = QVBoxLayout()
        right_column.addLayout(right)
        right_column.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addSpacing(16)
        columns.addLayout(right_column, 2)

        self.save_button = QPushButton("Save  (Ctrl+Return)", self)
        self.save_new_button = QPushButton("Save and new  (Ctrl+Shift+Return)", self)
        self.cancel_button = QPushButton("Cancel  (Esc)", self)
        for button in (self.save_button, self.save_new_button, self.cancel_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.save_button.clicked.connect(lambda: self.save(new_after=False))
        self.save_new_button.clicked.connect(lambda: self.save(new_after=True))
        self.cancel_button.clicked.connect(self.reject)
        self.banner = QLabel(self)
        self.banner.setObjectName("fieldMessage")
        self.banner.setWordWrap(True)
        self.banner.hide()
        footer = QHBoxLayout()
        self.history_button = QPushButton("&History…", self)
        self.history_button.setAutoDefault(False)
        self.history_button.setToolTip("Who changed what in this interaction, and when")
        self.history_button.clicked.connect(
            lambda: self.record and self.history_requested.emit(self.record.uuid)
        )
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
        chain = [
            self.title, self.type, self.date, self.start_time, self.actions.input,
            self.actions.table, self.organisations.input, self.organisations.list,
            self.summary, self.outcome, self.status, self.end_date, self.end_time, self.format,
            self.location, self.countries.input, self.countries.list, self.participants.input,
            self.participants.list, self.marking, self.tags, self.follow_ups.text,
            self.follow_ups.owner, self.follow_ups.due, self.follow_ups.action,
            self.follow_ups.list, self.save_button,
            self.save_new_button, self.cancel_button,
        ]  # fmt: skip
        self.actions.table.setTabKeyNavigation(False)
        self.actions.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)
        self.title.setFocus()

    def _pair(self, first: QWidget, second_label: str, second: QWidget) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(first, 1)
        label = QLabel(second_label, box)
        label.setBuddy(second)
        row.addWidget(label)
        row.addWidget(second, 1)
        return box

    def _row(
        self, form: QFormLayout, text: str, field: QWidget, key: str, buddy: QWidget | None = None
    ) -> None:
        label = QLabel(text, self)
        label.setBuddy(buddy or field)
        message = QLabel(self)
        message.setObjectName("fieldMessage")
        message.setWordWrap(True)
        message.hide()
        box = QWidget(self)
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(1)
        col.addWidget(field)
        col.addWidget(message)
        form.addRow(label, box)
        self.messages[key] = message
        field.setProperty("fieldKey", key)

    # --- data in and out ----------------------------------------------------------------------

    def _load(self, data: InteractionInput | None) -> None:
        data = data or InteractionInput(title="", type="", start_date=self.today)
        self.title.setText(data.title)
        self.type.setCurrentIndex(self.type.findText(data.type) if data.type else -1)
        if not data.type:
            self.type.setEditText("")
        self.date.setText(data.start_date.isoformat() if data.start_date else "")
        self.start_time.setText(data.start_time or "")
        self.end_date.setText(data.end_date.isoformat() if data.end_date else "")
        self.end_time.setText(data.end_time or "")
        self.status.setCurrentIndex(max(0, self.status.findData(data.status)))
        self.format.setCurrentIndex(max(0, self.format.findData(data.format)))
        self.location.setText(data.location)
        self.summary.setPlainText(data.summary)
        self.outcome.setPlainText(data.outcome)
        self.marking.setCurrentIndex(max(0, self.marking.findText(data.marking)))
        self.tags.setText("; ".join(data.tags))
        self.actions.set_links(data.links)
        self.organisations.set_values(data.organisations)
        self.countries.set_values(data.countries)
        self.participants.set_values(data.participants)

    def gather(self) -> InteractionInput:
        """The form as core input; raises ValidationError for fields the form itself parses."""
        date_text = self.date.text().strip()
        if not date_text:
            raise ValidationError("date", "a start date is required.")
        end_text = self.end_date.text().strip()
        return InteractionInput(
            title=self.title.text(),
            type=resolve_type(self.type.currentText(), self.vocab.types),
            start_date=parse_date(date_text, "date"),
            start_time=parse_time(self.start_time.text(), "start time"),
            end_date=parse_date(end_text, "end date") if end_text else None,
            end_time=parse_time(self.end_time.text(), "end time"),
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
        )

    def _snapshot(self) -> tuple:
        return (
            self.title.text(), self.type.currentText(), self.date.text(), self.start_time.text(),
            self.end_date.text(), self.end_time.text(), self.status.currentIndex(),
            self.format.currentIndex(), self.location.text(), self.summary.toPlainText(),
            self.outcome.toPlainText(), self.marking.currentIndex(), self.tags.text(),
            self.actions.links(), self.organisations.values(), self.countries.values(),
            self.participants.values(), self.follow_ups.pending(),
        )  # fmt: skip

    def is_dirty(self) -> bool:
        return self._snapshot() != self._clean_snapshot

    # --- saving -------------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for label in self.messages.values():
            label.hide()
        for widget in self.findChildren(QWidget):
            if widget.property("invalid"):
                widget.setProperty("invalid", False)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        self.banner.hide()

    def show_error(self, exc: DeskError) -> None:
        """Mark the field the core named and show its message there; else in the banner."""
        self.clear_errors()
        key = exc.field if isinstance(exc, ValidationError) else ""
        label = self.messages.get(key)
        if label is None:
            self.banner.setText(exc.message)
            self.banner.show()
            return
        label.setText(exc.message)
        label.show()
        widget = self._widget_for(key)
        if widget is not None:
            widget.setProperty("invalid", True)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
            widget.setFocus()

    def _widget_for(self, key: str) -> QWidget | None:
        return {
            "title": self.title, "type": self.type, "date": self.date,
            "start time": self.start_time, "end date": self.end_date, "end time": self.end_time,
            "actions": self.actions.input, "organisations": self.organisations.input,
            "countries": self.countries.input, "participants": self.participants.input,
            "status": self.status, "format": self.format, "marking": self.marking,
            "location": self.location, "summary": self.summary, "outcome": self.outcome,
            "follow-up": self.follow_ups.text, "follow-up action": self.follow_ups.action,
        }.get(key)  # fmt: skip

    def save(self, *, new_after: bool = False) -> None:
        if self._saving:
            return
        try:
            data = self.gather()
            interactions.validate(data)
        except ValidationError as exc:
            self.show_error(exc)
            return
        self.clear_errors()
        self._saving = True
        self.save_button.setEnabled(False)
        self.save_new_button.setEnabled(False)
        officer = user_settings.officer_name()
        uuid = self.record.uuid if self.record else None

        def work(db, _ctx) -> InteractionRecord:  # type: ignore[no-untyped-def]
            if uuid is None:
                return interactions.create_interaction(db, data, officer=officer)
            return interactions.update_interaction(db, uuid, data, officer=officer)

        Op(self, self.executor, work).success(lambda rec: self._saved(rec, new_after)).failure(
            self._failed
        ).run()

    def _saved(self, record: InteractionRecord, new_after: bool) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.save_new_button.setEnabled(True)
        self.saved.emit(record)
        if new_after:
            self.record = None
            self.history_button.hide()
            self.setWindowTitle("New interaction")
            self._load(None)
            self.follow_ups.clear()
            self._clean_snapshot = self._snapshot()
            self.banner.setText(f"Saved “{record.title}”. Log the next one.")
            self.banner.setStyleSheet("color: #2e7d32;")
            self.banner.show()
            self.title.setFocus()
            return
        self._clean_snapshot = self._snapshot()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.save_new_button.setEnabled(True)
        if isinstance(exc, DeskError):
            self.banner.setStyleSheet("")
            self.show_error(exc)
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
