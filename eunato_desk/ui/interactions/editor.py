"""The interaction editor: every field with a visible label, keyboard first.

One table of fields (``editor_fields.field_table``) drives the form: its rows and labels, the
Tab order (left column top to bottom, then the right one), loading an interaction, gathering
what is typed into the core's input, the reset after "Save and new", the unsaved-changes check
and where each message goes. Enter in a picker adds the choice and, on an empty picker, moves
on; Enter in any other single-line field moves on too. Ctrl+Return saves; Ctrl+Shift+Return
saves and starts a new one; Esc cancels (asking first if anything changed). At save, what is
still typed in a picker or in the follow-up inputs joins the list when it names exactly one
entry; every problem is shown at once, each under its field, and goes when that field is
edited. Saving runs on the database worker, follow-up changes included, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from eunato_desk.core import interactions
from eunato_desk.core import settings as user_settings
from eunato_desk.core.errors import DeskError, ValidationError
from eunato_desk.core.records import (
    FollowUpRecord,
    InteractionInput,
    InteractionRecord,
    Vocabulary,
)
from eunato_desk.core.versions import ConflictError
from eunato_desk.ui.failures import on_failure
from eunato_desk.ui.interactions import commands
from eunato_desk.ui.interactions.commands import save_changes
from eunato_desk.ui.interactions.conflict_dialog import ConflictDialog
from eunato_desk.ui.interactions.editor_choices import apply_vocabulary
from eunato_desk.ui.interactions.editor_fields import field_table, make_widgets
from eunato_desk.ui.interactions.editor_form import (
    INVALID_STYLE,
    MESSAGE_STYLE,
    FieldMessages,
    build_form,
    problem_order,
    set_tab_order,
)
from eunato_desk.ui.keys import SAVE, SAVE_AND_NEW, SAVE_KEYPAD
from eunato_desk.ui.ops import DbExecutor
from eunato_desk.ui.widgets.confirm import Button, confirm
from eunato_desk.ui.widgets.keyboard import focus_after, message_label


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
        self.existing_follow_ups: list[FollowUpRecord] = []
        self.entry_dialog: QDialog | None = None  # adding an organisation or country
        self.conflict_dialog: ConflictDialog | None = None  # someone else saved meanwhile
        self._build()
        self._load(record.to_input() if record else initial, follow_ups or ())
        self.history_button.setVisible(record is not None)
        self._clean_snapshot = self.state()

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        make_widgets(self)
        self.fields = field_table(self)
        self.banner = message_label(self)
        self.field_messages = FieldMessages(self.banner)
        self.messages = self.field_messages.labels
        self.focus_widgets = self.field_messages.focus
        columns = build_form(self, self.fields, self.field_messages)
        self.type.lineEdit().returnPressed.connect(lambda: focus_after(self.type))
        footer = self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.banner)
        layout.addLayout(footer)
        QShortcut(QKeySequence(SAVE), self, lambda: self.save(new_after=False))
        QShortcut(QKeySequence(SAVE_KEYPAD), self, lambda: self.save(new_after=False))
        QShortcut(QKeySequence(SAVE_AND_NEW), self, lambda: self.save(new_after=True))
        self.actions.table.setTabKeyNavigation(False)
        self.actions.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.follow_ups.add_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        set_tab_order(self.fields, (self.save_button, self.save_new_button, self.cancel_button))
        self.title.setFocus()

    def _build_buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton(f"Save  ({SAVE})", self)
        self.save_new_button = QPushButton(f"Save and new  ({SAVE_AND_NEW})", self)
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
        footer = QHBoxLayout()
        footer.addWidget(self.history_button)
        footer.addStretch(1)
        footer.addWidget(self.save_new_button)
        footer.addWidget(self.save_button)
        footer.addWidget(self.cancel_button)
        return footer

    def set_vocabulary(self, vocab: Vocabulary) -> None:
        """The reference lists were read again: every choice follows, nothing typed is lost."""
        apply_vocabulary(self, vocab)

    # --- data in and out ----------------------------------------------------------------------

    def _load(
        self, data: InteractionInput | None, follow_ups: Sequence[FollowUpRecord] = ()
    ) -> None:
        """Show an interaction (or a blank one), every field from the table, nothing typed."""
        self.existing_follow_ups = list(follow_ups)
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
        values: dict[str, object] = {}
        for field in self.fields:
            values.update(field.gather(problems))
        data = InteractionInput(**values)  # type: ignore[arg-type]
        found = {p.field for p in problems}
        problems += [p for p in interactions.problems(data) if p.field not in found]
        order = problem_order(self.fields)
        return data, sorted(
            problems, key=lambda p: order.index(p.field) if p.field in order else len(order)
        )

    # --- problems -----------------------------------------------------------------------------

    def clear_problem(self, key: str) -> None:
        """The field was edited: its message goes."""
        self.field_messages.clear(key)

    def clear_problems(self) -> None:
        self.field_messages.clear_all()

    def show_problems(self, problems: Sequence[DeskError]) -> None:
        """Each message under its field (one the form has no place for in the banner); the
        cursor goes to the first field named."""
        first = self.field_messages.show(problems)
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
        self._submit(data, new_after, self.record)

    def _submit(
        self, data: InteractionInput, new_after: bool, over: InteractionRecord | None
    ) -> None:
        """Save ``data`` over the stored version ``over`` (the one loaded, or theirs after a
        conflict): refused if the interaction was saved again since (``_refused``)."""
        self._set_saving(True)
        officer = user_settings.officer_name()
        uuid = over.uuid if over else None
        people = {p.name for p in self.vocab.people}
        changes = save_changes(over, data, self.existing_follow_ups, people)
        version = over.version if over else None
        commands.save_interaction(
            self, self.executor, uuid, data, officer, changes, version
        ).success(lambda result: self._saved(result.record, new_after, result.warning)).failure(
            on_failure(
                self,
                "The interaction was not saved",
                expected=lambda exc: self._refused(exc, data, new_after),
                always=lambda: self._set_saving(False),
            )
        ).run()

    def _refused(self, exc: DeskError, mine: InteractionInput, new_after: bool) -> None:
        """A problem goes under its field; someone else's newer save opens the conflict
        dialog (their version against the form, field by field)."""
        if not isinstance(exc, ConflictError):
            self.show_problems([exc])
            return
        dialog = ConflictDialog(exc.theirs, mine, self.record, self)
        self.conflict_dialog = dialog
        dialog.accepted.connect(lambda: self._resolved(exc.theirs, dialog, new_after))
        dialog.finished.connect(lambda _r: setattr(self, "conflict_dialog", None))
        dialog.open()

    def _resolved(self, theirs: InteractionRecord, dialog: ConflictDialog, new_after: bool) -> None:
        """Save the mix chosen over their version; the form shows it meanwhile (its own
        follow-up list stays as typed). The editor still counts from the version it loaded,
        so a form saved again later is checked again: nothing is overwritten unseen."""
        data = dialog.result_input()
        for field in self.fields:
            if field.key != "follow-up":
                field.load(data)
        self._submit(data, new_after, theirs)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.save_new_button.setEnabled(not saving)

    def _saved(self, record: InteractionRecord, new_after: bool, warning: str = "") -> None:
        if warning:  # saved, as the database confirms, but the disk complained: say both
            self.save_warning.emit(warning)
        self._set_saving(False)
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

    def reject(self) -> None:
        if self._saving:
            return
        if self.is_dirty() and not confirm(
            self,
            "Discard changes?",
            "This interaction has changes that are not saved. Discard them?",
            yes=Button.Discard,
        ):
            return
        super().reject()
