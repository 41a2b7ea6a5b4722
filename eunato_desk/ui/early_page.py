"""The interaction list's first page, read on a thread of its own as the application starts.

``EarlyPage(path)`` starts reading (``storage.first_page``: plain ``sqlite3``, nothing
written) as soon as the database's lock is held, while the window's own modules are still
being imported and the window built; ``show(window)`` puts the rows in the list, before the
window's first paint if they are already there, and returns once they are painted. The
thread is done before ``show`` returns, so the full open that follows never overlaps its
connection (no Python I/O on a database this process holds: ``storage.raw``).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal

from eunato_desk.core.storage.first_page import FirstPage, read_first_page

if TYPE_CHECKING:
    from eunato_desk.ui.main_window import MainWindow


class _Done(QObject):
    read = Signal()  # from the reading thread; delivered on the GUI thread


class EarlyPage:
    def __init__(self, path: Path) -> None:
        self.page: FirstPage | None = None
        self._done = _Done()
        self._finished = threading.Event()  # set just before ``read`` is emitted
        self._thread = threading.Thread(target=self._read, args=(path,), name="first-page")
        self._thread.start()

    def _read(self, path: Path) -> None:
        try:
            self.page = read_first_page(path)
        except Exception:
            self.page = None
        finally:
            self._finished.set()
            self._done.read.emit()

    def show(self, window: MainWindow) -> int:
        """Show ``window`` with the rows (if the file could be read early), painted; the
        number of rows shown."""
        loop = QEventLoop()
        view = window.interactions_view

        handled: list[bool] = []

        def read() -> None:
            if handled:
                return  # both ways below can call it
            handled.append(True)
            if self.page is not None:
                view.show_first_page(self.page.rows)
            QTimer.singleShot(1, loop.quit)  # after the paint that the rows asked for

        self._done.read.connect(read)
        if self._finished.is_set():
            read()  # already read: the window's first paint has the rows
        window.show()
        loop.exec()
        self._thread.join()
        return view.model.rowCount()
