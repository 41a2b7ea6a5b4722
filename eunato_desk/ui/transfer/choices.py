"""What the CSV dialogs offer and say: the layouts, the separators (with the Excel regional
settings each suits), the flavors; the system's list separator (the default separator); and
the export choices remembered in QSettings."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QLocale, QSettings

LAYOUTS = (
    ("For people: headers in words, area names, action titles, notes as text", "readable"),
    ("One row per interaction (for machines and scripts)", "interactions"),
    ("One row per interaction and linked action (for machines and scripts)", "links"),
)
# How the import dialog names the layout it recognised.
LAYOUT_NAMES = {
    "readable": "the readable layout (headers in words)",
    "interactions": "one row per interaction",
    "links": "one row per interaction and linked action",
}
SEPARATORS = (
    ("Comma ( , )", ","),
    ("Semicolon ( ; )", ";"),
    ("Tab", "\t"),
)
SUITS = {
    ",": "Comma: opens with a double-click in Excel set to English (UK, Ireland, US…) "
    "regional settings (list separator ,).",
    ";": "Semicolon: opens with a double-click in Excel set to French, German, Belgian, "
    "Dutch, Italian, Spanish… regional settings (list separator ;).",
    "\t": "Tab: whatever the regional settings, through Excel's Data > From Text/CSV; a "
    "double-click may put each row in one column.",
}
FLAVORS = (
    ("For Excel / LibreOffice (formulas neutralised)", "excel"),
    ("Plain UTF-8, values exactly as stored (for machines and re-import)", "plain"),
)
DEFAULT_LAYOUT = "readable"  # the GUI is for drafters
SETTINGS = {"layout": "export/layout", "delimiter": "export/delimiter", "flavor": "export/flavor"}
LOCALE_SLIST = 0x0000000C  # GetLocaleInfoEx: the list separator


def windows_list_separator() -> str | None:
    """The user's list separator from Windows' regional settings (None elsewhere or when
    Windows does not say)."""
    if sys.platform != "win32":
        return None
    import ctypes

    buffer = ctypes.create_unicode_buffer(8)
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    # None: LOCALE_NAME_USER_DEFAULT, the user's regional settings
    if not kernel32.GetLocaleInfoEx(None, LOCALE_SLIST, buffer, len(buffer)):
        return None
    return buffer.value


def list_separator(
    windows: Callable[[], str | None] = windows_list_separator, locale: QLocale | None = None
) -> str:
    """The separator a spreadsheet on this system expects: Windows' list separator when it
    is a comma, semicolon or tab; otherwise ';' where the decimal separator is a comma (as in
    French or German), else ','."""
    found = windows()
    if found in (",", ";", "\t"):
        return found
    return ";" if (locale or QLocale()).decimalPoint() == "," else ","


def remembered(name: str, default: str) -> str:
    value = QSettings().value(SETTINGS[name], default)
    return value if isinstance(value, str) and value else default


def remember(**choices: str) -> None:
    settings = QSettings()
    for name, value in choices.items():
        settings.setValue(SETTINGS[name], value)
