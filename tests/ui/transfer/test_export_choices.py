"""The export dialog's choices: readable layout by default, the separator of the regional
settings (and which Excel settings it suits), the last choices remembered; the import dialog
says which layout it recognised."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QLabel

from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.records import InteractionFilter
from eunato_desk.core.transfer.export import export_csv
from eunato_desk.ui.transfer import choices

FRENCH = QLocale(QLocale.Language.French, QLocale.Country.France)
BELGIAN = QLocale(QLocale.Language.Dutch, QLocale.Country.Belgium)
GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
BRITISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


@pytest.fixture
def system_locale():  # type: ignore[no-untyped-def]
    """system_locale(QLocale): the locale the dialog sees (put back afterwards)."""
    before = QLocale()
    yield QLocale.setDefault
    QLocale.setDefault(before)


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    generate_demo_data(db, 120, seed=7)
    return db


def buddy_text(dialog, widget) -> str:  # type: ignore[no-untyped-def]
    return next(lb.text() for lb in dialog.findChildren(QLabel) if lb.buddy() is widget)


@pytest.mark.parametrize(
    ("locale", "separator"), [(FRENCH, ";"), (BELGIAN, ";"), (GERMAN, ";"), (BRITISH, ",")]
)
def test_the_separator_follows_the_regional_settings(
    window, system_locale, screenshot_dir: Path, locale, separator
):
    system_locale(locale)
    dialog = window.transfer.export_quarter()
    assert dialog.layout_combo.currentData() == "readable"
    assert dialog.flavor.currentData() == "excel"
    assert dialog.separator.currentData() == separator
    assert dialog.separator.currentText().endswith(": this computer's list separator")
    assert buddy_text(dialog, dialog.separator) == "&Separator:"
    assert buddy_text(dialog, dialog.layout_combo) == "&Layout:"
    if separator == ";":
        assert dialog.suits.text() == (
            "Semicolon: opens with a double-click in Excel set to French, German, Belgian, "
            "Dutch, Italian, Spanish… regional settings (list separator ;)."
        )
    else:
        assert dialog.suits.text().startswith("Comma: opens with a double-click in Excel set")
    dialog.separator.setCurrentIndex(dialog.separator.findData("\t"))
    assert dialog.suits.text().startswith("Tab: whatever the regional settings")
    dialog.separator.setCurrentIndex(dialog.separator.findData(separator))
    shot = screenshot_dir / f"export-dialog-{locale.name()}.png"
    assert dialog.grab().save(str(shot)) and shot.stat().st_size > 0
    dialog.close()


def test_windows_list_separator_comes_first_and_odd_ones_fall_back(system_locale):
    system_locale(BRITISH)
    assert choices.list_separator(windows=lambda: ";") == ";"
    assert choices.list_separator(windows=lambda: "\t") == "\t"
    assert choices.list_separator(windows=lambda: "|") == ","  # the locale's rule
    assert choices.list_separator(windows=lambda: None, locale=FRENCH) == ";"
    assert choices.windows_list_separator() is None  # not on Windows


def test_the_last_choices_are_offered_next_time(
    demo, window, settle, qtbot, tmp_path, system_locale
):
    system_locale(BRITISH)
    dialog = window.transfer.export_quarter()
    dialog.layout_combo.setCurrentIndex(dialog.layout_combo.findData("links"))
    dialog.separator.setCurrentIndex(dialog.separator.findData("\t"))
    dialog.flavor.setCurrentIndex(dialog.flavor.findData("plain"))
    dialog.path.setText(str(tmp_path / "links.csv"))
    with qtbot.waitSignal(dialog.finished, timeout=15000):
        dialog.export()
    settle(window)
    assert (tmp_path / "links.csv").read_bytes().startswith(b"uuid\ttitle\ttype\t")

    again = window.transfer.export_quarter()
    assert again.layout_combo.currentData() == "links"
    assert again.separator.currentData() == "\t"
    assert again.flavor.currentData() == "plain"
    again.close()


def test_a_cancelled_dialog_changes_no_default(window, system_locale):
    system_locale(FRENCH)
    dialog = window.transfer.export_quarter()
    dialog.layout_combo.setCurrentIndex(dialog.layout_combo.findData("interactions"))
    dialog.separator.setCurrentIndex(dialog.separator.findData(","))
    dialog.reject()
    again = window.transfer.export_quarter()
    assert (again.layout_combo.currentData(), again.separator.currentData()) == ("readable", ";")
    again.close()


def test_the_import_dialog_says_which_layout_it_recognised(
    demo, window, settle, qtbot, tmp_path, screenshot_dir: Path
):
    path = tmp_path / "readable.csv"
    result = export_csv(demo, InteractionFilter(), path, layout="readable", delimiter=";")
    dialog = window.transfer.import_csv()
    dialog.path.setText(str(path))
    dialog.run_preview()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=15000)
    settle(window)
    assert dialog.recognised.text() == (
        "Recognised: the readable layout (headers in words), semicolon-separated, UTF-8 with BOM."
    )
    assert dialog.counts.text().startswith(
        f"0 to create, 0 to update, {result.interactions} unchanged, 0 rejected."
    )
    assert dialog.mapping.rowCount() == 0  # our own layout: nothing to map
    assert not dialog.import_button.isEnabled()  # nothing would change
    shot = screenshot_dir / "import-dialog-readable.png"
    assert dialog.grab().save(str(shot))

    links = tmp_path / "links.csv"
    export_csv(demo, InteractionFilter(), links, layout="links", delimiter="\t", flavor="plain")
    dialog.path.setText(str(links))
    dialog.run_preview()
    qtbot.waitUntil(lambda: "tab-separated" in dialog.recognised.text(), timeout=15000)
    assert dialog.recognised.text() == (
        "Recognised: one row per interaction and linked action, tab-separated, UTF-8."
    )
    dialog.close()
