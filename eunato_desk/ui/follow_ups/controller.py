"""The Follow-ups view's commands (kept out of the main window): reload when follow-ups
change, mark done or open again, open a follow-up's interaction."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow

from eunato_desk.core.records import FollowUpRecord
from eunato_desk.ui.changes import Changes
from eunato_desk.ui.follow_ups import commands
from eunato_desk.ui.follow_ups.view import FollowUpsView
from eunato_desk.ui.ops import DbExecutor


class FollowUpsController(QObject):
    def __init__(
        self,
        window: QMainWindow,
        executor: DbExecutor,
        view: FollowUpsView,
        open_interaction: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.executor = executor
        self.view = view
        view.interaction_requested.connect(open_interaction)
        view.reload_requested.connect(self.reload)
        view.done_requested.connect(self.mark)
        executor.changed.connect(self._changed)

    def _changed(self, changes: Changes) -> None:
        if changes.touches_follow_ups():
            self.reload()

    def reload(self) -> None:
        include_done = self.view.show_done.isChecked()
        commands.load_follow_ups(self.window, self.executor, include_done=include_done).success(
            self.view.set_follow_ups
        ).run()

    def mark(self, rows: list[FollowUpRecord], done: bool) -> None:
        commands.mark_follow_ups(self.window, self.executor, rows, done).success(
            lambda n: self.window.statusBar().showMessage(
                f"{n} follow-up{'s' if n != 1 else ''} marked {'done' if done else 'open'}.", 6000
            )
        ).run()
