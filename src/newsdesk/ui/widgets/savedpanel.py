"""The saved-searches side panel: each saved search with its total and "N new", new ones first.

A few dozen rows at most, so a plain list widget; each item holds only its name. Activating an
item emits `opened(name)`; the window runs that search and marks its hits seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from newsdesk.ui import plain

__all__ = ["NAME_ROLE", "SavedPanel"]

NAME_ROLE = Qt.ItemDataRole.UserRole + 1


class SavedPanel(QWidget):
    """List of saved searches with Save / Remove buttons."""

    opened = Signal(str)
    save_requested = Signal()
    remove_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saved_panel")
        self.list = QListWidget(self)
        self.list.setObjectName("saved_list")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda item: self.opened.emit(item.data(NAME_ROLE)))
        self.save_button = QPushButton(self.tr("Save search…"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.save_button.clicked.connect(self.save_requested)
        self.remove_button.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def _remove(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.remove_requested.emit(item.data(NAME_ROLE))

    def set_searches(self, searches: Sequence[Any]) -> None:
        """Show SavedInfo rows (already ordered: with new hits first)."""
        current = self.list.currentItem()
        keep = current.data(NAME_ROLE) if current is not None else None
        self.list.clear()
        for s in searches:
            text = self.tr("{name}\n{total} articles").format(name=s.name, total=f"{s.total:,}")
            if s.new:
                text += "  ·  " + self.tr("{new} new").format(new=f"{s.new:,}")
            item = QListWidgetItem(text)
            item.setData(NAME_ROLE, s.name)
            item.setToolTip(plain.tip(s.query + ("  [模糊]" if s.mode == "words" else "")))
            if s.new:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
            if s.name == keep:
                self.list.setCurrentItem(item)

    def names(self) -> list[str]:
        return [self.list.item(i).data(NAME_ROLE) for i in range(self.list.count())]
