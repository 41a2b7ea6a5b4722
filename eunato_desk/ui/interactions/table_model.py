"""Table model for the interaction list: ordered ids from one query, rows fetched by page.

Scales to hundreds of thousands of rows: the model keeps only the id list and a bounded cache
of row pages; sorting is a new SQL ORDER BY (through the core), never a proxy over everything.
The first page comes with the ids; any other page is asked for when a row of it is first
shown and read on the database worker (never on the GUI thread); its cells fill in when it
arrives.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from eunato_desk.core.rows import InteractionRow

PAGE_SIZE = 200
MAX_PAGES = 50  # at most 10,000 rows held at once

STATUS_LABELS = {
    "planned": "Planned",
    "held": "Held",
    "cancelled": "Cancelled",
    "postponed": "Postponed",
}


def _join(values: Sequence[object]) -> str:
    return ", ".join(str(v) for v in values)


# (header, sort key understood by core.listing or None, cell text)
COLUMNS: tuple[tuple[str, str | None, Callable[[InteractionRow], str]], ...] = (
    ("Date", "date", lambda r: r.date.isoformat()),
    ("Type", "type", lambda r: r.type),
    ("Title", "title", lambda r: r.title),
    ("Actions", None, lambda r: _join(r.actions)),
    ("Areas", None, lambda r: _join(r.areas)),
    ("Countries", None, lambda r: _join(r.countries)),
    ("Organisations", None, lambda r: _join(r.organisations)),
    ("Status", "status", lambda r: STATUS_LABELS.get(r.status, r.status)),
)
UUID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


Deliver = Callable[[list[InteractionRow]], None]
Fetch = Callable[[list[int], Deliver, Callable[[BaseException], None]], None]


class InteractionTableModel(QAbstractTableModel):
    """Rows are asked for through ``fetch(ids, deliver, failed)``, which reads them off the GUI
    thread and calls ``deliver(rows)`` (or ``failed(exc)``) on it later."""

    def __init__(self, fetch: Fetch, parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._fetch = fetch
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[InteractionRow]] = OrderedDict()
        self._asked: set[int] = set()  # pages on their way (or that failed) for these ids
        self._generation = 0  # a page asked for before the ids changed is not shown
        self.sort_key = "date"
        self.descending = True
        self.pages_fetched = 0  # for tests and benchmarks: how often the cache missed
        self.last_error: BaseException | None = None

    # --- content ------------------------------------------------------------------------------

    def set_ids(self, ids: list[int], first_page: list[InteractionRow] | None = None) -> None:
        """A new list; ``first_page``: the rows of its first page, read with the ids."""
        self.beginResetModel()
        self._ids = ids
        self._forget()
        if first_page is not None and ids:
            self._store(0, first_page)
        self.endResetModel()

    def _forget(self) -> None:
        self._pages.clear()
        self._asked.clear()
        self._generation += 1

    def extend_ids(self, ids: list[int]) -> None:
        """The full list after its first page: rows are appended (keeping the selection and
        the cached pages) when it starts with what is shown; otherwise a reset."""
        shown = len(self._ids)
        if ids[:shown] != self._ids:
            self.set_ids(ids)
            return
        if len(ids) > shown:
            self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
            self._ids = ids
            self.endInsertRows()

    def ids(self) -> list[int]:
        return self._ids

    def invalidate_rows(self) -> None:
        """Forget cached rows (their content changed) but keep the order."""
        self._forget()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
            )

    def cached_row_count(self) -> int:
        return sum(len(p) for p in self._pages.values())

    def row_at(self, row: int) -> InteractionRow | None:
        """The row if its page is here; else None, and its page is asked for."""
        if not 0 <= row < len(self._ids):
            return None
        page_no, offset = divmod(row, PAGE_SIZE)
        if page_no not in self._pages:
            self._ask(page_no)  # a fetch that answers at once (tests) fills it right here
        page = self._pages.get(page_no)
        if page is None:
            return None
        self._pages.move_to_end(page_no)
        return page[offset] if offset < len(page) else None

    def _page_ids(self, page_no: int) -> list[int]:
        return self._ids[page_no * PAGE_SIZE : (page_no + 1) * PAGE_SIZE]

    def _ask(self, page_no: int) -> None:
        if page_no in self._asked:
            return
        self._asked.add(page_no)
        generation = self._generation

        def deliver(rows: list[InteractionRow]) -> None:
            if generation != self._generation:
                return  # the list changed meanwhile: its pages are asked for again
            self._store(page_no, rows)
            first = page_no * PAGE_SIZE
            last = min(first + PAGE_SIZE, len(self._ids)) - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.last_error = exc  # e.g. a damaged file: empty cells, never a crash

        self._fetch(self._page_ids(page_no), deliver, failed)

    def _store(self, page_no: int, page: list[InteractionRow]) -> None:
        page_ids = self._page_ids(page_no)
        if len(page) != len(page_ids):  # rows vanished meanwhile: keep positions aligned
            by_id = {r.id: r for r in page}
            page = [by_id.get(i) for i in page_ids]  # type: ignore[misc]
        self.pages_fetched += 1
        self._pages[page_no] = page
        self._asked.discard(page_no)
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)

    def row_of_uuid(self, uuid: str) -> int:
        """Position of an interaction among the cached rows, or -1."""
        for page_no, page in self._pages.items():
            for offset, r in enumerate(page):
                if r is not None and r.uuid == uuid:
                    return page_no * PAGE_SIZE + offset
        return -1

    # --- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            UUID_ROLE,
            ROW_ROLE,
        ):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == UUID_ROLE:
            return row.uuid
        if role == ROW_ROLE:
            return row
        text = COLUMNS[index.column()][2](row)
        if role == Qt.ItemDataRole.ToolTipRole and len(text) < 40:
            return None
        return text

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):  # type: ignore[no-untyped-def]
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][0]
            if role == Qt.ItemDataRole.ToolTipRole:
                return None if COLUMNS[section][1] else "Not sortable"
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    @staticmethod
    def sort_key_for_column(column: int) -> str | None:
        return COLUMNS[column][1] if 0 <= column < len(COLUMNS) else None
