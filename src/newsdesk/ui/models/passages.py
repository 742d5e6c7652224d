"""The tags panel's models: the tag tree with passage counts, and a tag's passages.

TagTreeModel is a QStandardItemModel filled from `tag_tree()` (paths in tree order, counts of
passages under each level); each tag is checkable — checked while `tag:PATH` is in the query —
an "All passages" row opens the tree and an "Orphans" row closes it. PassageListModel holds the
passages of one tag (or the orphans, or all of them) and fetches the article fields (title,
date, source) lazily, in blocks, for the rows a view asks for, like the article list does;
`set_filter` narrows the rows shown to passages with a tag containing the text typed (the
pane's filter line).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QStandardItem, QStandardItemModel

from newsdesk.domain import ArticleSummary
from newsdesk.tags.model import Passage
from newsdesk.ui import plain
from newsdesk.ui.widgets.passages import tag_colour

TAG_ROLE = Qt.ItemDataRole.UserRole + 1  # a tag row's path; ORPHANS on the orphans row
PASSAGE_ROLE = Qt.ItemDataRole.UserRole + 2
# (article title, date, [(tag, colour)]) of a passage row: what its card shows besides the quote
CARD_ROLE = Qt.ItemDataRole.UserRole + 3
ORPHANS = "\x00orphans"
ALL = "\x00all"
QUOTE, NOTE, TITLE, DATE, SOURCE, AUTHOR = range(6)  # AUTHOR: the hub user who made it
BLOCK = 100

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class TagTreeModel(QStandardItemModel):
    """Tags as a tree (two columns: name, passages)."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(0, 2, parent)  # type: ignore[arg-type]
        self.setHorizontalHeaderLabels([self.tr("Tag"), self.tr("Passages")])
        self._items: dict[str, QStandardItem] = {}
        self.syncing = False

    def set_tree(
        self,
        tree: Sequence[tuple[str, int]],
        colours: Mapping[str, str],
        orphans: int,
        active: set[str] = frozenset(),  # type: ignore[assignment]
        total: int = 0,
    ) -> None:
        self.blockSignals(True)  # the views hear one reset
        try:
            self.removeRows(0, self.rowCount())
            self._items = {}
            if total:
                item = QStandardItem(self.tr("All passages"))
                item.setData(ALL, TAG_ROLE)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                number = QStandardItem(f"{total:,}")
                number.setData(ALL, TAG_ROLE)
                number.setTextAlignment(_RIGHT)
                number.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.appendRow([item, number])
            for path, count in tree:
                parent_path, _, name = path.rpartition("/")
                parent = self._items.get(parent_path) if parent_path else None
                item = QStandardItem(name)
                item.setData(path, TAG_ROLE)
                item.setToolTip(plain.tip(path))
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                )
                item.setCheckState(Qt.CheckState.Checked if path in active else Qt.CheckState.Unchecked)
                item.setData(QColor(tag_colour(path, colours)), Qt.ItemDataRole.DecorationRole)
                number = QStandardItem(f"{count:,}")
                number.setData(path, TAG_ROLE)
                number.setTextAlignment(_RIGHT)
                number.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                (parent or self.invisibleRootItem()).appendRow([item, number])
                self._items[path] = item
            if orphans:
                item = QStandardItem(self.tr("Orphans"))
                font = QFont()
                font.setItalic(True)
                item.setFont(font)
                item.setData(ORPHANS, TAG_ROLE)
                item.setToolTip(self.tr("Passages that lost their place when their article changed"))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                number = QStandardItem(f"{orphans:,}")
                number.setData(ORPHANS, TAG_ROLE)
                number.setTextAlignment(_RIGHT)
                number.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.appendRow([item, number])
        finally:
            self.blockSignals(False)
        self.beginResetModel()
        self.endResetModel()

    def set_active(self, active: set[str]) -> None:
        """Check the tags the query filters on (`syncing` tells listeners it is not the user)."""
        self.syncing = True
        try:
            for path, item in self._items.items():
                state = Qt.CheckState.Checked if path in active else Qt.CheckState.Unchecked
                if item.checkState() != state:
                    item.setCheckState(state)
        finally:
            self.syncing = False

    def index_of(self, path: str) -> QModelIndex:
        item = self._items.get(path)
        return item.index() if item is not None else QModelIndex()

    def paths(self) -> list[str]:
        return list(self._items)


class PassageListModel(QAbstractTableModel):
    """Passages of a tag: quote, note, and their article's title, date, source (lazy)."""

    def __init__(
        self, summaries: Callable[[Sequence[str]], Mapping[str, ArticleSummary]], parent: object = None
    ) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._summaries = summaries
        self.passages: list[Passage] = []  # the rows: `all` narrowed by the filter
        self.all: list[Passage] = []
        self.colours: dict[str, str] = {}
        self.filter = ""
        self._cache: dict[str, ArticleSummary | None] = {}
        self._headers = [
            self.tr("Quote"),
            self.tr("Note"),
            self.tr("Article"),
            self.tr("Date"),
            self.tr("Source"),
            self.tr("By"),
        ]

    def set_passages(self, passages: Sequence[Passage], colours: Mapping[str, str] | None = None) -> None:
        self.beginResetModel()
        self.all = list(passages)
        if colours is not None:
            self.colours = dict(colours)
        self.passages = self._filtered()
        self._cache = {}
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        """Show only passages with a tag containing `text` (any case); '' shows them all."""
        self.beginResetModel()
        self.filter = text.strip().casefold()
        self.passages = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[Passage]:
        want = self.filter
        if not want:
            return list(self.all)
        return [p for p in self.all if any(want in t.casefold() for t in p.tags)]

    def passage(self, row: int) -> Passage | None:
        return self.passages[row] if 0 <= row < len(self.passages) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.passages)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def _summary(self, row: int) -> ArticleSummary | None:
        aid = self.passages[row].article_id
        if aid not in self._cache:
            ids = list(dict.fromkeys(p.article_id for p in self.passages[row : row + BLOCK]))
            got = self._summaries([i for i in ids if i not in self._cache])
            for i in ids:
                self._cache.setdefault(i, got.get(i))
        return self._cache.get(aid)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.passages):
            return None
        p = self.passages[index.row()]
        if role == PASSAGE_ROLE:
            return p
        if role == CARD_ROLE:
            s = self._summary(index.row())
            chips = [(t, tag_colour(t, self.colours)) for t in p.tags]
            return (s.title if s else "", (s.date or "") if s else "", chips)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        col = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == QUOTE:
                by = "\n" + self.tr("Tagged by {author}").format(author=p.author) if p.author else ""
                return plain.tip(p.quote + by)
            if col == NOTE:
                return plain.tip(p.note)
            if col == AUTHOR and p.author:
                return plain.tip(self.tr("Tagged by {author}").format(author=p.author))
            return None
        if col == QUOTE:
            return " ".join(p.quote.split())
        if col == NOTE:
            return p.note or ""
        if col == AUTHOR:
            return p.author or ""
        s = self._summary(index.row())
        if s is None:
            return ""
        return {TITLE: s.title, DATE: s.date or "", SOURCE: s.source or ""}.get(col, "")
