"""Paints list cells whose hits are marked (snippet, title) with the hits in bold, and a
result's two-line row (a card: title · date · source · page, then the snippet on one or two
lines), as Recoll and CNKI show hits.

Drawn segment by segment with QPainter rather than through a QTextDocument per cell, and from
the option the view hands over (no initStyleOption round trip through the model's roles): a list
scrolled through 76,000 rows must stay cheap to paint.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from newsdesk.ui.colours import marking
from newsdesk.ui.models.articles import CARD_ROLE, MARKS_ROLE, TITLE

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FLAGS = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
_PAD = 4
_VPAD = 3  # above and below a card's lines


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
        self.cards = False  # the title column paints a result's card (see ArticleList.set_cards)
        self.snippet_lines = 2

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
        card = model.data(index, CARD_ROLE) if self.cards and index.column() == TITLE else None
        if card is not None:
            self._paint_card(painter, option, card)
            return
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
        hit_pen = marking(option.palette).list_hit
        rect = option.rect
        painter.save()
        painter.setClipRect(rect)
        self._line(painter, option.font, rect, text, marks, normal, None if selected else hit_pen)
        painter.restore()

    def _line(
        self,
        painter: QPainter,
        font: QFont,
        rect: QRect,
        text: str,
        marks: Sequence[tuple[int, int]],
        pen: QColor,
        hit_pen: QColor | None,
        *,
        lines: int = 1,
        tail: str = "",
        tail_pen: QColor | None = None,
        tail_font: QFont | None = None,
    ) -> None:
        """`text` in `rect` on up to `lines` lines (wrapped at any character, the last one
        elided), hits bold in `hit_pen` (else `pen`); `tail` after it in `tail_pen` if it fits."""
        plain, plain_m, bold, bold_m = self._metrics(font)
        line_h = rect.height() // max(1, lines)
        left, right = rect.left() + _PAD, rect.right() - _PAD
        x, top, line = left, rect.top(), 1
        runs = segments(text, list(marks)) if marks else [(text, False)]
        for piece, hit in runs:
            fm = bold_m if hit else plain_m
            painter.setFont(bold if hit else plain)
            painter.setPen(hit_pen if hit and hit_pen is not None else pen)
            while piece:
                width = fm.horizontalAdvance(piece)
                if x + width <= right:
                    painter.drawText(QRect(x, top, width, line_h), _FLAGS, piece)
                    x += width
                    break
                if line >= lines:  # the last line: elide and stop
                    piece = fm.elidedText(piece, Qt.TextElideMode.ElideRight, right - x)
                    painter.drawText(QRect(x, top, right - x, line_h), _FLAGS, piece)
                    return
                n = fitting(fm, piece, right - x)
                if n:
                    painter.drawText(QRect(x, top, right - x, line_h), _FLAGS, piece[:n])
                piece = piece[n:]
                x, top, line = left, top + line_h, line + 1
        if tail:
            tail_plain, tail_m, _, _ = self._metrics(tail_font or font)
            painter.setFont(tail_plain)
            painter.setPen(tail_pen or pen)
            room = right - x
            if room > tail_m.horizontalAdvance("……"):
                tail = tail_m.elidedText(tail, Qt.TextElideMode.ElideRight, room)
                painter.drawText(QRect(x, top, room, line_h), _FLAGS, tail)

    def _paint_card(self, painter: QPainter, option: QStyleOptionViewItem, card: tuple) -> None:  # type: ignore[type-arg]
        """A result as two lines (or three): title · date · source · page, then the snippet."""
        title, title_marks, meta, snippet, snippet_marks = card
        view = self._view
        view.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, view)
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        pal = option.palette
        normal = pal.color(group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        scheme = marking(pal)
        muted = normal if selected else scheme.muted
        hit_pen = None if selected else scheme.list_hit
        rect = option.rect.adjusted(0, _VPAD, 0, -_VPAD)
        line_h = rect.height() // (1 + self.snippet_lines)
        bold_title = QFont(option.font)
        bold_title.setBold(True)
        painter.save()
        painter.setClipRect(option.rect)
        first = QRect(rect.left(), rect.top(), rect.width(), line_h)
        self._line(
            painter,
            bold_title,
            first,
            title,
            title_marks,
            normal,
            hit_pen,
            tail="   " + meta if meta else "",
            tail_pen=muted,
            tail_font=option.font,
        )
        rest = QRect(rect.left(), rect.top() + line_h, rect.width(), line_h * self.snippet_lines)
        self._line(
            painter,
            option.font,
            rest,
            snippet,
            snippet_marks,
            muted if not selected else normal,
            hit_pen,
            lines=self.snippet_lines,
        )
        painter.restore()


def fitting(fm: QFontMetrics, text: str, width: int) -> int:
    """How many characters of `text` fit in `width` pixels (at least one, so a line advances)."""
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fm.horizontalAdvance(text[:mid]) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo
