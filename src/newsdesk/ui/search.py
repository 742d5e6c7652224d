"""Search as you type: debounce, run off the UI thread, show results, pages, facets, sorting.

Each query gets a generation number; the list only ever takes results of the newest one (the
Ops helper drops superseded jobs, the model ignores pages of older generations). An empty query
shows the whole library from its ids. Results come in pages of PAGE_SIZE; facet counts come in a
second job so that the list never waits for them.

Sorting: the library sorts in the record (title, date, source, page). Results sort by relevance,
or date (by the index); by title, source, page or bylines only when the whole result fits in
LOCAL_SORT_LIMIT rows, which are then fetched and sorted here.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from newsdesk.changes import Changes
from newsdesk.domain import Byline, Hit, SearchResult, byline_names
from newsdesk.errors import QueryError, UserError
from newsdesk.ui.models.articles import BYLINES, DATE, PAGE, SOURCE, TITLE, ArticleListModel
from newsdesk.ui.models.facets import FacetsModel, matches
from newsdesk.ui.ops import Ops
from newsdesk.ui.widgets.searchbar import SearchBar

if TYPE_CHECKING:
    from newsdesk.library import Library

FACETS_DELAY_MS = 200  # after the results are painted, and after a quick next keystroke
PAGE_SIZE = 50  # the first page comes with every keystroke: a screenful and some
LOCAL_SORT_LIMIT = 1000
LIBRARY_ORDERS = {TITLE: "title", DATE: "date", SOURCE: "source", PAGE: "page"}
FACET_FIELDS = {
    "source": "source",
    "year": "date",
    "month": "date",
    "author": "author",
    "section": "section",
    "tag": "tag",
}
_TOKEN = re.compile(r'(?<![\w:])(source|date|author|section|tag):("[^"]*"|[^\s()"]+)')


def facet_token(field: str, value: str) -> str:
    """The query term a facet value stands for: source:人民日报, date:2023-01, author:"A B"."""
    name = FACET_FIELDS.get(field, field)
    if re.search(r'[\s()"]', value) or value.upper() in ("OR", "AND", "NOT") or value.startswith("-"):
        value = '"' + value.replace('"', "") + '"'
    return f"{name}:{value}"


def typed_filters(query: str) -> list[tuple[str, str, str]]:
    """The facet filters a query holds: (facet, value as typed, the term as written)."""
    out: list[tuple[str, str, str]] = []
    for m in _TOKEN.finditer(query):
        name, value = m.group(1), m.group(2).strip('"')
        if name == "date":
            if re.fullmatch(r"\d{4}", value):
                out.append(("year", value, m.group(0)))
            elif re.fullmatch(r"\d{4}-\d{2}", value):
                out.append(("month", value, m.group(0)))
        else:
            out.append((name, value, m.group(0)))
    return out


def active_facets(query: str) -> set[tuple[str, str]]:
    """The (facet, value) pairs a query already filters on, as typed."""
    return {(field, value) for field, value, _ in typed_filters(query)}


def last_filter(query: str) -> str:
    """The query's last field filter as typed (source:人民日报, date:2023), '' if none."""
    found = list(_TOKEN.finditer(query))
    return found[-1].group(0) if found else ""


def toggle_token(query: str, token: str) -> str:
    """`query` with `token` removed if present as a term, else appended."""
    pattern = re.compile(r"(^|\s)" + re.escape(token) + r"(?=\s|$)")
    if pattern.search(query):
        return re.sub(r"\s{2,}", " ", pattern.sub(" ", query)).strip()
    return f"{query.strip()} {token}".strip()


def _bylines_of(lib: Library, hits: tuple[Hit, ...] | list[Hit]) -> dict[str, tuple[Byline, ...]]:
    rows = lib.summaries([h.id for h in hits])
    return {i: s.bylines for i, s in rows.items()}


class SearchController(QObject):
    """Owns what the list and the facet panel show; see the module docstring."""

    results_shown = Signal()  # the list shows the newest query's outcome (results or library)
    library_counted = Signal(int)  # how many articles the library holds, whenever ids load
    facets_shown = Signal()
    status_changed = Signal(str)
    query_failed = Signal(str)
    query_unreadable = Signal(str, str, int)  # message, the query, where reading failed (-1: unknown)

    def __init__(
        self,
        *,
        library: Library,
        ops: Ops,
        model: ArticleListModel,
        facets: FacetsModel,
        bar: SearchBar,
        debounce_ms: int,
    ) -> None:
        super().__init__(bar)
        self.library, self.ops, self.model, self.facets, self.bar = library, ops, model, facets, bar
        self.generation = 0
        self.query = ""  # the query whose outcome the list shows (or is about to)
        self.mode = bar.mode
        self.sort = "relevance"  # results: relevance | date | -date
        self.local_sort: tuple[int, Qt.SortOrder] | None = None
        self.order = "-date"  # library order
        self.last_result: SearchResult | None = None
        self.last_error = ""
        self.edited_at = 0.0  # perf_counter() of the last keystroke (benchmarks)
        self._ids: dict[str, list[str]] = {}
        self._last_key: tuple[Any, ...] | None = None
        self._library_facets: Mapping[str, list[tuple[str, int]]] | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(0, debounce_ms))
        self.timer.timeout.connect(self.run_now)
        self._facets_timer = QTimer(self)
        self._facets_timer.setSingleShot(True)
        self._facets_timer.setInterval(FACETS_DELAY_MS)
        self._facets_timer.timeout.connect(self._start_facets)
        self._facets_work: tuple[int, Callable[[Any], Any]] = (0, lambda lib: None)
        bar.field.textChanged.connect(self._edited)
        bar.field.submitted.connect(self.run_now)
        bar.field.committed.connect(self.run_now)
        bar.mode_changed.connect(self._mode_changed)
        bar.history_chosen.connect(self.set_query)
        model.page_needed.connect(self._fetch_page)

    # -- entry points --------------------------------------------------------------------------

    def _edited(self, text: str) -> None:
        self.edited_at = time.perf_counter()
        self.timer.start()

    def _mode_changed(self, mode: str) -> None:
        self.run_now()

    def set_query(self, text: str) -> None:
        """Put `text` in the field and search for it at once."""
        self.bar.field.setText(text)
        self.run_now()

    def toggle_facet(self, field: str, value: str) -> None:
        """Add the filter for a facet value, or take out the typed filter that selects it."""
        query = self.bar.field.text()
        for name, typed, term in typed_filters(query):
            if name == field and matches(field, typed, value):
                self.set_query(toggle_token(query, term))
                return
        self.set_query(toggle_token(query, facet_token(field, value)))

    def library_changed(self) -> None:
        """After an import: drop cached ids and counts and show the current query again."""
        self._ids.clear()
        self._library_facets = None
        self.run_now(force=True)

    def apply_changes(self, changes: Changes) -> None:
        """Show the current query again when what it shows changed: any article, or the passages
        a `tag:` or `note:` query reads."""
        if changes.articles:
            self.library_changed()
        elif (changes.passages or changes.tags) and ("tag:" in self.query or "note:" in self.query):
            self.run_now(force=True)

    # -- running -------------------------------------------------------------------------------

    def run_now(self, *, force: bool = False) -> None:
        """Search for what the field holds (nothing new to do if that is already shown)."""
        self.timer.stop()
        query = self.bar.field.text().strip()
        key = (query, self.bar.mode, self.sort, self.local_sort, self.order)
        if key == self._last_key and not force:
            return  # a space typed between terms, Enter on the results shown: nothing changed
        self._last_key = key
        self.mode = self.bar.mode
        self.generation += 1
        gen = self.generation
        self.query = query
        if not query:
            self._show_library()
            return
        mode, sort = self.mode, self.sort
        limit = LOCAL_SORT_LIMIT if self.local_sort else PAGE_SIZE
        local = self.local_sort

        def work(lib: Library) -> tuple[SearchResult, dict[str, tuple[Byline, ...]], tuple[int, str | None]]:
            result = lib.search(query, mode=mode, limit=limit, sort=sort)
            hits = result.hits
            bylines = _bylines_of(lib, hits)
            if local is not None and result.total <= LOCAL_SORT_LIMIT:
                hits = _sorted_hits(hits, bylines, *local)
            elif local is not None:
                hits = hits[:PAGE_SIZE]
            return replace(result, hits=tuple(hits), facets=None), bylines, lib.index_behind()

        self.ops.run(
            work, done=lambda r: self._results(gen, r), failed=lambda e: self._failed(gen, e), key="search"
        )
        self.ops.cancel("facets")  # the old query's counts are not worth computing any more

    def _count_facets(self, gen: int, work: Callable[[Any], Any]) -> None:
        """Facet counts, started once the list has painted: painting while the worker holds
        the GIL would make every call from Qt into Python wait for it."""
        self._facets_work = (gen, work)
        self._facets_timer.start()

    def _start_facets(self) -> None:
        gen, work = self._facets_work
        if gen == self.generation:
            self.ops.run(
                work, done=lambda f: self._facets(gen, f), failed=lambda e: None, key="facets", quiet=True
            )

    def page_size_loaded(self) -> int:
        """How many result rows the list holds already (its first page, or all when sorted here)."""
        return len(self.last_result.hits) if self.last_result is not None else 0

    @property
    def idle(self) -> bool:
        """Nothing scheduled here (the worker may still be busy: see Ops.busy)."""
        return not (self.timer.isActive() or self._facets_timer.isActive())

    def _results(
        self, gen: int, got: tuple[SearchResult, Mapping[str, tuple[Byline, ...]], tuple[int, str | None]]
    ) -> None:
        if gen != self.generation:
            return
        result, bylines, (behind, why) = got
        self.last_result = result
        self.last_error = ""
        sorted_locally = self.local_sort is not None and result.total <= LOCAL_SORT_LIMIT
        page_size = max(1, len(result.hits)) if sorted_locally else PAGE_SIZE
        self.model.show_results(gen, result.total, result.hits, bylines, page_size=page_size)
        query, mode = self.query, self.mode
        self._count_facets(gen, lambda lib: lib.search(query, mode=mode, limit=1, facets=True).facets)
        text = self.tr("Results: {count}  ·  {ms} ms").format(
            count=f"{result.total:,}", ms=f"{result.took_ms:.0f}"
        )
        if self.local_sort is not None and not sorted_locally:
            text += "  ·  " + self.tr("too many results to sort by this column: sorted by relevance")
        if behind and why:  # a full disk or a read-only medium: the index answers as it is
            text += "  ·  " + self.tr("the index is {count} articles behind ({reason})").format(
                count=f"{behind:,}", reason=why
            )
        self.status_changed.emit(text)
        self.results_shown.emit()

    def _failed(self, gen: int, exc: BaseException) -> None:
        if gen != self.generation:
            return
        self.last_error = str(exc)
        if isinstance(exc, QueryError):
            where = -1 if exc.position is None else exc.position
            self.query_unreadable.emit(exc.detail, exc.query, where)
        else:
            self.query_failed.emit(str(exc))
        self.results_shown.emit()

    def _facets(self, gen: int, facets: Mapping[str, list[tuple[str, int]]] | None) -> None:
        if gen != self.generation:
            return
        self.facets.set_facets(facets, active_facets(self.query))
        self.facets_shown.emit()

    def _show_library(self) -> None:
        """Every article, newest first (or in the chosen order); ids load off the UI thread."""
        gen, order = self.generation, self.order
        ids = self._ids.get(order)
        if ids is not None:
            self._library_loaded(gen, order, ids)
            return

        def loaded(ids: list[str]) -> None:
            self._ids[order] = ids
            self.library_counted.emit(len(ids))
            self._library_loaded(gen, order, ids)

        self.ops.run(
            lambda lib: lib.article_ids(order=order),
            done=loaded,
            failed=lambda e: self._failed(gen, e),
            key="search",
        )

    def _library_loaded(self, gen: int, order: str, ids: list[str]) -> None:
        if gen != self.generation:
            return
        self.last_result = None
        self.last_error = ""
        self.model.show_library(ids)
        self.status_changed.emit(self.tr("Articles: {count}").format(count=f"{len(ids):,}"))
        self.results_shown.emit()
        if self._library_facets is not None:
            self._facets(gen, self._library_facets)
            return

        def counted(facets: Mapping[str, list[tuple[str, int]]] | None) -> None:
            self._library_facets = facets
            if not self.query:  # still showing the library (maybe after a detour)
                self._facets(self.generation, facets)

        # Once per library state (cached): the record is scanned for the counts.
        self.ops.run(_library_facets, done=counted, failed=lambda e: None, key="library-facets", quiet=True)

    def _fetch_page(self, page: int) -> None:
        gen, query, mode, sort = self.generation, self.query, self.mode, self.sort

        def work(lib: Library) -> tuple[tuple[Hit, ...], dict[str, tuple[Byline, ...]]] | None:
            if gen != self.generation:  # the user moved on before this page's turn came
                return None
            result = lib.search(query, mode=mode, limit=PAGE_SIZE, offset=page * PAGE_SIZE, sort=sort)
            return result.hits, _bylines_of(lib, result.hits)

        def done(got: Any) -> None:
            if got is None:
                self.model.page_failed(gen, page)
            else:
                self.model.add_page(gen, page, *got)

        self.ops.run(work, done=done, failed=lambda e: self.model.page_failed(gen, page))

    # -- sorting -------------------------------------------------------------------------------

    def sort_by(self, column: int, order: Qt.SortOrder) -> bool:
        """Sort the list; False if this column cannot be sorted in the current mode."""
        asc = order == Qt.SortOrder.AscendingOrder
        if self.model.mode == "library" or not self.query:
            key = LIBRARY_ORDERS.get(column)
            if key is None:
                return False
            self.order = key if asc else "-" + key
            self.run_now()
            return True
        if column == DATE:
            self.sort, self.local_sort = ("date" if asc else "-date"), None
        elif column in (TITLE, SOURCE, PAGE, BYLINES):
            self.sort, self.local_sort = "relevance", (column, order)
        else:
            return False
        self.run_now()
        return True

    def sort_by_relevance(self) -> None:
        self.sort, self.local_sort = "relevance", None
        if self.query:
            self.run_now()

    def sort_state(self) -> tuple[int, Qt.SortOrder] | None:
        """The column and order the list is sorted by, None for relevance."""
        if self.model.mode == "library":
            key = self.order.lstrip("-")
            column = next((c for c, k in LIBRARY_ORDERS.items() if k == key), DATE)
            return column, (
                Qt.SortOrder.DescendingOrder if self.order.startswith("-") else Qt.SortOrder.AscendingOrder
            )
        if (
            self.local_sort is not None
            and self.last_result is not None
            and self.last_result.total <= LOCAL_SORT_LIMIT
        ):
            return self.local_sort
        if self.sort in ("date", "-date"):
            return DATE, (
                Qt.SortOrder.DescendingOrder if self.sort == "-date" else Qt.SortOrder.AscendingOrder
            )
        return None


def _sorted_hits(
    hits: tuple[Hit, ...], bylines: Mapping[str, tuple[Byline, ...]], column: int, order: Qt.SortOrder
) -> list[Hit]:
    def key(h: Hit) -> tuple[Any, ...]:
        if column == TITLE:
            return (h.title,)
        if column == SOURCE:
            return (h.source or "", h.date or "")
        if column == PAGE:
            return (int(h.page) if (h.page or "").isdigit() else 10**6, h.page or "")
        return (byline_names(bylines.get(h.id, ()), " "),)

    return sorted(hits, key=key, reverse=order == Qt.SortOrder.DescendingOrder)


def _library_facets(lib: Library) -> Mapping[str, list[tuple[str, int]]] | None:
    """Facet counts of the whole library (an empty query)."""
    try:
        return lib.search("", limit=1, facets=True).facets  # type: ignore[no-any-return]
    except UserError:
        stats = lib.stats()
        return {"source": [(r["source"], r["articles"]) for r in stats["newspapers"] if r["source"]]}
