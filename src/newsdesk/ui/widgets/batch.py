"""Batch search: paste or open a list of names or terms; a sortable table of each one's total
and first and last date (and per year on demand); a row opens its search; the table exports.

The table model holds the rows the library computed (a term's row is a few numbers, so tens of
thousands of them are cheap); sorting goes through a QSortFilterProxyModel on each column's
value (numbers as numbers).
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from newsdesk.errors import UserError
from newsdesk.ui import plain
from newsdesk.ui.models.rows import Index, RowsModel

if TYPE_CHECKING:
    from newsdesk.ui.mainwindow import MainWindow

__all__ = ["BatchDialog", "BatchModel"]

TERM, TOTAL, FIRST, LAST, YEARS = range(5)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class BatchModel(RowsModel):
    """The rows of a batch result (TermRow), one per term."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([], parent)
        self.headers = [
            self.tr("Term"),
            self.tr("Articles"),
            self.tr("First"),
            self.tr("Last"),
            self.tr("Per year"),
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r, col = self.row(index), index.column()
        if r is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == TERM:
                return r.term
            if col == TOTAL:
                return f"{r.total:,}"
            if col == FIRST:
                return r.first or ""
            if col == LAST:
                return r.last or ""
            return "  ".join(f"{y}: {n}" for y, n in (r.years or {}).items())
        if role == SORT_ROLE:
            return (r.term, r.total, r.first or "", r.last or "", sum((r.years or {}).values()))[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col == TOTAL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class BatchDialog(QDialog):
    """See the module docstring."""

    progressed = Signal(int)  # terms searched so far (from the worker thread)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.setObjectName("batch_dialog")
        self.setWindowTitle(self.tr("Batch search"))
        self.resize(860, 560)
        self.result: Any = None
        self._total = 0
        self.terms = QPlainTextEdit(self)
        self.terms.setObjectName("batch_terms")
        self.terms.setPlaceholderText(self.tr("Paste names or terms here, one per line"))
        self.open_button = QPushButton(self.tr("Open list…"), self)
        self.run_button = QPushButton(self.tr("Search all"), self)
        self.years = QCheckBox(self.tr("Per year"), self)
        self.export_button = QPushButton(self.tr("Save CSV…"), self)
        self.status = plain.label("", self)  # messages name queries and files: never markup
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.model = BatchModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(self)
        self.table.setObjectName("batch_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # list order
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(YEARS, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._open_row)
        self.table.doubleClicked.connect(self._open_row)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.terms, 1)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.years, self.run_button):
            buttons.addWidget(b)
        left_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.table)
        split.setSizes([240, 620])
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        self.progressed.connect(self._progress)
        self.open_button.clicked.connect(lambda: self.open_list())
        self.run_button.clicked.connect(self.run)
        self.export_button.clicked.connect(lambda: self.save_csv())

    def open_list(self, path: str | None = None) -> None:
        from newsdesk.research.batch import read_terms

        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Open a list of terms"), "", self.tr("Text (*.txt *.csv);;All files (*)")
            )
            if not path:
                return
        try:
            terms = read_terms(path)
        except UserError as exc:
            self.status.setText(str(exc))
            return
        self.terms.setPlainText("\n".join(t for _, t in terms))
        self.run()

    def run(self) -> None:
        from newsdesk.research.batch import parse_terms

        terms = parse_terms(self.terms.toPlainText())
        if not terms:
            self.status.setText(self.tr("Paste or open a list of terms first."))
            return
        mode, years = self.w.search.mode, self.years.isChecked()
        self._total = len(terms)
        self.status.setText(self.tr("Searching {count} terms…").format(count=f"{len(terms):,}"))
        report = self.progressed.emit  # (emitted on the worker, delivered here before `done`)
        self.w.ops.run(
            lambda lib: lib.research.batch(terms, mode=mode, years=years, progress=report),
            done=self._done,
            failed=lambda e: self.status.setText(str(e)),
            key="batch",
        )

    def _progress(self, done: int) -> None:
        self.status.setText(
            self.tr("Searching {count} terms… {done} done").format(count=f"{self._total:,}", done=f"{done:,}")
        )

    def _done(self, result: Any) -> None:
        self.result = result
        self.model.set_rows(list(result.terms))
        self.table.setColumnHidden(YEARS, not any(r.years for r in result.terms))
        text = self.tr("{count} terms searched").format(count=f"{len(result.terms):,}")
        if result.errors:
            bad = "; ".join(
                self.tr("line {line}: {reason}").format(line=n, reason=e) for n, _, e in result.errors[:5]
            )
            text += "  ·  " + self.tr("{count} lines are not valid queries: {lines}").format(
                count=len(result.errors), lines=bad
            )
        self.status.setText(text)

    def _open_row(self, index: QModelIndex) -> None:
        row = self.proxy.mapToSource(index).row()
        if 0 <= row < len(self.model.rows):
            self.w.search.set_query(self.model.rows[row].term)

    def save_csv(self, path: str | None = None) -> None:
        if self.result is None:
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save table"), "batch.csv", "CSV (*.csv)")
            if not path:
                return
        from newsdesk.tags.export import neutralise

        try:
            with open(path, "w", encoding="utf-8-sig", newline="") as f:
                out = csv.writer(f, lineterminator="\r\n")
                out.writerow(["term", "total", "first", "last", "years"])
                for r in self.result.terms:
                    years = "; ".join(f"{y}:{n}" for y, n in (r.years or {}).items())
                    out.writerow([neutralise(r.term), r.total, r.first or "", r.last or "", years])
        except OSError as exc:
            self.status.setText(f"{path}: {exc.strerror}")
            return
        self.status.setText(self.tr("Saved {path}").format(path=path))
