"""What the main window shows of its database: the title and the status bar name it (a file,
or a team server's address without any password); on a team server the file-only commands
say why they are off; with a read-only login (or a file that cannot be written) every editing
command is off and a banner says why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from eunato_desk.ui.safety.controller import RESTORE_ON_SERVER
from eunato_desk.ui.team.recent import address_text

if TYPE_CHECKING:
    from eunato_desk.ui.main_window import MainWindow

# The menu commands that change the database (attributes of ``Menus``).
EDITING_COMMANDS = (
    "new_action", "demo_action", "import_action", "undo_import_action", "duplicate_action",
    "delete_action", "undo_delete_action", "restore_action", "empty_trash_action",
    "restore_backup_action", "load_texts_action", "undo_load_texts_action",
    "catalogue_import_action", "add_catalogue_action", "reference_add_action",
    "reference_rename_action", "reference_edit_action", "reference_alias_action",
    "reference_merge_action", "reference_retire_action", "reference_up_action",
    "reference_down_action",
)  # fmt: skip


def title_for(window: MainWindow) -> str:
    db = window.db
    name = address_text(db.address) if db.is_server else db.path.name  # type: ignore[union-attr]
    return f"EU-NATO Desk — {name}" + (" (read-only)" if db.read_only else "")


def read_only_reason(window: MainWindow) -> str:
    """The banner's sentence."""
    db = window.db
    if db.is_server:
        return (
            f"Read-only: your login {db.login or db.address.user or '(unknown)'} may read "  # type: ignore[union-attr]
            "this team database but not change it."
        )
    return "Read-only: this database file cannot be written here, so nothing can be changed."


def adapt(window: MainWindow) -> None:
    """Title, status bar, the server's file-only commands, and read-only mode."""
    db = window.db
    window.setWindowTitle(title_for(window))
    kind = "Team database" if db.is_server else "Database"
    window.statusBar().showMessage(f"{kind}: {address_text(db.address)}", 8000)
    menus = window.menus
    if db.is_server:
        menus.restore_backup_action.setEnabled(False)
        menus.restore_backup_action.setStatusTip(RESTORE_ON_SERVER)
        menus.restore_backup_action.setToolTip(RESTORE_ON_SERVER)
        menus.backup_action.setStatusTip(
            "Copy the whole team database into a new SQLite file in your backups folder"
        )
        menus.check_action.setStatusTip(
            "Check the team database: its schema, that it is EU-NATO Desk's, every link"
        )
    if db.read_only:
        _read_only(window)


def _read_only(window: MainWindow) -> None:
    reason = read_only_reason(window)
    for name in EDITING_COMMANDS:
        action = getattr(window.menus, name, None)
        if action is not None:
            action.setEnabled(False)
            action.setStatusTip(reason)
    page, follow_ups = window.actions_view.page, window.follow_ups_view
    for button in (page.edit_button, page.renumber_button, page.merge_button,
                   page.split_button, page.retire_button, window.actions_view.add_button,
                   follow_ups.done_button, follow_ups.reopen_button):  # fmt: skip
        button.setEnabled(False)
        button.setToolTip(reason)
    reference = window.reference_view
    hidden = [b for b in reference.buttons() if b is not reference.history_button]
    hidden += [window.trash_view.restore_button, window.trash_view.empty_button,
               window.interactions_view.empty.log_button,
               window.interactions_view.empty.demo_button]  # fmt: skip
    for button in hidden:  # their views switch them on and off: out of sight instead
        button.setVisible(False)
    window.read_only_banner = _banner(window, reason)
    badge = QLabel("Read-only", window)
    badge.setToolTip(reason)
    window.statusBar().addPermanentWidget(badge)
    window.statusBar().showMessage(reason)


def _banner(window: MainWindow, reason: str) -> QLabel:
    banner = QLabel(reason, window)
    banner.setWordWrap(True)
    banner.setAccessibleName("Read-only")
    banner.setStyleSheet(
        "QLabel { background: #fff4cc; color: #4d3b00; border: 1px solid #e0c060;"
        " padding: 6px 10px; font-weight: 600; }"
    )
    central = window.takeCentralWidget()
    holder = QWidget(window)
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(banner)
    layout.addWidget(central, 1)
    window.setCentralWidget(holder)
    return banner
