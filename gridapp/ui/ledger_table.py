"""One lazy table for every ledger (issue 13): the resident list's id list + page cache + generation counter,
with the columns declared once per ledger.

`LedgerModel` holds the ordered id list of the filtered ledger (read by the service in SQL: filter, scope and
order) and a small cache of pages of rows, read on the runner as the view paints them (Anki/calibre style):
a window in the middle or at the end costs the same as the first, and no ledger has a row cap. A generation
counter drops pages read for a list that has since been replaced.

`LedgerTable` is the view a page puts where its QTableWidget was: it runs the service's `ledger_ids` (with
the sort of the header the user clicked) and the rows of the pages on show in one operation, shows the count,
and keeps the selected row (by its id) across reloads. It reads like a QTableWidget for the page and its tests
(`rowCount`, `item(row, column).text()`, `selectRow`); `row(r)` and `selected()` give the service's row.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

from gridapp.core.errors import Cancelled
from gridapp.core.progress import Progress

from .notify import status_message
from .runner import DbRunner
from .widgets import choice_box, named, show_error

PAGE_ROWS = 200
CACHED_PAGES = 60  # about 12,000 rows in memory at most
SEARCH_MAX = 100  # characters a ledger's search box takes (the services refuse longer: services/paging.py)



def search_box(name: str, placeholder: str, min_width: int = 0) -> QLineEdit:
    """A ledger's search box: a clear button, at most SEARCH_MAX characters."""
    box = named(QLineEdit(), name)
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    box.setMaxLength(SEARCH_MAX)
    if min_width:
        box.setMinimumWidth(min_width)
    return box


def choice_filter(name: str, everything: str, choices: Iterable[tuple[str, Any]] = ()) -> QComboBox:
    """A ledger's filter: `everything` (no filter, data None) first, then the (label, data) `choices`."""
    return choice_box(((data, label) for label, data in choices), name, empty=everything)

IdsFn = Callable[[str, bool, Progress], Sequence[Any]]  # (sort key, descending, progress) -> ids in order
RowsFn = Callable[[Sequence[Any]], list[Any]]  # a slice of those ids -> their rows (None: gone)


@dataclass(frozen=True)
class Column:
    """One column of a ledger: its header, what a row shows in it, and how.

    `sort` is the service's sort key for a click on the header (None: the column does not sort); `right`
    aligns numbers; `tooltip`, `foreground` and `background` give the cell's tool tip and colours per row;
    `width` a starting width in pixels, `stretch` the column that takes the spare width; `samples` the
    texts the column may show (its code labels, in the running language): it starts as wide as the widest
    of them and its header, so nothing in it is clipped."""

    header: str
    value: Callable[[Any], Any]
    sort: str | None = None
    right: bool = False
    tooltip: Callable[[Any], Any] | None = None
    foreground: Callable[[Any], Any] | None = None
    background: Callable[[Any], Any] | None = None
    width: int | None = None
    stretch: bool = False
    samples: Sequence[str] = ()


def _brush(value: Any) -> Any:
    if value is None or isinstance(value, QBrush):
        return value
    return QBrush(QColor(value)) if isinstance(value, str) else QBrush(value)


class LedgerModel(QAbstractTableModel):
    """A window onto a filtered ledger: `total` rows, fetched lazily in pages of PAGE_ROWS.

    The list is the ordered id list of the whole filter; a page is the rows of a slice of it (`fetch`),
    read on the runner. Before an id list arrives the model may show rows it was given (`set_source`)."""

    page_loaded = Signal(int)

    def __init__(self, runner: DbRunner, columns: Sequence[Column], parent: QWidget | None = None, *,
                 label: str = "ledger page"):
        super().__init__(parent)
        self.runner = runner
        self.columns = list(columns)
        self.label = label
        self.total = 0
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._pending: set[int] = set()
        self._ids: Sequence[Any] | None = None
        self._fetch: Callable[[Sequence[Any]], list[Any]] | None = None
        self._generation = 0
        self._stale: dict[int, list[Any]] = {}  # pages of the list before a refresh, shown until re-read

    # -- feeding ------------------------------------------------------------------------------------------
    def set_source(self, total: int, fetch: Callable[[Sequence[Any]], list[Any]] | None = None,
                   rows: list[Any] | None = None, ids: Sequence[Any] | None = None) -> None:
        """A new list (a reset): the given `rows` (a search result, or the first window of a list whose id
        list is still loading), or `ids` whose rows are read by `fetch(slice of ids)`."""
        self.beginResetModel()
        self._generation += 1
        self._stale = {}
        self._ids, self._fetch = ids, fetch
        self.total = len(ids) if ids is not None else total
        self._pages.clear()
        self._pending.clear()
        if rows is not None:
            for i in range(0, len(rows), PAGE_ROWS):
                self._pages[i // PAGE_ROWS] = rows[i:i + PAGE_ROWS]
        self.endResetModel()

    def _resize(self, total: int) -> None:
        if total > self.total:
            self.beginInsertRows(QModelIndex(), self.total, total - 1)
            self.total = total
            self.endInsertRows()
        elif total < self.total:
            self.beginRemoveRows(QModelIndex(), total, self.total - 1)
            self.total = total
            self.endRemoveRows()

    def _all_changed(self) -> None:
        if self.total:
            self.dataChanged.emit(self.index(0, 0), self.index(self.total - 1, len(self.columns) - 1))

    def set_ids(self, ids: Sequence[Any], fetch: Callable[[Sequence[Any]], list[Any]]) -> None:
        """The id list of the list on show arrived: keep the first window (the same order), grow to all rows.
        Pages being read for the old source are dropped (a new generation)."""
        self._generation += 1
        self._pending.clear()
        self._ids, self._fetch = ids, fetch
        for page in [p for p in self._pages if p * PAGE_ROWS >= len(ids)]:
            del self._pages[page]
        self._resize(len(ids))
        self._all_changed()

    def refresh_ids(self, ids: Sequence[Any], fetch: Callable[[Sequence[Any]], list[Any]],
                    pages: dict[int, list[Any]] | None = None) -> None:
        """The same list read again after a change (an edit, an import, a sync): no reset, so the scroll
        position and selection stay; the rows on show stay until their fresh page arrives (or come fresh in
        `pages`, read with the ids)."""
        self._generation += 1
        self._pending.clear()
        self._stale = dict(self._pages)
        self._pages.clear()
        self._ids, self._fetch = ids, fetch
        for page, rows in (pages or {}).items():
            self._pages[page] = rows
            self._stale.pop(page, None)
        self._resize(len(ids))
        self._all_changed()

    def show(self, ids: Sequence[Any], fetch: Callable[[Sequence[Any]], list[Any]],
             pages: dict[int, list[Any]] | None = None) -> None:
        """Another list (other filters or order): a reset, with the pages read along with the ids."""
        self.beginResetModel()
        self._generation += 1
        self._stale = {}
        self._ids, self._fetch = ids, fetch
        self.total = len(ids)
        self._pages.clear()
        self._pending.clear()
        self._pages.update(pages or {})
        self.endResetModel()

    def clear(self) -> None:
        self.set_source(0, None)

    def refresh_display(self) -> None:
        """What the columns show changed (names arrived, the language): repaint, reading nothing."""
        self._all_changed()

    @property
    def loading(self) -> bool:
        return self._ids is None and self._fetch is not None

    @property
    def ids(self) -> Sequence[Any]:
        return self._ids if self._ids is not None else ()

    def _request(self, page: int) -> None:
        if page in self._pending or self._fetch is None or self._ids is None:
            return
        self._pending.add(page)
        generation, fetch = self._generation, self._fetch
        chunk = self._ids[page * PAGE_ROWS:(page + 1) * PAGE_ROWS]

        def done(rows: list[Any]) -> None:
            if generation != self._generation:
                return
            self._pending.discard(page)
            self._pages[page] = rows
            self._stale.pop(page, None)
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
            first = page * PAGE_ROWS
            last = min(self.total, first + len(rows)) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))
            self.page_loaded.emit(page)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._pending.discard(page)

        self.runner.submit(lambda _p: fetch(chunk), label=self.label, on_done=done, on_error=failed)

    def row_at(self, row: int) -> Any | None:
        """The row object at `row`, None while its page is being read (the read is started)."""
        if not 0 <= row < self.total:
            return None
        page = row // PAGE_ROWS
        rows = self._pages.get(page)
        if rows is None:
            self._request(page)
            rows = self._stale.get(page)
            i = row % PAGE_ROWS
            return rows[i] if rows is not None and i < len(rows) else None
        self._pages.move_to_end(page)
        i = row % PAGE_ROWS
        return rows[i] if i < len(rows) else None

    def loaded_rows(self) -> list[Any]:
        """The rows of the pages in memory, in list order (a test's or a small list's look at them all)."""
        return [r for page in sorted(self._pages) for r in self._pages[page] if r is not None]

    # -- Qt model -----------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return None

    def display(self, row: Any, column: int) -> str:
        value = self.columns[column].value(row)
        return "" if value is None else str(value)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if col.right else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
                        Qt.ItemDataRole.BackgroundRole):
            return None
        v = self.row_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            if v is None:
                return "…" if index.column() == 0 else ""
            return self.display(v, index.column())
        if v is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip(v) if col.tooltip is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return _brush(col.foreground(v)) if col.foreground is not None else None
        return _brush(col.background(v)) if col.background is not None else None


class Cell:
    """What `LedgerTable.item(row, column)` gives: the cell as a QTableWidgetItem would read."""

    def __init__(self, model: LedgerModel, row: int, column: int):
        self._model, self._row, self._column = model, row, column

    def _data(self, role: Qt.ItemDataRole) -> Any:
        return self._model.data(self._model.index(self._row, self._column), role)

    def text(self) -> str:
        return self._data(Qt.ItemDataRole.DisplayRole) or ""

    def toolTip(self) -> str:
        return self._data(Qt.ItemDataRole.ToolTipRole) or ""

    def foreground(self) -> QBrush:
        return self._data(Qt.ItemDataRole.ForegroundRole) or QBrush()

    def background(self) -> QBrush:
        return self._data(Qt.ItemDataRole.BackgroundRole) or QBrush()

    def textAlignment(self) -> int:
        return self._data(Qt.ItemDataRole.TextAlignmentRole) or 0


class LedgerTable(QTableView):
    """A ledger's table: columns declared once, rows read lazily, sorted and filtered by the service in SQL.

    The page calls `load(ids, rows, source=...)` with what its filters ask of the service; the table adds
    the sort (a click on a sortable header reads the list again in that order), reads the ids and the pages
    on show in one operation, shows `count_text(n)` in `count_label`, and selects again the row that was
    selected (by its id), or `keep(id)`'s. `selection_changed` carries the selected row (None: none)."""

    selection_changed = Signal(object)
    loaded = Signal(int)  # the number of rows of the list now on show

    def __init__(self, runner: DbRunner, columns: Sequence[Column], *, name: str, sort: str,
                 descending: bool = False, count_label: QLabel | None = None,
                 count_text: Callable[[int], str] | None = None, select_first: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.setObjectName(name)
        self.ledger = LedgerModel(runner, columns, self, label=f"{name} page")
        self.setModel(self.ledger)
        self.sort, self.descending = sort, descending
        self._default_descending = {c.sort: descending if c.sort == sort else False for c in columns if c.sort}
        self.count_label = count_label
        self.count_text = count_text or (lambda n: self.tr("共 {n} 条").format(n=f"{n:,}"))
        self.select_first = select_first
        self._source: Hashable = None  # what the list on show was read for: (the page's filters, sort, direction)
        self._request: tuple[IdsFn, RowsFn, Hashable, Callable[[BaseException], None] | None] | None = None
        self._seq = 0
        self._op: Any = None
        self._keep: Any = None
        self._reveal: tuple[Any, Callable[[], None] | None] | None = None
        self._last_selected: Any = object()
        self._restoring = False
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(24)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        for i, c in enumerate(columns):
            if c.width is not None or c.samples:
                self.setColumnWidth(i, max(c.width or 0, self._fitting_width(c)))
            if c.stretch:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        header.sectionClicked.connect(self._header_clicked)
        self.selectionModel().selectionChanged.connect(lambda *_a: self._selection_moved())
        self.ledger.page_loaded.connect(self._page_loaded)
        self._show_sort()

    def _fitting_width(self, c: Column) -> int:
        """The width that shows the column's samples and its header (with the sort arrow) unclipped."""
        if not c.samples:
            return 0
        cells = max(self.fontMetrics().horizontalAdvance(str(t)) for t in c.samples) + 16
        return max(cells, self.horizontalHeader().fontMetrics().horizontalAdvance(c.header) + 28)

    # -- loading ------------------------------------------------------------------------------------------
    def load(self, ids: IdsFn, rows: RowsFn, *, source: Hashable = None,
             on_error: Callable[[BaseException], None] | None = None) -> None:
        """Show the list `ids(sort, descending, progress)` gives (its rows read by `rows(slice of ids)`) in the
        table's current order. `source` names the filters: the same source again is a refresh (the scroll
        position stays), another one a new list (back to the top). The selected row stays selected (by id)
        wherever it now is, if it is still in the list."""
        self._request = (ids, rows, source, on_error)
        self.reload()

    def reload(self) -> None:
        """Read the last list again (after a change, or in another order)."""
        if self._request is None:
            return
        ids_fn, rows_fn, source, on_error = self._request
        sort, desc = self.sort, self.descending
        key = (source, sort, desc)
        same = key == self._source and self.ledger._ids is not None
        top = max(self.rowAt(0), 0) if same else 0
        if self._reveal is not None:
            keep = self._reveal[0]
        else:
            keep = self._keep if self._keep is not None else self.selected_key()
        self._keep = None
        self._seq += 1
        seq = self._seq
        if self._op is not None:  # the list for older filters is not wanted any more
            self._op.cancel()

        def job(p: Progress) -> tuple[Sequence[Any], dict[int, list[Any]], int]:
            ids = ids_fn(sort, desc, p)
            try:
                pos = ids.index(keep) if keep is not None else -1
            except ValueError:
                pos = -1
            wanted = {top // PAGE_ROWS, (top + 60) // PAGE_ROWS}  # the rows on show (a screenful is < 60)
            if pos >= 0:
                wanted.add(pos // PAGE_ROWS)
            pages = {}
            for page in sorted(wanted):
                if page * PAGE_ROWS < len(ids):
                    p.check()
                    pages[page] = rows_fn(ids[page * PAGE_ROWS:(page + 1) * PAGE_ROWS])
            return ids, pages, pos

        def done(result: tuple[Sequence[Any], dict[int, list[Any]], int]) -> None:
            if seq != self._seq:
                return
            self._op = None
            ids, pages, pos = result
            reveal, self._reveal = self._reveal, None
            self._restoring = True
            try:
                if same:
                    self.ledger.refresh_ids(ids, rows_fn, pages)
                else:
                    self.ledger.show(ids, rows_fn, pages)
                    self.scrollToTop()
                self._source = key
                if pos < 0 and self.select_first and len(ids):
                    pos = 0
                if pos >= 0:
                    self.selectRow(pos)
                    if not same or not self._visible(pos):
                        self.scrollTo(self.ledger.index(pos, 0))
                else:
                    self.clearSelection()
                    self.setCurrentIndex(QModelIndex())
            finally:
                self._restoring = False
            if self.count_label is not None:
                self.count_label.setText(self.count_text(len(ids)))
            self._last_selected = object()  # the row was read again: its page says so even if it is the same
            self._selection_moved()
            self.loaded.emit(len(ids))
            if reveal is not None and reveal[0] == keep and pos < 0 and reveal[1] is not None:
                reveal[1]()

        def failed(exc: BaseException) -> None:
            if seq != self._seq or isinstance(exc, Cancelled):
                return
            self._op = None
            if on_error is not None:
                on_error(exc)
            else:
                show_error(self, exc)

        self._op = self.runner.submit(job, label=f"{self.objectName()} ids", on_done=done, on_error=failed)

    def clear(self) -> None:
        """No list (signed out)."""
        self._request = None
        self._source = None
        self._seq += 1
        self.ledger.clear()
        if self.count_label is not None:
            self.count_label.setText("")
        self._selection_moved()

    def keep(self, key: Any) -> None:
        """Select the row with this id after the next load (a record just corrected has a new id)."""
        self._keep = key

    def reveal(self, key: Any, on_missing: Callable[[], None] | None = None) -> None:
        """Select and scroll to the row with this id when the list is next read (a record just saved: the
        write's change reads it again); `on_missing()` when the list on show (its filters) leaves it out."""
        self._reveal = (key, on_missing)

    def reveal_new(self, key: Any, saved: str, hidden: str) -> None:
        """A new record was saved: say `saved` in the status bar and select it once the list is read again,
        or say `hidden` when the list's search or filters leave it out (as the resident list does)."""
        status_message(self, saved)
        self.reveal(key, lambda: status_message(self, hidden))

    def _visible(self, row: int) -> bool:
        first, last = self.rowAt(0), self.rowAt(max(self.viewport().height() - 1, 0))
        return first >= 0 and first <= row and (last < 0 or row <= last)

    # -- sorting ------------------------------------------------------------------------------------------
    def _header_clicked(self, section: int) -> None:
        key = self.ledger.columns[section].sort
        if key is None:
            self._show_sort()
            return
        self.descending = (not self.descending) if key == self.sort else self._default_descending.get(key, False)
        self.sort = key
        self._show_sort()
        self.reload()

    def sort_by(self, key: str, descending: bool = False) -> None:
        """Order the list by a sort key (as a header click does) and read it again."""
        self.sort, self.descending = key, descending
        self._show_sort()
        self.reload()

    def _show_sort(self) -> None:
        section = next((i for i, c in enumerate(self.ledger.columns) if c.sort == self.sort), -1)
        self.horizontalHeader().setSortIndicator(
            section, Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder)

    # -- selection ----------------------------------------------------------------------------------------
    def selected_row(self) -> int:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def selected_key(self) -> Any | None:
        r = self.selected_row()
        ids = self.ledger.ids
        return ids[r] if 0 <= r < len(ids) else None

    def selected(self) -> Any | None:
        """The selected row's object (None: nothing selected, or its page not read yet)."""
        r = self.selected_row()
        return self.ledger.row_at(r) if r >= 0 else None

    def _selection_moved(self) -> None:
        if self._restoring:
            return
        row = self.selected()
        if row is self._last_selected:
            return
        self._last_selected = row
        self.selection_changed.emit(row)

    def _page_loaded(self, page: int) -> None:
        if self.selected_row() // PAGE_ROWS == page:
            self._selection_moved()

    # -- read like a QTableWidget ---------------------------------------------------------------------------
    def rowCount(self) -> int:
        return self.ledger.total

    def columnCount(self) -> int:
        return len(self.ledger.columns)

    def item(self, row: int, column: int) -> Cell:
        return Cell(self.ledger, row, column)

    def row(self, r: int) -> Any | None:
        return self.ledger.row_at(r)

    def loaded_rows(self) -> list[Any]:
        return self.ledger.loaded_rows()
