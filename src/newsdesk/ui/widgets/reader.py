"""The reading pane: one article, its hits marked, moving between hits, font size, copying."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, QTimer, QUrl, Signal
from PySide6.QtGui import QBrush, QGuiApplication, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from newsdesk.domain import Article
from newsdesk.render import article_as_text
from newsdesk.ui.fonts import reading_font
from newsdesk.ui.settings import FONT_SIZE_RANGE
from newsdesk.ui.widgets.document import (
    CURRENT_HIT_BACKGROUND,
    HIT_FOREGROUND,
    ArticleDocument,
    build_document,
)


class ArticleView(QTextBrowser):
    """A read-only text view that copies plain text and never loads anything."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setAcceptDrops(False)

    def loadResource(self, type: int, name: QUrl) -> object:
        return None  # no images, no style sheets, nothing remote: ever

    def createMimeDataFromSelection(self) -> QMimeData:
        data = QMimeData()
        data.setText(self.textCursor().selection().toPlainText())
        return data


class ReadingPane(QWidget):
    """The article, a bar with hit navigation and font size, and the hit count."""

    font_size_changed = Signal(int)
    hit_changed = Signal(int, int)  # current hit (0-based, -1 when none), number of hits

    def __init__(self, font_size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.article: Article | None = None
        self.built: ArticleDocument | None = None
        self.current = -1
        self._spans: tuple[tuple[int, int], ...] = ()
        self._title_spans: tuple[tuple[int, int], ...] = ()
        self._font_size = _clamp(font_size)

        self.view = ArticleView(self)
        self.view.setObjectName("article_view")
        self.prev_button = _button(self, "▲", self.tr("Previous hit (Shift+F3)"))
        self.next_button = _button(self, "▼", self.tr("Next hit (F3)"))
        self.hit_label = QLabel(self)
        self.smaller_button = _button(self, "A−", self.tr("Smaller text (Ctrl+−)"))
        self.larger_button = _button(self, "A+", self.tr("Larger text (Ctrl++)"))
        self.copy_button = _button(
            self, self.tr("Copy"), self.tr("Copy the article as plain text (Ctrl+Shift+C)")
        )
        self.prev_button.clicked.connect(self.previous_hit)
        self.next_button.clicked.connect(self.next_hit)
        self.smaller_button.clicked.connect(lambda: self.set_font_size(self._font_size - 1))
        self.larger_button.clicked.connect(lambda: self.set_font_size(self._font_size + 1))
        self.copy_button.clicked.connect(self.copy_article)

        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        for w in (self.prev_button, self.next_button, self.hit_label):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.smaller_button, self.larger_button, self.copy_button):
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.clear()

    # -- showing -------------------------------------------------------------------------------

    def clear(self) -> None:
        self.article = self.built = None
        self._spans = self._title_spans = ()
        self.view.clear()
        self.view.setPlaceholderText(self.tr("Choose an article in the list to read it here."))
        self._set_current(-1)

    def show_article(
        self,
        article: Article,
        *,
        spans: Sequence[tuple[int, int]] = (),
        title_spans: Sequence[tuple[int, int]] = (),
    ) -> None:
        """Show `article` with its hits marked, scrolled to the first hit."""
        self.article = article
        self._spans = tuple((int(s), int(e)) for s, e in spans)
        self._title_spans = tuple((int(s), int(e)) for s, e in title_spans)
        self._rebuild()
        if self.built and self.built.hits:
            self.go_to_hit(0)
        else:
            self._set_current(-1)
            self.view.verticalScrollBar().setValue(0)

    def _rebuild(self) -> None:
        if self.article is None:
            return
        self.built = build_document(
            self.article, reading_font(self._font_size), spans=self._spans, title_spans=self._title_spans
        )
        self.view.setDocument(self.built.doc)
        self.built.doc.setParent(self.view)

    # -- hits ----------------------------------------------------------------------------------

    @property
    def hit_count(self) -> int:
        return len(self.built.hits) if self.built else 0

    def next_hit(self) -> None:
        if self.hit_count:
            self.go_to_hit((self.current + 1) % self.hit_count)

    def previous_hit(self) -> None:
        if self.hit_count:
            self.go_to_hit((self.current - 1) % self.hit_count)

    def go_to_hit(self, number: int) -> None:
        assert self.built is not None
        start, end = self.built.hits[number]
        self._set_current(number)
        sel = QTextEdit.ExtraSelection()
        c = QTextCursor(self.built.doc)
        c.setPosition(start)
        c.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(QBrush(CURRENT_HIT_BACKGROUND))
        fmt.setForeground(QBrush(HIT_FOREGROUND))
        sel.cursor, sel.format = c, fmt
        self.view.setExtraSelections([sel])
        caret = QTextCursor(self.built.doc)
        caret.setPosition(start)
        self.view.setTextCursor(caret)
        self._scroll_to(start)
        QTimer.singleShot(0, lambda: self._scroll_to(start))  # again once the layout settled

    def _scroll_to(self, position: int) -> None:
        if self.built is None or position > self.built.doc.characterCount():
            return
        c = QTextCursor(self.built.doc)
        c.setPosition(position)
        rect = self.view.cursorRect(c)
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - self.view.viewport().height() // 3)

    def _set_current(self, number: int) -> None:
        self.current = number
        n = self.hit_count
        if n:
            self.hit_label.setText(
                self.tr("Hit {current} of {count}").format(
                    current=number + 1 if number >= 0 else "–", count=n
                )
            )
        elif self.article is not None and (self._spans or self._title_spans):
            self.hit_label.setText(self.tr("No hits in the text"))
        else:
            self.hit_label.setText("")
        self.prev_button.setEnabled(n > 0)
        self.next_button.setEnabled(n > 0)
        self.copy_button.setEnabled(self.article is not None)
        self.hit_changed.emit(number, n)

    # -- font size, selection, copy -----------------------------------------------------------

    @property
    def font_size(self) -> int:
        return self._font_size

    def set_font_size(self, size: int) -> None:
        size = _clamp(size)
        if size == self._font_size:
            return
        self._font_size = size
        bar = self.view.verticalScrollBar()
        ratio = bar.value() / bar.maximum() if bar.maximum() else 0.0
        current = self.current
        self._rebuild()
        if self.built and 0 <= current < self.hit_count:
            self.go_to_hit(current)
        else:
            bar.setValue(int(ratio * bar.maximum()))
        self.smaller_button.setEnabled(size > FONT_SIZE_RANGE[0])
        self.larger_button.setEnabled(size < FONT_SIZE_RANGE[1])
        self.font_size_changed.emit(size)

    def selected_text(self) -> str:
        return self.view.textCursor().selection().toPlainText().strip()

    def copy_article(self) -> None:
        if self.article is not None:
            QGuiApplication.clipboard().setText(article_as_text(self.article))


def _clamp(size: int) -> int:
    return max(FONT_SIZE_RANGE[0], min(FONT_SIZE_RANGE[1], int(size)))


def _button(parent: QWidget, text: str, tip: str) -> QToolButton:
    b = QToolButton(parent)
    b.setText(text)
    b.setToolTip(tip)
    b.setAutoRaise(True)
    return b
