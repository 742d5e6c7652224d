"""An Article as a QTextDocument laid out the way a newspaper reader expects, with hits marked.

The document is built with QTextCursor.insertText, never from HTML: imported text is shown as
text whatever it contains, and nothing is ever fetched. Order: kicker, title, subtitle, a meta
line (date · source · page · section), bylines, dateline, body paragraphs with section heads
between them, captions in a frame set apart, photo credits.

Offsets: the core's spans are code points into `Article.text` (paragraphs joined by "\\n") and
into the title; each body paragraph is one block whose userState is its paragraph number, so a
span maps to (block position + UTF-16 offset in the paragraph). A paragraph longer than `PIECE`
characters is laid out as several blocks (pieces) that read as one paragraph: Qt lays out and
re-formats a block as a whole, so one block of a million characters takes seconds to show and
every mark in it costs a pass over it; pieces keep both bounded (and Qt lays them out lazily).
A span maps to (piece position + UTF-16 offset in the piece); each piece's UTF-16 map is built
once. At most `MAX_MARKS` hits are marked (`capped` counts the rest: the pane says so).

The other parts a query searches (kicker, subtitle, section heads, a dateline outside the
text, captions, photo credits) are blocks with userState OTHER_STATE, marked where the hit's
needles are found in them. Every hit gets a background and the HIT_PROPERTY char property
holding its number in document order, which is what tests read.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
)

from newsdesk.domain import Article, Marks, Spans, byline_labels
from newsdesk.tags.model import Passage
from newsdesk.ui.colours import Marking, marking
from newsdesk.ui.textmap import Utf16Map
from newsdesk.ui.widgets.passages import mark_passages

HIT_PROPERTY = QTextFormat.Property.UserProperty + 1
PIECE = 2000  # characters of a long paragraph per block (cut after punctuation where it can)
MAX_MARKS = 3000  # hits marked in one article; the others are counted in `capped`
TITLE_STATE = -2  # userState of the title block; body paragraphs carry their number
OTHER_STATE = -3  # userState of the other blocks a query searches (heads, captions...)


@dataclass
class ArticleDocument:
    """The built document and where each part of the article landed in it."""

    doc: QTextDocument
    article: Article
    title_position: int = 0
    paragraph_positions: list[int] = field(default_factory=list)
    hits: list[tuple[int, int]] = field(default_factory=list)  # document ranges, in order
    # (position, text, spans of the hit's needles in it) of each OTHER_STATE block
    others: list[tuple[int, str, Spans]] = field(default_factory=list)
    capped: int = 0  # hits left unmarked beyond MAX_MARKS (0: every hit is marked)
    # per body paragraph, its pieces: (code-point offset in the paragraph, document position)
    pieces: list[list[tuple[int, int]]] = field(default_factory=list)
    # Built once per document: a span costs a lookup, not a pass over its paragraph.
    _starts: list[int] | None = field(default=None, repr=False)
    _maps: dict[tuple[int, int], Utf16Map] = field(default_factory=dict, repr=False)
    paras: Sequence[str] = field(init=False, repr=False)  # the article's paragraphs, split once

    def __post_init__(self) -> None:
        self.paras = self.article.paragraphs

    def piece_map(self, i: int, k: int) -> Utf16Map:
        """The UTF-16 map of piece `k` of body paragraph `i` (made on first use, then kept)."""
        m = self._maps.get((i, k))
        if m is None:
            cuts = self.pieces[i]
            lo = cuts[k][0]
            hi = cuts[k + 1][0] if k + 1 < len(cuts) else None
            m = self._maps[(i, k)] = Utf16Map(self.paras[i][lo:hi])
        return m

    def text_starts(self) -> list[int]:
        """Where each body paragraph starts in `Article.text`."""
        if self._starts is None:
            self._starts = _paragraph_offsets(self.paras)
        return self._starts

    def text_to_document(self, start: int, end: int) -> list[tuple[int, int]]:
        """Document ranges covering text span [start, end), split at paragraph (and piece) ends."""
        paras = self.paras
        starts = self.text_starts()
        out = []
        i = max(0, bisect_right(starts, start) - 1)
        while i < len(paras) and starts[i] < end:
            lo = max(start, starts[i]) - starts[i]
            hi = min(end, starts[i] + len(paras[i])) - starts[i]
            if hi > lo:
                cuts = self.pieces[i]
                k = max(0, bisect_right(cuts, (lo, 1 << 62)) - 1)
                while k < len(cuts) and cuts[k][0] < hi:
                    first, position = cuts[k]
                    last = cuts[k + 1][0] if k + 1 < len(cuts) else len(paras[i])
                    a, b = max(lo, first) - first, min(hi, last) - first
                    if b > a:
                        m = self.piece_map(i, k)
                        out.append((position + m.to_utf16(a), position + m.to_utf16(b)))
                    k += 1
            i += 1
        return out

    def piece_at(self, i: int, block_position: int) -> tuple[int, Utf16Map] | None:
        """(where in paragraph `i` its block at `block_position` starts, in code points; that
        block's UTF-16 map), or None if no block of the paragraph starts there."""
        cuts = self.pieces[i]
        k = bisect_right([position for _, position in cuts], block_position) - 1
        if k < 0 or cuts[k][1] != block_position:
            return None
        return cuts[k][0], self.piece_map(i, k)

    def title_to_document(self, start: int, end: int) -> tuple[int, int] | None:
        title = self.article.title
        start, end = max(0, start), min(end, len(title))
        if end <= start:
            return None
        m = Utf16Map(title)
        return self.title_position + m.to_utf16(start), self.title_position + m.to_utf16(end)


def _cuts(text: str) -> list[int]:
    """Where the pieces of a paragraph start: every `PIECE` characters or so, just after a
    sentence or clause ends where one does in the second half of the piece."""
    out = [0]
    while len(text) - out[-1] > PIECE:
        at = out[-1]
        window = text[at + PIECE // 2 : at + PIECE]
        cut = max(window.rfind(p) for p in "。！？；，.!?;, ")
        out.append(at + PIECE // 2 + cut + 1 if cut >= 0 else at + PIECE)
    return out


def _paragraph_offsets(paras: Sequence[str]) -> list[int]:
    starts, pos = [], 0
    for p in paras:
        starts.append(pos)
        pos += len(p) + 1
    return starts


class _Writer:
    """Appends blocks to a document, remembering nothing but where the cursor is."""

    def __init__(self, doc: QTextDocument) -> None:
        self.cur = QTextCursor(doc)
        self.first = True

    def block(self, text: str, bfmt: QTextBlockFormat, cfmt: QTextCharFormat, state: int = -1) -> int:
        if self.first:
            self.cur.setBlockFormat(bfmt)
            self.cur.setBlockCharFormat(cfmt)
            self.first = False
        else:
            self.cur.insertBlock(bfmt, cfmt)
        self.cur.block().setUserState(state)
        pos = self.cur.position()
        self.cur.insertText(text, cfmt)
        return pos


def _char(
    font: QFont, scale: float = 1.0, *, bold: bool = False, color: QColor | None = None
) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setFontFamilies(font.families())
    f.setFontPointSize(max(1.0, font.pointSizeF() * scale))
    f.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    if color is not None:
        f.setForeground(QBrush(color))
    return f


def _blockf(
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    *,
    top: float = 0,
    bottom: float = 0,
    indent: float = 0,
    line: int = 100,
) -> QTextBlockFormat:
    b = QTextBlockFormat()
    b.setAlignment(align)
    b.setTopMargin(top)
    b.setBottomMargin(bottom)
    b.setTextIndent(indent)
    if line != 100:
        b.setLineHeight(line, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    return b


_PAGE_SECTION = re.compile(r"第\s*0*(\d+)\s*版")


def meta_line(article: Article) -> str:
    """date · source · page · section, without a section that only repeats the page (第03版)."""
    parts = [article.date, article.source]
    if article.page:
        page = QCoreApplication.translate("ArticleDocument", "page {page}")
        parts.append(page.format(page=article.page))
    section = article.section
    m = _PAGE_SECTION.fullmatch(section or "")
    if m and (not article.page or m.group(1) == article.page.lstrip("0")):
        section = None if article.page else section
    parts.append(section)
    return "  ·  ".join(p for p in parts if p)


_NO_MARKS = Marks()


def build_document(
    article: Article,
    font: QFont,
    *,
    marks: Marks = _NO_MARKS,
    passages: Sequence[Passage] = (),
    colours: Mapping[str, str] | None = None,
    scheme: Marking | None = None,
) -> ArticleDocument:
    """Lay out `article` in `font` (the body size), paint its passages and mark every hit
    where `marks` says, in every part (`Library.marks` or `Library.hit_marks` make them), in
    the colours of `scheme` (else the application palette's: see `colours`)."""
    scheme = scheme or marking()
    muted = scheme.muted
    doc = QTextDocument()
    doc.setDefaultFont(font)
    doc.setDocumentMargin(font.pointSizeF() * 1.6)
    doc.setUndoRedoEnabled(False)
    ad = ArticleDocument(doc, article)
    w = _Writer(doc)
    em = QFontMetricsF(font).horizontalAdvance("中")
    center = Qt.AlignmentFlag.AlignHCenter
    gap = em * 0.6

    found = marks

    def other(text: str, spans: Spans, bfmt: QTextBlockFormat, cfmt: QTextCharFormat) -> None:
        ad.others.append((w.block(text, bfmt, cfmt, OTHER_STATE), text, spans))

    if article.kicker:
        other(article.kicker, found.kicker, _blockf(center, bottom=gap / 2), _char(font, 1.0, color=muted))
    ad.title_position = w.block(
        article.title, _blockf(center, bottom=gap / 2, line=120), _char(font, 1.6, bold=True), TITLE_STATE
    )
    if article.subtitle:
        other(article.subtitle, found.subtitle, _blockf(center, bottom=gap / 2), _char(font, 1.1))
    meta = meta_line(article)
    if meta:
        w.block(meta, _blockf(center, top=gap / 2), _char(font, 0.85, color=muted))
    if article.bylines:
        w.block("  ".join(byline_labels(article.bylines)), _blockf(center), _char(font, 0.95, color=muted))
    note_b = _blockf(Qt.AlignmentFlag.AlignJustify, bottom=gap / 2, indent=em * 2, line=150)
    note_c = _char(font, 0.95, color=muted)
    if article.note:  # the editor's note (编者按) stands above the body, set apart from it
        first = QTextBlockFormat(note_b)
        first.setTopMargin(gap * 2)
        for k, (line, line_spans) in enumerate(_lines_with_spans(article.note, found.note)):
            other(line, line_spans, first if k == 0 else note_b, note_c)

    paras = ad.paras
    dateline = (article.dateline or "").strip()
    dateline_in_text = bool(dateline) and bool(paras) and paras[0].startswith(dateline)
    if dateline and not dateline_in_text:
        # (shown stripped; a span never starts or ends on a space, so it only moves)
        lead = len(article.dateline or "") - len((article.dateline or "").lstrip())
        moved = tuple((s - lead, e - lead) for s, e in found.dateline)
        other(dateline, moved, _blockf(top=gap * 2), _char(font, bold=True))

    heads: dict[int, list[tuple[str, Spans]]] = {}
    for h, head_spans in zip(article.section_heads, found.section_heads, strict=True):
        heads.setdefault(min(max(h.paragraph, 0), len(paras)), []).append((h.text, head_spans))
    body_b = _blockf(Qt.AlignmentFlag.AlignJustify, bottom=gap, indent=em * 2, line=160)
    head_b = _blockf(top=gap, bottom=gap)
    body_c, head_c = _char(font), _char(font, 1.05, bold=True)
    piece_more = _blockf(Qt.AlignmentFlag.AlignJustify, bottom=gap, line=160)
    first_top = True
    for i, para in enumerate(paras):
        for head, head_spans in heads.get(i, []):
            other(head, head_spans, head_b, head_c)
        b = body_b
        if first_top:
            b = QTextBlockFormat(body_b)
            b.setTopMargin(gap * 2)
            first_top = False
        cuts = _cuts(para)
        pieces = []
        for k, at in enumerate(cuts):
            end = cuts[k + 1] if k + 1 < len(cuts) else len(para)
            piece_b = b
            if len(cuts) > 1:  # (pieces read as one paragraph: no margins or indent between)
                piece_b = QTextBlockFormat(b if k == 0 else piece_more)
                if k + 1 < len(cuts):
                    piece_b.setBottomMargin(0)
            pieces.append((at, w.block(para[at:end], piece_b, body_c, i)))
        ad.pieces.append(pieces)
        ad.paragraph_positions.append(pieces[0][1])
    for head, head_spans in heads.get(len(paras), []):
        other(head, head_spans, head_b, head_c)
    if dateline_in_text:
        c = QTextCursor(doc)
        c.setPosition(ad.paragraph_positions[0])
        c.setPosition(
            ad.paragraph_positions[0] + len(dateline.encode("utf-16-le")) // 2,
            QTextCursor.MoveMode.KeepAnchor,
        )
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        c.mergeCharFormat(bold)

    if article.author_note:  # (作者为…) closes the body
        for line, line_spans in _lines_with_spans(article.author_note, found.author_note):
            other(line, line_spans, note_b, note_c)
    if article.captions or article.photo_credits:
        _captions(w, article, found, font, em, other, scheme)
    if passages:
        mark_passages(ad, passages, colours or {}, scheme)
    _mark_hits(ad, marks.text, marks.title, scheme)
    return ad


def _lines_with_spans(text: str, spans: Spans) -> list[tuple[str, Spans]]:
    """Each line of a multi-line part with its spans, relative to the line (none spans lines)."""
    out: list[tuple[str, Spans]] = []
    at = 0
    for line in text.split("\n"):
        end = at + len(line)
        out.append((line, tuple((s - at, e - at) for s, e in spans if at <= s and e <= end)))
        at = end + 1
    return out


def _captions(
    w: _Writer,
    article: Article,
    found: Marks,
    font: QFont,
    em: float,
    other: Callable[..., None],
    scheme: Marking,
) -> None:
    muted = scheme.muted
    w.cur.movePosition(QTextCursor.MoveOperation.End)
    frame = QTextFrameFormat()
    frame.setBorder(1)
    frame.setBorderBrush(QBrush(scheme.caption_border))
    frame.setBackground(QBrush(scheme.caption_background))
    frame.setPadding(em * 0.6)
    frame.setTopMargin(em)
    w.cur.insertFrame(frame)
    w.first = True  # a new frame starts with an empty block of its own
    if article.captions:
        label = QCoreApplication.translate("ArticleDocument", "Photos")
    else:
        label = QCoreApplication.translate("ArticleDocument", "Photo credits")
    w.block(label, _blockf(bottom=em * 0.3), _char(font, 0.8, bold=True, color=muted))
    for c, c_spans in zip(article.captions, found.captions, strict=True):
        other(c, c_spans, _blockf(bottom=em * 0.3), _char(font, 0.9, color=scheme.caption_text))
    for c, c_spans in zip(article.photo_credits, found.photo_credits, strict=True):
        other(c, c_spans, _blockf(Qt.AlignmentFlag.AlignRight), _char(font, 0.85, color=muted))
    w.cur.movePosition(QTextCursor.MoveOperation.End)


def _mark_hits(
    ad: ArticleDocument,
    spans: Sequence[tuple[int, int]],
    title_spans: Sequence[tuple[int, int]],
    scheme: Marking,
) -> None:
    """Mark the hits (at most `MAX_MARKS`: the first in the title, other parts and then the
    text; `ad.capped` counts the text's spans left unmarked)."""
    ranges: list[tuple[int, int]] = []
    for position, text, found in ad.others:
        if found:
            m = Utf16Map(text)
            ranges.extend((position + m.to_utf16(s), position + m.to_utf16(e)) for s, e in found)
    for s, e in title_spans:
        r = ad.title_to_document(s, e)
        if r:
            ranges.append(r)
    del ranges[MAX_MARKS:]
    n = len(ad.article.text)
    for k, (s, e) in enumerate(spans):
        if len(ranges) >= MAX_MARKS:
            ad.capped = len(spans) - k
            break
        s, e = max(0, int(s)), min(int(e), n)
        if e > s:
            ranges.extend(ad.text_to_document(s, e))
    ranges = sorted(set(ranges))
    c = QTextCursor(ad.doc)
    for number, (s, e) in enumerate(ranges):
        fmt = QTextCharFormat()
        fmt.setBackground(QBrush(scheme.hit_background))
        fmt.setForeground(QBrush(scheme.hit_foreground))
        fmt.setProperty(HIT_PROPERTY, number)
        c.setPosition(s)
        c.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
        c.mergeCharFormat(fmt)
    ad.hits = ranges


def plain_text(ad: ArticleDocument, start: int, end: int) -> str:
    """The document's text in [start, end): blocks joined by "\\n", except the pieces of a long
    paragraph, joined as they were (what a copy of a selection holds)."""
    out: list[str] = []
    c = QTextCursor(ad.doc)
    block = ad.doc.findBlock(start)
    while block.isValid() and block.position() < end:
        state = block.userState()
        piece = 0 <= state < len(ad.paragraph_positions) and block.position() != ad.paragraph_positions[state]
        if out and not piece:
            out.append("\n")
        c.setPosition(max(start, block.position()))
        c.setPosition(min(end, block.position() + block.length() - 1), QTextCursor.MoveMode.KeepAnchor)
        out.append(c.selectedText())
        block = block.next()
    return "".join(out)


def highlighted_ranges(doc: QTextDocument) -> list[tuple[int, int]]:
    """Document ranges carrying HIT_PROPERTY, merged per hit number (what tests compare)."""
    found: dict[int, list[int]] = {}
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.isValid() and frag.charFormat().hasProperty(HIT_PROPERTY):
                k = int(frag.charFormat().property(HIT_PROPERTY))
                lo, hi = frag.position(), frag.position() + frag.length()
                cur = found.setdefault(k, [lo, hi])
                cur[0], cur[1] = min(cur[0], lo), max(cur[1], hi)
            it += 1
        block = block.next()
    return [tuple(found[k]) for k in sorted(found)]  # type: ignore[misc]
