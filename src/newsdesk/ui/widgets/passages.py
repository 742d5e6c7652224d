"""Passages in the reading pane: their colours, painting them, and mapping selections to offsets.

Passages are painted before the search hits: a tint of the tag's colour (mixed into the
palette's base colour in a dark scheme, into white in a light one: see `background_of`) and an
underline in the full colour. A hit then replaces the background with its own, but the
underline stays, so a hit inside a passage still shows both. Overlapping passages are split
into segments. Text with several tags (one passage with two tags, or two passages) shows every
tag's colour as stripes: its characters take the colours in turn. Every painted fragment
carries PASSAGE_PROPERTY: the ids of the passages covering it, comma-joined, which is what
hover, click and the tests read.

Selections map back through the paragraph blocks (userState = paragraph number; a long
paragraph is several blocks, see `document`): a position in a body paragraph is a code-point
offset into Article.text; positions in the title, heads,
bylines or captions are clamped to the nearest body text inside the selection. A selection may
span paragraphs (its offsets then include the "\\n" between them; section heads between them are
not part of the text and so not of the passage).
"""

from __future__ import annotations

import hashlib
import itertools
from bisect import bisect_right
from collections.abc import Mapping, Sequence

from PySide6.QtGui import QBrush, QColor, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

from newsdesk.tags.model import Passage, ancestors
from newsdesk.ui.colours import Marking, marking, mix

PASSAGE_PROPERTY = QTextFormat.Property.UserProperty + 2
# Default colours for tags without their own, chosen by the tag's top level: distinct hues that
# stay readable as a light background behind black text.
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948", "#9c755f")


def tag_colour(tag: str, colours: Mapping[str, str]) -> str:
    """A tag's own colour, or its nearest coloured ancestor's, else one from the palette."""
    for level in reversed(ancestors(tag)):
        if level in colours:
            return colours[level]
    top = tag.split("/")[0]
    return PALETTE[int(hashlib.sha1(top.encode()).hexdigest(), 16) % len(PALETTE)]


def passage_colour(p: Passage, colours: Mapping[str, str]) -> QColor:
    return QColor(tag_colour(p.tags[0], colours) if p.tags else "#999999")


def passage_colours(covering: Sequence[Passage], colours: Mapping[str, str]) -> list[QColor]:
    """Every distinct tag colour of the passages covering some text, newest passage first."""
    out: list[QColor] = []
    for p in reversed(covering):
        for c in [QColor(tag_colour(t, colours)) for t in p.tags] or [QColor("#999999")]:
            if all(c.rgb() != o.rgb() for o in out):
                out.append(c)
    return out


def background_of(colour: QColor, scheme: Marking | None = None) -> QColor:
    """A tag colour as a background under the scheme's text: 30 % of it over white in a light
    scheme, 35 % over the dark base in a dark one."""
    scheme = scheme or marking()
    if scheme.dark:
        return mix(colour, scheme.base, 0.35)
    return mix(colour, QColor("#ffffff"), 0.3)


def mark_passages(  # type: ignore[no-untyped-def]
    ad, passages: Sequence[Passage], colours: Mapping[str, str], scheme: Marking | None = None
) -> None:
    """Paint `passages` into the ArticleDocument `ad` (call before the hits are marked)."""
    scheme = scheme or marking()
    n = len(ad.article.text)
    spans = [(max(0, p.start), min(p.end, n), p) for p in passages if not p.is_orphan]
    spans = [s for s in spans if s[1] > s[0]]
    if not spans:
        return
    cuts = sorted({x for s, e, _ in spans for x in (s, e)})
    c = QTextCursor(ad.doc)
    for lo, hi in itertools.pairwise(cuts):
        covering = [p for s, e, p in spans if s <= lo and hi <= e]
        if not covering:
            continue
        formats = []
        for colour in passage_colours(covering, colours):
            fmt = QTextCharFormat()
            fmt.setBackground(QBrush(background_of(colour, scheme)))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(colour)
            fmt.setProperty(PASSAGE_PROPERTY, ",".join(p.id for p in covering))
            formats.append(fmt)
        for s, e in ad.text_to_document(lo, hi):
            if len(formats) == 1:
                c.setPosition(s)
                c.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
                c.mergeCharFormat(formats[0])
                continue
            # stripes: one character per colour in turn (a surrogate pair is one character)
            text = ad.doc.characterAt
            pos, k = s, 0
            while pos < e:
                step = 2 if 0xD800 <= ord(text(pos) or " ") <= 0xDBFF and pos + 1 < e else 1
                c.setPosition(pos)
                c.setPosition(pos + step, QTextCursor.MoveMode.KeepAnchor)
                c.mergeCharFormat(formats[k % len(formats)])
                pos, k = pos + step, k + 1


def passage_ids_at(doc: QTextDocument, position: int) -> list[str]:
    """The ids of the passages painted on the character at document `position`."""
    block = doc.findBlock(position)
    it = block.begin()
    while not it.atEnd():
        frag = it.fragment()
        if frag.isValid() and frag.position() <= position < frag.position() + frag.length():
            value = frag.charFormat().property(PASSAGE_PROPERTY)
            return [v for v in str(value).split(",") if v] if value else []
        it += 1
    return []


def painted_ranges(doc: QTextDocument) -> dict[str, list[tuple[int, int]]]:
    """Document ranges carrying each passage id, merged where they touch (what tests compare)."""
    found: dict[str, list[tuple[int, int]]] = {}
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            value = frag.charFormat().property(PASSAGE_PROPERTY) if frag.isValid() else None
            if value:
                lo, hi = frag.position(), frag.position() + frag.length()
                for pid in str(value).split(","):
                    ranges = found.setdefault(pid, [])
                    if ranges and ranges[-1][1] == lo:
                        ranges[-1] = (ranges[-1][0], hi)
                    else:
                        ranges.append((lo, hi))
            it += 1
        block = block.next()
    return found


def document_to_text(ad, position: int, *, forward: bool) -> int | None:  # type: ignore[no-untyped-def]
    """The code-point offset into Article.text of document `position`.

    Outside the body, the nearest body offset in the given direction (forward: the start of the
    next paragraph; backward: the end of the previous one); None if there is none.
    """
    block = ad.doc.findBlock(position)
    paras = ad.paras
    starts = ad.text_starts()
    state = block.userState()
    piece = ad.piece_at(state, block.position()) if 0 <= state < len(paras) else None
    if piece is not None:
        first, m = piece
        offset = position - block.position()
        cp = m.to_code_point(offset)
        if not forward and m.to_utf16(cp) < offset:  # inside a surrogate pair: take it whole
            cp += 1
        return starts[state] + first + min(cp, len(m.text))
    # Not a body paragraph: find the nearest one in the direction asked.
    positions = ad.paragraph_positions
    i = bisect_right(positions, position)  # paragraphs starting at or before position: i
    if forward:
        return starts[i] if i < len(paras) else None
    return starts[i - 1] + len(paras[i - 1]) if i > 0 else None


def selection_to_text(ad, start: int, end: int) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """Offsets [s, e) into Article.text of the document selection [start, end), trimmed of
    blank ends; None if the selection holds no body text."""
    if end <= start:
        return None
    s = document_to_text(ad, start, forward=True)
    e = document_to_text(ad, end, forward=False)
    if s is None or e is None or e <= s:
        return None
    text = ad.article.text
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if e > s else None
