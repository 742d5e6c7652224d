"""Hits over time: matching articles per year or month of up to six queries, on one chart.

Drawn with pyqtgraph (a plotting library made for Qt, pure Python over numpy, which newsdesk
already has; QtCharts would need PySide6-Addons, several hundred MB). One query is drawn as
bars, several as lines; as counts, or per 1,000 articles of the period. A click on the chart
filters the window's search to that period (date:2019, date:2019-03), dragging the shaded range
(or "Filter to range") to the range's periods (date:2019..2021), each in place of the search's
other date terms. The chart saves as PNG and its numbers as CSV.
"""

from __future__ import annotations

import csv
import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from newsdesk.ui import fonts, plain
from newsdesk.ui.search import facet_token, toggle_token

if TYPE_CHECKING:
    from newsdesk.ui.mainwindow import MainWindow

__all__ = ["TimelineDialog", "without_dates"]

COLOURS = ("#1f6fb2", "#d1495b", "#2a9d5c", "#e3a008", "#7b4fb8", "#555555")
MAX_SERIES = 6


_DATE_TERM = re.compile(r"(?<![\w:])date:\S+")


def without_dates(query: str) -> str:
    """The query less its date: terms (a new period replaces them rather than ANDing)."""
    return " ".join(_DATE_TERM.sub(" ", query).split())


class TimelineDialog(QDialog):
    """See the module docstring."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.setObjectName("timeline_dialog")
        self.setWindowTitle(self.tr("Hits over time"))
        self.resize(900, 560)
        self.timeline: Any = None
        self.queries = QPlainTextEdit(self)
        self.queries.setObjectName("timeline_queries")
        self.queries.setPlaceholderText(self.tr("One query per line, up to six, to compare"))
        self.queries.setFixedHeight(72)
        self.by = QComboBox(self)
        self.by.addItem(self.tr("By year"), "year")
        self.by.addItem(self.tr("By month"), "month")
        self.measure = QComboBox(self)
        self.measure.addItem(self.tr("Articles"), "count")
        self.measure.addItem(self.tr("Per 1,000 articles of the period"), "share")
        self.draw_button = QPushButton(self.tr("Draw"), self)
        self.range_button = QPushButton(self.tr("Filter to range"), self)
        self.png_button = QPushButton(self.tr("Save PNG…"), self)
        self.csv_button = QPushButton(self.tr("Save CSV…"), self)
        self.status = plain.label("", self)  # messages name queries and files: never markup
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        pg.setConfigOptions(antialias=True, background="w", foreground="#333333")
        self.plot = pg.PlotWidget(self)
        self.plot.setObjectName("timeline_plot")
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setMenuEnabled(False)
        self.legend = self.plot.addLegend(offset=(10, 10))
        self.region = pg.LinearRegionItem(values=(0, 0), brush=pg.mkBrush(31, 111, 178, 40))
        self.region.setZValue(10)
        self._font = pg.QtGui.QFont()
        self._font.setFamilies(fonts.families())
        for axis in ("bottom", "left"):
            self.plot.getAxis(axis).setTickFont(self._font)
        controls = QHBoxLayout()
        for widget in (
            self.by,
            self.measure,
            self.draw_button,
            self.range_button,
            self.png_button,
            self.csv_button,
        ):
            controls.addWidget(widget)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.queries)
        layout.addLayout(controls)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.status)
        self.draw_button.clicked.connect(self.refresh)
        self.by.currentIndexChanged.connect(self.refresh)
        self.measure.currentIndexChanged.connect(self.draw)
        self.range_button.clicked.connect(self.filter_to_range)
        self.png_button.clicked.connect(lambda: self.save_png())
        self.csv_button.clicked.connect(lambda: self.save_csv())
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self._placing = False  # the region is being placed by draw(), not dragged
        self.region.sigRegionChangeFinished.connect(lambda *_: self._dragged())

    def set_queries(self, queries: list[str]) -> None:
        if queries:
            self.queries.setPlainText("\n".join(queries))
        self.refresh()

    def query_list(self) -> list[str]:
        return [q.strip() for q in self.queries.toPlainText().splitlines() if q.strip()][:MAX_SERIES]

    def refresh(self) -> None:
        queries, by, mode = self.query_list(), self.by.currentData(), self.w.search.mode
        if not queries:
            self.status.setText(self.tr("Type a query (or several, one per line)."))
            return
        self.status.setText(self.tr("Counting…"))
        self.w.ops.run(
            lambda lib: lib.research.timeline(queries, by=by, mode=mode),
            done=self._loaded,
            failed=lambda e: self.status.setText(str(e)),
            key="timeline",
        )

    def _loaded(self, timeline: Any) -> None:
        self.timeline = timeline
        self.draw()

    def values(self, series: Any) -> np.ndarray:
        share = self.measure.currentData() == "share"
        return np.array([p.per_thousand() if share else p.count for p in series.points], dtype=float)

    def draw(self) -> None:
        self.plot.clear()
        self.legend.clear()
        tl = self.timeline
        if tl is None:
            return
        periods = tl.periods
        x = np.arange(len(periods), dtype=float)
        many = len(tl.series) > 1
        for k, s in enumerate(tl.series):
            colour = COLOURS[k % len(COLOURS)]
            y = self.values(s)
            label = f"{s.query} ({s.total:,})"
            if many:
                item = pg.PlotDataItem(
                    x,
                    y,
                    pen=pg.mkPen(colour, width=2),
                    symbol="o",
                    symbolSize=5,
                    symbolBrush=colour,
                    name=label,
                )
                self.plot.addItem(item)
            else:
                bars = pg.BarGraphItem(x=x, height=y, width=0.8, brush=colour, pen=pg.mkPen(None))
                self.plot.addItem(bars)
                self.legend.addItem(bars, label)
        step = max(1, len(periods) // 12)
        self.plot.getAxis("bottom").setTicks([[(i, periods[i]) for i in range(0, len(periods), step)]])
        if periods:
            self._placing = True
            try:
                self.region.setBounds((-0.5, len(periods) - 0.5))
                self.region.setRegion((max(0, len(periods) - 3) - 0.4, len(periods) - 0.6))
            finally:
                self._placing = False
            self.plot.addItem(self.region)
        measure = self.measure.currentText()
        totals = ", ".join(f"{s.query}: {s.total:,}" for s in tl.series)
        self.status.setText(f"{measure} · {totals}")

    def period_at(self, x: float) -> str | None:
        periods = self.timeline.periods if self.timeline is not None else []
        i = round(x)
        return periods[i] if 0 <= i < len(periods) else None

    def _clicked(self, event: Any) -> None:
        if event.double() or self.timeline is None:
            return
        point = self.plot.plotItem.vb.mapSceneToView(event.scenePos())
        period = self.period_at(point.x())
        if period is not None:
            self.filter_to(period)

    def _dragged(self) -> None:
        if not self._placing:
            self.filter_to_range()

    def filter_to(self, period: str) -> None:
        """Filter the window's search to one period (date:2019 or date:2019-03), in place of
        another date filter; a second click on it takes it off."""
        token = facet_token("year" if len(period) == 4 else "month", period)
        query = self.w.search.query
        if token in query.split():
            self.w.search.set_query(toggle_token(query, token))
        else:
            self.w.search.set_query(f"{without_dates(query)} {token}".strip())

    def filter_to_range(self) -> None:
        """Filter the window's search to the shaded range of periods (date:A..B)."""
        if self.timeline is None or not self.timeline.periods:
            return
        lo, hi = self.region.getRegion()
        first, last = self.period_at(max(lo, 0)), self.period_at(min(hi, len(self.timeline.periods) - 1))
        if first is None or last is None:
            return
        query = without_dates(self.w.search.query)
        self.w.search.set_query(f"{query} date:{first}..{last}".strip())

    def save_png(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save chart"), "timeline.png", "PNG (*.png)")
            if not path:
                return
        ok = self.plot.grab().save(path, "PNG")
        self.status.setText(
            self.tr("Saved {path}").format(path=path)
            if ok
            else self.tr("Could not write {path}").format(path=path)
        )

    def save_csv(self, path: str | None = None) -> None:
        if self.timeline is None:
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save numbers"), "timeline.csv", "CSV (*.csv)"
            )
            if not path:
                return
        try:
            with open(path, "w", encoding="utf-8-sig", newline="") as f:
                csv.writer(f, lineterminator="\r\n").writerows(self.timeline.to_csv_rows())
        except OSError as exc:
            self.status.setText(self.tr("Could not write {path}").format(path=f"{path} ({exc.strerror})"))
            return
        self.status.setText(self.tr("Saved {path}").format(path=path))
