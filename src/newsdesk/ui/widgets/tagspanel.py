"""The tags panel (a tab beside the filters): tag tree with counts, a tag's passages, orphans.

The passages show as cards, as in Zotero's annotation pane (`passagecards`): the quote on two
lines, the article's title and date, the tags as chips in their colours, the note. Until a tag
is chosen every passage is listed; choosing a tag lists its passages (and its children's)
across the archive, and the filter line above the cards narrows them to a tag typed there.
Opening one (a click, Enter or double-click) emits `passage_opened`. The check box of a tag
toggles `tag:PATH` in the query (`filter_toggled`). The tree's context menu renames, merges and
deletes tags; a delete asks first, saying how many passages it touches. Reads and writes go
through Ops.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from newsdesk.changes import TAGS, Changes
from newsdesk.tags.model import Passage
from newsdesk.ui import plain
from newsdesk.ui.models.passages import (
    ALL,
    ORPHANS,
    PASSAGE_ROLE,
    QUOTE,
    TAG_ROLE,
    PassageListModel,
    TagTreeModel,
)
from newsdesk.ui.search import active_facets
from newsdesk.ui.widgets.passagecards import PassageCardDelegate

if TYPE_CHECKING:
    from newsdesk.library import Library
    from newsdesk.ui.mainwindow import MainWindow


class TagsPanel(QWidget):
    """See the module docstring."""

    passage_opened = Signal(object)  # Passage
    filter_toggled = Signal(str)  # tag path
    passages_shown = Signal()
    tree_shown = Signal()

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tags_panel")
        self.w = window
        self.chosen: str | None = None  # a tag path, ORPHANS, or None
        self.tree_model = TagTreeModel(self)
        self.passage_model = PassageListModel(window.library.summaries, self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("tag_tree")
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(14)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().hide()
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        self.tree.selectionModel().currentRowChanged.connect(self._current_tag)
        self.tree_model.itemChanged.connect(self._item_changed)
        self.tree_model.modelReset.connect(self.tree.expandAll)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("passage_filter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText(self.tr("Filter passages by tag…"))
        self.filter_edit.textChanged.connect(self.passage_model.set_filter)
        self.list = QListView(self)
        self.list.setObjectName("passage_list")
        self.list.setModel(self.passage_model)
        self.list.setModelColumn(QUOTE)
        self.list.setItemDelegate(PassageCardDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setMouseTracking(True)
        self.list.activated.connect(self.open_row)
        self.list.clicked.connect(self.open_row)
        cards = QWidget(self)
        cards_layout = QVBoxLayout(cards)
        cards_layout.setContentsMargins(0, 0, 0, 0)
        cards_layout.setSpacing(2)
        cards_layout.addWidget(self.filter_edit)
        cards_layout.addWidget(self.list, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.tree)
        split.addWidget(cards)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.confirm_box: QMessageBox | None = None
        self.input_dialog: QInputDialog | None = None

    # -- loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the tag tree again (after any tagging), keeping the chosen tag's list fresh."""
        active = {v for f, v in active_facets(self.w.search.query) if f == "tag"}

        def work(lib: Library) -> tuple[Any, Any, int, int]:
            return lib.tags.tree(), lib.tags.colours(), len(lib.passages.orphans()), len(lib.passages.find())

        def done(got: tuple[Any, Any, int, int]) -> None:
            tree, colours, orphans, total = got
            chosen = self.chosen
            self.tree_model.set_tree(tree, colours, orphans, active, total)
            self.passage_model.colours = dict(colours)
            if chosen is not None:
                self.choose(chosen, select=True)
            else:
                self.choose_all()
            self.tree_shown.emit()

        self.w.ops.run(work, done=done, key="tag-tree")

    def set_active(self, query: str) -> None:
        self.tree_model.set_active({v for f, v in active_facets(query) if f == "tag"})

    def chosen_tag(self) -> str | None:
        return self.chosen if self.chosen not in (None, ORPHANS) else None

    def choose(self, path: str, *, select: bool = False) -> None:
        """List the passages of tag `path` (or the orphans: ORPHANS)."""
        self.chosen = path
        if select:
            index = self._index_of(path)
            if index.isValid():
                self.tree.selectionModel().blockSignals(True)
                self.tree.setCurrentIndex(index)
                self.tree.selectionModel().blockSignals(False)

        def work(lib: Library) -> list[Passage]:
            return lib.passages.orphans() if path == ORPHANS else lib.passages.find(path)

        def done(passages: list[Passage]) -> None:
            if self.chosen == path:
                self.passage_model.set_passages(passages)
                self.passages_shown.emit()

        self.w.ops.run(work, done=done, key="tag-passages")

    def choose_all(self) -> None:
        """List every placed passage (no tag chosen, or "All passages")."""
        self.chosen = None
        if self.tree_model.rowCount() and self.tree_model.index(0, 0).data(TAG_ROLE) == ALL:
            self.tree.selectionModel().blockSignals(True)
            self.tree.setCurrentIndex(self.tree_model.index(0, 0))
            self.tree.selectionModel().blockSignals(False)

        def done(passages: list[Passage]) -> None:
            if self.chosen is None:
                self.passage_model.set_passages(passages)
                self.passages_shown.emit()

        self.w.ops.run(lambda lib: lib.passages.find(), done=done, key="tag-passages")

    def _index_of(self, path: str) -> QModelIndex:
        if path == ORPHANS:
            last = self.tree_model.rowCount() - 1
            index = self.tree_model.index(last, 0)
            return index if index.data(TAG_ROLE) == ORPHANS else QModelIndex()
        return self.tree_model.index_of(path)

    def _current_tag(self, current: QModelIndex, previous: QModelIndex) -> None:
        path = current.data(TAG_ROLE) if current.isValid() else None
        if path == ALL:
            self.choose_all()
        elif path:
            self.choose(path)

    def _item_changed(self, item: QStandardItem) -> None:
        path = item.data(TAG_ROLE)
        if path and path not in (ORPHANS, ALL) and item.isCheckable() and not self.tree_model.syncing:
            self.filter_toggled.emit(path)

    def open_row(self, index: QModelIndex) -> None:
        p = index.data(PASSAGE_ROLE) if index.isValid() else None
        if p is not None:
            self.passage_opened.emit(p)

    # -- rename, merge, delete -------------------------------------------------------------------

    def _tree_menu(self, point: QPoint) -> None:
        index = self.tree.indexAt(point)
        path = index.data(TAG_ROLE) if index.isValid() else None
        if not path or path in (ORPHANS, ALL):
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Filter articles by this tag"), lambda: self.filter_toggled.emit(path))
        menu.addSeparator()
        menu.addAction(self.tr("Rename…"), lambda: self.ask_rename(path))
        menu.addAction(self.tr("Merge into…"), lambda: self.ask_merge(path))
        menu.addAction(self.tr("Delete…"), lambda: self.ask_delete(path))
        menu.exec(self.tree.viewport().mapToGlobal(point))
        menu.deleteLater()

    def _input(
        self, title: str, label: str, text: str, done: Any, items: list[str] | None = None
    ) -> QInputDialog:
        d = QInputDialog(self)
        d.setWindowTitle(title)
        d.setLabelText(label)
        if items is not None:
            d.setComboBoxItems(items)
            d.setComboBoxEditable(True)
        d.setTextValue(text)
        d.setTextEchoMode(QLineEdit.EchoMode.Normal)
        d.textValueSelected.connect(done)
        if self.input_dialog is not None:
            self.input_dialog.deleteLater()
        self.input_dialog = d
        d.open()
        return d

    def ask_rename(self, path: str) -> QInputDialog:
        return self._input(
            self.tr("Rename tag"),
            self.tr("New name for “{tag}” (its children move with it):").format(tag=path),
            path,
            lambda new: self._tag_op(
                lambda lib: lib.tags.rename(path, new), self.tr("{count} passages retagged.")
            ),
        )

    def ask_merge(self, path: str) -> QInputDialog:
        others = [p for p in self.tree_model.paths() if p != path]
        return self._input(
            self.tr("Merge tag"),
            self.tr("Give the passages of “{tag}” this tag instead:").format(tag=path),
            others[0] if others else "",
            lambda into: self._tag_op(
                lambda lib: lib.tags.merge([path], into), self.tr("{count} passages retagged.")
            ),
            items=others,
        )

    def ask_delete(self, path: str) -> QMessageBox:
        count = self.w.library.tags.count(path)
        box = plain.message(
            self,
            self.tr("Delete tag"),
            self.tr(
                "Delete the tag “{tag}” and its children from {count} passages?\n"
                "The passages stay, with their other tags and notes."
            ).format(tag=path, count=count),
            icon=QMessageBox.Icon.Question,
            buttons=QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        message = self.tr("Tag deleted from {count} passages.")
        box.buttonClicked.connect(
            lambda button: (
                self._tag_op(lambda lib: lib.tags.delete(path), message)
                if box.standardButton(button) == QMessageBox.StandardButton.Yes
                else None
            )
        )
        if self.confirm_box is not None:
            self.confirm_box.deleteLater()
        self.confirm_box = box
        box.open()
        return box

    def _tag_op(self, work: Any, message: str) -> None:
        def done(count: int) -> None:
            self.w.show_status(message.format(count=count))
            self.w.broadcast(TAGS)

        self.w.ops.run(work, done=done, failed=lambda e: self.w.show_error(str(e)))

    def apply_changes(self, changes: Changes) -> None:
        """Reload the tree and the chosen tag's passages when passages or tags changed (an
        article's change moves passages too); a chosen tag that is gone is let go."""
        if not (changes.passages or changes.tags or changes.articles):
            return
        if self.chosen not in (None, ORPHANS) and self.chosen not in {
            p for p, _ in self.w.library.tags.tree()
        }:
            self.chosen = None
        self.reload()
