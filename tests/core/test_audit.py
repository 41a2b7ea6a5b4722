"""The audit trail: every change to interactions, links, follow-ups and actions is recorded in
the same transaction, with who, which field, and the old and new values."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest

from eunato_desk.core import audit, follow_ups
from eunato_desk.core.audit import AuditEntry, history_for_action, history_for_interaction
from eunato_desk.core.catalogue import actions as catalogue
from eunato_desk.core.catalogue import edit as catalogue_edit
from eunato_desk.core.errors import NotFoundError, ValidationError
from eunato_desk.core.interactions import (
    create_interaction,
    delete_interaction,
    empty_trash,
    restore_interactions,
    update_interaction,
)
from eunato_desk.core.records import FollowUpInput, InteractionInput, LinkInput
from eunato_desk.core.storage.db import Database
from tests.helpers import execute, query

BASE = InteractionInput(
    title="Cross-briefing to the PSC",
    type="Cross-briefing",
    start_date=dt.date(2018, 5, 3),
    summary="Both staffs presented.",
    links=(LinkInput(3, "first note"), LinkInput(43)),
)


def rows(entries: list[AuditEntry]) -> list[tuple[str, str, str, str | None, str | None]]:
    return [(e.officer, e.about, e.field, e.old, e.new) for e in entries]


def test_creating_an_interaction_records_it_and_its_links(db: Database) -> None:
    record = create_interaction(db, BASE, officer="Anna")

    history = history_for_interaction(db, record.uuid)

    assert rows(history) == [
        ("Anna", "interaction", "created", None, "Cross-briefing to the PSC"),
        ("Anna", "action 3", "link", None, "3"),
        ("Anna", "action 3", "link_note", None, "first note"),
        ("Anna", "action 43", "link", None, "43"),
    ]
    assert len({e.txn for e in history}) == 1
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", e.at) for e in history)
    assert {e.entity_uuid for e in history} == {record.uuid}


def test_an_edit_records_only_what_changed_with_the_editor(db: Database) -> None:
    record = create_interaction(db, BASE, officer="Anna")
    created = history_for_interaction(db, record.uuid)

    update_interaction(
        db,
        record.uuid,
        replace(
            BASE,
            title="Cross-briefing to the PSC on PACE17",
            type="Workshop",
            start_date=dt.date(2018, 5, 4),
            status="postponed",
            links=(LinkInput(3, "changed note"), LinkInput(7)),
        ),
        officer="Bob",
    )

    new = history_for_interaction(db, record.uuid)[len(created) :]
    assert sorted(rows(new)) == sorted(
        [
            ("Bob", "interaction", "title", "Cross-briefing to the PSC",
             "Cross-briefing to the PSC on PACE17"),
            ("Bob", "interaction", "type", "Cross-briefing", "Workshop"),
            ("Bob", "interaction", "start_date", "2018-05-03", "2018-05-04"),
            ("Bob", "interaction", "status", "held", "postponed"),
            ("Bob", "action 3", "link_note", "first note", "changed note"),
            ("Bob", "action 7", "link", None, "7"),
            ("Bob", "action 43", "link", "43", None),
        ]
    )  # fmt: skip
    assert len({e.txn for e in new}) == 1
    assert new[0].txn is not None and created[0].txn is not None and new[0].txn > created[0].txn


def test_saving_without_changes_records_nothing(db: Database) -> None:
    record = create_interaction(db, BASE, officer="Anna")
    before = history_for_interaction(db, record.uuid)
    update_interaction(db, record.uuid, BASE, officer="Anna")
    assert history_for_interaction(db, record.uuid) == before


def test_trash_restore_and_delete_for_good_are_recorded(db: Database) -> None:
    record = create_interaction(db, BASE, officer="Anna")
    delete_interaction(db, record.uuid, officer="Carl")
    restore_interactions(db, [record.uuid])
    delete_interaction(db, record.uuid, officer="Dora")
    empty_trash(db)

    tail = history_for_interaction(db, record.uuid)[4:]

    assert [(e.officer, e.field) for e in tail] == [
        ("Carl", "deleted_at"),
        ("", "deleted_at"),
        ("Dora", "deleted_at"),
        ("", "deleted for good"),
    ]
    assert tail[0].old is None and tail[0].new is not None
    assert tail[1].old == tail[0].new and tail[1].new is None
    assert tail[3].old == "Cross-briefing to the PSC"


def test_follow_ups_are_in_the_interactions_history(db: Database) -> None:
    record = create_interaction(
        db, replace(BASE, new_follow_ups=(FollowUpInput("Send the paper", "Anna"),)), "Anna"
    )
    extra = follow_ups.add_follow_up(
        db, record.uuid, "Book the room", due_date=dt.date(2018, 6, 1), officer="Bob"
    )
    follow_ups.set_follow_up_done(db, extra.uuid)
    follow_ups.delete_follow_up(db, extra.uuid)

    follow = [e for e in history_for_interaction(db, record.uuid) if e.entity == "follow_up"]

    assert [(e.officer, e.about, e.field, e.old) for e in follow] == [
        ("Anna", "follow-up: Send the paper", "created", None),
        ("Bob", "follow-up: Book the room", "created", None),
        ("", "follow-up: Book the room", "done_at", None),
        ("", "follow-up: Book the room", "deleted", "Book the room"),
    ]
    assert follow[2].new is not None


def test_a_failed_save_leaves_no_trace_in_the_trail(db: Database, db_path: Path) -> None:
    record = create_interaction(db, BASE, officer="Anna")
    before = history_for_interaction(db, record.uuid)
    bad = replace(BASE, title="Renamed", new_follow_ups=(FollowUpInput("x", action_number=9),))

    # The interaction row is changed and flushed before the follow-up is refused.
    with pytest.raises(ValidationError, match="action 9 is not linked"):
        update_interaction(db, record.uuid, bad, officer="Bob")

    assert history_for_interaction(db, record.uuid) == before
    assert query(db_path, "SELECT title FROM interaction") == [(BASE.title,)]


def test_catalogue_changes_are_recorded_with_the_officer_of_the_change(db: Database) -> None:
    catalogue_edit.update_action(
        db, 3, catalogue_edit.ActionEdit(title="New title", area_code=1), officer="Eve"
    )

    history = history_for_action(db, 3)

    assert rows(history)[0][:3] == ("", "action 3", "created")  # the reference seed
    changed = [r for r in rows(history) if r[2] != "created"]
    assert [(o, f) for o, _a, f, _old, _new in changed] == [
        ("Eve", "title"),
        ("Eve", "description"),
    ]
    assert changed[0][4] == "New title"


def test_a_renumbered_action_keeps_its_history_and_moved_links_name_the_editor(
    db: Database,
) -> None:
    record = create_interaction(db, BASE, officer="Anna")

    catalogue_edit.renumber_action(db, 3, 80, officer="Eve")

    history = history_for_action(db, 80)
    assert ("Eve", "action 3", "status", "active", "retired") in rows(history)
    assert ("Eve", "action 3", "superseded_by", None, "80") in rows(history)
    assert ("Eve", "action 80", "created", None, history[0].new) in rows(history)
    # The old number's history is its own (up to the renumbering); the new one's includes it.
    old_number = rows(history_for_action(db, 3))
    assert old_number == [r for r in rows(history) if r[1] == "action 3"]
    assert old_number[-1] == ("Eve", "action 3", "superseded_by", None, "80")
    moved = [e for e in history_for_interaction(db, record.uuid) if e.field == "link"][-2:]
    assert sorted(rows(moved)) == [("Eve", "action 3", "link", "3", None),
                                   ("Eve", "action 80", "link", None, "80")]  # fmt: skip


def test_a_catalogue_import_is_recorded_without_a_name(db: Database, tmp_path: Path) -> None:
    csv_file = tmp_path / "official.csv"
    csv_file.write_text("number,set,title\n12,2016,Official title of twelve\n", encoding="utf-8")

    report = catalogue.import_catalogue(db, csv_file)

    assert not report.problems
    changes = [r for r in rows(history_for_action(db, 12)) if r[2] == "title"]
    assert changes == [("", "action 12", "title", changes[0][3], "Official title of twelve")]


def test_unknown_records_are_reported(db: Database) -> None:
    with pytest.raises(NotFoundError, match="No interaction with id nope"):
        history_for_interaction(db, "nope")
    with pytest.raises(NotFoundError, match="No action number 999"):
        history_for_action(db, 999)


def test_changes_made_outside_the_app_are_recorded_too(db: Database, db_path: Path) -> None:
    record = create_interaction(db, BASE, officer="Anna")
    execute(db_path, "UPDATE interaction SET outcome = 'Agreed', updated_by = 'sqlite shell'")

    last = history_for_interaction(db, record.uuid)[-1]

    assert (last.officer, last.field, last.old, last.new) == (
        "sqlite shell",
        "outcome",
        "",
        "Agreed",
    )


def test_latest_change_moves_with_every_save(db: Database) -> None:
    start = audit.latest_change(db)
    record = create_interaction(db, BASE, officer="Anna")
    after_create = audit.latest_change(db)
    update_interaction(db, record.uuid, replace(BASE, title="Other"), officer="Anna")
    assert start < after_create < audit.latest_change(db)


def test_history_entries_are_plain_json(db: Database) -> None:
    record = create_interaction(db, BASE, officer="Anna")
    first = history_for_interaction(db, record.uuid)[0].as_json()
    assert first["officer"] == "Anna"
    assert first["uuid"] == record.uuid
    assert set(first) == {
        "at", "officer", "login", "entity", "uuid", "about", "field", "old", "new", "txn"
    }  # fmt: skip


def test_the_change_marker_moves_for_every_change_even_one_committed_late(db, db_path):
    from eunato_desk.core.audit import change_marker
    from eunato_desk.core.reference import edit as reference_edit
    from tests.helpers import log

    first = change_marker(db)
    assert change_marker(db) == first  # reading changes nothing
    log(db, "One more", dt.date(2019, 1, 1), [3])
    second = change_marker(db)
    assert second[0][0] > first[0][0] and second[1] == first[1]
    # A row whose id was taken before the newest one but committed after it (the team server
    # hands out ids before commit): the highest id stays, the marker still moves.
    ((low,),) = query(db_path, "SELECT max(id) - 1 FROM audit_log")
    execute(db_path, ("DELETE FROM audit_log WHERE id = ?", (low,)))
    gap = change_marker(db)
    execute(
        db_path,
        (
            "INSERT INTO audit_log (id, txn, at, officer, entity, entity_uuid, field) "
            "VALUES (?, 1, '2019-01-01T00:00:00Z', 'Late', 'interaction', 'x', 'title')",
            (low,),
        ),
    )
    assert change_marker(db) != gap and change_marker(db)[0][0] == gap[0][0]
    reference_edit.rename(db, "organisation", "EUMS", "European Union Military Staff")
    assert change_marker(db)[1] != second[1]
