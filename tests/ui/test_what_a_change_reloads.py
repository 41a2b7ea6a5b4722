"""Each write says what it changed (``Changes``) and each view reads again only for a change
that concerns it: the background reads one save triggers are counted, by name."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from eunato_desk.core import interactions
from eunato_desk.core.catalogue.edit import ActionEdit
from eunato_desk.core.records import FollowUpInput, InteractionInput, LinkInput
from eunato_desk.ui.actions import commands as action_commands
from eunato_desk.ui.changes import Changes
from eunato_desk.ui.interactions import commands
from eunato_desk.ui.ops import DbExecutor

LIST = "InteractionsView.reload.<locals>.first_page"
DETAILS = "InteractionsView._show_details.<locals>.details"
OVERVIEW = "load_overview.<locals>.overview"
ACTION_PAGE = "load_action.<locals>.action_page"
FOLLOW_UPS = "load_follow_ups.<locals>.follow_up_list"
VOCABULARY = "load_vocabulary.<locals>.vocabulary"
DASHBOARD = "load_dashboard.<locals>.dashboard"
WATCHER = "LiveUpdates.look.<locals>.marker"


@pytest.fixture
def logged(db):  # type: ignore[no-untyped-def]
    for title, numbers in (("Linked to 43", (43,)), ("Linked to 2", (2,)), ("Not linked", ())):
        interactions.create_interaction(
            db,
            InteractionInput(
                title=title, type="Workshop", start_date=dt.date(2018, 3, 1),
                links=tuple(LinkInput(n) for n in numbers),
                new_follow_ups=(FollowUpInput(f"After {title}"),),
            ),
        )  # fmt: skip


@pytest.fixture
def reads(monkeypatch):  # type: ignore[no-untyped-def]
    """The names of the background reads asked for, in order (the list is cleared at will).
    The live watcher's marker reads (every second, whatever was saved) are not views reading
    again, and are left out."""
    asked: list[str] = []
    submit = DbExecutor.submit

    def counting(self, fn, *args, writes=True, **kwargs):  # type: ignore[no-untyped-def]
        if not writes and fn.__qualname__ != WATCHER:
            asked.append(fn.__qualname__)
        return submit(self, fn, *args, writes=writes, **kwargs)

    monkeypatch.setattr(DbExecutor, "submit", counting)
    return asked


def save_new(window, settle, qtbot, title, **fields):  # type: ignore[no-untyped-def]
    editor = window.interactions.new_interaction()
    editor.title.setText(title)
    editor.type.setEditText("Workshop")
    editor.date.setText("2018-05-03")
    for number in fields.get("links", ()):
        editor.actions.add(number)
    for text in fields.get("follow_ups", ()):
        editor.follow_ups.text.setText(text)
        editor.follow_ups.add()
    editor.save()
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    settle(window)


def test_a_save_reloads_the_list_page_only(logged, window, settle, qtbot, reads):
    window.show_view("Actions")
    window.actions_controller.open_action(43)
    settle(window)
    window.show_view("Interactions")
    settle(window)
    reads.clear()

    save_new(window, settle, qtbot, "Plain meeting")

    # Before: vocabulary, action overview, the open action page, the list page and its ids,
    # the Trash, the follow-ups, the saved row's lookup, the details. Now: the list's first
    # page (ids, count, rows and the saved row's id in one read), then the details shown.
    assert Counter(reads) == Counter({LIST: 1, DETAILS: 1})
    view = window.interactions_view
    assert view.current_uuid() is not None
    assert "Plain meeting" in view.details.toPlainText()  # selected and shown
    assert window.count_label.text() == "4 interactions"


def test_a_save_with_links_and_follow_ups_reloads_what_shows_them(
    logged, window, settle, qtbot, reads
):
    window.show_view("Actions")
    window.actions_controller.open_action(43)
    settle(window)
    page = window.actions_view.page
    assert len(page.history_uuids()) == 1
    reads.clear()

    save_new(window, settle, qtbot, "Linked and followed up", links=(43,), follow_ups=("Call",))

    assert Counter(reads) == Counter(
        {LIST: 1, DETAILS: 1, OVERVIEW: 1, ACTION_PAGE: 1, FOLLOW_UPS: 1}
    )
    assert len(page.history_uuids()) == 2  # the open action page shows the new link
    assert window.follow_ups_view.model.rowCount() == 4


def test_a_new_participant_refreshes_the_vocabulary(logged, window, settle, qtbot, reads):
    reads.clear()
    editor = window.interactions.new_interaction()
    editor.participants.input.setText("Someone New")
    editor.participants.commit_typed()
    editor.title.setText("With a new face")
    editor.type.setEditText("Workshop")
    editor.save()
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=10000)
    settle(window)
    assert Counter(reads) == Counter({VOCABULARY: 1, LIST: 1, DETAILS: 1})
    assert "Someone New" in [p.name for p in window.vocabulary.vocab.people]


def test_a_catalogue_edit_still_refreshes_the_vocabulary_and_the_actions(
    logged, window, settle, reads
):
    window.show_view("Actions")
    window.actions_controller.open_action(11)
    settle(window)
    reads.clear()
    edit = ActionEdit(title="Maritime information sharing", description="", area_code=2,
                      set_year=2016)  # fmt: skip
    action_commands.update_action(window, window.executor, 11, edit, "Anna").run()
    settle(window)
    # A catalogue change reaches every view that shows action numbers or titles: the list
    # and the Trash (their rows), the follow-ups, the overview, the page, the vocabulary.
    assert Counter(reads) == Counter(
        {VOCABULARY: 1, OVERVIEW: 1, ACTION_PAGE: 1, LIST: 2, DETAILS: 1, FOLLOW_UPS: 1}
    )
    assert window.actions_view.page.action.title == "Maritime information sharing"
    actions = window.interactions_view.filter_bar.action
    assert actions.itemText(actions.findData(11)) == "11 — Maritime information sharing"


def test_marking_a_follow_up_done_reloads_the_follow_ups_not_the_list(
    logged, window, settle, reads
):
    window.show_view("Follow-ups")
    settle(window)
    view = window.follow_ups_view
    assert view.model.rowCount() == 3
    reads.clear()
    view.table.selectRow(0)
    view.done_button.click()
    settle(window)
    assert Counter(reads) == Counter({FOLLOW_UPS: 1})
    assert view.model.rowCount() == 2


def test_the_dashboard_reads_only_while_it_is_shown(logged, window, settle, qtbot, reads):
    save_new(window, settle, qtbot, "While the list shows")
    assert DASHBOARD not in reads
    window.show_view("Dashboard")
    settle(window)
    assert reads.count(DASHBOARD) == 1  # shown: read
    window.dashboard_view.year.set_key(2018)
    settle(window)
    assert window.dashboard_view.summary.text().startswith("4 interactions in the period")
    reads.clear()
    data = InteractionInput(title="Saved while it shows", type="Workshop",
                            start_date=dt.date(2018, 6, 1))  # fmt: skip
    changes = Changes(interactions=True)
    commands.save_interaction(window, window.executor, None, data, "Anna", changes).run()
    settle(window)
    assert reads.count(DASHBOARD) == 1
    assert window.dashboard_view.summary.text().startswith("5 interactions in the period")


REFERENCE = "load_entries.<locals>.reference_list"


def test_a_rename_reloads_what_shows_the_name_and_reference_data_only_while_shown(
    logged, window, settle, qtbot, reads
):
    from eunato_desk.ui.reference import commands as reference_commands

    window.show_view("Actions")
    window.actions_controller.open_action(43)
    settle(window)
    reads.clear()
    reference_commands.entry_change(
        window, window.executor, "rename", "organisation", "EEAS",
        "European External Action Service (EEAS)", officer="Anna",
    ).run()  # fmt: skip
    settle(window)
    # the name shows on interactions: the list and the Trash (their rows), the open action
    # page (its history's organisations), the vocabulary; not the overview's counts, the
    # follow-ups, nor Reference data (not shown: it reads when it is)
    assert Counter(reads) == Counter({VOCABULARY: 1, LIST: 2, DETAILS: 1, ACTION_PAGE: 1})
    window.show_view("Reference data")
    settle(window)
    assert reads.count(REFERENCE) == 1
    assert "European External Action Service (EEAS)" in [
        i.record.name for i in window.reference_view.items()
    ]
    reads.clear()
    save_new(window, settle, qtbot, "Counted in Reference data")  # counts of use change
    assert REFERENCE not in reads  # the editor showed the interaction list
    window.show_view("Reference data")
    settle(window)
    assert reads.count(REFERENCE) == 1
    window.show_view("Interactions")
    window.show_view("Reference data")
    settle(window)
    assert reads.count(REFERENCE) == 1  # nothing changed since: not read again
