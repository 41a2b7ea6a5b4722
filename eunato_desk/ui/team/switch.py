"""The window moves to another database: File > Connect to team database…, File > Recent
databases. The database is opened off the GUI thread; then a new main window is made on it and
the old one closes after its own checks (an open editor asks first). If the officer keeps
editing, the new database is let go again and nothing changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from eunato_desk.core.errors import DeskError
from eunato_desk.core.storage.address import Address, ServerAddress, parse_address
from eunato_desk.ui.failures import show_error
from eunato_desk.ui.team.connect_dialog import ConnectDialog
from eunato_desk.ui.team.opening import DatabaseOpener, Opened
from eunato_desk.ui.team.recent import address_text

if TYPE_CHECKING:
    from eunato_desk.ui.main_window import MainWindow


def _let_go(opened: Opened) -> None:
    opened.db.dispose()
    if opened.lock is not None:
        opened.lock.release()


def switch_window(old: MainWindow, opened: Opened) -> MainWindow | None:
    """A new main window on ``opened``, shown, and ``old`` closed; None (and ``opened`` let
    go) when the old window may not close yet."""
    from eunato_desk.ui.main_window import MainWindow

    if not old.ready_to_close():
        _let_go(opened)
        return None
    deep = opened.db.deep_check_due is not None
    new = MainWindow(opened.db, lock=opened.lock, deep_check=deep)
    new.show()
    old.replaced.emit(new)
    old.close()
    old.executor.close()
    if old.lock is not None:
        old.lock.release()
    return new


def connect_to_team_database(window: MainWindow, address: str = "") -> ConnectDialog:
    """File > Connect to team database…: the dialog; on success, the window switches."""
    dialog = ConnectDialog(window, address)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.opened_database.connect(lambda opened, _address: switch_window(window, opened))
    window.connect_dialog = dialog
    dialog.open()
    return dialog


def open_recent(window: MainWindow, text: str) -> None:
    """File > Recent databases > one of them: a server through the connect dialog (which
    asks for a password if needed), a file opened directly; then the window switches."""
    if text == address_text(window.db.address):
        window.statusBar().showMessage(f"{text} is the database open now.", 6000)
        return
    try:
        address: Address = parse_address(text)
    except DeskError as exc:
        show_error(window, "The database was not opened", exc)
        return
    if isinstance(address, ServerAddress):
        connect_to_team_database(window, text).connect_to()
        return
    opener = DatabaseOpener(window)
    window.statusBar().showMessage(f"Opening {text}…")

    def failed(exc: BaseException) -> None:
        window.statusBar().clearMessage()
        show_error(window, "The database was not opened", exc)

    opener.opened.connect(lambda opened: switch_window(window, opened))
    opener.failed.connect(failed)
    window.recent_opener = opener
    opener.open(address)
