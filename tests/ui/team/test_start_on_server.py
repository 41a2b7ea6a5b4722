"""Starting the application on a team database (``--db postgresql://…`` / EUNATO_DESK_DB):
the window opens on it with no lock file and no question; an empty database is refused with
the advice for the unit's IT; nothing is created."""

from __future__ import annotations

from eunato_desk.core.storage.address import ServerAddress
from eunato_desk.ui import app as gui_app


def test_the_application_starts_on_a_team_database(
    server_url, monkeypatch, officer, qtbot, no_blocking_message_boxes
):
    monkeypatch.setenv("EUNATO_DESK_DB", server_url)
    started = gui_app.start_gui(None)
    assert started is not None, no_blocking_message_boxes
    _app, window, finish = started
    label = ServerAddress.parse(server_url).label
    assert window.windowTitle() == f"EU-NATO Desk — {label}"
    assert window.lock is None and window.db.is_server
    assert no_blocking_message_boxes == []  # no storage warning, no "create?" question
    window.close()
    finish()


def test_an_empty_team_database_is_refused_with_the_advice(pg_cluster, no_blocking_message_boxes):
    empty = pg_cluster.fresh_database(upgraded=False)
    assert gui_app.start_gui(ServerAddress.parse(empty)) is None
    label = ServerAddress.parse(empty).label
    assert no_blocking_message_boxes == [(
        "critical",
        f"EU-NATO Desk cannot open the database: {label}: the database is empty; the unit's "
        f"administrator creates the schema with `eunato-desk --db {label} db upgrade`.",
    )]  # fmt: skip
