"""The dashboard's commands (kept out of the main window): its counts are read when it is
shown (and again after a change while it is shown, never in the background otherwise), the
first time for the latest quarter with data; a click on a matrix cell or a checklist line
opens what it counts."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow

from eunato_desk.core.records import InteractionFilter
from eunato_desk.ui.changes import Changes
from eunato_desk.ui.dashboard import commands
from eunato_desk.ui.dashboard.view import DashboardView
from eunato_desk.ui.interactions.filter_bar import FilterBar
from eunato_desk.ui.ops import DbExecutor

NAME = "Dashboard"


class DashboardController(QObject):
    def __init__(
        self, window: QMainWindow, executor: DbExecutor, view: DashboardView, filter_bar: FilterBar
    ) -> None:
        super().__init__(window)
        self.window = window
        self.executor = executor
        self.view = view
        self.filter_bar = filter_bar
        view.period_changed.connect(self.reload)
        view.filter_requested.connect(self.show_interactions)
        view.cell_requested.connect(self.show_matrix_cell)
        view.follow_ups_requested.connect(lambda: window.show_view("Follow-ups"))
        view.actions_requested.connect(lambda: window.show_view("Actions"))
        executor.changed.connect(self._changed)

    def _shown(self) -> bool:
        return self.window.current_view_name() == NAME

    def _changed(self, _changes: Changes) -> None:
        if self._shown():
            self.reload()

    def reload(self) -> None:
        """Read the period chosen (at first, the latest quarter with data) and show it."""
        shown = self.view.request()
        if shown is not None and shown.start and shown.end and shown.end < shown.start:
            self.view.say_backwards()  # while the dates are typed: no error box, no reading
            return
        commands.load_dashboard(self.window, self.executor, shown, self.view.today()).success(
            self.view.show_data
        ).run()

    def show_interactions(self, flt: InteractionFilter, label: str = "") -> None:
        """The interaction list narrowed to exactly ``flt``."""
        self.window.show_view("Interactions")
        self.filter_bar.apply(flt, label=label)

    def show_matrix_cell(self, action_uuid: str, flt: InteractionFilter, label: str) -> None:
        commands.counted_interactions(
            self.window, self.executor, action_uuid, flt.date_from, flt.date_to
        ).success(lambda uuids: self.show_interactions(replace(flt, uuids=uuids), label)).run()
