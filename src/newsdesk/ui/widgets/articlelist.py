"""The article list view: rows of the lazy model, hits drawn bold, keyboard to open."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from newsdesk.ui.models.articles import (
    BYLINES,
    DATE,
    PAGE,
    SNIPPET,
    SOURCE,
    TITLE,
    ArticleListModel,
)
from newsdesk.ui.widgets.delegate import MarkedTextDelegate

DEFAULT_WIDTHS = {TITLE: 230, SNIPPET: 380, DATE: 88, SOURCE: 96, PAGE: 40, BYLINES: 110}


class ArticleList(QTableView):
    """Emits `opened(row)` on Enter or double-click; the window previews the current row."""

    opened = Signal(int)

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
