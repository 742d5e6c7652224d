"""Paints a passage as a card, as Zotero's annotation pane does: a bar in each of its tags'
colours, the quote on two lines, the article's date and title, its tags as coloured chips, and
its note. Drawn with QPainter from the model's roles (no widget per card): a tag with a
thousand passages scrolls as lightly as the article list."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from newsdesk.tags.model import Passage
from newsdesk.ui.colours import contrast, marking
from newsdesk.ui.models.passages import CARD_ROLE, PASSAGE_ROLE
from newsdesk.ui.widgets.delegate import fitting
from newsdesk.ui.widgets.passages import background_of

QUOTE_LINES = 2
_PAD = 6
_BAR = 4  # width of each tag's colour bar at the card's left edge
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def wrapped(fm: QFontMetrics, text: str, width: int, lines: int) -> list[str]:
    """`text` cut into at most `lines` lines of `width` pixels (any character may end a line:
    Chinese has no spaces), the last one elided."""
    out: list[str] = []
    rest = " ".join(text.split())
    while rest and len(out) < lines:
        if len(out) == lines - 1 or fm.horizontalAdvance(rest) <= width:
            out.append(fm.elidedText(rest, Qt.TextElideMode.ElideRight, width))
            break
        lo = fitting(fm, rest, width)
        out.append(rest[:lo])
        rest = rest[lo:]
    return out


class PassageCardDelegate(QStyledItemDelegate):
    """See the module docstring."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._view = parent

    def meta(self, p: Passage, title: str, date: str) -> str:
        """The card's line under the quote: date (first: it fits), who tagged it (in a newsroom
        archive), then the article's title (elided when the pane is narrow)."""
        by = self.tr("by {author}").format(author=p.author) if p.author else ""
        return "  ·  ".join(x for x in (date, by, title.replace("\n", " ")) if x)

    def _line(self, font: QFont) -> int:
        return QFontMetrics(font).height() + 2

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = self._line(option.font)
        p = index.data(PASSAGE_ROLE)
        note = 1 if p is not None and p.note else 0
        chips = line + 4
        return QSize(200, _PAD * 2 + line * (QUOTE_LINES + 1 + note) + chips)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        p = index.data(PASSAGE_ROLE)
        card = index.data(CARD_ROLE)
        if p is None or card is None:
            return
        title, date, chips = card
        view = self._view
        view.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, view)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal = option.palette
        text = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        scheme = marking(pal)
        muted = text if selected else scheme.muted
        font = QFont(option.font)
        fm = QFontMetrics(font)
        line = self._line(font)
        rect = option.rect
        painter.save()
        painter.setClipRect(rect)
        colours = [QColor(c) for _, c in chips] or [QColor("#999999")]
        for k, c in enumerate(colours):  # every tag's colour, side by side
            painter.fillRect(
                QRect(rect.left() + 2 + k * _BAR, rect.top() + 3, _BAR - 1, rect.height() - 6), c
            )
        left = rect.left() + 2 + len(colours) * _BAR + _PAD
        width = rect.right() - _PAD - left
        y = rect.top() + _PAD
        painter.setPen(text)
        painter.setFont(font)
        for piece in wrapped(fm, "“" + p.quote + "”", width, QUOTE_LINES):
            painter.drawText(QRect(left, y, width, line), _LEFT, piece)
            y += line
        y += max(0, QUOTE_LINES - len(wrapped(fm, "“" + p.quote + "”", width, QUOTE_LINES))) * line
        small = QFont(font)
        small.setPointSizeF(max(6.0, font.pointSizeF() * 0.9))
        sfm = QFontMetrics(small)
        painter.setFont(small)
        painter.setPen(muted)
        meta = self.meta(p, title, date)
        painter.drawText(
            QRect(left, y, width, line), _LEFT, sfm.elidedText(meta, Qt.TextElideMode.ElideRight, width)
        )
        y += line
        x = left
        for tag, colour in chips:  # chips: the tag's tint, its colour as the border
            label = sfm.elidedText(tag, Qt.TextElideMode.ElideRight, max(40, width // 2))
            w = sfm.horizontalAdvance(label) + 12
            if x + w > left + width and x > left:
                break
            chip = QRectF(x, y + 1, w, line)
            c = QColor(colour)
            ground = background_of(c, scheme)
            painter.setPen(c)
            painter.setBrush(ground)
            painter.drawRoundedRect(chip, line / 2, line / 2)
            ink = pal.color(QPalette.ColorRole.Text)
            if contrast(ink, ground) < 4.5:
                ink = QColor("#000000") if ground.lightness() > 128 else QColor("#ffffff")
            painter.setPen(ink)
            painter.drawText(chip.toRect(), Qt.AlignmentFlag.AlignCenter, label)
            x += w + 4
        y += line + 4
        if p.note:
            note_font = QFont(small)
            note_font.setItalic(True)
            painter.setFont(note_font)
            painter.setPen(muted)
            note = " ".join(p.note.split())
            painter.drawText(
                QRect(left, y, width, line),
                _LEFT,
                QFontMetrics(note_font).elidedText(note, Qt.TextElideMode.ElideRight, width),
            )
        painter.setPen(pal.color(QPalette.ColorRole.Mid))
        painter.drawLine(rect.left() + 2, rect.bottom(), rect.right() - 2, rect.bottom())
        painter.restore()
