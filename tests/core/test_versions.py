"""Interaction versions: 1 at creation, +1 once per committed change an officer could see
(fields, links, follow-ups, Trash and back); a save from an older version is refused with the
stored record and nothing is written, also when another writer slips in between the read and
the write."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import update

from eunato_desk.core import follow_ups, interactions
from eunato_desk.core.models import Interaction
from eunato_desk.core.records import FollowUpInput, InteractionInput, LinkInput
from eunato_desk.core.storage.address import parse_address
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.versions import ConflictError
from tests.helpers import query

VERSION = "SELECT version FROM interaction WHERE uuid = ?"


def _form(**fields) -> InteractionInput:  # type: ignore[no-untyped-def]
    base = dict(title="Staff talks", type="Workshop", start_date=dt.date(2018, 3, 1))
    return InteractionInput(**{**base, **fields})


def _version(db_path, uuid: str) -> int:  # type: ignore[no-untyped-def]
    return query(db_path, VERSION, uuid)[0][0]


def test_every_change_an_officer_sees_counts_once(db, db_path) -> None:
    record = interactions.create_interaction(db, _form(links=(LinkInput(3),)), officer="Anna")
    uuid = record.uuid
    assert record.version == 1 and _version(db_path, uuid) == 1
    steps = [
        # a save with a new follow-up and a changed link: one transaction, one version
        lambda: interactions.update_interaction(
            db, uuid, _form(links=(LinkInput(43),), new_follow_ups=(FollowUpInput("Call"),))
        ),
        lambda: interactions.update_interaction(db, uuid, _form(organisations=("EEAS",))),
        lambda: interactions.delete_interactions(db, [uuid]),
        lambda: interactions.restore_interactions(db, [uuid]),
        lambda: follow_ups.add_follow_up(db, uuid, "Send the minutes"),
    ]
    for expected, step in enumerate(steps, start=2):
        step()
        assert _version(db_path, uuid) == expected
    steps_uuids = [f.uuid for f in follow_ups.list_follow_ups(db, interaction_uuid=uuid)]
    follow_ups.set_follow_ups_done(db, steps_uuids)  # two follow-ups, one interaction: +1
    assert _version(db_path, uuid) == 7
    follow_ups.delete_follow_up(db, steps_uuids[0])
    assert _version(db_path, uuid) == 8
    assert interactions.get_interaction(db, uuid).version == 8


def test_a_save_from_an_older_version_is_refused_and_writes_nothing(db, db_path) -> None:
    uuid = interactions.create_interaction(db, _form(), officer="Anna").uuid
    interactions.update_interaction(db, uuid, _form(summary="Ben's"), officer="Ben Okafor")
    before = query(db_path, "SELECT * FROM interaction")
    trail = query(db_path, "SELECT count(*) FROM audit_log")
    with pytest.raises(ConflictError) as caught:
        interactions.save_interaction(
            db,
            uuid,
            _form(title="Mine", new_follow_ups=(FollowUpInput("Mine too"),)),
            officer="Anna",
            expected_version=1,
        )
    error = caught.value
    assert (error.expected, error.theirs.version) == (1, 2)
    assert (error.theirs.summary, error.theirs.updated_by) == ("Ben's", "Ben Okafor")
    assert error.message.startswith(f"Not saved: interaction {uuid} was changed after you read")
    assert "(now version 2; you had version 1), last edited by Ben Okafor at " in error.message
    assert query(db_path, "SELECT * FROM interaction") == before
    assert query(db_path, "SELECT count(*) FROM audit_log") == trail
    assert query(db_path, "SELECT count(*) FROM follow_up") == [(0,)]


def test_two_edits_from_the_same_version_the_second_is_refused(db, db_path) -> None:
    uuid = interactions.create_interaction(db, _form()).uuid
    other = open_database(parse_address(db_path))  # a second officer's connection
    try:
        seen = interactions.get_interaction(other, uuid).version
        mine = interactions.get_interaction(db, uuid).version
        interactions.update_interaction(
            other, uuid, _form(outcome="Theirs"), officer="Ben", expected_version=seen
        )
        with pytest.raises(ConflictError):
            interactions.update_interaction(
                db, uuid, _form(outcome="Mine"), officer="Anna", expected_version=mine
            )
    finally:
        other.dispose()
    assert query(db_path, "SELECT outcome, version, updated_by FROM interaction") == [
        ("Theirs", 2, "Ben")
    ]
    # from the version now stored, the save goes through
    interactions.update_interaction(db, uuid, _form(outcome="Mine"), expected_version=2)
    assert query(db_path, "SELECT outcome, version FROM interaction") == [("Mine", 3)]


def test_a_writer_between_the_read_and_the_write_makes_it_a_conflict(
    db, db_path, monkeypatch
) -> None:
    """As on a server database, where nothing locks the file: the UPDATE says WHERE version =
    the version read, matches no row, and the save is refused (nothing of it written)."""
    uuid = interactions.create_interaction(db, _form()).uuid
    real = interactions.get_row

    def get_row_then_someone_writes(session, *args, **kwargs):  # type: ignore[no-untyped-def]
        row = real(session, *args, **kwargs)
        table = Interaction.__table__
        session.execute(
            update(table)
            .where(table.c.id == row.id)
            .values(version=table.c.version + 1, title="Someone else's")
        )
        return row

    monkeypatch.setattr(interactions, "get_row", get_row_then_someone_writes)
    with pytest.raises(ConflictError) as caught:
        interactions.update_interaction(db, uuid, _form(title="Mine"))
    assert caught.value.expected == 1
    assert query(db_path, "SELECT title, version FROM interaction") == [("Staff talks", 1)]


def test_edit_changes_only_what_it_is_given_in_one_transaction(db) -> None:
    uuid = interactions.create_interaction(
        db, _form(summary="Kept", links=(LinkInput(3, "a note"),)), officer="Anna"
    ).uuid
    record = interactions.edit_interaction(
        db, uuid, lambda stored: replace(stored.to_input(), title="New"), "Ben", expected_version=1
    )
    assert (record.title, record.summary, record.version) == ("New", "Kept", 2)
    assert [(lk.number, lk.note) for lk in record.links] == [(3, "a note")]
    assert record.updated_by == "Ben"
