"""Starting the application on a team database (``--db postgresql://…``, EUNATO_DESK_DB):
opened off the GUI thread while a local event loop waits, the password asked for if the
server wants one (kept in memory only), anything else refused in a dialog: an unreachable
server, a refused login, another application's database, an empty one (the unit's IT runs
``db upgrade``). No lock file, no storage warning, never a new database."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QMessageBox

from eunato_desk.core.errors import DeskError
from eunato_desk.core.storage.address import ServerAddress
from eunato_desk.ui.team.connect_dialog import PasswordDialog
from eunato_desk.ui.team.opening import (
    DatabaseOpener,
    Opened,
    needs_password,
    with_password,
    without_password,
)
from eunato_desk.ui.waiting import wait_for

TITLE = "EU-NATO Desk cannot open the database"


def _open_waiting(address: ServerAddress) -> Opened | BaseException:
    opener = DatabaseOpener()

    def start(done: Callable[[Opened | BaseException], None]) -> None:
        opener.opened.connect(done)
        opener.failed.connect(done)
        opener.open(address)

    outcome = wait_for(start)
    opener.wait()
    return outcome  # type: ignore[no-any-return]


def open_server_for_start(address: ServerAddress) -> Opened | None:
    """The team database opened, or None once the reason was shown (or the officer gave up
    at the password)."""
    password = address.url.password
    base = without_password(address)
    while True:
        target = base if password is None else with_password(base, password)
        outcome = _open_waiting(target)
        if isinstance(outcome, Opened):
            return outcome
        if not needs_password(outcome):
            message = outcome.message if isinstance(outcome, DeskError) else str(outcome)
            QMessageBox.critical(None, TITLE, message)
            return None
        problem = (
            f"The server refused this password for {base.user or 'your login'}: type it again."
            if password is not None
            else ""
        )
        dialog = PasswordDialog(base, problem)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        password = dialog.password.text()
