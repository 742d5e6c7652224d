"""Small helpers shared by the GUI tests (input-method typing, reading highlights back)."""

from __future__ import annotations

import itertools

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from newsdesk.ui.widgets.document import OTHER_STATE, TITLE_STATE, highlighted_ranges


def commit_text(widget: QWidget, text: str, preedit: str = "") -> None:
    """Type `text` as an input method does: optionally a composition, then the commit."""
    if preedit:
        QApplication.sendEvent(widget, QInputMethodEvent(preedit, []))
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _code_points(text: str, utf16: int) -> int:
    return len(text.encode("utf-16-le")[: 2 * utf16].decode("utf-16-le"))


def _within_paragraph(doc) -> dict[int, int]:  # type: ignore[no-untyped-def]
    """{block position: code points of its paragraph before it}: a long paragraph is laid out
    as several blocks with the same userState (counted here from the blocks' own text)."""
    out, seen = {}, {}
    block = doc.begin()
    while block.isValid():
        state = block.userState()
        out[block.position()] = seen.get(state, 0) if state >= 0 else 0
        if state >= 0:
            seen[state] = out[block.position()] + len(block.text())
        block = block.next()
    return out


def highlighted_spans(reader) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:  # type: ignore[no-untyped-def]
    """(text spans, title spans) in code points, read back from the document's highlights.

    Deliberately independent of the code that placed them: block number and UTF-16 offsets in
    the block are turned back into offsets into Article.text by re-counting the paragraphs.
    """
    doc, article = reader.built.doc, reader.article
    starts, pos = [], 0
    for p in article.paragraphs:
        starts.append(pos)
        pos += len(p) + 1
    text_spans, title_spans = [], []
    before = _within_paragraph(doc)
    for lo, hi in highlighted_ranges(doc):
        block = doc.findBlock(lo)
        assert doc.findBlock(hi - 1) == block, "a highlight runs across blocks"
        t = block.text()
        a, b = _code_points(t, lo - block.position()), _code_points(t, hi - block.position())
        state = block.userState()
        if state == TITLE_STATE:
            title_spans.append((a, b))
        elif state == OTHER_STATE:
            continue  # (see `highlighted_others`)
        else:
            assert state >= 0, f"a highlight outside the body and title: {t[a:b]!r}"
            at = starts[state] + before[block.position()]
            text_spans.append((at + a, at + b))
    return text_spans, title_spans


def highlighted_others(reader) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(block text, highlighted characters) of each highlight outside the body and title (heads,
    captions...), in document order, read back from the document."""
    doc = reader.built.doc
    out = []
    for lo, hi in highlighted_ranges(doc):
        block = doc.findBlock(lo)
        if block.userState() == OTHER_STATE:
            t = block.text()
            a, b = _code_points(t, lo - block.position()), _code_points(t, hi - block.position())
            out.append((t, t[a:b]))
    return out


def painted_spans(reader) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Each painted passage's (start, end) in code points into Article.text, read back from the
    document by re-counting the paragraphs (independent of the code that painted them)."""
    from newsdesk.ui.widgets.passages import painted_ranges

    doc, article = reader.built.doc, reader.article
    starts, pos = [], 0
    for p in article.paragraphs:
        starts.append(pos)
        pos += len(p) + 1
    out: dict[str, tuple[int, int]] = {}
    before = _within_paragraph(doc)
    for pid, ranges in painted_ranges(doc).items():
        spans = []
        for lo, hi in ranges:
            block = doc.findBlock(lo)
            t, state = block.text(), block.userState()
            assert state >= 0, "a passage painted outside the body"
            a, b = _code_points(t, lo - block.position()), _code_points(t, hi - block.position())
            at = starts[state] + before[block.position()]
            spans.append((at + a, at + b))
        spans.sort()
        for (_, e), (s, _) in itertools.pairwise(spans):
            assert s in (e, e + 1), "a passage's painted pieces must join (across a paragraph break)"
        out[pid] = (spans[0][0], spans[-1][1])
    return out
