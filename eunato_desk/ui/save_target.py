"""Where a document (a dossier, a report draft) is written: asked with the file dialog, then
checked before anything is written. The file dialog asked before an existing file was chosen;
the database, its files, its backups and other SQLite or read-only files are refused all the
same. The folder chosen is offered next time. And which CSV file an import reads (its folder
offered next time too)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from eunato_desk.core import settings as user_settings
from eunato_desk.core.errors import DeskError
from eunato_desk.documents.write import check_output


@dataclass(frozen=True)
class Target:
    path: str
    database: Path  # never written, whatever the path says
    replace: bool  # the file exists and the person agreed to replace it


def export_folder() -> Path:
    return Path(user_settings.load().get("export_folder") or Path.home())


def remember_folder(path: str | Path) -> None:
    user_settings.save({"export_folder": str(Path(path).parent)})


def choose_target(
    parent: QWidget,
    database: Path,
    title: str,
    name: str,
    filters: str,
    refused: Callable[[DeskError], None],
) -> Target | None:
    """Ask for the file; None if the person cancelled or the file is refused (``refused``
    says why)."""
    path, _filter = QFileDialog.getSaveFileName(parent, title, str(export_folder() / name), filters)
    if not path:
        return None
    replace = os.path.lexists(path)
    try:
        check_output(path, database=database, force=replace, field="File")
    except DeskError as exc:
        refused(exc)
        return None
    return Target(path, database, replace)


def choose_csv(parent: QWidget, title: str) -> str | None:
    """Ask for a CSV file to read; None if the person cancelled."""
    folder = user_settings.load().get("import_folder") or str(Path.home())
    path, _filter = QFileDialog.getOpenFileName(
        parent, title, folder, "CSV (*.csv *.txt);;All files (*)"
    )
    if not path:
        return None
    user_settings.save({"import_folder": str(Path(path).parent)})
    return path
