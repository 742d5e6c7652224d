"""The concordance (KWIC) view: every occurrence of the search's terms, one per line, the match
centred between its left and right context, sortable by left context, right context or date.

The first screen comes first: lines are read in date order a page at a time (the model asks for
more as the view scrolls: `canFetchMore`/`fetchMore`), and the count of every occurrence follows
in a second job. Sorting by context needs every line, read in one job. Activating a line opens
its article in the reading pane with the occurrence selected; "Save CSV…" writes every line.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
)

from newsdesk.ui import plain
from newsdesk.ui.models.rows import Index, RowsModel

if TYPE_CHECKING:
    from newsdesk.library import Library
    from newsdesk.ui.mainwindow import MainWindow

__all__ = ["KwicDialog", "KwicModel"]

LEFT, MATCH, RIGHT, DATE, ID = range(5)
PAGE = 200


class KwicModel(RowsModel):
    """Concordance lines (KwicLine) as table rows; asks its dialog for more as the view scrolls."""

    def __init__(self, dialog: KwicDialog) -> None:
        super().__init__([], dialog)
        self.dialog = dialog
        self.complete = True
        self.loading = False
        self.headers = [
            self.tr("Left context"),
            self.tr("Match"),
            self.tr("Right context"),
            self.tr("Date"),
            self.tr("Article"),
        ]
        self._bold = QFont()
        self._bold.setBold(True)

    @property
    def lines(self) -> list[Any]:
        return self.rows

    def reset(self, lines: list[Any], complete: bool) -> None:
        self.complete, self.loading = complete, False
        self.set_rows(lines)

    def append(self, lines: list[Any], complete: bool) -> None:
        self.loading, self.complete = False, complete
        self.append_rows(lines)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self.complete and not self.loading

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self.loading = True
            self.dialog.fetch_more()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        x, col = self.row(index), index.column()
        if x is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (x.left, x.match, x.right, x.date or "", x.id)[col]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == LEFT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col == MATCH:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and col == MATCH:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and col == MATCH:
            return Qt.GlobalColor.darkRed
        return None


class KwicDialog(QDialog):
    """See the module docstring."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.setObjectName("kwic_dialog")
        self.setWindowTitle(self.tr("Concordance"))
        self.resize(980, 600)
        self.query, self.mode = "", "exact"
        self.occurrences: int | None = None
        self._generation = 0
        self.width_box = QSpinBox(self)
        self.width_box.setRange(4, 80)
        self.width_box.setValue(20)
        self.width_box.setPrefix(self.tr("Context: "))
        self.width_box.setSuffix(self.tr(" characters"))
        self.sort = QComboBox(self)
        self.sort.addItem(self.tr("By date"), "date")
        self.sort.addItem(self.tr("By left context"), "left")
        self.sort.addItem(self.tr("By right context"), "right")
        self.export_button = QPushButton(self.tr("Save CSV…"), self)
        self.status = plain.label("", self)  # messages name queries and files: never markup
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.model = KwicModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("kwic_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(LEFT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MATCH, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RIGHT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ID, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(self.open_line)
        self.table.clicked.connect(self.open_line)
        controls = QHBoxLayout()
        for widget in (self.width_box, self.sort):
            controls.addWidget(widget)
        controls.addWidget(self.status, 1)
        controls.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.table, 1)
        self.width_box.valueChanged.connect(self.reload)
        self.sort.currentIndexChanged.connect(self.reload)
        self.export_button.clicked.connect(lambda: self.save_csv())

    def set_query(self, query: str, mode: str) -> None:
        self.query, self.mode = query, mode
        self.setWindowTitle(self.tr("Concordance: {query}").format(query=query))
        self.reload()

    def reload(self) -> None:
        """Start over: the first screen, then the count of every occurrence."""
        self._generation += 1
        gen, query, mode = self._generation, self.query, self.mode
        width, sort = self.width_box.value(), self.sort.currentData()
        self.occurrences = None
        self.model.reset([], complete=True)
        if not query:
            return
        self.status.setText(self.tr("Reading…"))
        state: dict[str, Any] = {}
        self._state = state

        def first(lib: Library) -> tuple[list[Any], bool]:
            conc = lib.research.concordance(query, mode=mode)
            state["conc"] = conc
            if sort != "date":
                return conc.lines(width=width, sort=sort), True
            state["lines"] = conc.iter_lines(width)
            return _take(state["lines"], PAGE)

        def shown(got: tuple[list[Any], bool]) -> None:
            if gen == self._generation:
                self.model.reset(*got)
                self._count(gen, state)

        self.w.ops.run(first, done=shown, failed=lambda e: self.status.setText(str(e)), key="kwic")

    def _count(self, gen: int, state: dict[str, Any]) -> None:
        def counted(n: int) -> None:
            if gen == self._generation:
                self.occurrences = n
                self.status.setText(self.tr("{count} occurrences").format(count=f"{n:,}"))

        self.status.setText(
            self.tr("{shown} lines shown; counting every occurrence…").format(
                shown=f"{len(self.model.lines):,}"
            )
        )
        self.w.ops.run(lambda lib: state["conc"].count(), done=counted, key="kwic-count", quiet=True)

    def fetch_more(self) -> None:
        gen, state = self._generation, self._state
        if "lines" not in state:
            self.model.append([], complete=True)
            return

        def more(lib: Library) -> tuple[list[Any], bool]:
            return _take(state["lines"], PAGE)

        def got(result: tuple[list[Any], bool]) -> None:
            if gen == self._generation:
                self.model.append(*result)

        self.w.ops.run(more, done=got, key="kwic-more")

    def open_line(self, index: QModelIndex) -> None:
        if not index.isValid() or index.row() >= len(self.model.lines):
            return
        line = self.model.lines[index.row()]
        query, mode = self.query, self.mode

        def work(lib: Library) -> Any:
            from newsdesk.domain import Hit

            marks = lib.marks(line.id, query, mode=mode)
            needles = lib.open_index().needles(query, mode=mode)
            return Hit(
                id=line.id,
                title="",
                date=line.date,
                source=None,
                page=None,
                score=0.0,
                snippet="",
                spans=marks.text,
                title_spans=marks.title,
                needles=tuple(sorted(needles.text)),
                caption_needles=tuple(sorted(needles.caption)),
            )

        def done(hit: Any) -> None:
            if self.w.open_article(line.id, hit=hit):
                self.w.reader.select_text(line.start, line.start + len(line.match))

        self.w.ops.run(work, done=done, failed=lambda e: self.status.setText(str(e)))

    def save_csv(self, path: str | None = None) -> None:
        if not self.query:
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save concordance"), "kwic.csv", "CSV (*.csv)"
            )
            if not path:
                return
        query, mode, width, sort = self.query, self.mode, self.width_box.value(), self.sort.currentData()
        target = path

        def work(lib: Library) -> int:
            from newsdesk.errors import BadFileError
            from newsdesk.tags.export import neutralise

            lines = lib.research.concordance(query, mode=mode).lines(width=width, sort=sort)
            try:
                with open(target, "w", encoding="utf-8-sig", newline="") as f:
                    out = csv.writer(f, lineterminator="\r\n")
                    out.writerow(["id", "date", "left", "match", "right", "start"])
                    for x in lines:
                        out.writerow(
                            [
                                x.id,
                                x.date or "",
                                neutralise(x.left),
                                neutralise(x.match),
                                neutralise(x.right),
                                x.start,
                            ]
                        )
            except OSError as exc:
                raise BadFileError(target, f"cannot write the concordance ({exc.strerror})") from exc
            return len(lines)

        self.w.ops.run(
            work,
            done=lambda n: self.status.setText(
                self.tr("{count} lines saved to {path}").format(count=f"{n:,}", path=target)
            ),
            failed=lambda e: self.status.setText(str(e)),
        )


def _take(lines: Any, n: int) -> tuple[list[Any], bool]:
    """The next n lines of an iterator, and whether it is used up."""
    out = []
    for x in lines:
        out.append(x)
        if len(out) >= n:
            return out, False
    return out, True
