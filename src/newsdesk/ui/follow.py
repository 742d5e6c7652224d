"""What the list and the reading pane show as a query's outcome changes: in place of an empty
list, what to do (an empty library, a query without hits); the open article marked for the new
query, unmarked in the library, or cleared when the results no longer hold it; and the header
menu's order entries for results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMenu

from newsdesk.domain import Marks
from newsdesk.ui.models.articles import DATE
from newsdesk.ui.search import last_filter, toggle_token

if TYPE_CHECKING:
    from newsdesk.library import Library
    from newsdesk.ui.mainwindow import MainWindow


class ResultsFollower(QObject):
    """See the module docstring; the window calls it whenever results are shown."""

    def __init__(self, w: MainWindow) -> None:
        super().__init__(w)
        self.w = w
        w.empty.import_files.connect(w.imports.choose_files)
        w.empty.import_folder.connect(w.imports.choose_folder)
        w.empty.words_mode.connect(lambda: w.bar.set_mode("words"))
        w.empty.drop_filter.connect(lambda term: w.search.set_query(toggle_token(w.bar.field.text(), term)))
        w.list.horizontalHeader().sectionClicked.connect(self.header_clicked)
        w.list.columns_changed.connect(
            lambda look, keys: w.settings.set(
                "list/columns" if look == "library" else "list/result_columns", ",".join(keys)
            )
        )
        w.list.header_menu_extras = self.sort_entries

    def results_shown(self) -> None:
        """The list shows a new outcome: its look, the bar's error, the empty state, the open
        article and the header's sort indicator follow."""
        w = self.w
        w.list.set_cards(w.model.mode == "results")
        if not w.search.last_error:
            w.bar.clear_error()
        self.show_empty_state()
        self.refresh_reader()
        self._sort_indicator()

    def _sort_indicator(self) -> None:
        state = self.w.search.sort_state()
        self.w.list.horizontalHeader().setSortIndicator(*(state or (-1, Qt.SortOrder.AscendingOrder)))

    def header_clicked(self, column: int) -> None:
        """Sort by the column clicked (again: the other way round)."""
        state = self.w.search.sort_state()
        if state is not None and state[0] == column:
            order = (
                Qt.SortOrder.AscendingOrder
                if state[1] == Qt.SortOrder.DescendingOrder
                else Qt.SortOrder.DescendingOrder
            )
        else:
            order = Qt.SortOrder.DescendingOrder if column == DATE else Qt.SortOrder.AscendingOrder
        if not self.w.search.sort_by(column, order):
            self.w.show_status(self.tr("The list cannot be sorted by this column."))
        self._sort_indicator()

    def show_empty_state(self) -> None:
        """The list, or in its place what to do when it has nothing to show."""
        empty = self.w.model.rowCount() == 0 and not self.w.search.last_error
        if empty and self.w.model.mode == "library":
            self.w.empty.show_empty_library(writable=self.w.library.writable)
        elif empty:
            query = self.w.search.query
            self.w.empty.show_no_hits(
                query, exact=self.w.search.mode == "exact", last_filter=last_filter(query)
            )
        self.w.empty.setVisible(empty)
        self.w.list.setVisible(not empty)

    def refresh_reader(self) -> None:
        """The open article after the query changed: marked for the new query if it is among
        the results, unmarked in the library, cleared when the results no longer hold it."""
        article = self.w.reader.article
        if article is None or self.w.search.last_error:
            return
        aid = article.id
        if self.w.model.mode == "library":
            if self.w.reader.marked() != Marks():
                self.w.open_article(aid)
            return
        row = self.w.model.row_of(aid)
        if row is not None:
            self.w.open_article(aid, hit=self.w.model.hit(row))
            return
        if self.w.model.total <= self.w.search.page_size_loaded():
            self.w.reader.clear()
            return
        query, mode, gen = self.w.search.query, self.w.search.mode, self.w.search.generation

        def work(lib: Library) -> Marks | None:  # beyond the first page: ask the index
            found = lib.select(query, mode=mode)
            return lib.marks(aid, query, mode=mode) if aid in set(found.ids or ()) else None

        def done(marks: Marks | None) -> None:
            if gen != self.w.search.generation or self.w.reader.article is None:
                return
            if self.w.reader.article.id != aid:
                return
            if marks is None:
                self.w.reader.clear()
            else:
                passages, colours = self.w.tagging.passages_of(aid)
                self.w.reader.show_article(article, marks=marks, passages=passages, colours=colours)

        self.w.ops.run(work, done=done, key="reader-marks", quiet=True)

    def sort_entries(self, menu: QMenu) -> None:
        """The header menu's order entries for results (the library sorts by a column click)."""
        if self.w.model.mode != "results":
            return
        menu.addSeparator()
        state = self.w.search.sort_state()
        for text, chosen, run in (
            (self.tr("By relevance"), state is None, self.w.search.sort_by_relevance),
            (
                self.tr("Newest first"),
                state == (DATE, Qt.SortOrder.DescendingOrder),
                lambda: self.w.search.sort_by(DATE, Qt.SortOrder.DescendingOrder),
            ),
            (
                self.tr("Oldest first"),
                state == (DATE, Qt.SortOrder.AscendingOrder),
                lambda: self.w.search.sort_by(DATE, Qt.SortOrder.AscendingOrder),
            ),
        ):
            action = menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(chosen)
            action.triggered.connect(run)
