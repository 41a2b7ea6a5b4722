"""The Actions view keyboard-first (Ctrl+2, a number, Enter: the action's page), the banner
while titles are placeholders, the page's count beside the list's, and Actions > Import
catalogue CSV… (a preview, then Apply)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from eunato_desk.core import interactions
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.ui.actions.catalogue_import import CatalogueImportDialog
from eunato_desk.ui.actions.view import OVERVIEW_ROLE, PLACEHOLDER_TITLE, placeholder_banner
from tests.helpers import query

CTRL = Qt.KeyboardModifier.ControlModifier


def _placeholders(db_path) -> int:  # type: ignore[no-untyped-def]
    return query(
        db_path, "SELECT count(*) FROM action WHERE status = 'active' AND title = ?",
        PLACEHOLDER_TITLE,
    )[0][0]  # fmt: skip


def test_ctrl_2_a_number_and_enter_open_the_action(window, keyboard, qtbot, settle):
    keyboard.focus_on(window.interactions_view.table)
    keyboard.press(Qt.Key.Key_2, CTRL)
    view = window.actions_view
    qtbot.waitUntil(view.filter_edit.hasFocus)
    keyboard.type("43")
    keyboard.press(Qt.Key.Key_Return)
    settle(window)
    assert view.showing_action() and view.page.action.number == 43
    # back to the list (Alt+Left), then Down from the finder goes to the first match
    keyboard.press(Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert not view.showing_action()
    keyboard.press(Qt.Key.Key_2, CTRL)
    qtbot.waitUntil(view.filter_edit.hasFocus)
    assert view.filter_edit.selectedText() == "43"  # typing replaces it
    keyboard.type("gender")
    keyboard.press(Qt.Key.Key_Down)
    assert view.tree.hasFocus()
    first = view.tree.currentIndex().data(OVERVIEW_ROLE).action
    assert "gender" in f"{first.title} {first.description}".lower()
    keyboard.press(Qt.Key.Key_Return)
    settle(window)
    assert view.page.action.number == first.number


def test_the_banner_counts_the_placeholder_titles_and_says_how_to_load_them(
    window, settle, db_path, screenshot_dir
):
    window.show_view("Actions")
    settle(window)
    banner = window.actions_view.banner
    count = _placeholders(db_path)
    assert count > 0 and banner.isVisible()
    text = banner.text()
    assert f"<b>{count} actions still have the placeholder title</b>" in text
    assert PLACEHOLDER_TITLE in text
    assert "eunato-desk catalogue load-text FILE --set 2016" in text
    assert "Actions &gt; Import catalogue CSV…" in text
    if window.menus.load_texts_action is None:  # the loader's menu entry is not there yet
        assert "Load official texts" not in text
    assert "texts: <b>Actions &gt; Load official texts…</b>, or on" in placeholder_banner(3, True)
    window.grab().save(str(screenshot_dir / "actions-with-banner.png"))


def test_the_page_says_when_its_count_differs_from_the_list(db, window, settle):
    for title, status in (("Held", "held"), ("Planned", "planned"), ("Called off", "cancelled")):
        interactions.create_interaction(
            db,
            InteractionInput(title=title, type="Workshop", start_date=dt.date(2018, 3, 1),
                             status=status, links=(LinkInput(43),)),
        )  # fmt: skip
    window.refresh()
    window.show_view("Actions")
    settle(window)
    view = window.actions_view
    view.filter_edit.setText("43")
    assert view.first_match().data(OVERVIEW_ROLE).total == 2  # the list leaves out cancelled
    view.open_first_match()
    settle(window)
    assert view.page.history_label.text() == (
        "3 interactions (1 cancelled not counted in the Actions list)"
    )


def test_import_catalogue_csv_previews_then_applies(
    window, settle, qtbot, keyboard, db_path, tmp_path, screenshot_dir
):
    good = tmp_path / "catalogue.csv"
    good.write_text(
        "number,set,area_code,title,description\n"
        "11,2016,1,Enhance the exchange of information on hybrid threats,From the annex\n"
        "75,2017,,A new action agreed by the Council,\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("number,set,title\n12,2019,A title\n", encoding="utf-8")
    placeholders = _placeholders(db_path)
    window.show_view("Actions")
    settle(window)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "Act&ions")
    assert window.menus.catalogue_import_action in menu.actions()

    window.menus.catalogue_import_action.trigger()
    dialog = window.findChild(CatalogueImportDialog)
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.isAncestorOf(QApplication.focusWidget()))
    keyboard.focus_on(dialog.path)
    keyboard.type(str(bad))
    keyboard.press(Qt.Key.Key_Return)  # Enter in the file field: the preview
    settle(window)
    assert "line 2: set: '2019' is not 2016 or 2017." in dialog.changes.toPlainText()
    assert "Nothing can be imported" in dialog.changes.toPlainText()
    assert not dialog.apply_button.isEnabled()

    dialog.path.setText(str(good))
    dialog.run_preview()
    settle(window)
    text = dialog.changes.toPlainText()
    assert text.startswith("1 to create, 1 to update, 0 unchanged, 0 rejected.")
    assert "create action 75" in text and "update action 11: " in text
    assert dialog.apply_button.isEnabled()
    assert query(db_path, "SELECT count(*) FROM action WHERE number = 75") == [(0,)]  # dry run
    dialog.grab().save(str(screenshot_dir / "import-catalogue-preview.png"))

    dialog.apply_button.click()
    qtbot.waitUntil(lambda: window.findChild(CatalogueImportDialog) is None)
    settle(window)
    assert query(db_path, "SELECT title, confidence FROM action WHERE number IN (11, 75) "
                 "ORDER BY number") == [
        ("Enhance the exchange of information on hybrid threats", "confirmed"),
        ("A new action agreed by the Council", "confirmed"),
    ]  # fmt: skip
    assert window.statusBar().currentMessage().startswith("Catalogue imported: 1 actions added")
    view = window.actions_view
    view.filter_edit.setText("75")
    assert view.first_match().data(OVERVIEW_ROLE).action.title.startswith("A new action")
    assert f"<b>{placeholders - 1} actions still have" in view.banner.text()
