"""The article list view: rows of the lazy model, hits drawn bold, keyboard to open.

Two looks: the library (no query) is a compact table; results are two-line rows (title · date ·
source · page, then the snippet on two lines when the list is tall enough, else one), which a
1366×768 screen shows whole where a wide snippet column pushed the dates out of sight. The
header's context menu chooses the columns of each look (the window keeps the choice in its
settings) and, for results, the order.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from newsdesk.ui.models.articles import (
    BYLINES,
    COLUMN_KEYS,
    DATE,
    PAGE,
    SNIPPET,
    SOURCE,
    TITLE,
    ArticleListModel,
)
from newsdesk.ui.widgets.delegate import MarkedTextDelegate

DEFAULT_WIDTHS = {TITLE: 230, SNIPPET: 380, DATE: 88, SOURCE: 96, PAGE: 40, BYLINES: 110}
# Columns a user may show or hide, per look (the title is always there; the snippet is in the
# results' rows, never a column of its own).
OPTIONAL = (DATE, SOURCE, PAGE, BYLINES)
TWO_SNIPPET_LINES_FROM = 8  # results rows that must fit before a snippet gets a second line


class ArticleList(QTableView):
    """Emits `opened(row)` on Enter or double-click; the window previews the current row."""

    opened = Signal(int)
    columns_changed = Signal(str, list)  # look ("library" | "results"), the column keys shown
    context_menu_requested = Signal(QMenu, int)  # a row's menu (fill it), the row

    def __init__(self, model: ArticleListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("article_list")
        self.setModel(model)
        # One Python call paints a cell; Qt's own delegate would ask the model for ~10 roles,
        # and each call into Python waits for the GIL while a search runs on the worker.
        self.marked_delegate = MarkedTextDelegate(self)
        self.setItemDelegate(self.marked_delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vheader = self.verticalHeader()
        vheader.hide()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        for col, width in DEFAULT_WIDTHS.items():
            self.setColumnWidth(col, width)
        self.doubleClicked.connect(lambda index: self.opened.emit(index.row()))
        self.cards = False
        self.columns: dict[str, set[int]] = {"library": set(OPTIONAL), "results": set()}
        # the window adds its own entries to the header menu (the results' order)
        self.header_menu_extras: Callable[[QMenu], None] = lambda menu: None
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._row_menu)

    # -- the two looks ---------------------------------------------------------------------

    def set_columns(self, look: str, keys: list[str]) -> None:
        """Which optional columns `look` shows (column keys; unknown ones are ignored)."""
        self.columns[look] = {c for c in OPTIONAL if COLUMN_KEYS[c] in keys}
        self.apply_look()

    def set_cards(self, on: bool) -> None:
        """Results as two-line rows (on) or the compact table (off)."""
        self.cards = on
        self.marked_delegate.cards = on
        self.apply_look()

    def apply_look(self) -> None:
        look = "results" if self.cards else "library"
        self.setColumnHidden(TITLE, False)
        self.setColumnHidden(SNIPPET, True)
        for c in OPTIONAL:
            self.setColumnHidden(c, c not in self.columns[look])
        self._row_height()

    def _row_height(self) -> None:
        line = self.fontMetrics().height()
        if not self.cards:
            height = line + 6
        else:
            three = 3 * (line + 2) + 6
            lines = 2 if self.viewport().height() >= TWO_SNIPPET_LINES_FROM * three else 1
            self.marked_delegate.snippet_lines = lines
            height = (1 + lines) * (line + 2) + 6
        vheader = self.verticalHeader()
        if vheader.defaultSectionSize() != height:
            vheader.setDefaultSectionSize(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.cards:
            self._row_height()

    def _header_menu(self, point: QPoint) -> None:
        menu = self.header_menu()
        menu.exec(self.horizontalHeader().mapToGlobal(point))
        menu.deleteLater()

    def header_menu(self) -> QMenu:
        """Columns to show (for the current look) and the window's extras."""
        look = "results" if self.cards else "library"
        menu = QMenu(self)
        model = self.model()
        for c in OPTIONAL:
            action = menu.addAction(str(model.headerData(c, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.setChecked(c in self.columns[look])
            action.toggled.connect(lambda on, c=c: self._toggle_column(look, c, on))
        self.header_menu_extras(menu)
        return menu

    def _toggle_column(self, look: str, column: int, on: bool) -> None:
        (self.columns[look].add if on else self.columns[look].discard)(column)
        self.apply_look()
        self.columns_changed.emit(look, [COLUMN_KEYS[c] for c in OPTIONAL if c in self.columns[look]])

    def _row_menu(self, point: QPoint) -> None:
        index = self.indexAt(point)
        if not index.isValid():
            return
        self.selectRow(index.row())
        menu = QMenu(self)
        self.context_menu_requested.emit(menu, index.row())
        if not menu.isEmpty():
            menu.exec(self.viewport().mapToGlobal(point))
        menu.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.opened.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def move_current(self, delta: int) -> int | None:
        """Move the current row by `delta` (from "before the first row" if none); returns it."""
        rows = self.model().rowCount()
        if not rows:
            return None
        current = self.currentIndex()
        row = (current.row() + delta) if current.isValid() else (0 if delta > 0 else rows - 1)
        row = max(0, min(rows - 1, row))
        index = self.model().index(row, TITLE if current.column() < 0 else max(0, current.column()))
        self.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.scrollTo(index)
        return row
