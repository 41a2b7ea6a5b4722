"""The main window on a team database (real PostgreSQL): the list shows the rows, the editor
saves, the title and the status bar name the server without a password, the file-only commands
say why they are off, Back up now writes a portable snapshot, Check database checks the server,
and a connection lost in the middle of a save is said in one sentence, with nothing half-written
and the form kept; the next save goes through."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import event

from eunato_desk.core.storage.address import ServerAddress
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.storage.paths import user_data_dir
from eunato_desk.ui.main_window import MainWindow
from tests.helpers import log, query
from tests.ui.team.conftest import database_name


@pytest.fixture
def server_db(server_url):  # type: ignore[no-untyped-def]
    db = open_database(ServerAddress.parse(server_url))
    yield db
    db.dispose()


@pytest.fixture
def server_window(qtbot, server_db, officer, settle):  # type: ignore[no-untyped-def]
    log(server_db, "Staff talks on the handover", dt.date(2019, 3, 4), [5])
    window = MainWindow(server_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    settle(window)
    yield window
    window.executor.wait_idle()


def test_the_window_works_on_a_team_database(
    server_window, server_db, listed, settle, qtbot, screenshot_dir
):
    window = server_window
    label = server_db.label
    assert window.windowTitle() == f"EU-NATO Desk — {label}"
    assert label.startswith("postgresql://postgres@/") and "***" not in label
    assert window.statusBar().currentMessage() == f"Team database: {label}"
    [uuid] = listed(window.interactions_view)
    assert query(server_db, "SELECT uuid FROM interaction") == [(uuid,)]
    assert not window.menus.restore_backup_action.isEnabled()
    assert "restored by its administrators" in window.menus.restore_backup_action.toolTip()
    assert "db copy" in window.menus.restore_backup_action.statusTip()
    window.grab().save(str(screenshot_dir / "team-window.png"))

    editor = window.interactions.new_interaction()
    editor.title.setText("Cross-briefing on PACE18")
    editor.type.setCurrentText("Cross-briefing")
    editor.date.setText("2018-05-03")
    editor.save()
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=15000)
    settle(window)
    assert sorted(t for (t,) in query(server_db, "SELECT title FROM interaction")) == [
        "Cross-briefing on PACE18", "Staff talks on the handover"]  # fmt: skip
    assert len(listed(window.interactions_view)) == 2


def test_back_up_now_writes_a_snapshot_and_check_checks_the_server(
    server_window, server_db, settle, qtbot
):
    window = server_window
    window.menus.backup_action.trigger()
    settle(window)
    message = window.statusBar().currentMessage()
    folder = user_data_dir() / "backups"
    [snapshot] = list(folder.glob(f"eunato-{database_name(server_db.label)}-*.sqlite3"))
    assert message == (f"Snapshot of the team database (1 interactions) saved to {snapshot}")
    assert query(snapshot, "SELECT title FROM interaction") == [("Staff talks on the handover",)]

    window.menus.check_action.trigger()
    settle(window)
    report = window.safety.last_check
    assert report.ok and f"database: {server_db.label} (PostgreSQL server)" in report.lines()
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox):
            box.close()


def test_a_connection_lost_in_the_middle_of_a_save(
    server_window, server_db, pg_cluster, settle, qtbot
):
    window = server_window
    name = database_name(server_db.label)
    kill = (
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    )
    editor = window.interactions.new_interaction()
    editor.title.setText("Cross-briefing on PACE18")
    editor.type.setCurrentText("Cross-briefing")
    editor.date.setText("2018-05-03")
    pg_cluster.admin(kill)  # between opening the editor and saving: the pool reconnects

    cut = []

    def cut_mid_save(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if not cut and statement.lstrip().upper().startswith("INSERT INTO INTERACTION "):
            cut.append(statement)
            pg_cluster.admin(kill)  # the save's own connection dies before its INSERT

    event.listen(server_db.engine, "before_cursor_execute", cut_mid_save)
    editor.save()
    qtbot.waitUntil(lambda: bool(cut) and not editor._saving, timeout=15000)
    settle(window)
    event.remove(server_db.engine, "before_cursor_execute", cut_mid_save)
    assert window.interactions.editor is editor and editor.isVisible()
    assert editor.title.text() == "Cross-briefing on PACE18"
    shown = editor.banner.text()
    assert "the connection to the server failed" in shown
    assert query(server_db, "SELECT count(*) FROM interaction") == [(1,)]  # nothing half-written

    editor.save()  # the app reconnected: the same form saves
    qtbot.waitUntil(lambda: window.interactions.editor is None, timeout=15000)
    assert query(server_db, "SELECT count(*) FROM interaction WHERE title = ?",
                 "Cross-briefing on PACE18") == [(1,)]  # fmt: skip
