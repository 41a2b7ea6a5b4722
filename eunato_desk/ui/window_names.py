"""The main window's views and menus, by name: what the window shows while it opens, before
the modules of the views and commands are imported (``main_window``)."""

from __future__ import annotations

VIEWS = ("Interactions", "Actions", "Follow-ups", "Dashboard", "Trash", "Reference data")
# The menu bar, left to right (shown with these titles, empty, while the database opens).
MENU_TITLES = ("&File", "&Edit", "&View", "Act&ions", "&Reference data", "&Tools", "&Help")
