"""Anchoring passages to text that changes: quote + context + offsets, and re-anchoring.

A passage remembers its offsets, its exact quote and up to CONTEXT characters on each side.
When the article's text changes, `locate` finds it again, in this order:

1. the quote at its old offsets, when no other occurrence of the quote has better context
   (and, for a short quote, a trace of its context is still next to it);
2. the quote elsewhere, the occurrence whose surrounding text best matches the stored context
   (a paragraph inserted before the passage moves it here); a short quote found without enough
   context to tell it apart is not trusted;
3. a fuzzy match of the quote (a typo fixed inside it): occurrences of the quote's character
   n-grams vote for where it starts, a bounded window around the best few candidates is aligned
   with difflib, and the ends are snapped to the stored context when it is still there.

A passage that cannot be placed becomes an orphan: it keeps its last article id, offsets and
quote, and is retried whenever its article changes again. `on_articles_changed` is the hook
the importer and the split corrections call, inside their transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import Match, SequenceMatcher

from newsdesk.store import passages
from newsdesk.store.db import Store, now

CONTEXT = 32  # characters of context stored on each side of a quote
MAX_OCCURRENCES = 2000  # occurrences of a quote weighed by context; the rest are not looked at
TRUSTED_QUOTE = 24  # a quote this long found exactly is trusted even without its context
MIN_CONTEXT = 4  # else this many characters of matching context are needed to move it
FUZZY_RATIO = 0.75  # least similarity of a fuzzy match to the stored quote
FUZZY_MIN_QUOTE = 4  # shorter quotes are never matched fuzzily
FUZZY_SHORT_QUOTE = 10  # a fuzzy match of a quote shorter than this also needs its context
FUZZY_PROBES = 48  # n-grams of the quote looked up in the text, spread over the quote
FUZZY_COMMON = 32  # an n-gram found more often than this says nothing about where the quote is
FUZZY_CANDIDATES = 3  # windows aligned with difflib


@dataclass(frozen=True)
class Anchor:
    """What is stored to find a passage again."""

    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Placement:
    """Where a passage was found; `method` is "exact", "context" or "fuzzy"."""

    start: int
    end: int
    method: str


def make_anchor(text: str, start: int, end: int, context: int = CONTEXT) -> Anchor:
    """The anchor of text[start:end] (offsets are assumed valid)."""
    return Anchor(
        start, end, text[start:end], text[max(0, start - context) : start], text[end : end + context]
    )


def _common_tail(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_head(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters of the stored context still surround text[start:end]."""
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    return _common_tail(prefix, before) + _common_head(suffix, after)


def _occurrences(text: str, quote: str, limit: int) -> list[int]:
    out: list[int] = []
    pos = text.find(quote)
    while pos != -1 and len(out) < limit:
        out.append(pos)
        pos = text.find(quote, pos + 1)
    return out


def locate(text: str, anchor: Anchor, *, fuzzy: bool = True) -> Placement | None:
    """Where the anchored passage is in `text`, or None when it cannot be placed with confidence."""
    quote = anchor.quote
    if not quote or not text:
        return None
    found = _locate_exact(text, anchor)
    if found is not None:
        return found
    if fuzzy:
        return _locate_fuzzy(text, anchor)
    return None


def _needed_context(anchor: Anchor) -> int:
    return min(MIN_CONTEXT, len(anchor.prefix) + len(anchor.suffix))


def _locate_exact(text: str, anchor: Anchor) -> Placement | None:
    quote = anchor.quote
    occurrences = _occurrences(text, quote, MAX_OCCURRENCES)
    if not occurrences:
        return None
    m = len(quote)
    best = max(
        occurrences,
        key=lambda p: (context_score(text, p, p + m, anchor.prefix, anchor.suffix), -abs(p - anchor.start)),
    )
    score = context_score(text, best, best + m, anchor.prefix, anchor.suffix)
    # At its old place a trace of its context will do; elsewhere it needs more.
    needed = min(1, _needed_context(anchor)) if best == anchor.start else _needed_context(anchor)
    if score >= needed or m >= TRUSTED_QUOTE:
        return Placement(best, best + m, "exact" if best == anchor.start else "context")
    return None


def _locate_fuzzy(text: str, anchor: Anchor) -> Placement | None:
    quote = anchor.quote
    m = len(quote)
    if m < FUZZY_MIN_QUOTE:
        return None
    best: tuple[float, int, Placement] | None = None
    for centre in _candidates(text, anchor):
        lo = max(0, centre - m // 2 - 8)
        hi = min(len(text), centre + m + m // 2 + 8)
        found = _align(text, lo, hi, anchor)
        if found is None:
            continue
        start, end, ratio = found
        if ratio < FUZZY_RATIO:
            continue
        if m < FUZZY_SHORT_QUOTE and context_score(
            text, start, end, anchor.prefix, anchor.suffix
        ) < _needed_context(anchor):
            continue
        key = (ratio, -abs(start - anchor.start))
        if best is None or key > best[:2]:
            best = (ratio, -abs(start - anchor.start), Placement(start, end, "fuzzy"))
    return best[2] if best else None


def _candidates(text: str, anchor: Anchor) -> list[int]:
    """Likely start offsets of the quote: n-gram votes, then where the context still is."""
    quote = anchor.quote
    m = len(quote)
    k = 2 if m < 16 else 3
    band = max(4, m // 4)
    votes: Counter[int] = Counter()
    grams = m - k + 1
    step = max(1, grams // FUZZY_PROBES)
    for qi in range(0, grams, step):
        hits = _occurrences(text, quote[qi : qi + k], FUZZY_COMMON + 1)
        if len(hits) > FUZZY_COMMON:
            continue
        for pos in hits:
            votes[(pos - qi) // band] += 1
    scored = Counter({b: votes[b] + (votes[b - 1] + votes[b + 1]) / 2 for b in votes})
    out = [max(0, b * band) for b, _ in scored.most_common(FUZZY_CANDIDATES)]
    # The context on either side, when it survived, says where the quote must be.
    tail = anchor.prefix[-8:]
    if len(tail) >= 4:
        hits = _occurrences(text, tail, 2)
        if len(hits) == 1:
            out.append(hits[0] + len(tail))
    head = anchor.suffix[:8]
    if len(head) >= 4:
        hits = _occurrences(text, head, 2)
        if len(hits) == 1:
            out.append(max(0, hits[0] - m))
    return list(dict.fromkeys(out))


def _align(text: str, lo: int, hi: int, anchor: Anchor) -> tuple[int, int, float] | None:
    """Align the quote with text[lo:hi]: the matched span and its similarity to the quote."""
    quote = anchor.quote
    sm = SequenceMatcher(None, text[lo:hi], quote, autojunk=len(quote) > 2000)
    blocks = [b for b in sm.get_matching_blocks() if b.size]
    # A stray one- or two-character match far from the rest does not belong to the passage.
    while len(blocks) > 1 and blocks[0].size <= 2 and _excess_gap(blocks[0], blocks[1]) > 2:
        blocks.pop(0)
    while len(blocks) > 1 and blocks[-1].size <= 2 and _excess_gap(blocks[-2], blocks[-1]) > 2:
        blocks.pop()
    if not blocks:
        return None
    first = lo + blocks[0].a
    last = lo + blocks[-1].a + blocks[-1].size
    start, end = _snap(text, first, last, anchor)
    matched = sum(b.size for b in blocks)
    return start, end, 2.0 * matched / (len(quote) + (end - start))


def _excess_gap(left: Match, right: Match) -> int:
    """How much longer the gap between two matched blocks is in the text than in the quote."""
    return (right.a - left.a - left.size) - (right.b - left.b - left.size)


def _snap(text: str, first: int, last: int, anchor: Anchor) -> tuple[int, int]:
    """The passage's ends: the outermost matched characters, moved to where the stored
    context still stands next to them when it is near (a changed first or last character)."""
    slack = max(4, len(anchor.quote) // 4)
    start, end = first, last
    tail = anchor.prefix[-8:]
    if len(tail) >= 2:  # one character of context is found anywhere
        ends = [p + len(tail) for p in _occurrences_in(text, tail, first - slack - len(tail), first + slack)]
        ends = [e for e in ends if e < last]
        if ends:
            start = min(ends, key=lambda e: abs(e - first))
    head = anchor.suffix[:8]
    if len(head) >= 2:
        starts = [p for p in _occurrences_in(text, head, last - slack, last + slack + len(head)) if p > start]
        if starts:
            end = min(starts, key=lambda p: abs(p - last))
    return start, end


def _occurrences_in(text: str, needle: str, lo: int, hi: int) -> list[int]:
    """Start offsets of `needle` lying wholly within text[lo:hi]."""
    lo = max(0, lo)
    out: list[int] = []
    pos = text.find(needle, lo, hi)
    while pos != -1:
        out.append(pos)
        pos = text.find(needle, pos + 1, hi)
    return out


# -- the hook ------------------------------------------------------------------------------


class _Texts:
    """Article texts fetched on first need, None for an article that does not exist."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: dict[str, str | None] = {}

    def __call__(self, article_id: str) -> str | None:
        if article_id not in self.cache:
            self.cache[article_id] = self.store.text_of(article_id)
        return self.cache[article_id]


def _follow(redirect: Mapping[str, str], article_id: str) -> str | None:
    target, seen = redirect.get(article_id), {article_id}
    while target is not None and target in redirect and target not in seen:
        seen.add(target)
        target = redirect[target]
    return target


def place(
    text_of: _Texts, row: passages.PassageRow, homes: list[str], siblings: list[str]
) -> tuple[str, Placement] | None:
    """Where a passage goes: in the first of its `homes` that holds it, else exactly (with
    context) in one of `siblings` — the other articles changed together, as when a split
    moves a paragraph into a new article."""
    anchor = Anchor(row.start, row.end, row.quote, row.prefix, row.suffix)
    for home in homes:
        text = text_of(home)
        if text is not None:
            found = locate(text, anchor)
            if found is not None:
                return home, found
    for other in siblings:
        if other in homes:
            continue
        text = text_of(other)
        if text is None:
            continue
        found = _locate_exact(text, anchor)
        if found is not None:
            return other, Placement(found.start, found.end, "context")
    return None


def on_articles_changed(
    store: Store,
    changed_ids: Iterable[str],
    deleted_ids: Iterable[str],
    redirect: Mapping[str, str] | None = None,
) -> tuple[int, int]:
    """Re-anchor the passages of articles whose text changed or that were removed.

    Call inside the caller's transaction, after the articles were written. A passage of a
    changed article is placed again in its new text; one of a removed article is placed in
    `redirect[removed]` (the article it was merged into) when given. One that fails there is
    looked for, exactly and with its context, in the other articles of the same call (a split
    moves text into a new article). Orphans of these articles are retried the same way.
    Returns (moved, orphaned): passages that changed place (or were recovered) and passages
    that became orphans in this call. Costs one query when the articles have no passages.
    """
    conn = store.conn
    changed = list(dict.fromkeys(changed_ids))
    deleted = [d for d in dict.fromkeys(deleted_ids) if d not in changed]
    if not (changed or deleted) or not passages.any_passage(conn):
        return 0, 0
    rows = passages.rows_of(conn, changed + deleted)
    if not rows:
        return 0, 0
    redirect = dict(redirect or {})
    text_of = _Texts(store)
    siblings = [*changed, *(t for d in deleted if (t := _follow(redirect, d)) is not None)]
    gone = set(deleted)
    moved = orphaned = 0
    stamp = now()
    for row in rows:
        aid = row.article_id
        homes = [aid]
        target = _follow(redirect, aid) if aid in gone or text_of(aid) is None else None
        if target is not None:
            homes.insert(0, target)
        found = place(text_of, row, homes, siblings)
        if found is None:
            if row.orphaned is None:
                passages.orphan(conn, row.id, stamp)
                orphaned += 1
            continue
        home, where = found
        text = text_of(home) or ""
        new = make_anchor(text, where.start, where.end)
        span = passages.Span(home, new.start, new.end, new.quote, new.prefix, new.suffix)
        if span == (aid, row.start, row.end, row.quote, row.prefix, row.suffix) and row.orphaned is None:
            continue
        if (home, new.start, new.end) != (aid, row.start, row.end) or row.orphaned:
            moved += 1
        passages.place(conn, row.id, span, modified=stamp)
    return moved, orphaned


def retry_orphans(store: Store) -> tuple[int, int]:
    """Place again every passage that needs it: orphans whose article exists, and placed
    passages whose article's text no longer holds their quote at their offsets (left so by
    a change made without the hook). Returns (moved or recovered, orphans left)."""
    moved, _ = on_articles_changed(store, passages.articles_needing_placement(store.conn), ())
    return moved, passages.count_orphans(store.conn)


def count_orphans(store: Store) -> int:
    """How many passages are orphans now."""
    return passages.count_orphans(store.conn)
