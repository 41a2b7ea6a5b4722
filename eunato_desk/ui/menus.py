"""The main window's commands as menu entries (``QAction``s with their shortcuts and status
tips), and its menus. Help > Keyboard shortcuts is written from these (``shortcuts.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from eunato_desk.ui.shortcuts import GROUP, WHERE

if TYPE_CHECKING:
    from eunato_desk.ui.main_window import MainWindow

VIEWS = ("Interactions", "Actions", "Follow-ups", "Dashboard", "Trash")


class Menus:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._build_actions()
        self._build_menus()

    def _action(self, text: str, slot, shortcut=None, tip: str = "", where: str = "") -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        if where:
            action.setProperty(WHERE, where)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    def _commands(self) -> tuple[tuple, ...]:  # type: ignore[type-arg]
        """(attribute, menu text, slot, shortcut, status tip, where the shortcut works)."""
        w = self.window
        i, t, s = w.interactions, w.transfer, w.safety
        return (
            ("new_action", "&New interaction…", i.new_interaction, "Ctrl+N",
             "New interaction (cursor in the title)", ""),
            ("demo_action", "Load &demo data…", i.load_demo, None, "", ""),
            ("export_action", "&Export quarter to CSV…", t.export_quarter, "Ctrl+E",
             "Export a quarter to CSV (the quarter of the current filter)", ""),
            ("import_action", "&Import CSV…", t.import_csv, "Ctrl+I",
             "Import a CSV file (preview first)", ""),
            ("report_action", "&Progress-report draft…", w.open_report, "Ctrl+R",
             "Progress-report draft (preview, then save as ODT, PDF or HTML)", ""),
            ("backup_action", "&Back up now", s.backup_now, None, "", ""),
            ("restore_backup_action", "Restore from bac&kup…", s.restore, None, "", ""),
            ("check_action", "&Check database", s.check_database, None, "", ""),
            ("history_action", "Show &history of the selected interaction",
             lambda: s.interaction_history(w.interactions_view.current_uuid()), "Ctrl+H",
             "History (who changed what) of the selected interaction", ""),
            ("undo_import_action", "Undo last &import", t.undo_last_import, None, "", ""),
            ("settings_action", "&Settings…", w.open_settings, "Ctrl+,",
             "Settings (your name, the months after which a quiet action is flagged)", ""),
            ("quit_action", "&Quit", w.close, "Ctrl+Q", "Quit", ""),  # on every platform
            ("open_action", "&Open selected", w.open_selected, "Return",
             "Open the selected interaction", "in the list"),
            ("duplicate_action", "D&uplicate for a recurring meeting", w.duplicate_selected,
             "Ctrl+D", "Duplicate the selected interaction for a recurring meeting (dated "
             "today, planned; saved only when you save)", ""),
            ("delete_action", "&Delete selected…", w.delete_selected, "Delete",
             "Move the selected interactions to the Trash (asks first); in the Trash, delete "
             "them for good", "in the list"),
            ("undo_delete_action", "&Undo delete", i.undo_delete, "Ctrl+Z",
             "Undo the last delete", ""),
            ("restore_action", "&Restore from Trash", i.restore_selected, None, "", ""),
            ("empty_trash_action", "&Empty Trash…", lambda: i.empty_trash(), None, "", ""),
            ("find_action", "&Find…", w.focus_search, QKeySequence.StandardKey.Find,
             "Search the interactions", ""),
            ("refresh_action", "&Refresh", w.refresh, "F5", "Refresh", ""),
            ("shortcuts_action", "&Keyboard shortcuts", w.show_shortcuts, "F1",
             "This list of shortcuts", ""),
            ("about_action", "&About EU-NATO Desk", w.about, None, "", ""),
        )  # fmt: skip

    def _build_actions(self) -> None:
        for name, text, slot, shortcut, tip, where in self._commands():
            setattr(self, name, self._action(text, slot, shortcut, tip, where))
        self.undo_import_action.setEnabled(False)
        self.undo_delete_action.setEnabled(False)
        # Enter and Delete act on the table only: typing in a field must never delete a row.
        for action in (self.open_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.window.interactions_view.table.addAction(action)
        self.window.trash_view.table.addAction(self.delete_action)

    def _build_menus(self) -> None:
        bar = self.window.menuBar()
        self.window.transfer.undo_action = self.undo_import_action
        menus = {
            "&File": (self.new_action, self.demo_action, None, self.export_action,
                      self.import_action, self.report_action, None, self.backup_action,
                      self.restore_backup_action, None, self.settings_action, None,
                      self.quit_action),
            "&Edit": (self.open_action, self.duplicate_action, self.delete_action,
                      self.undo_delete_action, self.undo_import_action, None,
                      self.restore_action, self.empty_trash_action, None, self.find_action,
                      self.history_action),
            "&View": (*self._view_actions(), None, self.refresh_action),
            "&Tools": (self.check_action,),
            "&Help": (self.shortcuts_action, self.about_action),
        }  # fmt: skip
        for title, items in menus.items():
            menu = bar.addMenu(title)
            for action in items:
                menu.addSeparator() if action is None else menu.addAction(action)

    def _view_actions(self) -> list[QAction]:
        actions = []
        for n, name in enumerate(VIEWS, start=1):
            action = self._action(
                f"&{name}", lambda v=name: self.window.show_view(v), f"Ctrl+{n}", name
            )
            action.setProperty(GROUP, "views")
            actions.append(action)
        return actions
