"""Actions > Load official texts…: the invented 2016-style annex pasted into the box is
previewed (one row per proposal, nothing written), Apply loads it (titles and areas of
actions 1–42, links untouched, the banner and the open page follow), Edit > Undo load of
official texts puts it back; a count that differs keeps Apply disabled until Load anyway is
ticked; a file that is not text is refused under the box; the keyboard alone does it all.
The texts are INVENTED in the layout of the official ones (tests/fixtures/official_texts)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from eunato_desk.ui.actions.official_text_dialog import OfficialTextDialog
from eunato_desk.ui.actions.view import PLACEHOLDER_TITLE
from tests.helpers import log, query

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "official_texts"
ANNEX_2016 = FIXTURES / "invented-2016-style-council-annex.txt"
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
CATALOGUE = (
    "SELECT a.number, a.title, a.description, ar.code, a.set_year, a.confidence, a.source_note"
    " FROM action a LEFT JOIN area ar ON ar.id = a.area_id WHERE a.status = 'active'"
    " ORDER BY a.number"
)
LINKS = "SELECT interaction_id, action_id, note FROM interaction_action ORDER BY 1, 2"


def annex_text(proposals: int = 42) -> str:
    """The invented annex, cut before its proposal number ``proposals + 1``."""
    text = ANNEX_2016.read_text(encoding="utf-8")
    if proposals < 42:
        text = text[: [m.start() for m in re.finditer("^•", text, re.MULTILINE)][proposals]]
    return text


def placeholders(db_path) -> int:  # type: ignore[no-untyped-def]
    return query(
        db_path, "SELECT count(*) FROM action WHERE status = 'active' AND title = ?",
        PLACEHOLDER_TITLE,
    )[0][0]  # fmt: skip


def open_dialog(window, qtbot) -> OfficialTextDialog:  # type: ignore[no-untyped-def]
    window.menus.load_texts_action.trigger()
    dialog = window.findChild(OfficialTextDialog)
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.isAncestorOf(QApplication.focusWidget()))
    return dialog


def paste(dialog, keyboard, text: str) -> None:  # type: ignore[no-untyped-def]
    """Into the box, as a person would: the clipboard, then Ctrl+V."""
    QApplication.clipboard().setText(text)
    keyboard.focus_on(dialog.text)
    keyboard.press(Qt.Key.Key_V, CTRL)
    assert dialog.text.toPlainText() == text


def previewed(dialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Wait for the preview the text asks for by itself (no Preview pressed)."""
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=15000)


def cells(dialog, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    table = dialog.preview_view.table
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_paste_preview_apply_then_undo(
    db, window, settle, qtbot, keyboard, db_path, officer, screenshot_dir
):
    day = dt.date(2018, 3, 1)
    log(db, "Hybrid CoE seminar", day, (3, 11), notes={3: "StratCom panel", 11: "At sea"})
    log(db, "StratCom staff talks", day, (3,))
    links, before = query(db_path, LINKS), query(db_path, CATALOGUE)
    waiting = placeholders(db_path)
    window.refresh()
    window.show_view("Actions")
    window.actions_controller.open_action(3)
    settle(window)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "Act&ions")
    assert menu.actions()[0] is window.menus.load_texts_action
    assert "Actions &gt; Load official texts…" in window.actions_view.banner.text()
    assert not window.menus.undo_load_texts_action.isEnabled()

    dialog = open_dialog(window, qtbot)
    assert dialog.set_choice.currentData() == 2016
    assert not dialog.apply_button.isEnabled()
    paste(dialog, keyboard, annex_text())
    previewed(dialog, qtbot)
    view = dialog.preview_view
    assert view.table.rowCount() == 42
    plan = dialog.preview.planned
    assert cells(dialog, 0) == [
        "1", "1 Countering hybrid threats", "Engage with the Helsinki Hybrid CoE",
        plan[0].after.title, "title, description, confidence, source",
    ]  # fmt: skip
    assert cells(dialog, 10)[1] == "no area → 2 Operational cooperation including maritime issues"
    assert cells(dialog, 41)[0] == "42"
    assert "42 proposals</b> in 7 areas read from the pasted text" in view.summary.text()
    assert "<b>42 to update</b>, 0 unchanged, 0 skipped" in view.summary.text()
    assert view.problems.isHidden() and view.count.isHidden() and dialog.accept_count.isHidden()
    assert view.notes_button.isEnabled() and view.notes.isHidden()  # folded away
    view.notes_button.click()
    assert "Left out 17 line(s) of page furniture" in view.notes.toPlainText()
    # a row shows the whole new description (sub-heading, sub-items) beside the old one
    view.table.selectRow(7)
    assert view.after_label.text() == "Action 8 after the loa&d:"
    assert "\n\nBolstering resilience: EU and NATO will support" in view.after.toPlainText()
    assert "advice on civil preparedness" in view.after.toPlainText()
    assert f"Title: {PLACEHOLDER_TITLE}" in view.before.toPlainText()
    assert dialog.text.textCursor().blockNumber() + 1 == plan[7].item.line  # its line, above
    view.table.selectRow(2)
    assert "Title: Strategic communication: mutually supporting messages" in (
        view.before.toPlainText()
    )
    dialog.grab().save(str(screenshot_dir / "official-text-preview.png"))
    assert query(db_path, CATALOGUE) == before  # a preview writes nothing
    assert dialog.apply_button.isEnabled() and dialog.apply_button.isDefault()

    dialog.apply_button.click()
    qtbot.waitUntil(lambda: window.findChild(OfficialTextDialog) is None, timeout=15000)
    settle(window)
    after = {row[0]: row for row in query(db_path, CATALOGUE)}
    for p in plan:
        _n, title, text, area, set_year, confidence, source = after[p.number]
        assert (title, text, area) == (p.after.title, p.after.description, p.item.area_code)
        assert (set_year, confidence) == (2016, "confirmed")
        assert re.fullmatch(rf"official text \(2016, loaded [-\d]{{10}} by {officer}\)", source)
    assert {n: row for n, row in after.items() if n > 42} == {
        row[0]: row for row in before if row[0] > 42
    }
    assert query(db_path, LINKS) == links  # the links are the same rows
    message = window.statusBar().currentMessage()
    assert message.startswith("Loaded the official 2016 text: 42 action(s) updated, 0 unchanged")
    backup = message.split("backed up first to ")[1].split(". Edit")[0]
    assert Path(backup).is_file()
    # the catalogue follows everywhere: banner, open page, vocabulary
    now_waiting = placeholders(db_path)
    assert now_waiting == waiting - 35
    assert f"<b>{now_waiting} actions still have" in window.actions_view.banner.text()
    assert window.actions_view.page.action.title == plan[2].after.title
    action_filter = window.interactions_view.filter_bar.action
    assert action_filter.itemText(action_filter.findData(3)) == f"3 — {plan[2].after.title}"

    assert window.menus.undo_load_texts_action.isEnabled()
    window.menus.undo_load_texts_action.trigger()
    settle(window)
    assert query(db_path, CATALOGUE) == before
    assert query(db_path, LINKS) == links
    assert window.statusBar().currentMessage() == (
        "Official 2016 text load undone: 42 action(s) restored."
    )
    assert not window.menus.undo_load_texts_action.isEnabled()
    assert f"<b>{waiting} actions still have" in window.actions_view.banner.text()
    assert window.actions_view.page.action.title == before[2][1]  # action 3's old title


def test_a_count_that_differs_needs_load_anyway(
    window, settle, qtbot, keyboard, db_path, screenshot_dir
):
    before = {row[0]: row for row in query(db_path, CATALOGUE)}
    dialog = open_dialog(window, qtbot)
    paste(dialog, keyboard, annex_text(38))
    previewed(dialog, qtbot)
    view = dialog.preview_view
    assert view.table.rowCount() == 38
    assert view.count.isVisible()
    assert "The text holds 38 proposal(s) but the 2016 set has 42 (actions 1–42)." in (
        view.count.text()
    )
    assert "actions 39–42 stay as they are" in view.count.text()
    assert dialog.accept_count.isVisible()
    assert dialog.accept_count.text() == "&Load anyway: the text has 38 proposals, the set has 42"
    assert not dialog.apply_button.isEnabled()
    dialog.grab().save(str(screenshot_dir / "official-text-count-differs.png"))

    keyboard.press(Qt.Key.Key_L, ALT)  # the box's mnemonic ticks it (a click, animated)
    qtbot.waitUntil(dialog.accept_count.isChecked)
    assert dialog.apply_button.isEnabled() and dialog.apply_button.isDefault()
    keyboard.press(Qt.Key.Key_L, ALT)
    qtbot.waitUntil(lambda: not dialog.accept_count.isChecked())
    assert not dialog.apply_button.isEnabled()
    dialog.accept_count.setChecked(True)
    # another count (one more proposal) asks again
    dialog.text.setPlainText(annex_text(39))
    previewed(dialog, qtbot)
    assert not dialog.accept_count.isChecked() and not dialog.apply_button.isEnabled()
    assert dialog.accept_count.text().startswith("&Load anyway: the text has 39 proposals")
    dialog.accept_count.setChecked(True)
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: window.findChild(OfficialTextDialog) is None, timeout=15000)
    settle(window)
    after = {row[0]: row for row in query(db_path, CATALOGUE)}
    assert all(after[n][5] == "confirmed" for n in range(1, 40))
    assert all(after[n] == before[n] for n in range(40, 75))


def test_problems_block_apply_and_say_what_to_fix(window, qtbot, keyboard, db_path, screenshot_dir):
    before = query(db_path, CATALOGUE)
    dialog = open_dialog(window, qtbot)
    dialog.set_choice.setCurrentIndex(dialog.set_choice.findData(2017))  # the wrong set
    paste(dialog, keyboard, annex_text())
    previewed(dialog, qtbot)
    view = dialog.preview_view
    assert view.problems.isVisible() and view.count.isHidden()
    text = view.problems.text()
    assert "<b>This text cannot be loaded until it is fixed</b>" in text
    assert "The text holds 42 proposals but the 2017 set has 32" in text
    assert "It has as many proposals as the 2016 set: is the Set above right?" in text
    assert dialog.accept_count.isHidden() and not dialog.apply_button.isEnabled()
    assert cells(dialog, 32)[4] == "skipped: beyond the set"
    assert "<b>nothing can be loaded</b> until the problem below is fixed" in view.summary.text()
    dialog.grab().save(str(screenshot_dir / "official-text-problem.png"))
    # the right set: the same text can be loaded
    dialog.set_choice.setCurrentIndex(dialog.set_choice.findData(2016))
    assert not dialog.apply_button.isEnabled()  # until the preview of this set is shown
    previewed(dialog, qtbot)
    assert view.problems.isHidden() and dialog.apply_button.isEnabled()
    assert query(db_path, CATALOGUE) == before


def test_a_file_that_is_not_the_text_is_refused_under_the_box(
    window, settle, qtbot, keyboard, db_path, tmp_path, monkeypatch, screenshot_dir
):
    before = query(db_path, CATALOGUE)
    chosen: list[Path] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(chosen[-1]), "Text (*.txt)")
    )
    dialog = open_dialog(window, qtbot)

    def opened(path: Path, data: bytes) -> str:
        path.write_bytes(data)
        chosen.append(path)
        dialog.open_button.click()
        qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=15000)
        return dialog.message.text()

    binary = tmp_path / "scan.txt"
    assert opened(binary, bytes(range(256)) * 8) == f"{binary}: this is binary data (or UTF-16 " \
        "text without a byte-order mark), not text; save it as UTF-8 text."  # fmt: skip
    assert dialog.text.toPlainText() == "" and dialog.preview is None
    assert not dialog.apply_button.isEnabled()
    dialog.grab().save(str(screenshot_dir / "official-text-binary-file.png"))
    pdf = tmp_path / "annex.pdf"
    assert "this is a PDF document: open it, select all the text" in opened(pdf, b"%PDF-1.7\n")
    assert opened(tmp_path / "empty.txt", b"\n\n").endswith("empty.txt: the file is empty.")
    # a CSV list opened: its text shows, and the preview says what it is instead
    csv = tmp_path / "actions.csv"
    csv.write_text("number,set,area_code,title\n1,2016,1,A title\n2,2016,1,Another\n")
    chosen.append(csv)
    dialog.open_button.click()
    qtbot.waitUntil(lambda: "looks like a CSV file" in dialog.message.text(), timeout=15000)
    assert dialog.message.isVisible() and not dialog.apply_button.isEnabled()
    assert dialog.text.toPlainText().startswith("number,set,area_code,title")
    dialog.close()
    settle(window)
    assert query(db_path, CATALOGUE) == before
    assert not list((db_path.parent / "backups").glob("*before-official-text*"))


def test_a_text_file_opened_shows_in_the_box_and_is_previewed(window, qtbot, monkeypatch):
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(ANNEX_2016), "Text (*.txt)")
    )
    dialog = open_dialog(window, qtbot)
    dialog.open_button.click()
    previewed(dialog, qtbot)
    assert dialog.text.toPlainText() == ANNEX_2016.read_text(encoding="utf-8")
    assert "read from invented-2016-style-council-annex.txt" in dialog.preview_view.summary.text()
    assert dialog.preview.source == str(ANNEX_2016)
    dialog.text.appendPlainText("")  # edited in the box: now it is the text as pasted
    previewed(dialog, qtbot)
    assert dialog.preview.source == "pasted text"


def test_the_keyboard_alone_loads_the_text(window, settle, qtbot, keyboard, db_path):
    keyboard.focus_on(window.interactions_view.table)
    keyboard.press(Qt.Key.Key_I, ALT)  # Actions
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    menu = QApplication.activePopupWidget()
    assert menu.actions()[0] is window.menus.load_texts_action
    qtbot.keyClick(menu, Qt.Key.Key_L)  # Load official texts…
    qtbot.waitUntil(lambda: window.findChild(OfficialTextDialog) is not None)
    dialog = window.findChild(OfficialTextDialog)
    qtbot.waitUntil(dialog.set_choice.hasFocus)  # the cursor starts on the set
    keyboard.press(Qt.Key.Key_Down)  # 2017
    keyboard.press(Qt.Key.Key_Up)  # 2016
    assert dialog.set_choice.currentData() == 2016
    keyboard.press(Qt.Key.Key_Tab)
    assert dialog.text.hasFocus()
    QApplication.clipboard().setText(annex_text())
    keyboard.press(Qt.Key.Key_V, CTRL)
    previewed(dialog, qtbot)
    keyboard.press(Qt.Key.Key_Tab)
    assert dialog.open_button.hasFocus()
    for _ in range(4):  # Preview, the table
        keyboard.press(Qt.Key.Key_Tab)
        if dialog.preview_view.table.hasFocus():
            break
    assert dialog.preview_view.table.hasFocus()
    keyboard.press(Qt.Key.Key_Down)
    assert dialog.preview_view.after_label.text() == "Action 2 after the loa&d:"
    keyboard.press(Qt.Key.Key_Return)  # Enter on a row does not load
    assert dialog.isVisible() and placeholders(db_path) > 0
    for _ in range(8):  # the descriptions, the notes, then Apply
        keyboard.press(Qt.Key.Key_Tab)
        if dialog.apply_button.hasFocus():
            break
    assert dialog.apply_button.hasFocus()
    keyboard.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.findChild(OfficialTextDialog) is None, timeout=15000)
    settle(window)
    assert query(db_path, "SELECT count(*) FROM action WHERE number <= 42 AND "
                 "confidence = 'confirmed'") == [(42,)]  # fmt: skip
    assert window.menus.undo_load_texts_action.isEnabled()
