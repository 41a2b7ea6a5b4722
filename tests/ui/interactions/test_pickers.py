"""The editor's pickers match as the core does (case and accents folded; names, acronyms, ISO
codes and aliases; an exact key first), offer to add what matches nothing, and offer only the
entries in use (plus the record's own); so do the type and marking lists."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter

from eunato_desk.core import interactions
from eunato_desk.core.records import InteractionInput
from eunato_desk.core.reference import edit
from tests.helpers import log, query

CTRL = Qt.KeyboardModifier.ControlModifier
ENTER = Qt.Key.Key_Return


def grab_with_popup(widget, popup, path) -> None:  # type: ignore[no-untyped-def]
    """A screenshot of ``widget`` with a popup (its own window) drawn where it shows."""
    image = widget.grab()
    painter = QPainter(image)
    painter.drawPixmap(popup.mapToGlobal(QPoint(0, 0)) - widget.mapToGlobal(QPoint(0, 0)),
                       popup.grab())  # fmt: skip
    painter.end()
    image.save(str(path))


def _new_editor(window, qtbot):  # type: ignore[no-untyped-def]
    editor = window.interactions.new_interaction()
    qtbot.waitUntil(editor.isVisible)
    return editor


def _type_in(picker, keyboard, text):  # type: ignore[no-untyped-def]
    picker.set_values([])
    keyboard.focus_on(picker.input)
    keyboard.type(text)


def test_turkiye_by_its_code_its_alias_its_name_or_a_part_of_it(
    window, keyboard, qtbot, screenshot_dir
):
    editor = _new_editor(window, qtbot)
    countries = editor.countries

    # "tur": Türkiye is among the suggestions (the only match, so Enter would take it)
    _type_in(countries, keyboard, "tur")
    qtbot.waitUntil(countries.suggestions.is_shown)
    assert "Türkiye (TR)" in countries.suggestions.labels()
    _type_in(countries, keyboard, "tr")
    grab_with_popup(editor, countries.suggestions.completer.popup(),
                    screenshot_dir / "picker-tr.png")  # fmt: skip

    # "TR" + Enter: the exact ISO code wins over Austria and Australia, which contain "tr"
    _type_in(countries, keyboard, "TR")
    labels = countries.suggestions.labels()
    assert labels[0] == "Türkiye (TR)"
    assert "Austria (AT)" in labels and "Australia (AU)" in labels
    keyboard.press(ENTER)
    assert countries.values() == ("Türkiye",)
    assert countries.input.text() == "" and not countries.message.isVisible()

    # "Turkey" + Enter: its alias, said in the suggestion
    _type_in(countries, keyboard, "Turkey")
    assert countries.suggestions.labels() == ["Türkiye (TR), also “Turkey”"]
    keyboard.press(ENTER)
    assert countries.values() == ("Türkiye",)

    # without the accent, in capitals
    _type_in(countries, keyboard, "TURKIYE")
    keyboard.press(ENTER)
    assert countries.values() == ("Türkiye",)

    # several matches and none exact: a message, nothing added, the text kept
    _type_in(countries, keyboard, "an")
    keyboard.press(ENTER)
    assert countries.values() == ()
    assert countries.message.text().startswith("'an' matches ")
    assert countries.input.text() == "an"


def test_the_arrow_keys_choose_a_suggestion(window, keyboard, qtbot):
    editor = _new_editor(window, qtbot)
    organisations = editor.organisations
    _type_in(organisations, keyboard, "nato")
    qtbot.waitUntil(organisations.suggestions.is_shown)
    second = organisations.suggestions.labels()[1]
    popup = organisations.suggestions.completer.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    assert organisations.input.text() == second  # the line chosen, in the field
    qtbot.keyClick(popup, ENTER)
    assert len(organisations.values()) == 1
    assert second.startswith(organisations.values()[0])  # "NCIA — NATO Communications…"


def test_a_new_organisation_from_the_picker_is_in_the_saved_interaction(
    window, keyboard, qtbot, settle, db_path, screenshot_dir
):
    editor = _new_editor(window, qtbot)
    keyboard.focus_on(editor.title)
    keyboard.type("Maritime security staff talks")
    editor.type.setEditText("Staff talks")
    editor.date.setText("2018-06-12")
    organisations = editor.organisations
    _type_in(organisations, keyboard, "Italian Navy")
    qtbot.waitUntil(organisations.suggestions.is_shown)
    assert organisations.suggestions.labels() == [
        "Add 'Italian Navy' as a new organisation…  (Enter)"
    ]
    popup = organisations.suggestions.completer.popup()
    grab_with_popup(editor, popup, screenshot_dir / "picker-offers-a-new-organisation.png")

    keyboard.press(ENTER)  # Enter takes the offer: a dialog asks the rest
    qtbot.waitUntil(lambda: editor.entry_dialog is not None and editor.entry_dialog.isVisible())
    dialog = editor.entry_dialog
    assert dialog.name.text() == "Italian Navy"
    assert "“Italian Navy” is not in the list of organisations" in dialog.intro.text()
    qtbot.waitUntil(dialog.code.hasFocus)
    dialog.grab().save(str(screenshot_dir / "add-organisation-from-picker.png"))

    # an acronym another organisation has: the core's message under it, nothing added
    keyboard.type("EEAS")
    dialog.side.setCurrentText("national")
    keyboard.press(ENTER)
    message = dialog.messages["acronym"]
    qtbot.waitUntil(message.isVisible)
    assert message.text() == (
        "'EEAS' already names the organisation 'European External Action Service'."
    )
    assert dialog.isVisible() and dialog.code.hasFocus()
    assert query(db_path, "SELECT count(*) FROM organisation WHERE name = 'Italian Navy'") == [(0,)]
    dialog.grab().save(str(screenshot_dir / "add-organisation-refused.png"))

    dialog.code.selectAll()
    keyboard.type("MMI")
    assert not message.isVisible()  # edited: the message goes
    keyboard.press(ENTER)
    qtbot.waitUntil(lambda: organisations.values() == ("MMI",))
    assert editor.entry_dialog is None  # closed once the organisation was added
    qtbot.waitUntil(organisations.input.hasFocus)
    keyboard.press(ENTER, CTRL)
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    settle(window)

    assert query(
        db_path,
        "SELECT o.name, o.acronym, o.side FROM interaction i "
        "JOIN interaction_organisation io ON io.interaction_id = i.id "
        "JOIN organisation o ON o.id = io.organisation_id "
        "WHERE i.title = 'Maritime security staff talks'",
    ) == [("Italian Navy", "MMI", "national")]
    assert query(
        db_path,
        "SELECT kind, change, name, officer FROM reference_change WHERE name = 'Italian Navy'",
    ) == [("organisation", "add", "Italian Navy", "Anna Virtanen")]
    # the vocabulary was read again: the next editor finds it by its acronym
    settle(window)
    editor = _new_editor(window, qtbot)
    _type_in(editor.organisations, keyboard, "mmi")
    keyboard.press(ENTER)
    assert editor.organisations.values() == ("MMI",)


def test_the_offer_stays_within_reach_when_something_else_matches(window, keyboard, qtbot):
    editor = _new_editor(window, qtbot)
    countries = editor.countries
    _type_in(countries, keyboard, "mal")
    qtbot.waitUntil(countries.suggestions.is_shown)
    offer = "Add 'mal' as a new country…"  # no "(Enter)": Enter would not take it
    assert countries.suggestions.labels() == ["Mali (ML)", "Malta (MT)", "Somalia (SO)", offer]
    keyboard.press(ENTER)
    assert countries.values() == () and countries.message.text().startswith(
        "'mal' matches 3 countries (Mali, Malta, Somalia)"
    )
    popup = countries.suggestions.completer.popup()
    keyboard.focus_on(countries.input)
    keyboard.type("awi")
    qtbot.waitUntil(countries.suggestions.is_shown)
    assert countries.suggestions.labels() == ["Add 'malawi' as a new country…  (Enter)"]
    _type_in(countries, keyboard, "nige")  # only Niger: Enter takes it, the offer is below
    assert countries.suggestions.labels() == ["Niger (NE)", "Add 'nige' as a new country…"]
    for _ in range(2):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    assert countries.input.text() == "Add 'nige' as a new country…"
    qtbot.keyClick(popup, ENTER)
    qtbot.waitUntil(lambda: editor.entry_dialog is not None and editor.entry_dialog.isVisible())
    assert editor.entry_dialog.name.text() == "nige"
    editor.entry_dialog.reject()
    qtbot.waitUntil(lambda: editor.entry_dialog is None)


def test_a_new_country_asks_its_iso_code(window, keyboard, qtbot, settle, db_path):
    editor = _new_editor(window, qtbot)
    countries = editor.countries
    _type_in(countries, keyboard, "Atlantis")
    keyboard.press(ENTER)
    qtbot.waitUntil(lambda: editor.entry_dialog is not None and editor.entry_dialog.isVisible())
    dialog = editor.entry_dialog
    qtbot.waitUntil(dialog.code.hasFocus)
    keyboard.press(ENTER)  # no ISO code: refused at the field
    qtbot.waitUntil(dialog.messages["iso_code"].isVisible)
    assert "ISO 3166 code" in dialog.messages["iso_code"].text()
    keyboard.type("QA")
    dialog.pilot.setChecked(True)
    keyboard.focus_on(dialog.code)
    keyboard.press(ENTER)
    qtbot.waitUntil(lambda: countries.values() == ("Atlantis",))
    settle(window)
    assert query(
        db_path, "SELECT iso_code, is_pilot, is_partner FROM country WHERE name = 'Atlantis'"
    ) == [("QA", 1, 0)]


def test_a_new_participant_is_offered_and_added_in_place(window, keyboard, qtbot):
    editor = _new_editor(window, qtbot)
    people = editor.participants
    _type_in(people, keyboard, "Maria Rossi")
    qtbot.waitUntil(people.suggestions.is_shown)
    assert people.suggestions.labels() == ["Add 'Maria Rossi' as a new participant  (Enter)"]
    keyboard.press(ENTER)
    assert people.values() == ("Maria Rossi",)  # no dialog: created when the interaction is
    assert editor.entry_dialog is None


def test_retired_entries_are_not_offered_except_on_a_record_that_has_them(
    db, make_window, keyboard, qtbot, settle, db_path
):
    old = interactions.create_interaction(
        db,
        InteractionInput(title="Before", type="Seminar", start_date=dt.date(2018, 1, 5),
                         countries=("Türkiye",), marking="LIMITE"),
    )  # fmt: skip
    for kind, name in (("country", "Türkiye"), ("type", "Seminar"), ("marking", "LIMITE"),
                       ("marking", "UNCLASSIFIED")):  # fmt: skip
        edit.retire(db, kind, name)
    window = make_window()

    editor = _new_editor(window, qtbot)
    _type_in(editor.countries, keyboard, "TR")
    assert "Türkiye (TR)" not in editor.countries.suggestions.labels()
    keyboard.press(ENTER)
    assert editor.countries.values() == ()
    assert editor.countries.message.text() == (
        "'Türkiye' is retired; bring it back under Reference data (Ctrl+6) to use it again."
    )
    types = [editor.type.itemText(i) for i in range(editor.type.count())]
    markings = [editor.marking.itemText(i) for i in range(editor.marking.count())]
    assert "Seminar" not in types and "Workshop" in types
    assert markings == ["NATO UNCLASSIFIED"]  # LIMITE and UNCLASSIFIED are retired
    editor.title.setText("After")
    editor.type.setEditText("Workshop")
    editor.countries.set_values([])
    keyboard.focus_on(editor.title)
    keyboard.press(ENTER, CTRL)
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    assert query(
        db_path,
        "SELECT m.name FROM interaction i JOIN handling_marking m ON m.id = i.marking_id "
        "WHERE i.title = 'After'",
    ) == [("NATO UNCLASSIFIED",)]  # the lowest marking in use

    # the old record keeps (and is offered) what it has
    settle(window)
    window.interactions.edit_interaction(old.uuid)
    qtbot.waitUntil(
        lambda: window.interactions.editor is not None and window.interactions.editor.isVisible()
    )
    editor = window.interactions.editor
    assert editor.marking.currentText() == "LIMITE" and editor.type.currentText() == "Seminar"
    assert editor.countries.values() == ("Türkiye",)
    _type_in(editor.countries, keyboard, "TR")
    keyboard.press(ENTER)
    assert editor.countries.values() == ("Türkiye",)


def test_the_filter_bar_country_and_organisation_are_typed_as_in_the_pickers(
    db, make_window, keyboard, qtbot, settle, listed
):
    ankara = log(db, "In Ankara", dt.date(2018, 3, 1), countries=("Türkiye",),
                 organisations=("EUMS",))  # fmt: skip
    log(db, "In Vienna", dt.date(2018, 3, 2), countries=("Austria",))
    window = make_window()
    view = window.interactions_view
    bar = view.filter_bar
    keyboard.focus_on(bar.country)
    bar.country.lineEdit().selectAll()
    keyboard.type("Turkey")
    country = bar.typed["country"].suggestions
    qtbot.waitUntil(country.is_shown)
    assert country.labels() == ["Türkiye (TR), also “Turkey”"]
    keyboard.press(ENTER)
    assert bar.filter().country == "Türkiye" and bar.country.currentText() == "Türkiye (TR)"
    settle(window)
    assert listed(view) == [ankara]

    # an organisation by another of its names; then text naming nothing keeps the choice
    keyboard.focus_on(bar.organisation)
    bar.organisation.lineEdit().selectAll()
    keyboard.type("european union military staff")
    keyboard.press(ENTER)
    assert bar.filter().organisation == "EUMS"
    bar.organisation.lineEdit().selectAll()
    keyboard.type("zzz")
    keyboard.press(ENTER)
    assert bar.filter().organisation == "EUMS"
    assert bar.organisation.currentText() == "EUMS — EU Military Staff"
    # nothing typed: any country
    keyboard.focus_on(bar.country)
    bar.country.lineEdit().selectAll()
    keyboard.press(Qt.Key.Key_Backspace)
    keyboard.press(ENTER)
    assert bar.filter().country is None
    settle(window)
    assert len(listed(view)) == 1  # still EUMS only
