"""File > Connect to team database…: the address (with the recent server addresses to pick
from), then, if the server asks for one, the password. The connection is opened off the GUI
thread (``DatabaseOpener``); what goes wrong is said in one sentence in the dialog, which
stays open to try again. The password is kept in memory only, for this connection."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core.errors import DeskError, ValidationError
from eunato_desk.core.storage.address import ServerAddress
from eunato_desk.ui.team.opening import (
    DatabaseOpener,
    Opened,
    needs_password,
    open_for_window,
    with_password,
    without_password,
)
from eunato_desk.ui.team.recent import recent_servers

EXAMPLE = "postgresql://anna@desk-server/eunato"


def _message_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName("Message")
    return label


class PasswordDialog(QDialog):
    """The server's password for one login: typed, never shown, never stored."""

    def __init__(self, address: ServerAddress, problem: str = "", parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle("Password for the team database")
        who = address.user or "your login"
        host = address.url.host or address.url.query.get("host") or "the server"
        intro = QLabel(
            f"The server asks for the password of <b>{who}</b> on <b>{host}</b> "
            f"(database <b>{address.database}</b>).<br>It is kept only while the application "
            "runs: never saved in the settings or in any file.",
            self,
        )
        intro.setWordWrap(True)
        self.problem = _message_label(self)
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.problem.setStyleSheet("color: #a61b1b;")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        form = QFormLayout()
        label = QLabel("&Password:", self)
        label.setBuddy(self.password)
        form.addRow(label, self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Connect")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.problem)
        layout.addLayout(form)
        layout.addWidget(buttons)
        # The layout sets the dialog's minimum size (it grows with a problem said), so the
        # width goes on what wraps: a dialog's own minimum width would be overridden.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        intro.setMinimumWidth(480)
        self.problem.setMinimumWidth(480)
        self.password.setFocus()


class ConnectDialog(QDialog):
    """Asks for a team database's address (and password), opens it off the GUI thread and
    emits ``opened_database(Opened, address)`` once it is open; then it closes."""

    opened_database = Signal(object, object)  # Opened, the ServerAddress (no password)

    def __init__(self, parent: QWidget | None = None, address: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect to team database")
        self.opener = DatabaseOpener(self)
        self.opener.opened.connect(self._opened)
        self.opener.failed.connect(self._failed)
        self.address: ServerAddress | None = None
        self._password: str | None = None  # for this connection only
        self.password_dialog: PasswordDialog | None = None
        intro = QLabel(
            "Type the address of your unit's team database, as the unit's IT gave it to "
            f"you, for example <i>{EXAMPLE}</i>. If the server asks for a password, you will "
            "be asked for it next; it is never saved.",
            self,
        )
        intro.setWordWrap(True)
        self.combo = QComboBox(self)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItems(recent_servers())
        self.combo.setCurrentText(address)
        self.combo.lineEdit().setPlaceholderText(EXAMPLE)
        self.combo.setAccessibleName("Team database address")
        self.combo.setMinimumWidth(460)
        form = QFormLayout()
        label = QLabel("&Address:", self)
        label.setBuddy(self.combo)
        form.addRow(label, self.combo)
        self.message = _message_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText("&Connect")
        self.buttons.accepted.connect(self.connect_to)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # messages fit
        self.setMinimumWidth(640)

    # --- connecting ---------------------------------------------------------------------------

    def _say(self, text: str, problem: bool = False) -> None:
        self.message.setStyleSheet("color: #a61b1b;" if problem else "")
        self.message.setText(text)
        self.adjustSize()

    def _set_busy(self, busy: bool) -> None:
        self.combo.setEnabled(not busy)
        self.connect_button.setEnabled(not busy)

    def connect_to(self) -> None:
        """Connect: read the address, open it on the opener's thread."""
        if self.opener.busy:
            return
        try:
            address = ServerAddress.parse(self.combo.currentText(), "Address")
        except ValidationError as exc:
            self._say(exc.message, problem=True)
            self.combo.setFocus()
            return
        if address != self.address:
            self._password = address.url.password  # one typed in the URL itself
            self.address = without_password(address)
        self._open()

    def _open(self) -> None:
        assert self.address is not None
        target = (
            self.address if self._password is None else with_password(self.address, self._password)
        )
        self._set_busy(True)
        self._say(f"Connecting to {self.address.label}…")
        self.opener.open(target)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if self.isHidden():  # cancelled meanwhile
            return
        if needs_password(exc) and self.address is not None:
            refused = self._password is not None
            who = self.address.user or "your login"
            problem = (
                f"The server refused this password for {who}: type it again (or ask the "
                "unit's IT whether the login exists)."
                if refused
                else ""
            )
            self._say(problem or f"The server asks for the password of {who}.", refused)
            self._ask_password(problem)
            return
        self._say(exc.message if isinstance(exc, DeskError) else str(exc), problem=True)

    def _ask_password(self, problem: str) -> None:
        assert self.address is not None
        dialog = PasswordDialog(self.address, problem, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._password_given(dialog.password.text()))
        dialog.finished.connect(lambda _r: setattr(self, "password_dialog", None))
        self.password_dialog = dialog
        dialog.open()

    def _password_given(self, password: str) -> None:
        self._password = password
        self._open()

    def _opened(self, opened: Opened) -> None:
        self._set_busy(False)
        if self.isHidden():  # cancelled while connecting: let the database go again
            opened.db.dispose()
            return
        self._say(f"Connected to {self.address.label if self.address else ''}.")
        self.opened_database.emit(opened, self.address)
        self.accept()


__all__ = ["ConnectDialog", "PasswordDialog", "open_for_window"]
