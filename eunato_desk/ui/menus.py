"""The main window's commands as menu entries (``QAction``s with their shortcuts and status
tips), and its menus. Help > Keyboard shortcuts is written from these (``shortcuts.py``).

A command whose shortcut works in one view only says where (``WHERE``): its shortcut is
bound to that view (Enter and Delete to the interaction list, the Reference data keys to its
view), so the same key is free elsewhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from eunato_desk.ui.shortcuts import GROUP, WHERE
from eunato_desk.ui.team.recent import recent_databases
from eunato_desk.ui.window_names import MENU_TITLES, VIEWS

if TYPE_CHECKING:
    from eunato_desk.ui.main_window import MainWindow


IN_REFERENCE = "in Reference data"


class Menus:
    # Actions > Load official texts… (the official catalogue texts): a row of ``_commands``
    # named "load_texts_action" puts it first in the Actions menu, and the Actions view's
    # banner then names it.
    load_texts_action: QAction | None = None

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
        i, t, s, a, r = w.interactions, w.transfer, w.safety, w.actions_controller, w.reference
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
            ("connect_action", "Co&nnect to team database…", w.connect_to_team_database, None,
             "Open the unit's shared database on a PostgreSQL server (asks for the address, "
             "then the password if the server needs one)", ""),
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
            ("load_texts_action", "&Load official texts…", a.load_official_texts, None,
             "Load the titles, texts and areas of a set from its official text (preview "
             "first)", ""),
            ("undo_load_texts_action", "Undo &load of official texts", a.undo_official_load,
             None, "Put back the actions the last load of an official text changed", ""),
            ("catalogue_import_action", "Import catalogue &CSV…", a.import_catalogue, None,
             "Update actions by number from a CSV list (preview first)", ""),
            ("add_catalogue_action", "&Add action…", a.add_action, None, "", ""),
            *self._reference_commands(r),
        )  # fmt: skip

    @staticmethod
    def _reference_commands(r) -> tuple[tuple, ...]:  # type: ignore[no-untyped-def,type-arg]
        """Reference data: what acts on the list shown and its selected entry."""
        return (
            ("reference_add_action", "&Add entry…", r.add_entry, "Ctrl+Shift+N",
             "Add an entry to the reference list shown", IN_REFERENCE),
            ("reference_rename_action", "Re&name…", r.rename, "F2",
             "Rename the selected entry (the old name stays as an alias)", IN_REFERENCE),
            ("reference_edit_action", "&Edit…", r.edit, None,
             "Edit an organisation's acronym and side, or a country's ISO code and flags", ""),
            ("reference_alias_action", "Add a&lias…", r.add_alias, None, "", ""),
            ("reference_merge_action", "&Merge into…", r.merge, None, "", ""),
            ("reference_retire_action", "Re&tire or bring back", r.retire, None, "", ""),
            ("reference_up_action", "Move &up", lambda: r.move(-1), "Alt+Up",
             "Move the selected type or marking up the list (a marking one rank lower)",
             IN_REFERENCE),
            ("reference_down_action", "Move &down", lambda: r.move(+1), "Alt+Down",
             "Move the selected type or marking down the list (a marking one rank higher)",
             IN_REFERENCE),
            ("reference_history_action", "&History of the list…", r.history, None, "", ""),
        )  # fmt: skip

    def _build_actions(self) -> None:
        for name, text, slot, shortcut, tip, where in self._commands():
            setattr(self, name, self._action(text, slot, shortcut, tip, where))
        self.undo_import_action.setEnabled(False)
        self.undo_delete_action.setEnabled(False)
        self.undo_load_texts_action.setEnabled(False)
        self.window.actions_controller.undo_load_available.connect(
            self.undo_load_texts_action.setEnabled
        )
        # Enter and Delete act on the table only: typing in a field must never delete a row.
        for action in (self.open_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.window.interactions_view.table.addAction(action)
        self.window.trash_view.table.addAction(self.delete_action)
        for action in self.window.actions():
            if action.property(WHERE) == IN_REFERENCE:
                self._bind_to(action, self.window.reference_view)

    def _bind_to(self, action: QAction, view: QWidget) -> None:
        """The action's shortcut works in ``view`` (and its children) only."""
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.window.removeAction(action)
        view.addAction(action)

    def _build_recent_menu(self) -> None:
        """File > Recent databases: filled as it opens (files and team servers, newest first)."""
        self.recent_menu = QMenu("Recent &databases", self.window)
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        self.fill_recent_menu()

    def fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        entries = recent_databases()
        for n, text in enumerate(entries, start=1):
            action = self.recent_menu.addAction(f"&{n} {text}")
            action.setData(text)
            action.setStatusTip(f"Open {text}")
            action.triggered.connect(lambda _c=False, t=text: self.window.open_recent(t))
        if not entries:
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    def _build_menus(self) -> None:
        bar = self.window.menuBar()
        bar.clear()  # the empty titles shown while the window opened
        self._build_recent_menu()
        self.window.transfer.undo_action = self.undo_import_action
        contents = (
            (self.new_action, self.demo_action, None, self.export_action, self.import_action,
             self.report_action, None, self.connect_action, self.recent_menu, None,
             self.backup_action, self.restore_backup_action, None, self.settings_action, None,
             self.quit_action),
            (self.open_action, self.duplicate_action, self.delete_action,
             self.undo_delete_action, self.undo_import_action, self.undo_load_texts_action,
             None, self.restore_action, self.empty_trash_action, None, self.find_action,
             self.history_action),
            (*self._view_actions(), None, self.refresh_action),
            (self.load_texts_action, self.catalogue_import_action, None,
             self.add_catalogue_action),
            (self.reference_add_action, self.reference_rename_action,
             self.reference_edit_action, self.reference_alias_action,
             self.reference_merge_action, self.reference_retire_action, None,
             self.reference_up_action, self.reference_down_action, None,
             self.reference_history_action),
            (self.check_action,),
            (self.shortcuts_action, self.about_action),
        )  # fmt: skip
        for title, items in zip(MENU_TITLES, contents, strict=True):
            menu = bar.addMenu(title)
            for action in items:
                if action is None:
                    menu.addSeparator()
                elif isinstance(action, QMenu):
                    menu.addMenu(action)
                elif isinstance(action, QAction):  # not an entry still to come
                    menu.addAction(action)

    def _view_actions(self) -> list[QAction]:
        actions = []
        for n, name in enumerate(VIEWS, start=1):
            text = "R&eference data" if name == "Reference data" else f"&{name}"  # &Refresh
            action = self._action(text, lambda v=name: self.window.open_view(v), f"Ctrl+{n}", name)
            action.setProperty(GROUP, "views")
            actions.append(action)
        return actions
