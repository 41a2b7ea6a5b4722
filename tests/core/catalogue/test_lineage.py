"""Action lineage (``catalogue.lineage``): which action a number means now, followed along
every renumber and merge, and the same answer from the list filter, the coverage matrix, the
action history and the audit trail."""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from eunato_desk.core import audit, interactions, listing
from eunato_desk.core.analysis import coverage
from eunato_desk.core.analysis import history as action_history
from eunato_desk.core.catalogue import edit as catalogue_edit
from eunato_desk.core.catalogue.actions import list_actions
from eunato_desk.core.catalogue.lineage import Lineage
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.records import InteractionFilter, InteractionInput, LinkInput
from eunato_desk.core.storage.db import Database
from tests.helpers import execute, query

START, END = dt.date(2017, 1, 1), dt.date(2019, 12, 31)


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A loop in the data must never hang: fail after 20 s instead of waiting for ever."""
    if not hasattr(signal, "SIGALRM"):  # pragma: no cover - Windows
        yield
        return

    def hung(*_args: object) -> None:
        raise AssertionError("following the superseded-by links did not stop")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def log(db: Database, title: str, day: dt.date, *numbers: int) -> str:
    record = interactions.create_interaction(
        db,
        InteractionInput(
            title=title,
            type="Workshop",
            start_date=day,
            links=tuple(LinkInput(n) for n in numbers),
        ),
    )
    return record.uuid


def sql(path: Path, statement: str, *params: object) -> list[tuple]:
    """The rows of a SELECT; any other statement is run and committed (outside the app)."""
    if statement.lstrip().upper().startswith(("SELECT", "WITH")):
        return query(path, statement, *params)
    execute(path, (statement, params))
    return []


def action_id(path: Path, number: int, status: str | None = None) -> int:
    where = " AND status = ?" if status else ""
    params = (number, status) if status else (number,)
    [(found,)] = sql(path, f"SELECT id FROM action WHERE number = ?{where}", *params)
    return found


def uuid_of(db: Database, number: int) -> str:
    return next(a.uuid for a in list_actions(db) if a.number == number and a.status == "active")


def listed(db: Database, number: int) -> set[str]:
    """What the interaction list shows for the action filter ``number``."""
    return {r.uuid for r in listing.list_interactions(db, InteractionFilter(action_number=number))}


def in_history(db: Database, number: int) -> set[str]:
    return {h.interaction_uuid for h in action_history.action_history(db, number)[1]}


def counted(db: Database, action_uuid: str) -> set[str]:
    return set(coverage.counted_interactions(db, action_uuid, START, END))


def audited_actions(db: Database, number: int) -> set[str]:
    return {e.entity_uuid for e in audit.history_for_action(db, number)}


def lineage(db: Database) -> Lineage:
    with db.read() as session:
        return Lineage.load(session)


# --- the rules, on plain rows ------------------------------------------------------------------


def test_a_chain_is_followed_to_its_end_and_the_family_is_everything_merged_into_it() -> None:
    # 1: number 3, renumbered to 80 (2), renumbered to 90 (3); 4: number 5 merged into 90.
    rows = [(1, 3, "retired", 2), (2, 80, "retired", 3), (3, 90, "active", None)]
    rows += [(4, 5, "retired", 3), (5, 6, "active", None)]
    chain = Lineage(rows)

    assert {aid: chain.final(aid) for aid in (1, 2, 3, 4, 5)} == {1: 3, 2: 3, 3: 3, 4: 3, 5: 5}
    assert chain.current(3) == chain.current(80) == chain.current(90) == chain.current(5) == 3
    assert sorted(chain.ids_for_number(3)) == sorted(chain.ids_for_number(90)) == [1, 2, 3, 4]
    assert chain.family(2) == [2, 1]  # an action in the middle: itself and what led to it
    assert chain.ids_for_number(6) == [5] and chain.ids_for_number(7) == []


def test_a_reused_number_means_its_active_action() -> None:
    # 3 was renumbered to 80; a new action 3 was added later.
    chain = Lineage([(1, 3, "retired", 2), (2, 80, "active", None), (3, 3, "active", None)])
    assert chain.current(3) == 3 and chain.ids_for_number(3) == [3]
    assert sorted(chain.ids_for_number(80)) == [1, 2]


def test_a_retired_action_without_successor_counts_for_itself() -> None:
    chain = Lineage([(1, 3, "retired", None), (2, 4, "retired", 1)])
    assert chain.current(3) == 1 and chain.current(4) == 1
    assert chain.ids_for_number(4) == [1, 2]


def test_a_loop_is_not_followed_round() -> None:
    # 1 -> 2 -> 1 is a loop; 3 leads into it.
    chain = Lineage([(1, 3, "retired", 2), (2, 80, "retired", 1), (3, 7, "retired", 1)])
    assert chain.looped == {1, 2}
    assert (chain.final(1), chain.final(2), chain.final(3)) == (1, 2, 1)
    assert chain.ids_for_number(7) == [1, 3]
    assert chain.loop_of(3) == [3, 80, 3]
    assert chain.loop_of(7) == [3, 80, 3]
    assert Lineage([(1, 3, "retired", 1)]).loop_of(3) == [3, 3]  # an action superseding itself


# --- the rules, in the app ---------------------------------------------------------------------


def test_renumber(db: Database) -> None:
    old = log(db, "Linked to 10", dt.date(2018, 1, 10), 10)
    catalogue_edit.renumber_action(db, 10, 80)
    new = log(db, "Linked to 80", dt.date(2018, 2, 10), 80)

    assert listed(db, 10) == listed(db, 80) == {old, new}
    assert in_history(db, 10) == in_history(db, 80) == {old, new}
    assert counted(db, uuid_of(db, 80)) == {old, new}
    assert interactions.get_interaction(db, old).links[0].number == 80


def test_merge(db: Database) -> None:
    a = log(db, "Linked to 12", dt.date(2018, 1, 10), 12)
    b = log(db, "Linked to 13", dt.date(2018, 1, 11), 13)
    catalogue_edit.merge_actions(db, 12, 13)

    assert listed(db, 12) == listed(db, 13) == {a, b}
    assert in_history(db, 12) == in_history(db, 13) == {a, b}
    assert counted(db, uuid_of(db, 13)) == {a, b}
    with db.read() as session:  # typed with the old number, a link goes to the survivor
        assert interactions.resolve_action(session, 12).number == 13


def test_two_renumbers_listing_by_the_first_number_finds_links_made_before_both(
    db: Database, db_path: Path
) -> None:
    first = log(db, "Linked to 3", dt.date(2018, 1, 10), 3)
    catalogue_edit.renumber_action(db, 3, 80)
    second = log(db, "Linked to 80", dt.date(2018, 2, 10), 80)
    catalogue_edit.renumber_action(db, 80, 90)
    third = log(db, "Linked to 90", dt.date(2018, 3, 10), 90)

    # Every link now sits on 90; following only one step from 3 (to 80) found none of them.
    everything = {first, second, third}
    assert listed(db, 3) == listed(db, 80) == listed(db, 90) == everything
    assert in_history(db, 3) == in_history(db, 90) == everything
    assert action_history.action_history(db, 3)[0].number == 90

    # A link left on the first action (undo of an import restores links by action uuid, so a
    # link to a since-retired action comes back as it was) counts for 90 everywhere too.
    fourth = log(db, "Restored link", dt.date(2018, 4, 10))
    first_action = action_id(db_path, 3)
    restore = (
        "INSERT INTO interaction_action (interaction_id, action_id, note) "
        "SELECT id, ?, '' FROM interaction WHERE uuid = ?"
    )
    sql(db_path, restore, first_action, fourth)
    everything.add(fourth)
    assert listed(db, 90) == listed(db, 3) == everything
    assert in_history(db, 90) == counted(db, uuid_of(db, 90)) == everything


def test_split_is_not_lineage(db: Database) -> None:
    linked = log(db, "Linked to 20", dt.date(2018, 1, 10), 20)
    catalogue_edit.split_action(db, 20, 95, "Second half of 20")
    later = log(db, "Linked to 95 only", dt.date(2018, 2, 10), 95)

    assert listed(db, 20) == in_history(db, 20) == counted(db, uuid_of(db, 20)) == {linked}
    assert listed(db, 95) == in_history(db, 95) == counted(db, uuid_of(db, 95)) == {linked, later}
    chain = lineage(db)
    assert chain.ids_for_number(95) == [chain.current(95)]


def test_list_filter_coverage_history_and_audit_agree_on_a_chain(db: Database) -> None:
    made = {
        log(db, "Before", dt.date(2017, 5, 2), 3),
        log(db, "Also on 44", dt.date(2018, 6, 30), 3, 44),
    }
    catalogue_edit.renumber_action(db, 3, 80)
    catalogue_edit.merge_actions(db, 4, 80)
    made.add(log(db, "Between", dt.date(2018, 9, 1), 80))
    catalogue_edit.renumber_action(db, 80, 90)
    made.add(log(db, "After", dt.date(2019, 1, 15), 90))

    chain = lineage(db)
    family = set(chain.ids_for_number(90))
    assert family == {action_id(db, n, "retired") for n in (3, 4, 80)} | {action_id(db, 90)}
    family_uuids = {a.uuid for a in list_actions(db) if a.number in (3, 4, 80, 90)}
    for number in (3, 4, 80, 90):
        assert listed(db, number) == in_history(db, number) == made, number
    assert counted(db, uuid_of(db, 90)) == made
    matrix = coverage.coverage_matrix(db, START, END)
    [row] = [r for r in matrix.rows if r.action.number == 90]
    assert row.total == len(made)
    overview = {o.action.number: o.total for o in action_history.action_overview(db)}
    assert overview[90] == len(made)
    # The audit trail of the number in force covers the same actions.
    assert audited_actions(db, 90) == family_uuids
    assert audited_actions(db, 3) < family_uuids  # an old number: its own changes only


def test_a_loop_in_the_data_gives_a_defined_answer_and_a_clear_message(
    db: Database, db_path: Path
) -> None:
    linked = log(db, "Linked to 3", dt.date(2018, 1, 10), 3)
    catalogue_edit.renumber_action(db, 3, 80)
    # An outside edit makes 80 point back at 3: 3 -> 80 -> 3, no active action left.
    loop = "UPDATE action SET status = 'retired', superseded_by_id = ? WHERE number = 80"
    sql(db_path, loop, action_id(db_path, 3))

    for number in (3, 80):
        with pytest.raises(ValidationError) as info, db.write() as session:
            interactions.resolve_action(session, number)
        assert info.value.field == "actions"
        assert f"there is no active action number {number}" in info.value.message
        assert "go round a loop: " in info.value.message
    with pytest.raises(ValidationError, match="3 → 80 → 3"):
        log(db, "Typed with the old number", dt.date(2018, 2, 1), 3)

    # Each action in the loop counts for itself: the link (moved to 80) stays with 80.
    assert listed(db, 80) == in_history(db, 80) == counted(db, uuid_of_any(db, 80)) == {linked}
    assert listed(db, 3) == in_history(db, 3) == set()
    assert audited_actions(db, 80) == {uuid_of_any(db, 80)}
    assert all(
        r.action.number not in (3, 80) for r in coverage.coverage_matrix(db, START, END).rows
    )
    assert all(o.action.number not in (3, 80) for o in action_history.action_overview(db))


def uuid_of_any(db: Database, number: int) -> str:
    return next(a.uuid for a in list_actions(db) if a.number == number)
