"""Paints list cells whose hits are marked (snippet, title) with the hits in bold.

Drawn segment by segment with QPainter rather than through a QTextDocument per cell, and from
the option the view hands over (no initStyleOption round trip through the model's roles): a list
scrolled through 76,000 rows must stay cheap to paint.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from newsdesk.ui.models.articles import MARKS_ROLE

HIT_COLOR = QColor("#b3261e")
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FLAGS = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
_PAD = 4


def segments(text: str, marks: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """`text` cut into (piece, is_hit) runs."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for s, e in sorted(marks):
        s, e = max(s, pos), min(e, len(text))
        if e <= s:
            continue
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < len(text):
        out.append((text[pos:], False))
    return out


class MarkedTextDelegate(QStyledItemDelegate):
    """Bold (and tinted, unless selected) hit runs; the rest in the view's font."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._view = parent
        self._fonts: dict[str, tuple[QFont, QFontMetrics, QFont, QFontMetrics]] = {}

    def _metrics(self, font: QFont) -> tuple[QFont, QFontMetrics, QFont, QFontMetrics]:
        key = font.key()
        got = self._fonts.get(key)
        if got is None:
            plain, bold = QFont(font), QFont(font)
            bold.setBold(True)
            got = self._fonts[key] = (plain, QFontMetrics(plain), bold, QFontMetrics(bold))
        return got

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        model = index.model()
        # model.data, not index.data: the latter costs a C++ round trip per call.
        text = model.data(index, _DISPLAY) or ""
        marks = model.data(index, MARKS_ROLE) or ()
        view = self._view
        style = view.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, view)
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        normal = option.palette.color(
            group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        plain, plain_m, bold, bold_m = self._metrics(option.font)
        rect = option.rect
        x, right = rect.left() + _PAD, rect.right() - _PAD
        top, height = rect.top(), rect.height()
        painter.save()
        painter.setClipRect(rect)
        for piece, hit in segments(text, list(marks)) if marks else [(text, False)]:
            fm = bold_m if hit else plain_m
            painter.setFont(bold if hit else plain)
            painter.setPen(HIT_COLOR if hit and not selected else normal)
            width = fm.horizontalAdvance(piece)
            if x + width > right:
                piece = fm.elidedText(piece, Qt.TextElideMode.ElideRight, right - x)
                painter.drawText(QRect(x, top, right - x, height), _FLAGS, piece)
                break
            painter.drawText(QRect(x, top, width, height), _FLAGS, piece)
            x += width
        painter.restore()
