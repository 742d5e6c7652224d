"""Hit spans and KWIC snippets, computed from the stored article text (the index keeps no text).

`spans` finds every occurrence of every normalised needle (overlapping ones included) in the
text's search form, as original code-point offsets (`newsdesk.zh.normalize.find_spans`), and
merges spans that overlap. With spaces and quotes transparent, a span may cover the
skipped characters between its first and last matched character (`王  珏` → one span).
`spans_many` does the same for a page of hits' texts in one pass over them all.

`marks` gives the spans of every part of an article (title, kicker, subtitle, dateline, text,
section heads, editor's and author's notes, captions, photo credits), each part with the
needles of the terms that search it.

`snippet` picks the window of about `WIDTH` characters holding the most spans and says where
each span stands in it (paragraph breaks show as " ¶ ", cuts as "…"): evaluation finds, this
module presents, and only the edge that prints marks (« » for a terminal, a painted colour in
the window) — no one parses a marked string back.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from newsdesk.domain import Article, Hit, Marks, Spans
from newsdesk.zh.normalize import find_spans, find_spans_many

if TYPE_CHECKING:
    from newsdesk.index.match import Highlight

__all__ = ["WIDTH", "marks", "part_marks", "present", "snippet", "spans", "spans_many"]

WIDTH = 100
LEAD = 20  # characters of context shown before the first marked span


def spans(text: str, needles: Iterable[str]) -> tuple[tuple[int, int], ...]:
    """Merged original spans of every occurrence of the normalised needles in `text`."""
    needles = [n for n in needles if n]
    if not text or not needles:
        return ()
    return _merged(find_spans(text, needles), needles)


def spans_many(texts: Sequence[str], needles: Iterable[str]) -> list[tuple[tuple[int, int], ...]]:
    """`spans` of each text (a page of hits' texts), found in one pass over them all."""
    needles = [n for n in needles if n]
    return [_merged(found, needles) for found in find_spans_many(texts, needles)]


def marks(
    article: Article, *, text: Iterable[str] = (), title: Iterable[str] = (), caption: Iterable[str] = ()
) -> Marks:
    """The spans of each part of `article`: `text` needles (field-less terms) in the text and
    the parts only they search (kicker, subtitle, dateline, section heads), `title` needles in
    the title, `caption` needles in the captions and photo credits."""
    text = list(text)
    found = part_marks(article, text=text, caption=caption)
    return replace(found, title=spans(article.title, title), text=spans(article.text, text))


def part_marks(article: Article, *, text: Iterable[str] = (), caption: Iterable[str] = ()) -> Marks:
    """`marks` of the parts a page of hits does not read (kicker, subtitle, dateline, section
    heads, notes, captions, photo credits): what a hit's own spans leave out."""
    text, caption = list(text), list(caption)
    return Marks(
        kicker=spans(article.kicker or "", text),
        subtitle=spans(article.subtitle or "", text),
        dateline=spans(article.dateline or "", text),
        section_heads=tuple(spans(h.text, text) for h in article.section_heads),
        captions=tuple(spans(c, caption) for c in article.captions),
        photo_credits=tuple(spans(c, caption) for c in article.photo_credits),
        note=spans(article.note or "", text),
        author_note=spans(article.author_note or "", text),
    )


def present(found: Sequence[tuple[int, str, Any, float]], highlight: Highlight) -> tuple[Hit, ...]:
    """A page of evaluated hits as shown: (docnum, id, article text fields, score) each, with
    the spans of every match in its text and title (looked for in one pass over the page's
    texts, and only where the index says a needle may be) and the snippet around them."""
    docnums = [d for d, _, _, _ in found]
    in_body = highlight.may_hold("body", docnums)
    in_title = highlight.may_hold("title", docnums)
    shown = [article for _, _, article, _ in found]
    text_spans = spans_many(
        [a.text if k else "" for a, k in zip(shown, in_body, strict=True)], highlight.text
    )
    title_spans = spans_many(
        [a.title if k else "" for a, k in zip(shown, in_title, strict=True)], highlight.title
    )
    needles, caption_needles = tuple(sorted(highlight.text)), tuple(sorted(highlight.caption))
    return tuple(
        Hit(
            id=aid,
            title=article.title,
            date=article.date,
            source=article.source,
            page=article.page,
            score=round(score, 4),
            snippet=text,
            snippet_spans=marked,
            spans=body,
            title_spans=title,
            needles=needles,
            caption_needles=caption_needles,
        )
        for (_, aid, article, score), body, title, k in zip(
            found, text_spans, title_spans, in_body, strict=True
        )
        for text, marked in [_snippet(article, body, highlight.text if k else ())]
    )


def _snippet(article: Any, body: Spans, needles: Iterable[str]) -> tuple[str, Spans]:
    """The snippet of a hit: around its spans in the text, or in the editor's or the author's
    note when only a note holds them (an article whose body is all 编者按 shows that)."""
    if not body:
        for part in (getattr(article, "note", None), getattr(article, "author_note", None)):
            found = spans(part or "", needles)
            if found:
                return snippet(part, found)
    return snippet(article.text, body)


def _merged(found: list[tuple[int, int]], needles: list[str]) -> tuple[tuple[int, int], ...]:
    if not found:
        return ()
    if len(needles) == 1 and len(needles[0]) == 1:
        return tuple(found)  # one character: in order, never overlapping
    found.sort()
    merged = [found[0]]
    for s, e in found[1:]:
        ps, pe = merged[-1]
        if s < pe:
            merged[-1] = (ps, max(pe, e))
        else:
            merged.append((s, e))
    return tuple(merged)


def _clean(s: str) -> str:
    return s.replace("\n", " ¶ ")


def snippet(text: str, hit_spans: tuple[tuple[int, int], ...], width: int = WIDTH) -> tuple[str, Spans]:
    """A window of `text` around its densest cluster of spans, on one line, and where the spans
    stand in it: what a hit shows (`render.marked` writes it «like this» for a terminal)."""
    if not text:
        return "", ()
    if not hit_spans:
        head = text[:width]
        return _clean(head) + ("…" if len(text) > width else ""), ()
    # the span starting a window of `width - LEAD` characters that holds the most spans
    ends = [e for _, e in hit_spans]  # merged spans: starts and ends both ascending
    best_i, best_n = 0, 0
    reach = width - LEAD
    count = len(hit_spans)
    for i, (s, _) in enumerate(hit_spans):
        if best_n >= count - i:
            break  # no later window can hold more
        n = max(bisect_right(ends, s + reach, i) - i, 1)
        if n > best_n:
            best_i, best_n = i, n
    first = hit_spans[best_i][0]
    start = max(0, first - LEAD)
    # Do not start mid-paragraph when the paragraph starts just before.
    para = text.rfind("\n", start, first)
    if para >= 0:
        start = para + 1
    end = min(len(text), start + width)
    end = max(end, min(len(text), hit_spans[best_i][1]))
    out = ["…" if start > 0 else ""]
    length = len(out[0])
    marks: list[tuple[int, int]] = []
    cur = start
    lo = bisect_right(ends, start)  # the first span ending after the window starts
    for s, e in hit_spans[lo:]:
        if s >= end:
            break
        s, e = max(s, start), min(e, end)
        before, inside = _clean(text[cur:s]), _clean(text[s:e])
        out += [before, inside]
        marks.append((length + len(before), length + len(before) + len(inside)))
        length += len(before) + len(inside)
        cur = e
    out.append(_clean(text[cur:end]))
    if end < len(text):
        out.append("…")
    return "".join(out), tuple(marks)
