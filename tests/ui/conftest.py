"""GUI fixtures: QSettings in a temporary folder; screenshots under the test run's temp dir."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path, qapp) -> Path:  # type: ignore[no-untyped-def]
    from eunato_desk.ui.app import configure_application

    configure_application(qapp)
    folder = tmp_path / "qsettings"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings().clear()
    return folder


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PNG screenshots of the screens, kept for a person to look at after the run."""
    return tmp_path_factory.mktemp("screenshots", numbered=False)
