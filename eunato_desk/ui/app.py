"""Start the desktop application."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from eunato_desk import __version__
from eunato_desk.core.errors import DeskError
from eunato_desk.core.opening import open_database
from eunato_desk.core.paths import default_db_path


def configure_application(app: QCoreApplication) -> None:
    """Names that QSettings uses to find the user's window state."""
    app.setOrganizationName("EU-NATO Desk")
    app.setOrganizationDomain("eunato-desk.local")
    app.setApplicationName("eunato-desk")
    app.setApplicationVersion(__version__)


def run_gui(db_path: Path | None = None) -> int:
    from eunato_desk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    path = Path(db_path) if db_path else default_db_path()
    try:
        db = open_database(path)
    except DeskError as exc:
        QMessageBox.critical(None, "EU-NATO Desk cannot open the database", exc.message)
        return 1
    window = MainWindow(db)
    window.show()
    code = app.exec()
    db.dispose()
    return code
