"""Hit spans and KWIC snippets, computed from the stored article text (the index keeps no text).

`spans` re-normalises the text (`newsdesk.zh.normalize.normalize`), finds every occurrence of
every normalised needle (overlapping ones included), maps each back to original code-point
offsets and merges spans that overlap. With spaces and quotes transparent, a span may cover the
skipped characters between its first and last matched character (`王  珏` → one span).

`snippet` picks the window of about `WIDTH` characters holding the most spans and marks each
span in it with « and »; paragraph breaks show as " ¶ ", cuts as "…". The window highlights from
`spans`, never by parsing the snippet, so text that itself contains « » is harmless.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsdesk.zh.normalize import normalize

__all__ = ["MARK_CLOSE", "MARK_OPEN", "WIDTH", "snippet", "spans"]

MARK_OPEN = "«"
MARK_CLOSE = "»"
WIDTH = 100
LEAD = 20  # characters of context shown before the first marked span


def spans(text: str, needles: Iterable[str]) -> tuple[tuple[int, int], ...]:
    """Merged original spans of every occurrence of the normalised needles in `text`."""
    needles = [n for n in needles if n]
    if not text or not needles:
        return ()
    norm = normalize(text)
    found: list[tuple[int, int]] = []
    for needle in needles:
        found.extend(norm.find_all(needle))
    if not found:
        return ()
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


def snippet(text: str, hit_spans: tuple[tuple[int, int], ...], width: int = WIDTH) -> str:
    """A window of `text` around its densest cluster of spans, with the spans marked."""
    if not text:
        return ""
    if not hit_spans:
        head = text[:width]
        return _clean(head) + ("…" if len(text) > width else "")
    best_i, best_n = 0, 0
    j = 0
    for i, (s, _) in enumerate(hit_spans):
        j = max(j, i)
        while j + 1 < len(hit_spans) and hit_spans[j + 1][1] <= s + width - LEAD:
            j += 1
        if j - i + 1 > best_n:
            best_i, best_n = i, j - i + 1
    first = hit_spans[best_i][0]
    start = max(0, first - LEAD)
    # Do not start mid-paragraph when the paragraph starts just before.
    para = text.rfind("\n", start, first)
    if para >= 0:
        start = para + 1
    end = min(len(text), start + width)
    end = max(end, min(len(text), hit_spans[best_i][1]))
    out = ["…" if start > 0 else ""]
    cur = start
    for s, e in hit_spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(_clean(text[cur:s]))
        out.append(MARK_OPEN + _clean(text[s:e]) + MARK_CLOSE)
        cur = e
    out.append(_clean(text[cur:end]))
    if end < len(text):
        out.append("…")
    return "".join(out)
