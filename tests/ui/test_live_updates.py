"""Another officer's save appears in the open list within two seconds, with the selected
interaction still selected and the same interaction at the top of the table; one's own save is
not read twice. "Another officer" is a second connection to the same database, writing through
the core as the application on another desk would (on a file, the lock keeps other writers out;
on the team server, nothing does)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.records import InteractionInput
from eunato_desk.core.reference import edit as reference_edit
from eunato_desk.core.storage.db import Database
from eunato_desk.ui.changes import Changes
from eunato_desk.ui.interactions import commands
from eunato_desk.ui.interactions.table_model import UUID_ROLE
from tests.helpers import log


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    generate_demo_data(db, 300, seed=4)
    return db


def uuid_at(view, row: int) -> str:  # type: ignore[no-untyped-def]
    return view.model.index(row, 0).data(UUID_ROLE)


def test_another_officers_save_appears_in_place(demo, db_path, window, settle, qtbot):
    view = window.interactions_view
    view.table.selectRow(12)
    view.table.scrollTo(view.model.index(6, 0), view.table.ScrollHint.PositionAtTop)
    settle(window)
    chosen, top = view.current_uuid(), uuid_at(view, view.table.rowAt(0))
    assert chosen == uuid_at(view, 12) and top == uuid_at(view, 6)
    reads_before = window.live.seen_elsewhere

    with Database(db_path) as elsewhere:  # another desk
        started = time.monotonic()
        theirs = log(elsewhere, "Saved on another desk", dt.date(2030, 1, 1), [3])
    qtbot.waitUntil(lambda: uuid_at(view, 0) == theirs, timeout=2000)
    assert time.monotonic() - started < 2.0
    settle(window)
    assert view.current_uuid() == chosen  # the same interaction, now one row lower
    assert uuid_at(view, 13) == chosen
    assert uuid_at(view, view.table.rowAt(0)) == top
    assert window.live.seen_elsewhere == reads_before + 1


def test_own_saves_are_not_announced_again(demo, window, settle, qtbot):
    live = window.live
    qtbot.waitUntil(lambda: live.mark is not None, timeout=2000)
    before = live.seen_elsewhere
    data = InteractionInput(title="Saved here", type="Workshop", start_date=dt.date(2030, 1, 2))
    changes = Changes(interactions=True)
    commands.save_interaction(window, window.executor, None, data, "Anna", changes).run()
    settle(window)
    qtbot.wait(2500)  # two ticks of the watcher
    settle(window)
    assert uuid_at(window.interactions_view, 0) is not None
    assert window.interactions_view.model.index(0, 2).data() is not None
    assert live.seen_elsewhere == before


def test_a_renamed_organisation_elsewhere_reaches_the_pickers(demo, db_path, window, qtbot):
    vocab = window.vocabulary

    def names() -> set[str]:
        return {o.name for o in vocab.vocab.organisations}

    assert "EU Military Staff" in names()
    with Database(db_path) as elsewhere:
        reference_edit.rename(elsewhere, "organisation", "EUMS", "European Union Military Staff")
    qtbot.waitUntil(lambda: "European Union Military Staff" in names(), timeout=2500)
    assert "EU Military Staff" not in names()


def test_on_the_team_server_another_officers_save_appears(pg_cluster, qtbot, settle, run_cli):
    """Two officers on the team server: the other's `eunato-desk log` (a process of its own,
    no lock on a server) appears in this window's list within two seconds, in place."""
    from eunato_desk.core.storage.address import ServerAddress
    from eunato_desk.core.storage.opening import open_database
    from eunato_desk.ui.main_window import MainWindow

    url = pg_cluster.fresh_database()
    db = open_database(ServerAddress.parse(url))
    try:
        generate_demo_data(db, 60, seed=2)
        window = MainWindow(db)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        settle(window)
        view = window.interactions_view
        view.table.selectRow(5)
        settle(window)
        chosen = view.current_uuid()
        done = run_cli("--db", url, "log", "--title", "Saved by Ben on his desk", "--date",
                       "2030-01-01", "--type", "Workshop", "--officer", "Ben")  # fmt: skip
        assert done.code == 0, done.err
        started = time.monotonic()
        qtbot.waitUntil(lambda: uuid_at(view, 0) == done.out.strip(), timeout=2000)
        assert time.monotonic() - started < 2.0
        settle(window)
        assert view.current_uuid() == chosen
        window.close()
        window.executor.wait_idle()
    finally:
        db.dispose()
