"""Action overview, history (including superseded numbers), catalogue changes, follow-ups."""

from __future__ import annotations

import datetime as dt

import pytest

from eunato_desk.core import follow_ups, interactions
from eunato_desk.core.analysis import history as action_history
from eunato_desk.core.catalogue import edit as catalogue_edit
from eunato_desk.core.catalogue.edit import ActionEdit
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.records import InteractionInput, LinkInput
from tests.helpers import query


def log(db, title, day, numbers, notes=None, status="held"):  # type: ignore[no-untyped-def]
    notes = notes or {}
    return interactions.create_interaction(
        db,
        InteractionInput(
            title=title,
            type="Workshop",
            start_date=day,
            status=status,
            links=tuple(LinkInput(n, notes.get(n, "")) for n in numbers),
            countries=("Tunisia",),
            organisations=("EEAS",),
        ),
    ).uuid


def links_by_interaction(db_path):  # type: ignore[no-untyped-def]
    return sorted(
        query(
            db_path,
            "SELECT i.title, a.number, a.status, l.note FROM interaction_action l "
            "JOIN interaction i ON i.id = l.interaction_id JOIN action a ON a.id = l.action_id",
        )
    )


def overview(db, number, today):  # type: ignore[no-untyped-def]
    rows = action_history.action_overview(db, today=today)
    return next(r for r in rows if r.action.number == number)


def test_history_in_date_order_both_ways(db):
    log(db, "B", dt.date(2018, 5, 1), [3], {3: "second"})
    log(db, "A", dt.date(2017, 2, 1), [3, 4], {3: "first"})
    log(db, "C", dt.date(2019, 1, 1), [4])
    action, history = action_history.action_history(db, 3)
    assert action.number == 3
    assert [(h.title, h.note) for h in history] == [("A", "first"), ("B", "second")]
    _, newest = action_history.action_history(db, 3, newest_first=True)
    assert [h.title for h in newest] == ["B", "A"]
    assert newest[0].countries == ("Tunisia",) and newest[0].organisations == ("EEAS",)


def test_stale_flags_at_quarter_boundaries(db):
    log(db, "last day of Q1", dt.date(2018, 3, 31), [5])
    log(db, "first day of Q2", dt.date(2018, 4, 1), [6])
    log(db, "cancelled", dt.date(2018, 3, 15), [7], status="cancelled")
    q1 = dt.date(2018, 3, 31)
    assert overview(db, 5, q1).this_quarter == 1
    assert not overview(db, 5, q1).no_activity_this_quarter
    assert overview(db, 6, q1).this_quarter == 0  # not yet happened in Q1
    q2 = dt.date(2018, 4, 1)
    assert overview(db, 5, q2).no_activity_this_quarter
    assert overview(db, 6, q2).this_quarter == 1
    # six months without activity makes an action stale
    assert not overview(db, 5, dt.date(2018, 9, 30)).stale
    assert overview(db, 5, dt.date(2018, 10, 1)).stale
    assert overview(db, 7, q1).total == 0 and overview(db, 7, q1).stale  # cancelled: no activity
    assert overview(db, 1, q1).total == 0 and overview(db, 1, q1).last_date is None


def test_renumber_keeps_links_visible_from_both_numbers(db, db_path):
    log(db, "A", dt.date(2018, 1, 1), [10], {10: "note A"})
    catalogue_edit.renumber_action(db, 10, 80, officer="Anna")
    assert links_by_interaction(db_path) == [("A", 80, "active", "note A")]
    old, old_history = action_history.action_history(db, 10)
    new, new_history = action_history.action_history(db, 80)
    assert old.number == new.number == 80
    assert [h.title for h in old_history] == [h.title for h in new_history] == ["A"]
    assert overview(db, 80, dt.date(2018, 1, 2)).total == 1
    with pytest.raises(ValidationError, match="already exists"):
        catalogue_edit.renumber_action(db, 11, 80)
    dossier = action_history.build_dossier(db, action_number=80)
    kinds = [(c.kind, c.officer) for c in dossier.sections[0].changes]
    assert ("renumber", "Anna") in kinds and len(kinds) == 2
    # a new interaction typed with the old number links to the renumbered action
    log(db, "B", dt.date(2018, 2, 1), [10])
    assert ("B", 80, "active", "") in links_by_interaction(db_path)


def test_merge_moves_links_and_joins_notes(db, db_path):
    log(db, "both", dt.date(2018, 1, 1), [12, 13], {12: "from 12", 13: "from 13"})
    log(db, "only 12", dt.date(2018, 2, 1), [12])
    catalogue_edit.merge_actions(db, 12, 13, officer="Anna")
    assert links_by_interaction(db_path) == [
        ("both", 13, "active", "from 13; from 12"),
        ("only 12", 13, "active", ""),
    ]
    _, history = action_history.action_history(db, 12)
    assert sorted(h.title for h in history) == ["both", "only 12"]
    with pytest.raises(ValidationError):
        catalogue_edit.merge_actions(db, 13, 13)


def test_split_copies_links_to_the_new_action(db, db_path):
    log(db, "A", dt.date(2018, 1, 1), [20], {20: "n"})
    catalogue_edit.split_action(db, 20, 90, "Second half of action 20", officer="Anna")
    assert links_by_interaction(db_path) == [("A", 20, "active", "n"), ("A", 90, "active", "n")]
    assert [h.title for h in action_history.action_history(db, 90)[1]] == ["A"]
    assert [h.title for h in action_history.action_history(db, 20)[1]] == ["A"]


def test_edit_add_retire(db):
    catalogue_edit.update_action(
        db, 11, ActionEdit("Maritime information sharing", "d", 2, 2016), "Anna"
    )
    catalogue_edit.add_action(db, 75, ActionEdit("A new action", "", 10, 2017), "Anna")
    catalogue_edit.retire_action(db, 74, "Anna")
    rows = {r.action.number: r.action for r in action_history.action_overview(db)}
    assert rows[11].title == "Maritime information sharing" and rows[11].area_code == 2
    assert rows[75].area_code == 10
    assert 74 not in rows
    with pytest.raises(ValidationError, match="title"):
        catalogue_edit.update_action(db, 11, ActionEdit("  "), "Anna")
    with pytest.raises(ValidationError, match="area"):
        catalogue_edit.add_action(db, 76, ActionEdit("x", "", 99, 2017))


def test_follow_ups_overdue_first_and_done(db):
    uuid = log(db, "A", dt.date(2018, 1, 1), [3])
    today = dt.date(2018, 6, 1)
    later = follow_ups.add_follow_up(
        db, uuid, "send minutes", owner="Ben", due_date=dt.date(2018, 7, 1)
    )
    late = follow_ups.add_follow_up(
        db, uuid, "call CERT-EU", due_date=dt.date(2018, 5, 1), action_number=3
    )
    undated = follow_ups.add_follow_up(db, uuid, "think")
    listed = follow_ups.list_follow_ups(db, today=today)
    assert [f.text for f in listed] == ["call CERT-EU", "send minutes", "think"]
    assert [f.overdue for f in listed] == [True, False, False]
    assert [f.text for f in follow_ups.list_follow_ups(db, overdue_only=True, today=today)] == [
        "call CERT-EU"
    ]
    follow_ups.set_follow_up_done(db, late.uuid)
    assert [f.text for f in follow_ups.list_follow_ups(db, today=today)] == [
        "send minutes",
        "think",
    ]
    assert len(follow_ups.list_follow_ups(db, include_done=True, today=today)) == 3
    with pytest.raises(ValidationError, match="not linked"):
        follow_ups.add_follow_up(db, uuid, "x", action_number=4)
    with pytest.raises(ValidationError):
        follow_ups.add_follow_up(db, uuid, "   ")
    dossier = action_history.build_dossier(db, action_number=3, today=today)
    assert dossier.sections[0].follow_ups == ()  # the only one for action 3 is done
    assert later.uuid and undated.uuid


def test_area_dossier_has_every_active_action_of_the_area(db):
    log(db, "A", dt.date(2018, 1, 1), [1, 43])
    dossier = action_history.build_dossier(db, area_code=1)
    numbers = [s.action.number for s in dossier.sections]
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 43, 44, 45, 46, 47, 48, 49]
    assert [h.title for h in dossier.sections[0].history] == ["A"]
    with pytest.raises(ValidationError):
        action_history.build_dossier(db, area_code=1, action_number=1)
    with pytest.raises(ValidationError, match="no area"):
        action_history.build_dossier(db, area_code=42)


def test_follow_ups_saved_with_the_interaction_in_one_transaction(db, db_path):
    from eunato_desk.core.records import FollowUpInput

    data = InteractionInput(
        title="With next steps",
        type="Workshop",
        start_date=dt.date(2018, 1, 1),
        links=(LinkInput(3),),
        new_follow_ups=(FollowUpInput("draft report", "Ben", dt.date(2018, 2, 1), 3),),
    )
    record = interactions.create_interaction(db, data)
    listed = follow_ups.list_follow_ups(db, interaction_uuid=record.uuid)
    assert [(f.text, f.owner, f.action_number) for f in listed] == [("draft report", "Ben", 3)]
    bad = InteractionInput(
        title="Broken next step",
        type="Workshop",
        start_date=dt.date(2018, 1, 1),
        new_follow_ups=(FollowUpInput("x", action_number=44),),
    )
    with pytest.raises(ValidationError, match="not linked"):
        interactions.create_interaction(db, bad)
    titles = [r[0] for r in query(db_path, "SELECT title FROM interaction")]
    assert titles == ["With next steps"], "the failed save left nothing behind"
