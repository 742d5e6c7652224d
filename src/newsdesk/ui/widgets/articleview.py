"""The reading pane's text view: read-only, plain-text copies, nothing ever loaded; it reports
digit keys, clicks on characters, its context menu and asks for hover texts (see ArticleView)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl, Signal
from PySide6.QtGui import QContextMenuEvent, QHelpEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QMenu, QTextBrowser, QToolTip, QWidget

from newsdesk.ui import plain

_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


class ArticleView(QTextBrowser):
    """A read-only text view that copies plain text and never loads anything.

    It reports what the tagging needs: a digit key pressed (`digit_pressed`), a click on a
    character that selected nothing (`clicked_at`, a document position), the context menu about
    to show (`menu_requested`: add to it), and asks `tooltip_at` for the hover text.
    """

    digit_pressed = Signal(int)
    clicked_at = Signal(int)
    menu_requested = Signal(QMenu, int)  # the menu, the document position (-1 off the text)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tooltip_at = lambda position: ""
        # the selection as plain text (the pane's: the pieces of a long paragraph joined again)
        self.selection_text = lambda: self.textCursor().selection().toPlainText()
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setAcceptDrops(False)

    def loadResource(self, type: int, name: QUrl) -> object:
        return None  # no images, no style sheets, nothing remote: ever

    def createMimeDataFromSelection(self) -> QMimeData:
        data = QMimeData()
        data.setText(self.selection_text())
        return data

    def position_at(self, point: QPoint) -> int:
        """The document position of the character under a viewport point, -1 if none."""
        at = QPointF(
            point.x() + self.horizontalScrollBar().value(), point.y() + self.verticalScrollBar().value()
        )
        return int(self.document().documentLayout().hitTest(at, Qt.HitTestAccuracy.ExactHit))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in _DIGITS and mods == Qt.KeyboardModifier.NoModifier:
            self.digit_pressed.emit(_DIGITS[event.key()])
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            position = self.position_at(event.position().toPoint())
            if position >= 0:
                self.clicked_at.emit(position)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        self.menu_requested.emit(menu, self.position_at(event.pos()))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            position = self.position_at(event.pos())
            text = self.tooltip_at(position) if position >= 0 else ""
            if text:
                QToolTip.showText(event.globalPos(), plain.tip(text), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)
