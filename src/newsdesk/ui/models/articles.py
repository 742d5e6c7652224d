"""The article table: the whole library (ids, rows fetched on demand) or one search's results.

Library mode holds every article id in the chosen order and fetches summaries in blocks around
the rows the view asks for (Anki's browser table model does the same with card ids): 76,000 ids
cost a list, not 76,000 rows. Results mode holds the exact total and the pages of hits fetched so
far; asking for a row in a missing page emits `page_needed`, the search controller fetches it
off the UI thread and hands it back with `add_page`, and only then is the row filled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from newsdesk.domain import ArticleSummary, Byline, Hit, byline_labels
from newsdesk.domain import byline_names as domain_names
from newsdesk.ui import plain

# The snippet sits next to the title: in results it is what a reader scans (hidden otherwise).
TITLE, SNIPPET, DATE, SOURCE, PAGE, BYLINES = range(6)
COLUMN_KEYS = ("title", "snippet", "date", "source", "page", "bylines")

ID_ROLE = Qt.ItemDataRole.UserRole + 1
HIT_ROLE = Qt.ItemDataRole.UserRole + 2  # the Hit of a results row, or None
MARKS_ROLE = Qt.ItemDataRole.UserRole + 3  # snippet column: [(start, end)] in the DisplayRole text
# A result's two-line row (see ArticleList.set_cards): (title, its marks, "date · source · page",
# snippet, its marks); None in library mode.
CARD_ROLE = Qt.ItemDataRole.UserRole + 4

BLOCK = 200  # summaries fetched per database round trip in library mode
CACHE_LIMIT = 20000  # summaries kept before the cache is emptied

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ROLES = frozenset({_DISPLAY, int(Qt.ItemDataRole.ToolTipRole), ID_ROLE, HIT_ROLE, MARKS_ROLE, CARD_ROLE})
# A row as shown: display texts, tooltips, hit marks per column, the Hit (results only).
_Cells = tuple[tuple[str, ...], tuple[str | None, ...], dict[int, list[tuple[int, int]]], Hit | None]


def byline_names(bylines: Sequence[Byline]) -> str:
    """The byline column: each person once (`向高彬`, not `向高彬  向高彬` for two roles)."""
    return domain_names(bylines)


def byline_tooltip(bylines: Sequence[Byline]) -> str:
    return "\n".join(byline_labels(bylines))


class ArticleListModel(QAbstractTableModel):
    """Rows are articles; see the module docstring for the two modes."""

    page_needed = Signal(int)  # results mode: the page index whose hits are missing
    sort_requested = Signal(int, Qt.SortOrder)

    def __init__(
        self, summaries: Callable[[Sequence[str]], Mapping[str, ArticleSummary]], parent: object = None
    ) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._summaries = summaries
        self.mode = "library"
        self.generation = 0  # which search the result rows belong to
        self.page_size = 100
        self._ids: list[str] = []
        self._rows: dict[str, ArticleSummary] = {}
        self._total = 0
        self._pages: dict[int, list[Hit]] = {}
        self._bylines: dict[str, tuple[Byline, ...]] = {}
        self._requested: set[int] = set()
        self._cells: dict[int, _Cells] = {}
        self._headers = (
            self.tr("Title"),
            self.tr("Snippet"),
            self.tr("Date"),
            self.tr("Source"),
            self.tr("Page"),
            self.tr("Bylines"),
        )
        self._page_label = self.tr("page {page}")

    # -- filling -------------------------------------------------------------------------------

    def show_library(self, ids: list[str]) -> None:
        """Every article, in the order given."""
        self.beginResetModel()
        self._cells.clear()
        self.mode = "library"
        self._ids = ids
        self._rows.clear()
        self._pages.clear()
        self._requested.clear()
        self._total = 0
        self.endResetModel()

    def show_results(
        self,
        generation: int,
        total: int,
        hits: Sequence[Hit],
        bylines: Mapping[str, tuple[Byline, ...]],
        *,
        page_size: int,
    ) -> None:
        """The first page of a search's hits and its exact total."""
        self.beginResetModel()
        self._cells.clear()
        self.mode = "results"
        self.generation = generation
        self.page_size = page_size
        self._ids = []
        self._total = total
        self._pages = {0: list(hits)}
        self._bylines = dict(bylines)
        self._requested = {0}
        self.endResetModel()

    def add_page(
        self, generation: int, page: int, hits: Sequence[Hit], bylines: Mapping[str, tuple[Byline, ...]]
    ) -> None:
        """A later page of the current search's hits (ignored if the search changed)."""
        if self.mode != "results" or generation != self.generation:
            return
        self._pages[page] = list(hits)
        self._bylines.update(bylines)
        first = page * self.page_size
        last = min(first + self.page_size, self._total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMN_KEYS) - 1))

    def page_failed(self, generation: int, page: int) -> None:
        if generation == self.generation:
            self._requested.discard(page)

    # -- lookups -------------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self._total if self.mode == "results" else len(self._ids)

    def article_id(self, row: int) -> str | None:
        if self.mode == "library":
            return self._ids[row] if 0 <= row < len(self._ids) else None
        hit = self.hit(row)
        return hit.id if hit else None

    def hit(self, row: int) -> Hit | None:
        if self.mode != "results" or not 0 <= row < self._total:
            return None
        page = self._pages.get(row // self.page_size)
        if page is None:
            self._request(row // self.page_size)
            return None
        i = row % self.page_size
        return page[i] if i < len(page) else None

    def row_of(self, article_id: str) -> int | None:
        """The row showing `article_id`, if it is loaded."""
        if self.mode == "library":
            try:
                return self._ids.index(article_id)
            except ValueError:
                return None
        for page, hits in self._pages.items():
            for i, h in enumerate(hits):
                if h.id == article_id:
                    return page * self.page_size + i
        return None

    def _request(self, page: int) -> None:
        if page not in self._requested:
            self._requested.add(page)
            self.page_needed.emit(page)

    def _summary(self, row: int) -> ArticleSummary | None:
        aid = self._ids[row]
        got = self._rows.get(aid)
        if got is None:
            if len(self._rows) > CACHE_LIMIT:
                self._rows.clear()
                self._cells.clear()
            lo = max(0, row - BLOCK // 4)
            want = [i for i in self._ids[lo : lo + BLOCK] if i not in self._rows]
            self._rows.update(self._summaries(want))
            got = self._rows.get(aid)
        return got

    # -- the Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMN_KEYS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # The view asks for ~10 roles per cell on every paint: answer most of them at once.
        if role not in _ROLES or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < self.total:
            return None
        if role == ID_ROLE:
            return self.article_id(row)
        cells = self._cells.get(row)
        if cells is None:
            cells = self._library_cells(row) if self.mode == "library" else self._result_cells(row)
            if cells is None:
                if self.mode == "results" and role == _DISPLAY and index.column() == TITLE:
                    return "…"  # the page is being fetched
                return None
            if len(self._cells) > CACHE_LIMIT:
                self._cells.clear()
            self._cells[row] = cells
        display, tooltips, marks, hit = cells
        col = index.column()
        if role == _DISPLAY:
            return display[col]
        if role == MARKS_ROLE:
            return marks.get(col)
        if role == HIT_ROLE:
            return hit
        if role == CARD_ROLE:
            if hit is None:
                return None
            meta = [display[DATE], display[SOURCE]]
            if display[PAGE]:
                meta.append(self._page_label.format(page=display[PAGE]))
            return (
                display[TITLE],
                marks.get(TITLE, ()),
                "  ·  ".join(m for m in meta if m),
                display[SNIPPET],
                marks.get(SNIPPET, ()),
            )
        return plain.tip(tooltips[col])  # archive text: shown as written, never as markup

    def _library_cells(self, row: int) -> _Cells | None:
        s = self._summary(row)
        if s is None:
            return None
        tips = (s.title, None, None, None, None, byline_tooltip(s.bylines) if s.bylines else None)
        return _display(s.title, "", s.date, s.source, s.page, s.bylines), tips, {}, None

    def _result_cells(self, row: int) -> _Cells | None:
        hit = self.hit(row)
        if hit is None:
            return None
        bylines = self._bylines.get(hit.id, ())
        snippet, marks = hit.snippet, list(hit.snippet_spans)  # one line; where its matches stand
        tips = (hit.title, snippet, None, None, None, byline_tooltip(bylines) if bylines else None)
        cell_marks: dict[int, list[tuple[int, int]]] = {}
        if marks:
            cell_marks[SNIPPET] = marks
        if hit.title_spans:
            cell_marks[TITLE] = list(hit.title_spans)
        return _display(hit.title, snippet, hit.date, hit.source, hit.page, bylines), tips, cell_marks, hit

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_requested.emit(column, order)


def _display(
    title: str,
    snippet: str,
    date: str | None,
    source: str | None,
    page: str | None,
    bylines: Sequence[Byline],
) -> tuple[str, ...]:
    """A row's DisplayRole texts, in column order."""
    return (title.replace("\n", " "), snippet, date or "", source or "", page or "", byline_names(bylines))
