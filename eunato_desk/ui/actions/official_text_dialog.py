"""Actions > Load official texts…: the official text of one set (2016: the Council annex, 42
proposals; 2017: the press release, 32 more), pasted into the box or opened from a .txt file,
updates the titles, descriptions and areas of its actions by number (``core.catalogue.
official_load``).

The preview follows the text and the set by itself (shortly after each change, on the reader
thread) or on *Preview*: one row per proposal, what it would change, problems first. Nothing
is written until *Apply*, which is enabled only when the preview can be loaded: no problems,
and the count of proposals is the set's or the person ticked *Load anyway*. Apply loads it
in one transaction after a checked backup; Edit > Undo load of official texts puts it back
(the controller keeps the receipt). A text that cannot be read is said under the box."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core import settings as user_settings
from eunato_desk.core.catalogue import official_load as official
from eunato_desk.core.errors import DeskError
from eunato_desk.ui.actions import commands
from eunato_desk.ui.actions.official_text_preview import OfficialTextPreview
from eunato_desk.ui.failures import on_failure
from eunato_desk.ui.ops import DbExecutor
from eunato_desk.ui.widgets.keyboard import message_label

PREVIEW_DELAY_MS = 400  # after the last change to the text or the set
MESSAGE_STYLE = "QLabel#fieldMessage { color: #c62828; }"
SETS = (
    (2016, "2016 — Council annex 15283/16 (6 December 2016): 42 proposals, actions 1–42"),
    (2017, "2017 — NATO Press Release (2017) 174 (5 December 2017): 32 further proposals, "
           "actions 43–74"),
)  # fmt: skip
INTRO = (
    "Each proposal of the text updates the action with its number, in document order: its "
    "title, description and area come from the text, it becomes “confirmed”, and its source "
    "says which text you loaded. Links to interactions are never touched. Nothing is written "
    "until you press Apply; the database is backed up first, and Edit &gt; Undo load of "
    "official texts puts everything back."
)
HINT = (
    "From the PDF of the Council annex or the press release's web page: select the whole list, "
    "from the first area heading to the last proposal, copy it (Ctrl+C) and paste it here "
    "(Ctrl+V). Page numbers, document codes and running headers are left out by themselves."
)
EMPTY = "Paste the text or open a .txt file: the preview of what it would change shows here."


class OfficialTextDialog(QDialog):
    loaded = Signal(object)  # LoadReceipt

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Load official texts")
        self.setStyleSheet(MESSAGE_STYLE)
        self.executor = executor
        self.preview: official.LoadPreview | None = None  # of the text and set shown, if any
        self._version = 0  # the inputs' version: a preview of an older one is dropped
        self._file: tuple[official.SourceText, str] | None = None  # opened, as the box shows it
        self._count_seen = -1  # the count that "Load anyway" was offered for
        self._applying = False
        self._closed = False
        self._make_inputs()
        self.preview_view = OfficialTextPreview(self)
        self.preview_view.row_selected.connect(self._go_to_proposal)
        self.accept_count = QCheckBox(self)
        self.accept_count.hide()
        self.accept_count.toggled.connect(lambda _c: self._update_apply())
        self.working = QLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Close, self
        )
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setText("&Apply")
        self.apply_button.clicked.connect(self.run_apply)
        buttons.rejected.connect(self.reject)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.timer.timeout.connect(lambda: self.run_preview(asked=False))
        self._lay_out(buttons)
        self.preview_view.clear(EMPTY)
        self._update_apply()
        self.resize(1180, 860)

    def _make_inputs(self) -> None:
        self.set_choice = QComboBox(self)
        for year, text in SETS:
            self.set_choice.addItem(text, year)
        self.set_choice.currentIndexChanged.connect(lambda _i: self._inputs_changed())
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)  # Tab moves on; the text has no tabs worth typing
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)  # a line is a line
        self.text.setPlaceholderText(
            "Paste the text of the proposals here (Ctrl+V), or Open… a .txt file."
        )
        self.text.textChanged.connect(self._inputs_changed)
        self.text.cursorPositionChanged.connect(self._show_line)
        self.line = QLabel(self)
        self.message = message_label(self)
        self.open_button = QPushButton("&Open…", self)
        self.open_button.clicked.connect(self._browse)
        self.preview_button = QPushButton("&Preview", self)
        self.preview_button.clicked.connect(self.run_preview)

    def _lay_out(self, buttons: QDialogButtonBox) -> None:
        intro = QLabel(INTRO, self, wordWrap=True, textFormat=Qt.TextFormat.RichText)
        set_label = QLabel("&Set:", self)
        set_label.setBuddy(self.set_choice)
        set_row = QHBoxLayout()
        set_row.addWidget(set_label)
        set_row.addWidget(self.set_choice, 1)
        text_label = QLabel("&Text of the proposals:", self)
        text_label.setBuddy(self.text)
        hint = QLabel(HINT, self, wordWrap=True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        under = QHBoxLayout()
        under.addWidget(hint, 1)
        under.addWidget(self.line)
        under.addWidget(self.open_button)
        under.addWidget(self.preview_button)
        source = QWidget(self)
        column = QVBoxLayout(source)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(text_label)
        column.addWidget(self.text, 1)
        column.addWidget(self.message)
        column.addLayout(under)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        split.addWidget(source)
        split.addWidget(self.preview_view)
        split.setSizes([190, 600])
        bottom = QHBoxLayout()
        bottom.addWidget(self.accept_count)
        bottom.addWidget(self.working, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(set_row)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)

    # --- the text -----------------------------------------------------------------------------

    def _browse(self) -> None:
        folder = user_settings.load().get("import_folder") or str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self, "Open the official text", folder, "Text (*.txt);;All files (*)"
        )
        if path:
            user_settings.save({"import_folder": str(Path(path).parent)})
            self.open_file(path)

    def open_file(self, path: str) -> None:
        """Read the file on the worker; its text goes into the box (a refusal under it)."""
        self.message.hide()
        self.open_button.setEnabled(False)
        commands.read_official_text(self, self.executor, path).success(self._file_read).failure(
            on_failure(
                self, "The file could not be read", expected=self._file_refused,
                always=lambda: self._closed or self.open_button.setEnabled(True),
            )
        ).run()  # fmt: skip

    def _file_read(self, source: official.SourceText) -> None:
        if self._closed:
            return
        self.open_button.setEnabled(True)
        self.text.setPlainText(source.text)
        self._file = (source, self.text.toPlainText())
        self.run_preview()

    def _file_refused(self, exc: DeskError) -> None:
        if not self._closed:
            self._say(exc.message)

    def _source(self, text: str) -> official.SourceText:
        """The file opened while the box shows its text; pasted text otherwise."""
        if self._file is not None and self._file[1] == text:
            return self._file[0]
        return official.pasted_text(text)

    def _say(self, message: str) -> None:
        """A problem with the text, under the box."""
        self.message.setText(message)
        self.message.setVisible(bool(message))

    def _show_line(self) -> None:
        cursor = self.text.textCursor()
        self.line.setText(f"Line {cursor.blockNumber() + 1} of {self.text.blockCount()}")

    def _go_to_proposal(self, planned: official.PlannedUpdate | None) -> None:
        """The selected proposal's first line, in the box (without taking the focus)."""
        if planned is None:
            return
        block = self.text.document().findBlockByNumber(planned.item.line - 1)
        if block.isValid():
            self.text.setTextCursor(QTextCursor(block))
            self.text.centerCursor()

    # --- preview ------------------------------------------------------------------------------

    def _inputs_changed(self) -> None:
        """The text or the set changed: the preview shown is out of date until the next."""
        self._version += 1
        self.preview = None
        self.message.hide()
        self._update_apply()
        if self.text.toPlainText().strip():
            self.preview_view.summary.setText("The preview follows the text in a moment…")
        self.timer.start()

    def run_preview(self, asked: bool = True) -> None:
        """Preview the text as it is now (``asked``: the person pressed Preview)."""
        self.timer.stop()
        version, text = self._version, self.text.toPlainText()
        if not text.strip():
            self.preview_view.clear(EMPTY)
            self._offer_count()
            self._update_apply()
            if asked:
                self._say("Text: paste the text of the proposals or open a .txt file first.")
            return
        year = self.set_choice.currentData()
        commands.preview_official_text(self, self.executor, self._source(text), year).success(
            lambda preview: self._previewed(version, preview)
        ).failure(
            on_failure(self, "The text could not be read",
                       expected=lambda exc: self._not_read(version, exc))
        ).run()  # fmt: skip

    def _previewed(self, version: int, preview: official.LoadPreview) -> None:
        if self._closed or version != self._version:
            return  # the text or the set changed meanwhile: a newer preview is on its way
        self.preview = preview
        self.message.hide()
        self.preview_view.show_preview(preview)
        self._offer_count()
        self._update_apply()

    def _not_read(self, version: int, exc: DeskError) -> None:
        if self._closed or version != self._version:
            return
        self.preview = None
        self.preview_view.clear("Nothing to preview: the text above could not be read as the "
                                "list of proposals.")  # fmt: skip
        self._say(exc.message)
        self._offer_count()
        self._update_apply()

    def _offer_count(self) -> None:
        """``Load anyway`` when the text has fewer proposals than the set (and nothing else
        stops it); unticked again whenever that count changes."""
        p = self.preview
        short = p is not None and not p.problems and p.found < p.expected
        found = p.found if p is not None and short else -1
        if found != self._count_seen:
            self.accept_count.setChecked(False)
            self._count_seen = found
        if p is not None and short:
            self.accept_count.setText(
                f"&Load anyway: the text has {p.found} proposals, the set has {p.expected}"
            )
        self.accept_count.setVisible(short)

    def can_apply(self) -> bool:
        p = self.preview
        return (
            p is not None
            and not self._applying
            and not p.refusal(self.accept_count.isChecked())
            and bool(p.to_update)
        )

    def _update_apply(self) -> None:
        can = self.can_apply()
        self.apply_button.setEnabled(can)
        self.apply_button.setDefault(can)  # then Enter applies (not in the text or the table)
        self.preview_button.setDefault(not can)

    # --- apply --------------------------------------------------------------------------------

    def run_apply(self) -> None:
        preview = self.preview
        if preview is None or not self.can_apply():
            return
        self._applying = True
        self._update_apply()
        self.working.setText("Loading: a backup of the database first, then the actions…")
        commands.load_official_text(
            self, self.executor, preview, user_settings.officer_name(),
            accept_count=self.accept_count.isChecked(),
        ).success(self._loaded).failure(
            on_failure(self, "The official text was not loaded", expected=self._refused,
                       always=self._apply_ended)
        ).run()  # fmt: skip

    def _apply_ended(self) -> None:
        self._applying = False
        self.working.clear()
        self._update_apply()

    def _refused(self, exc: DeskError) -> None:
        """Refused after the preview (the catalogue changed meanwhile): nothing was written."""
        self.preview_view.show_refusal(exc.message)

    def _loaded(self, receipt: official.LoadReceipt) -> None:
        self._applying = False
        self.loaded.emit(receipt)
        self.accept()

    # --- keys and closing ---------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            self.preview_view.table.hasFocus()
        ):
            event.accept()  # Enter on a row never loads the text: Apply does
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        if self._applying:
            return  # the load is being written: the dialog closes when it is done
        self._closed = True
        self.timer.stop()
        super().done(result)
