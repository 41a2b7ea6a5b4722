"""GUI fixtures: QSettings in a temporary folder, a main window on a real database file,
a keyboard that types into whatever has the focus, screenshots under the run's temp dir."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path, qapp) -> Path:  # type: ignore[no-untyped-def]
    from eunato_desk.ui.app import configure_application

    configure_application(qapp)
    folder = tmp_path / "qsettings"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings().clear()
    return folder


@pytest.fixture(autouse=True)
def no_blocking_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """A static QMessageBox would block a headless test forever. Unless a test installs its
    own answer, every such box is recorded and answered Cancel (the safe choice)."""
    asked: list[tuple[str, str]] = []

    def answer(kind: str):  # type: ignore[no-untyped-def]
        def box(_parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            asked.append((kind, f"{title}: {text}"))
            return QMessageBox.StandardButton.Cancel

        return box

    for kind in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, answer(kind))
    return asked


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PNG screenshots of the screens, kept for a person to look at after the run."""
    return tmp_path_factory.mktemp("screenshots", numbered=False)


@pytest.fixture
def officer() -> str:
    from eunato_desk.core import settings as user_settings

    user_settings.set_officer_name("Anna Virtanen")
    return "Anna Virtanen"


@pytest.fixture
def settle(qtbot):  # type: ignore[no-untyped-def]
    """settle(window): wait until the database worker is idle and its results are shown."""

    def wait(window) -> None:  # type: ignore[no-untyped-def]
        qtbot.waitUntil(lambda: not window.executor.busy, timeout=15000)
        QApplication.processEvents()
        qtbot.waitUntil(lambda: not window.executor.busy, timeout=15000)

    return wait


@pytest.fixture
def listed(qtbot):  # type: ignore[no-untyped-def]
    """listed(view): the uuids of every row of an interaction list, once their pages (read
    on the worker as rows are first asked for) have arrived."""
    from eunato_desk.ui.interactions.table_model import UUID_ROLE

    def uuids(view) -> list[str]:  # type: ignore[no-untyped-def]
        model = view.model

        def cells() -> list[str | None]:
            return [model.index(r, 0).data(UUID_ROLE) for r in range(model.rowCount())]

        qtbot.waitUntil(lambda: None not in cells(), timeout=15000)
        return cells()  # type: ignore[return-value]

    return uuids


@pytest.fixture
def make_window(qtbot, db, officer, settle):  # type: ignore[no-untyped-def]
    """Factory for main windows on the test database; each is closed at teardown."""
    from eunato_desk.ui.main_window import MainWindow

    windows = []

    def make(**kwargs):  # type: ignore[no-untyped-def]
        window = MainWindow(db, **kwargs)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        settle(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.executor.wait_idle()


@pytest.fixture
def window(make_window):  # type: ignore[no-untyped-def]
    return make_window()


class Keyboard:
    """Sends keys to the focused widget; counts the keystrokes that are not text."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.keystrokes = 0

    @staticmethod
    def focus() -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "no widget has the keyboard focus"
        return widget

    def focus_on(self, widget: QWidget) -> None:
        """Put the focus on a widget (as a click would) and wait until it has it."""
        widget.activateWindow()
        widget.setFocus()
        self.qtbot.waitUntil(widget.hasFocus)

    def type(self, text: str) -> None:
        """Text typed by the user (not counted)."""
        self.qtbot.keyClicks(self.focus(), text)

    def press(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
        self.keystrokes += 1
        self.qtbot.keyClick(self.focus(), key, modifier)


@pytest.fixture
def keyboard(qtbot) -> Keyboard:  # type: ignore[no-untyped-def]
    return Keyboard(qtbot)
