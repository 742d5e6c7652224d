"""The reading pane: one article, its hits and passages marked, moving between hits, font size,
copying; selections as offsets into the text, hovering and clicking on passages, number keys."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QGuiApplication,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from newsdesk.domain import Article, Marks
from newsdesk.render import article_as_text
from newsdesk.tags.model import Passage
from newsdesk.ui.colours import marking
from newsdesk.ui.fonts import reading_font
from newsdesk.ui.settings import FONT_SIZE_RANGE
from newsdesk.ui.widgets.articleview import ArticleView
from newsdesk.ui.widgets.document import (
    ArticleDocument,
    build_document,
    plain_text,
)
from newsdesk.ui.widgets.passages import passage_ids_at, selection_to_text

# An article longer than this shows its beginning: laying out text costs Qt about 50 ms a million
# characters, and opening any article stays under a second (the longest the importer accepts is
# 64 million). Its hits and passages there are marked; Copy and export give the whole text.
SHOWN_CHARS = 4_000_000


class ReadingPane(QWidget):
    """The article, a bar with hit navigation and font size, and the hit count."""

    font_size_changed = Signal(int)
    hit_changed = Signal(int, int)  # current hit (0-based, -1 when none), number of hits

    def __init__(self, font_size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.article: Article | None = None
        self.hidden_chars = 0  # characters of a very long article's text not laid out
        self.built: ArticleDocument | None = None
        self.current = -1
        self._marks = Marks()
        self.passages: tuple[Passage, ...] = ()
        self.colours: Mapping[str, str] = {}
        self.current_passage: str | None = None  # the passage last clicked (or selected for it)
        self._font_size = _clamp(font_size)

        self.view = ArticleView(self)
        self.view.setObjectName("article_view")
        self.prev_button = _button(self, "▲", self.tr("Previous hit (Shift+F3)"))
        self.next_button = _button(self, "▼", self.tr("Next hit (F3)"))
        self.hit_label = QLabel(self)
        self.smaller_button = _button(self, "A−", self.tr("Smaller text (Ctrl+−)"))
        self.larger_button = _button(self, "A+", self.tr("Larger text (Ctrl++)"))
        self.copy_button = _button(
            self, self.tr("Copy"), self.tr("Copy the article as plain text (Ctrl+Alt+C)")
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
        self.view.tooltip_at = self.passage_tooltip
        self.view.selection_text = self._selection_text
        self.clear()

    # -- showing -------------------------------------------------------------------------------

    def clear(self) -> None:
        self.article = self.built = None
        self.hidden_chars = 0
        self._marks = Marks()
        self.passages, self.current_passage = (), None
        self.view.clear()
        self.view.setPlaceholderText(self.tr("Choose an article in the list to read it here."))
        self._set_current(-1)

    def show_article(
        self,
        article: Article,
        *,
        marks: Marks | None = None,
        passages: Sequence[Passage] = (),
        colours: Mapping[str, str] | None = None,
    ) -> None:
        """Show `article` with the hits `marks` says marked in every part (`Library.hit_marks`
        for a search hit, `Library.marks` for a query), and its passages painted; scrolled to
        the first hit."""
        self.article = article
        self.passages, self.colours = tuple(passages), dict(colours or {})
        self.current_passage = None
        self._marks = marks or Marks()
        self._rebuild()
        if self.built and self.built.hits:
            self.go_to_hit(0)
        else:
            self._set_current(-1)
            self.view.verticalScrollBar().setValue(0)

    def _rebuild(self) -> None:
        if self.article is None:
            return
        article, marks, passages = self.article, self._marks, self.passages
        self.hidden_chars = max(0, len(article.text) - SHOWN_CHARS)
        if self.hidden_chars:  # its beginning (offsets unchanged); Copy still copies it whole
            article = replace(article, text=article.text[:SHOWN_CHARS])
            marks = replace(marks, text=tuple((s, e) for s, e in marks.text if e <= SHOWN_CHARS))
            passages = tuple(p for p in passages if p.end <= SHOWN_CHARS)
        self.built = build_document(
            article,
            reading_font(self._font_size),
            marks=marks,
            passages=passages,
            colours=self.colours,
            scheme=marking(self.palette()),
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
        start = self.built.hits[number][0]
        self._set_current(number)
        self._mark_current()
        caret = QTextCursor(self.built.doc)
        caret.setPosition(start)
        self.view.setTextCursor(caret)
        self._scroll_to(start)
        QTimer.singleShot(0, lambda: self._scroll_to(start))  # again once the layout settled

    def _mark_current(self) -> None:
        """Paint the current hit in the current-hit colour (an extra selection)."""
        if self.built is None or not 0 <= self.current < len(self.built.hits):
            return
        start, end = self.built.hits[self.current]
        sel = QTextEdit.ExtraSelection()
        c = QTextCursor(self.built.doc)
        c.setPosition(start)
        c.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        scheme = marking(self.palette())
        fmt.setBackground(QBrush(scheme.current_background))
        fmt.setForeground(QBrush(scheme.hit_foreground))
        sel.cursor, sel.format = c, fmt
        self.view.setExtraSelections([sel])

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.article is not None:
            # light ⇄ dark: the marks are colours in the document, made again from the palette
            # (once the change has reached every child: not while Qt is still handing it down)
            QTimer.singleShot(0, self._recolour)

    def _recolour(self) -> None:
        if self.article is None:
            return
        bar = self.view.verticalScrollBar()
        scroll = bar.value()
        self.view.setExtraSelections([])
        self._rebuild()
        self._mark_current()
        bar.setValue(scroll)

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
            label = self.tr("Hit {current} of {count}").format(
                current=number + 1 if number >= 0 else "–", count=n
            )
            if self.built is not None and self.built.capped:  # (see `document.MAX_MARKS`)
                label += "  " + self.tr("(showing the first {count} marks; {more} more not marked)").format(
                    count=n, more=self.built.capped
                )
        elif self.article is not None and (self._marks.text or self._marks.title):
            label = self.tr("No hits in the text")
        else:
            label = ""
        if self.article is not None and self.hidden_chars:
            label += "  " + self.tr(
                "(a long article: its first {shown} of {total} characters are shown)"
            ).format(shown=f"{SHOWN_CHARS:,}", total=f"{len(self.article.text):,}")
        self.hit_label.setText(label.strip())
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
        return self._selection_text().strip()

    def _selection_text(self) -> str:
        c = self.view.textCursor()
        if self.built is None:
            return c.selection().toPlainText()
        return plain_text(self.built, c.selectionStart(), c.selectionEnd())

    def copy_article(self) -> None:
        if self.article is not None:
            QGuiApplication.clipboard().setText(article_as_text(self.article))

    # -- passages ------------------------------------------------------------------------------

    def set_passages(self, passages: Sequence[Passage], colours: Mapping[str, str]) -> None:
        """Paint these passages instead (after a tagging): scroll, selection and hit stay."""
        if self.article is None:
            return
        self.passages, self.colours = tuple(passages), dict(colours)
        if self.current_passage not in {p.id for p in self.passages}:
            self.current_passage = None
        bar = self.view.verticalScrollBar()
        scroll, cursor = bar.value(), self.view.textCursor()
        anchor, position = cursor.anchor(), cursor.position()
        extra = [
            (QTextCursor(x.cursor).selectionStart(), QTextCursor(x.cursor).selectionEnd(), x.format)
            for x in self.view.extraSelections()
        ]
        self._rebuild()
        assert self.built is not None
        selections = []
        for s, e, fmt in extra:
            sel = QTextEdit.ExtraSelection()
            c = QTextCursor(self.built.doc)
            c.setPosition(s)
            c.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor, sel.format = c, fmt
            selections.append(sel)
        self.view.setExtraSelections(selections)
        c = QTextCursor(self.built.doc)
        c.setPosition(min(anchor, self.built.doc.characterCount() - 1))
        c.setPosition(min(position, self.built.doc.characterCount() - 1), QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(c)
        bar.setValue(scroll)

    def selection_span(self) -> tuple[int, int] | None:
        """The selection as code-point offsets [start, end) into Article.text, None if it holds
        no body text (see widgets/passages.py for how the rest of the document is treated)."""
        if self.built is None:
            return None
        c = self.view.textCursor()
        return selection_to_text(self.built, c.selectionStart(), c.selectionEnd())

    def passage(self, passage_id: str | None) -> Passage | None:
        return next((p for p in self.passages if p.id == passage_id), None)

    def passage_at(self, position: int) -> Passage | None:
        """The newest passage painted at a document position."""
        if self.built is None or position < 0:
            return None
        ids = passage_ids_at(self.built.doc, position)
        return self.passage(ids[-1]) if ids else None

    def passage_tooltip(self, position: int) -> str:
        if self.built is None:
            return ""
        lines = []
        for pid in passage_ids_at(self.built.doc, position):
            p = self.passage(pid)
            if p is not None:
                lines.append("  ".join(p.tags) or self.tr("(no tags)"))
                if p.author:
                    lines.append(self.tr("Tagged by {author}").format(author=p.author))
                if p.note:
                    lines.append(self.tr("Note: {note}").format(note=p.note))
        return "\n".join(lines)

    def marked(self) -> Marks:
        """What the pane marks now, in every part (what printing marks too)."""
        return self._marks

    def select_text(self, start: int, end: int) -> bool:
        """Select text[start:end] (code points into `Article.text`) and scroll to it."""
        return self.built is not None and self._select(self.built.text_to_document(start, end), scroll=True)

    def _select(self, ranges: list[tuple[int, int]], *, scroll: bool) -> bool:
        """Select from the first document range's start to the last's end (and scroll there)."""
        if not ranges or self.built is None:
            return False
        c = QTextCursor(self.built.doc)
        c.setPosition(ranges[0][0])
        c.setPosition(ranges[-1][1], QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(c)
        if scroll:
            self._scroll_to(ranges[0][0])
            QTimer.singleShot(0, lambda: self._scroll_to(ranges[0][0]))
        return True

    def select_passage(self, passage_id: str, *, scroll: bool = False) -> bool:
        """Select the passage's characters and make it the current passage."""
        p = self.passage(passage_id)
        if p is None or self.built is None:
            return False
        ranges = self.built.text_to_document(p.start, p.end)
        if ranges:
            self.current_passage = p.id
        return self._select(ranges, scroll=scroll)


def _clamp(size: int) -> int:
    return max(FONT_SIZE_RANGE[0], min(FONT_SIZE_RANGE[1], int(size)))


def _button(parent: QWidget, text: str, tip: str) -> QToolButton:
    b = QToolButton(parent)
    b.setText(text)
    b.setToolTip(tip)
    b.setAutoRaise(True)
    return b
