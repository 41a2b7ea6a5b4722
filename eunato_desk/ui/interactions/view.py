"""The interaction list: filter bar, the table, and the selected interaction's details."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core.errors import DeskError
from eunato_desk.core.rows import InteractionFilter, InteractionRow
from eunato_desk.ui.failures import on_failure
from eunato_desk.ui.interactions.details_html import interaction_html
from eunato_desk.ui.interactions.filter_bar import FilterBar
from eunato_desk.ui.interactions.list_widgets import (
    EmptyState,
    InteractionTable,
    restore_list_state,
    save_list_state,
)
from eunato_desk.ui.interactions.place import Place, place_of, restore_place
from eunato_desk.ui.interactions.table_model import (
    PAGE_SIZE,
    InteractionTableModel,
)
from eunato_desk.ui.ops import DbExecutor, Op

if TYPE_CHECKING:
    from eunato_desk.core.records import InteractionRecord, Vocabulary

FILTER = InteractionFilter()  # the list as it opens by default: every live interaction


class InteractionsView(QWidget):
    """Browse interactions; emits open_requested(uuid) for Enter or a double-click."""

    open_requested = Signal(str)
    count_changed = Signal(int, int)  # matching, total live
    settings_key = "interactions"
    trash = False

    def __init__(self, executor: DbExecutor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.model = InteractionTableModel(self._fetch_page, self)
        self.filter_bar = FilterBar(self)
        self.filter_bar.changed.connect(lambda _f: self.reload())
        self.table = InteractionTable(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Interactions")
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_details())
        self.details = QTextBrowser(self)
        self.details.setAccessibleName("Selected interaction")
        self.no_match_text = "No interaction matches these filters."
        self.no_match = QLabel(self.no_match_text, self)
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match.hide()

        table_box = QWidget(self)
        box = QVBoxLayout(table_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.table, 1)
        box.addWidget(self.no_match)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([920, 290])

        self.empty = EmptyState(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.splitter)
        self.pages.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.pages, 1)
        self.total = 0
        self._details_token = 0
        self._reload_token = 0
        self._complete = True  # the model holds every id of the current list
        self._wanted: int | None = None  # a saved interaction to select once it is listed
        self._place: Place | None = None  # where the officer was, until all ids are in
        self._wanted_uuid: str | None = None  # one just saved: the next reload looks it up
        self._set_default_widths()

    def _set_default_widths(self) -> None:
        for column, width in enumerate((84, 130, 280, 64, 44, 110, 120, 72)):
            self.table.setColumnWidth(column, width)
        # The title takes what is left, so every column fits without scrolling sideways.
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)

    # --- loading ------------------------------------------------------------------------------

    def show_first_page(self, rows: list[InteractionRow]) -> bool:
        """The newest rows, read as the application starts, before the database is open for
        use (``storage.first_page``): shown until the first reload replaces them (which keeps
        the top row). Only for the list as it opens by default (no filter, newest first) and
        while nothing else is shown; False when not shown."""
        default = (self.model.sort_key, self.model.descending) == ("date", True)
        if not rows or self.model.rowCount() or not default or self.base_filter() != FILTER:
            return False
        self.model.set_ids([r.id for r in rows], rows)
        self.pages.setCurrentWidget(self.splitter)
        return True

    def base_filter(self) -> InteractionFilter:
        return self.filter_bar.filter()

    def set_vocabulary(self, vocab: Vocabulary) -> None:
        self.filter_bar.set_vocabulary(vocab)

    def reload(self) -> None:
        """Run the list query again (filters, sort) off the GUI thread, with the first page
        of rows; keep the current row (or select the interaction just saved)."""
        flt = self.base_filter()
        sort, descending = self.model.sort_key, self.model.descending
        self._reload_token += 1
        token = self._reload_token
        trash = self.trash
        wanted, self._wanted_uuid = self._wanted_uuid, None

        def first_page(db, _ctx):  # type: ignore[no-untyped-def]
            from eunato_desk.core import listing  # on the worker: see ``_listing``

            ids = listing.page_ids(db, flt, sort, descending, PAGE_SIZE)
            total = listing.count_interactions(db, InteractionFilter(trash=trash))
            rows = listing.fetch_rows(db, ids[:PAGE_SIZE])
            found = (
                listing.interaction_ids(db, InteractionFilter(uuids=(wanted,))) if wanted else []
            )
            return ids, total, rows, (found[0] if found else None)

        def all_ids(db, _ctx):  # type: ignore[no-untyped-def]
            from eunato_desk.core import listing

            return listing.interaction_ids(db, flt, sort, descending)

        def shown(result: tuple[list[int], int, list, int | None]) -> None:
            ids, total, rows, wanted_id = result
            complete = len(ids) < PAGE_SIZE
            if token == self._reload_token and wanted_id is not None:
                self._wanted = wanted_id
            self._loaded(token, ids, total, rows, complete=complete)
            if not complete and token == self._reload_token:
                # The first page is on screen; the rest of the (possibly huge) list follows.
                Op(self, self.executor, all_ids, writes=False).success(
                    lambda every: self._completed(token, every)
                ).failure(self._query_failed(token)).run()

        Op(self, self.executor, first_page, writes=False).success(shown).failure(
            self._query_failed(token)
        ).run()

    def _fetch_page(self, ids: list[int], deliver, failed) -> None:  # type: ignore[no-untyped-def]
        """A page of rows for the model, read on the worker."""

        def rows(db, _ctx):  # type: ignore[no-untyped-def]
            from eunato_desk.core import listing

            return listing.fetch_rows(db, ids)

        Op(self, self.executor, rows, writes=False).success(deliver).failure(
            on_failure(self, "The list could not be loaded", expected=failed)
        ).run()

    def _completed(self, token: int, ids: list[int]) -> None:
        if token != self._reload_token:
            return
        self.model.extend_ids(ids)
        self._complete = True
        if self._place is not None:
            restore_place(self.table, self.model.ids(), self._place)
            self._place = None
        self._select_wanted()
        self.no_match.setVisible(self.total > 0 and not ids)
        self.count_changed.emit(len(ids), self.total)

    def _query_failed(self, token: int):  # type: ignore[no-untyped-def]
        """A search still being typed (``c*``, an over-long query) is not worth a dialog:
        the reason shows under the list and the previous rows stay."""

        def under_the_list(exc: DeskError) -> None:
            if token == self._reload_token:
                self.no_match.setText(exc.message)
                self.no_match.show()

        handle = on_failure(self, "The list could not be loaded", expected=under_the_list)
        return lambda exc: handle(exc) if token == self._reload_token else None

    def _loaded(
        self, token: int, ids: list[int], total: int, rows: list, *, complete: bool = True
    ) -> None:
        if token != self._reload_token:
            return  # a newer query is on its way
        current = self.table.currentIndex().row()
        place = place_of(self.table, self.model.ids())
        self.total = total
        self.model.set_ids(ids, rows)
        self._complete = complete
        self.pages.setCurrentWidget(self.empty if total == 0 and not self.trash else self.splitter)
        self.no_match.setVisible(total > 0 and not ids)
        # The same interactions stay selected and the same one at the top (a save here or by
        # another officer); else the same row, or the interaction just saved.
        self._place = None
        if not ids:
            self.details.clear()
        elif self._wanted is not None or not restore_place(self.table, ids, place):
            row = min(max(current, 0), len(ids) - 1)
            if self._wanted in ids:
                row = ids.index(self._wanted)
            self._select_row(row)
            self._select_wanted()
            if self._wanted is None and not complete:
                self._place = place  # perhaps beyond the first page: try again when all is in
        self.no_match.setText(self.no_match_text)
        if complete:
            self.count_changed.emit(len(ids), total)

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        key = self.model.sort_key_for_column(column)
        if key is None:  # not sortable: put the indicator back
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            current = list(InteractionTableModel.sort_key_for_column(c) for c in range(8))
            header.setSortIndicator(
                current.index(self.model.sort_key),
                Qt.SortOrder.DescendingOrder
                if self.model.descending
                else Qt.SortOrder.AscendingOrder,
            )
            header.blockSignals(False)
            return
        self.model.sort_key = key
        self.model.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # --- selection ----------------------------------------------------------------------------

    def selected_uuids(self) -> list[str]:
        return self.table.selected_uuids()

    def current_uuid(self) -> str | None:
        return self.table.current_uuid()

    def selected_ids(self) -> list[int]:
        """The selected rows' ids (always known, even for rows whose page is not here)."""
        ids = self.model.ids()
        return [
            ids[r] for r in sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ]

    def show_saved(self, uuid: str) -> None:
        """Select and scroll to an interaction just saved, once the list (reloading after
        the save) holds it; nothing changes if the filters leave it out."""
        self._wanted_uuid = uuid

    def _select_row(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _select_wanted(self) -> None:
        if self._wanted is None:
            return
        try:
            row = self.model.ids().index(self._wanted)
        except ValueError:
            if self._complete:
                self._wanted = None  # the filters leave it out
            return
        self._wanted = None
        if row != self.table.currentIndex().row():
            self._select_row(row)
        self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)

    def open_current(self) -> None:
        uuid = self.current_uuid()
        if uuid:
            self.open_requested.emit(uuid)

    def _show_details(self) -> None:
        row = self.table.currentIndex().row()
        ids = self.model.ids()
        self._details_token += 1
        token = self._details_token
        if not 0 <= row < len(ids):
            self.details.clear()
            return
        interaction_id = ids[row]

        def details(db, _c) -> InteractionRecord | None:  # type: ignore[no-untyped-def]
            from eunato_desk.core import interactions, listing

            rows = listing.fetch_rows(db, [interaction_id])
            return interactions.get_interaction(db, rows[0].uuid) if rows else None

        Op(self, self.executor, details, writes=False).success(
            lambda rec: self._details_loaded(token, rec)
        ).failure(
            on_failure(
                self, "The details could not be read", expected=lambda _e: self.details.clear()
            )
        ).run()

    def _details_loaded(self, token: int, record: InteractionRecord | None) -> None:
        if token != self._details_token:
            return
        if record is None:
            self.details.clear()
        else:
            self.details.setHtml(interaction_html(record))

    # --- persistence --------------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        save_list_state(self, settings)

    def restore_state(self, settings: QSettings) -> None:
        restore_list_state(self, settings)
