"""The facet panel: a tree of sources, years, months, reporters, sections with counts.

Clicking a value (or Enter/Space on it) emits `toggled(field, value)`: the search controller
adds `field:value` to the query, or takes it out again if it is already there.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from newsdesk.ui.models.facets import FIELD_ROLE, FacetsModel


class FacetsPanel(QTreeView):
    """The tree view over a FacetsModel."""

    toggled = Signal(str, str)

    def __init__(self, model: FacetsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("facets")
        self.setModel(model)
        self.setUniformRowHeights(True)
        self.setRootIsDecorated(True)
        self.setIndentation(14)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.hide()
        self.clicked.connect(self._clicked)
        model.modelReset.connect(self._expand)

    def _expand(self) -> None:
        model = self.model()
        for row in range(model.rowCount()):
            field, _ = model.index(row, 0).data(FIELD_ROLE)
            # Months and reporters are long lists: open only the short groups.
            self.setExpanded(model.index(row, 0), field in ("source", "year", "section", "tag"))

    def _clicked(self, index: QModelIndex) -> None:
        field, value = index.data(FIELD_ROLE) or (None, None)
        if field and value is not None:
            self.toggled.emit(field, value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            index = self.currentIndex()
            data = index.data(FIELD_ROLE) if index.isValid() else None
            field, value = data or (None, None)
            if field and value is not None:
                self.toggled.emit(field, value)
                return
            if index.isValid():
                self.setExpanded(index.siblingAtColumn(0), not self.isExpanded(index.siblingAtColumn(0)))
                return
        super().keyPressEvent(event)
