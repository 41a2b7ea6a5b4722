"""The keys that are not menu commands, in one table.

Menu commands carry their own shortcut (a ``QAction``); Help > Keyboard shortcuts lists them
from the menus, then this table: the editor's and the pickers' keys, the quarter steps, the
finders of the Actions view and Reference data, and the way back from an action. The widgets
bind their keys from the constants here, so the list and the keys cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

SAVE = "Ctrl+Return"
SAVE_KEYPAD = "Ctrl+Enter"  # the keypad's Enter, the same command
SAVE_AND_NEW = "Ctrl+Shift+Return"
PREVIOUS_QUARTER = "Alt+Left"
NEXT_QUARTER = "Alt+Right"
BACK_TO_ACTIONS = "Alt+Left"


@dataclass(frozen=True)
class KeyHelp:
    keys: str  # as shown, with where it works in brackets: "Enter (in a picker)"
    what: str


KEYS: tuple[KeyHelp, ...] = (
    KeyHelp("Tab / Shift+Tab", "Next / previous field in the editor"),
    KeyHelp("Enter (in a picker)", "Add the typed action, organisation, country or "
            "participant (an exact name, code or alias wins: TR is Türkiye); when nothing "
            "matches, add it as a new one; in an empty picker, move on to the next field"),
    KeyHelp("Enter (in a single-line field of the editor)", "Move on to the next field"),
    KeyHelp("Delete (in a chosen list)", "Remove the selected action link, organisation, "
            "country or participant"),
    KeyHelp("Enter (in a follow-up's text, owner or due date)", "Add the follow-up to the "
            "list (or put back the one being edited); with nothing typed, move on"),
    KeyHelp("Enter (in the follow-up list)", "Edit the selected follow-up in the inputs"),
    KeyHelp("Space (in the follow-up list)", "Mark the selected follow-up done, or open again"),
    KeyHelp("Delete (in the follow-up list)", "Remove the selected follow-up"),
    KeyHelp(SAVE, "Save the interaction"),
    KeyHelp(SAVE_AND_NEW, "Save and start a new one"),
    KeyHelp("Esc", "Cancel the editor (asks before discarding changes)"),
    KeyHelp(f"{PREVIOUS_QUARTER} / {NEXT_QUARTER}", "Previous / next quarter"),
    KeyHelp("Enter (in Find action)", "Open the first action that matches"),
    KeyHelp("Down (in Find action)", "Go to the first action that matches, in the list"),
    KeyHelp(f"{BACK_TO_ACTIONS} (on an action)", "Back to the list of actions"),
    KeyHelp("Down / Enter (in Reference data's Search)", "Go to the list"),
)  # fmt: skip
