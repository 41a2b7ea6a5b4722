"""File > Connect to team database…: a real password login (the server asks, the prompt hides
what is typed, a wrong password is said and asked again), the window moves to the team
database, the recent list keeps addresses without any password; an empty database is refused
with the advice for the unit's IT; a login granted SELECT only sees every editing command off
and a banner naming it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLineEdit

from eunato_desk.core.storage.address import ServerAddress
from eunato_desk.core.storage.opening import open_database
from eunato_desk.ui.team.recent import KEY
from tests.helpers import log, query


def _connect(window, qtbot, text):  # type: ignore[no-untyped-def]
    window.menus.connect_action.trigger()
    dialog = window.connect_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.combo.setCurrentText(text)
    dialog.connect_button.click()
    return dialog


def test_connect_with_a_password_then_the_window_moves(
    window, qtbot, server_url, make_role, screenshot_dir, settle
):
    role = make_role(password="pw-Ä1")
    address = server_url.replace("postgres@", f"{role}@")
    dialog = _connect(window, qtbot, address)
    dialog.grab().save(str(screenshot_dir / "connect-dialog.png"))
    qtbot.waitUntil(lambda: dialog.password_dialog is not None, timeout=15000)
    prompt = dialog.password_dialog
    assert prompt.password.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.message.text() == f"The server asks for the password of {role}."
    prompt.grab().save(str(screenshot_dir / "password-prompt.png"))
    prompt.password.setText("wrong")
    prompt.accept()
    qtbot.waitUntil(lambda: dialog.password_dialog not in (None, prompt), timeout=15000)
    again = dialog.password_dialog
    assert again.problem.text().startswith(f"The server refused this password for {role}")
    again.grab().save(str(screenshot_dir / "password-refused.png"))
    replaced = []
    window.replaced.connect(replaced.append)
    again.password.setText("pw-Ä1")
    again.accept()
    qtbot.waitUntil(lambda: bool(replaced), timeout=15000)
    new = replaced[0]
    qtbot.addWidget(new)
    settle(new)
    label = ServerAddress.parse(address).label
    assert new.windowTitle() == f"EU-NATO Desk — {label}" and new.db.login == role
    assert not window.isVisible() and new.isVisible()
    log(new.db, "Saved as the new login", dt.date(2019, 1, 2))
    assert query(server_url, "SELECT title FROM interaction") == [("Saved as the new login",)]
    stored = QSettings().value(KEY)
    assert stored[0] == label and "pw-" not in str(stored)
    ini = QSettings().fileName()
    new.executor.wait_idle()
    with open(ini, encoding="utf-8") as f:
        assert "pw-" not in f.read()
    new.menus.fill_recent_menu()
    texts = [a.data() for a in new.menus.recent_menu.actions()]
    assert texts[0] == label and str(window.db.address) in texts
    new.close()
    new.executor.close()


def test_what_cannot_be_opened_is_said_in_the_dialog(window, qtbot, pg_cluster, screenshot_dir):
    empty = pg_cluster.fresh_database(upgraded=False)
    dialog = _connect(window, qtbot, empty)
    qtbot.waitUntil(lambda: "empty" in dialog.message.text(), timeout=15000)
    label = ServerAddress.parse(empty).label
    assert dialog.message.text() == (
        f"{label}: the database is empty; the unit's administrator creates the schema with "
        f"`eunato-desk --db {label} db upgrade`."
    )
    dialog.grab().save(str(screenshot_dir / "connect-empty.png"))
    dialog.combo.setCurrentText("postgresql://anna@/eunato?host=/nonexistent-socket-dir")
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: "cannot reach" in dialog.message.text(), timeout=15000)
    assert dialog.message.text().startswith(
        "postgresql://anna@/eunato?host=/nonexistent-socket-dir: cannot reach the database server"
    )
    dialog.combo.setCurrentText("http://example.org")
    dialog.connect_button.click()
    assert dialog.message.text() == "Address: http:// is not a PostgreSQL address."
    assert window.isVisible()
    dialog.reject()


def test_a_read_only_login_sees_editing_off_and_why(
    qtbot, server_url, make_role, officer, settle, screenshot_dir
):
    from eunato_desk.ui.main_window import MainWindow

    with open_database(ServerAddress.parse(server_url)) as db:
        log(db, "Readable", dt.date(2019, 1, 2))
    role = make_role(rights="SELECT")
    db = open_database(ServerAddress.parse(server_url.replace("postgres@", f"{role}@")))
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    settle(window)
    reason = f"Read-only: your login {role} may read this team database but not change it."
    assert window.read_only_banner.text() == reason and window.read_only_banner.isVisible()
    assert window.statusBar().currentMessage() == reason
    menus = window.menus
    for action in (menus.new_action, menus.import_action, menus.demo_action,
                   menus.delete_action, menus.duplicate_action, menus.add_catalogue_action,
                   menus.reference_add_action, menus.catalogue_import_action):  # fmt: skip
        assert not action.isEnabled(), action.text()
    assert menus.export_action.isEnabled() and menus.report_action.isEnabled()
    assert not window.actions_view.page.edit_button.isEnabled()
    assert not window.reference_view.add_button.isVisible()
    assert window.windowTitle().endswith("(read-only)")
    assert window.interactions.new_interaction() is None  # no editor to type into
    window.grab().save(str(screenshot_dir / "read-only-window.png"))
    window.close()
    window.executor.close()
