"""Query evaluation: a parsed query → (match mask, scores) over a `Snapshot`, exactly.

Leaves (what one term means in one mode):

- exact, 1 character: the `<group>_c` posting list of that character;
- exact, 2 characters: the `<group>` posting list of that bigram;
- exact, 3+ characters: a phrase of bigrams. Only a *cover* is read — bigrams that together
  pin every character, chosen for the least summed document frequency, plus the rarest bigram —
  rarest first, and a document matches where all of them sit at position p + offset for one p;
- keyword fields (author, section, source) match a term as a substring of any of their values
  (normalised); `page:` compares numbers or names; `date:` compares the per-document dates;
  callback fields (`tag:`, `note:`) return article ids;
- words mode: the query term's rjieba words, each looked up in `<group>_w`, all required.

Scores are BM25F (k1 1.2, b 0.75): per term, the frequency in each group is weighted by the
group's boost and normalised by the group's length before saturation. An exact term of two
or more characters also earns half the BM25F score of its first and last rjieba words (of two
characters or more; see `bonus_words`) where they occur as indexed words, so whole-word
matches rank above matches inside other words. AND and OR add scores, NOT removes documents.

Every intermediate result is a `Match` (`newsdesk.index.match`): a boolean mask and a score per
document of the snapshot (numpy arrays of `doc_count_all`), so combining terms, scoring and
filtering cost a few vectorised passes rather than a Python step per matching document; a
term's own result is kept as its matching docnums and their scores until someone asks for the
arrays (a query of one term never does), and so is an AND's while its children are terms and
filters (a filter scores nothing: its scores are made only if asked for). Phrases intersect
sorted arrays of docnum << 32 | start position.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np

from newsdesk.errors import QueryError, shown
from newsdesk.index.match import Highlight, Match, sorted_contains, sorted_intersection
from newsdesk.index.query import And, DateRange, Node, Not, Or, PageMatch, Resolved, Term
from newsdesk.index.schema import GROUP_BOOST, GROUPS
from newsdesk.index.snapshot import BM25_B, Snapshot
from newsdesk.language import _
from newsdesk.zh.analysis import query_words
from newsdesk.zh.normalize import fold, normalize_term

__all__ = [
    "TEXT_TARGETS",
    "Evaluator",
    "bonus_words",
    "collect_needles",
    "cover_offsets",
    "phrase_offsets",
    "targets_of",
]

K1 = 1.2
B = BM25_B
WORD_BONUS = 0.5  # weight of the word-level score added to an exact term's score
KEYWORD_BOOST = 1.0
# A word is scored at many documents densely (its list scattered over every docnum, then
# gathered: about n + list + docs steps) rather than by a binary search per document.
DENSE_SHARE = 16

# What a field name searches: gram groups and keyword fields.
TEXT_TARGETS: dict[str | None, tuple[tuple[str, ...], tuple[str, ...]]] = {
    None: (GROUPS, ("author", "section")),
    "title": (("title",), ()),
    "caption": (("caption",), ()),
    "author": ((), ("author",)),
    "section": ((), ("section",)),
    "source": ((), ("source",)),
}

Resolver = Callable[[str], Iterable[str]]


def targets_of(term: Term) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return TEXT_TARGETS[term.field]


def cover_offsets(n: int) -> list[int]:
    """Offsets of bigrams that together cover a string of n >= 2 characters."""
    offs = list(range(0, n - 1, 2))
    if offs[-1] != n - 2:
        offs.append(n - 2)
    return offs


def bonus_words(words: list[str]) -> list[str]:
    """The words of a term that earn it the word bonus: those whose whole-word matches can
    differ between documents, its first and last (inside a phrase a word's neighbours are the
    phrase's own, so every match splits there alike), and of those only words of two or more
    characters unless the term is one word (a one-character word at a phrase's edge is mostly
    a piece of a word the phrase cut, and its count as a word elsewhere in a document says
    nothing about the match)."""
    if len(words) <= 1:
        return words
    edges = words if len(words) == 2 else [words[0], words[-1]]
    return [w for w in edges if len(w) > 1]


def _idf(n_docs: int, df: int) -> float:
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


class _Weights:
    """Boosted, length-normalised term frequency per document: kept as the (docnums, values)
    each group added, and summed per document when read (densely only when they are many)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self._parts: list[tuple[np.ndarray, np.ndarray]] = []
        self._size = 0

    def add(self, ids: np.ndarray, values: np.ndarray) -> None:
        self._parts.append((ids, values))
        self._size += len(ids)

    def summed(self) -> tuple[np.ndarray, np.ndarray]:
        """Sorted docnums with a weight, and their weights (the weights a caller's own array;
        the docnums may be a cached posting list's, read-only)."""
        if len(self._parts) == 1:
            ids, values = self._parts[0]
            return ids, values.astype(np.float64)
        if not self._parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        if self._size * 8 > self.n:  # (a pass over every document is then the cheaper)
            w = np.zeros(self.n)
            first, *rest = self._parts
            w[first[0]] = first[1]  # (0 + v is v: set, not added)
            for ids, values in rest:
                w[ids] += values
            idx = (w > 0).nonzero()[0]  # (on a bool array: many times faster)
            return idx, w[idx]
        ids = np.concatenate([i for i, _ in self._parts])
        values = np.concatenate([v for _, v in self._parts])
        order = ids.argsort(kind="stable")
        ids, values = ids[order], values[order]
        starts = _run_starts(ids)
        return ids[starts], np.add.reduceat(values, starts)


def _run_starts(sorted_values: np.ndarray) -> np.ndarray:
    """Where each run of equal values of a sorted (non-empty) array starts."""
    first = np.empty(len(sorted_values), dtype=bool)
    first[0] = True
    np.not_equal(sorted_values[1:], sorted_values[:-1], out=first[1:])
    return first.nonzero()[0]


def _runs(sorted_values: np.ndarray) -> np.ndarray:
    """The distinct values of a sorted array."""
    if not len(sorted_values):
        return sorted_values
    return sorted_values[_run_starts(sorted_values)]


def phrase_offsets(dfs: list[int]) -> list[int]:
    """Offsets of the bigrams a phrase is matched by, given every bigram's document frequency:
    a cover of every character with the least summed frequency (reading long lists costs),
    plus the phrase's rarest bigram (matching from it keeps every step small); rarest first."""
    m = len(dfs)
    best = [0] * m  # least summed frequency of a chain of offsets from 0 covering up to o + 1
    back = [-1] * m
    for o in range(m):
        best[o] = dfs[o]
        if o:
            prev = o - 1 if o < 2 or best[o - 1] <= best[o - 2] else o - 2
            best[o] += best[prev]
            back[o] = prev
    chosen = {m - 1}
    o = m - 1
    while back[o] >= 0:
        o = back[o]
        chosen.add(o)
    chosen.add(min(range(m), key=dfs.__getitem__))
    return sorted(chosen, key=lambda o: (dfs[o], o))


def collect_needles(node: Node, mode: str, into: Highlight) -> Highlight:
    """Add what a query marks to `into`: each term outside a NOT, in search form (its words in
    words mode), by the field it searches (`Highlight.add`)."""
    if isinstance(node, And | Or):
        for child in node.children:
            collect_needles(child, mode, into)
    elif isinstance(node, Term):
        text = normalize_term(node.text)
        if text:
            words = query_words(text) if mode == "words" and targets_of(node)[0] else []
            for needle in words or [text]:
                into.add(node.field, needle)
    return into


class Evaluator:
    """Evaluates one query tree against one snapshot."""

    def __init__(
        self,
        snap: Snapshot,
        query: str,
        mode: str,
        resolvers: dict[str, Resolver] | None = None,
    ) -> None:
        self.snap = snap
        self.query = query
        self.mode = mode
        self.resolvers = resolvers or {}
        self.n = snap.doc_count_all
        self.n_docs = max(snap.doc_count, 1)
        self.highlight = Highlight()

    def _none(self) -> Match:
        return Match(np.zeros(self.n, dtype=bool))

    def _only(self, mask: np.ndarray, within: np.ndarray | None) -> Match:
        if within is not None:
            mask = mask & within
        return Match(mask)

    def _mask_of(self, docs: np.ndarray) -> np.ndarray:
        """True at these docnums."""
        mask = np.zeros(self.n, dtype=bool)
        mask[docs] = True
        return mask

    def _docs_mask(self, docs: Iterable[int] | np.ndarray) -> np.ndarray:
        arr = docs if isinstance(docs, np.ndarray) else np.fromiter(docs, dtype=np.int64)
        return self._mask_of(arr) & self.snap.live_mask()

    # -- tree ---------------------------------------------------------------------------------

    def run(self, node: Node) -> Match:
        match = self.eval(node, None, True)
        collect_needles(node, self.mode, self.highlight)
        return match

    def eval(self, node: Node, within: np.ndarray | None, positive: bool) -> Match:
        if isinstance(node, And):
            return self._and(node, within, positive)
        if isinstance(node, Or):
            mask = np.zeros(self.n, dtype=bool)
            score = np.zeros(self.n)
            for child in node.children:
                m = self.eval(child, within, positive)
                mask |= m.mask
                if m.scored:
                    score += m.score
            return Match(mask, score)
        if isinstance(node, Not):
            excluded = self.eval(node.child, within, False).mask
            base = within if within is not None else self.snap.live_mask()
            return Match(base & ~excluded)
        if isinstance(node, Term):
            return self._term(node, within, positive)
        if isinstance(node, DateRange):
            return self._only(self.snap.date_mask(node.low, node.high), within)
        if isinstance(node, PageMatch):
            return self._only(self._page(node), within)
        if isinstance(node, Resolved):
            return self._only(self._resolved(node), within)
        raise TypeError(node)  # pragma: no cover

    def _and(self, node: And, within: np.ndarray | None, positive: bool) -> Match:
        # Cheap filters first, then terms from the rarest; each narrows what the next reads.
        pos = [c for c in node.children if not isinstance(c, Not)]
        neg: list[Not] = [c for c in node.children if isinstance(c, Not)]
        pos.sort(key=self._cost)
        # Each child keeps only documents of `cur` (what matched every child before it). While
        # the children scored few documents (a term's sparse match) or none (a filter's), the
        # result stays sparse: the matching docnums and their summed scores, no array over
        # every document.
        docs: np.ndarray | None = None
        values: np.ndarray | None = None  # (a child's own array, added to in place)
        mask: np.ndarray | None = None
        score: np.ndarray | None = None  # (likewise; None while no dense child scored)
        cur = within
        for part in pos:
            m = self.eval(part, cur, positive)
            if m.docs is not None and m.values is not None and score is None:
                if docs is not None and values is not None:
                    m.values += values[docs.searchsorted(m.docs)]
                docs, values, mask = m.docs, m.values, None
            elif docs is not None and values is not None and not m.scored:
                keep = m.mask[docs]
                docs, values = docs[keep], values[keep]
            else:
                if docs is not None and values is not None:  # (to arrays over every document)
                    mask, score = self._mask_of(docs), np.zeros(self.n)
                    score[docs] = values
                    docs = values = None
                mask = m.mask if mask is None else mask & m.mask
                if m.scored and score is None:
                    score = m.score
                elif m.scored:
                    score += m.score
                cur = mask
                if not mask.nonzero()[0].size:
                    return self._none()
                continue
            if not len(docs):
                return self._none()
            cur = self._mask_of(docs)
        if docs is not None and values is not None:
            for negated in neg:
                excluded = self.eval(negated.child, cur, False).mask
                keep = ~excluded[docs]
                docs, values = docs[keep], values[keep]
            return Match.sparse(self.n, docs, values)
        if mask is None:
            base = within if within is not None else self.snap.live_mask()
            mask = base.copy()
        for negated in neg:
            excluded = self.eval(negated.child, mask, False).mask
            mask = mask & ~excluded
        if score is not None:
            score *= mask
        return Match(mask, score)

    def _cost(self, node: Node) -> float:
        if isinstance(node, DateRange | PageMatch | Resolved):
            return 0.0
        if isinstance(node, Term):
            text = normalize_term(node.text)
            groups, keywords = targets_of(node)
            if keywords and not groups:
                return 1.0
            if len(text) >= 2:
                grams = [text[o : o + 2] for o in cover_offsets(len(text))]
                return 2.0 + min(sum(self.snap.doc_frequency(g, gram) for g in groups) for gram in grams)
            return 2.0 + sum(self.snap.doc_frequency(g + "_c", text) for g in groups)
        return float(self.snap.doc_count_all)

    # -- terms --------------------------------------------------------------------------------

    def _term(self, node: Term, within: np.ndarray | None, positive: bool) -> Match:
        text = normalize_term(node.text)
        if not text:
            raise QueryError(
                self.query, _("{text} has nothing to search for").format(text=shown(node.text)), node.position
            )
        groups, keywords = targets_of(node)
        words = query_words(text) if groups else []
        if self.mode == "words" and words:
            return self._words_term(node, words, groups, keywords, within, positive)

        w = _Weights(self.n)
        df_est = 0
        marks = (("title", "body") if node.field is None else ("title",)) if positive else ()
        for g in groups:
            ids, counts, df = self._exact_in_group(g, text, within)
            if len(ids):
                w.add(ids, counts * self.snap.bm25_weights(g, GROUP_BOOST[g], B)[ids])
            if g in marks:  # (ids cover every document this evaluation can keep)
                self.highlight.held(g, ids)
            df_est = max(df_est, df)
        kw = self._keyword_mask(keywords, text) if keywords else None
        m, docs = self._bm25f(w, kw, df_est, within)
        if len(text) > 1 and words:
            bonus = self._words_score(bonus_words(words), groups, docs) if len(docs) else None
            if bonus is not None:
                # (a sparse match of this term's own)
                m.values += WORD_BONUS * bonus  # type: ignore[operator]
        return m

    def _exact_in_group(
        self, group: str, text: str, within: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray, int]:
        """Documents holding an exact normalised string in one group, the string's frequency in
        each, and its document frequency (for a phrase: that of its rarest gram)."""
        snap = self.snap
        if len(text) <= 2:
            field = group + "_c" if len(text) == 1 else group
            if not snap.has_term(field, text):  # (cheaper than an empty list)
                return np.zeros(0, dtype=np.int64), np.zeros(0), 0
            p = snap.postings(field, text)
            if within is None:
                return p.ids, p.counts, len(p.ids)  # type: ignore[return-value]
            keep = within[p.ids]
            return p.ids[keep], p.counts[keep], len(p.ids)  # type: ignore[index]
        dfs = []
        for o in range(len(text) - 1):
            df = snap.doc_frequency(group, text[o : o + 2])
            if not df:
                return np.zeros(0, dtype=np.int64), np.zeros(0), 0
            dfs.append(df)
        df_est = min(dfs[o] for o in cover_offsets(len(text)))
        # Phrase starts as sorted keys docnum << 32 | start; the rarest gram goes first and each
        # next gram reads only the positions of documents still in the running.
        keys: np.ndarray | None = None
        for off in phrase_offsets(dfs):
            gram = text[off : off + 2]
            p = snap.postings(group, gram)
            sel: np.ndarray | None = None  # (every document of the list)
            if keys is None:
                if within is not None:
                    sel = within[p.ids].nonzero()[0]
            else:
                running = _runs(keys >> 32)
                at = np.minimum(p.ids.searchsorted(running), len(p.ids) - 1)  # type: ignore[attr-defined]
                sel = at[p.ids[at] == running]
            docs = p.ids.repeat(p.counts) if sel is None else p.ids[sel].repeat(p.counts[sel])  # type: ignore[attr-defined, call-overload]
            gram_keys = (docs << 32) + (snap.positions(group, gram, sel) - off)
            keys = gram_keys if keys is None else sorted_intersection(keys, gram_keys)
            if not len(keys):
                return np.zeros(0, dtype=np.int64), np.zeros(0), df_est
        assert keys is not None
        docs = keys >> 32  # sorted: count the runs
        starts = _run_starts(docs)
        counts = np.empty_like(starts)
        np.subtract(starts[1:], starts[:-1], out=counts[:-1])
        counts[-1] = len(docs) - starts[-1]
        return docs[starts], counts, df_est

    def _keyword_mask(self, keywords: Iterable[str], text: str) -> np.ndarray | None:
        mask: np.ndarray | None = None
        for k in keywords:
            values = self.snap.values_containing(k, text)
            if not values:
                continue
            if mask is None:
                mask = np.zeros(self.n, dtype=bool)
            mask[self.snap.keyword_docnums(k, values)] = True  # (a common character is in many)
        return mask & self.snap.live_mask() if mask is not None else None

    def _bm25f(
        self, weights: _Weights, kw: np.ndarray | None, df: int, within: np.ndarray | None
    ) -> tuple[Match, np.ndarray]:
        """Scores from the boosted, length-normalised frequencies (and keyword matches), and
        the matching docnums (sorted)."""
        idx, wi = weights.summed()  # the matching documents: usually few, so work on them alone
        if kw is not None:  # (keyword matches may be many: over every document)
            w = KEYWORD_BOOST * kw
            w[idx] += wi
            union = kw.copy()
            union[idx] = True
            idx = union.nonzero()[0]
            wi = w[idx]
        if within is not None:
            keep = within[idx]
            idx, wi = idx[keep], wi[keep]
        if not len(idx):
            return self._none(), idx
        # df: documents matching anywhere; a lower bound (the largest group's count, or what
        # matched here) when the evaluation was restricted to candidates.
        idf = _idf(self.n_docs, min(self.n_docs, max(df, len(idx))))
        scores = wi * idf  # (idf * wi / (K1 + wi) in place, step for step: wi is ours to change)
        wi += K1
        scores /= wi
        return Match.sparse(self.n, idx, scores), idx

    # -- words --------------------------------------------------------------------------------

    def _word_weights(self, word: str, groups: Iterable[str]) -> tuple[_Weights, int]:
        w = _Weights(self.n)
        df = 0
        for g in groups:
            if not self.snap.has_term(g + "_w", word):
                continue
            p = self.snap.postings(g + "_w", word)
            df = max(df, len(p.ids))
            if len(p.ids):
                w.add(p.ids, p.counts * self.snap.bm25_weights(g, GROUP_BOOST[g], B)[p.ids])  # type: ignore[operator]
        return w, df

    def _words_score(self, words: list[str], groups: Iterable[str], docs: np.ndarray) -> np.ndarray | None:
        """The summed BM25F scores of the words at `docs` (sorted docnums), or None if no word
        counts: computed at those documents only, with each word's idf from all of its."""
        out: np.ndarray | None = None
        groups = tuple(groups)
        for word in dict.fromkeys(words):
            # A word in most documents adds almost nothing (idf < log 2) and costs the most.
            dfs = [self.snap.doc_frequency(g + "_w", word) for g in groups]
            if max(dfs) * 2 > self.n_docs:
                continue
            w = np.zeros(len(docs))
            lists: list[np.ndarray] = []
            for g, df in zip(groups, dfs, strict=True):
                if not df:
                    continue
                p = self.snap.postings(g + "_w", word)
                if not len(p.ids):
                    continue
                lists.append(p.ids)
                weight = self.snap.bm25_weights(g, GROUP_BOOST[g], B)
                if len(docs) * DENSE_SHARE > self.n + len(p.ids):
                    # (many documents: scattered over every docnum and gathered, no searching)
                    dense = np.zeros(self.n)
                    dense[p.ids] = p.counts * weight[p.ids]  # type: ignore[operator]
                    w += dense[docs]
                    continue
                at = np.minimum(p.ids.searchsorted(docs), len(p.ids) - 1)  # type: ignore[attr-defined]
                hit = (p.ids[at] == docs).nonzero()[0]  # type: ignore[attr-defined]
                if len(hit):
                    w[hit] += p.counts[at[hit]] * weight[docs[hit]]  # type: ignore[index]
            if not lists:
                continue
            if len(lists) == 1:
                having = len(lists[0])
            elif len(lists) == 2:  # (documents with the word in either group)
                small, large = sorted(lists, key=len)  # (a binary search per the shorter's id)
                having = len(small) + len(large) - int(np.count_nonzero(sorted_contains(large, small)))
            else:
                seen = np.zeros(self.n, dtype=bool)
                for ids in lists:
                    seen[ids] = True
                having = int(np.count_nonzero(seen))
            idf = _idf(self.n_docs, min(self.n_docs, having))
            part = idf * w / (K1 + w)  # (0 where the word is not)
            out = part if out is None else out + part
        return out

    def _words_term(
        self,
        node: Term,
        words: list[str],
        groups: tuple[str, ...],
        keywords: tuple[str, ...],
        within: np.ndarray | None,
        positive: bool,
    ) -> Match:
        mask: np.ndarray | None = None
        score = np.zeros(self.n)
        cur = within
        for word in sorted(
            dict.fromkeys(words), key=lambda w: sum(self.snap.doc_frequency(g + "_w", w) for g in groups)
        ):
            w, df = self._word_weights(word, groups)
            kw = self._keyword_mask(keywords, word) if keywords else None
            kw_count = int(np.count_nonzero(kw)) if kw is not None else 0
            m, _rest = self._bm25f(w, kw, max(df, kw_count), cur)
            mask = m.mask if mask is None else mask & m.mask
            score += m.score
            cur = mask
            if not mask.any():
                return self._none()
        if positive:
            self.highlight.holders = None
        if mask is None:
            return self._none()
        return Match(mask, score * mask)

    # -- other fields -------------------------------------------------------------------------

    def _page(self, node: PageMatch) -> np.ndarray:
        found: list[int] = []
        for vi, value in enumerate(self.snap.lexicon("page")):
            if node.name is not None:
                ok = fold(value) == fold(node.name)
            else:
                digits = "".join(ch for ch in fold(value) if ch.isdigit())
                num = int(digits) if digits else None
                ok = (
                    num is not None
                    and (node.low is None or num >= node.low)
                    and (node.high is None or num <= node.high)
                )
            if ok:
                found.append(vi)
        return self._docs_mask(self.snap.keyword_docnums("page", found))

    def _resolved(self, node: Resolved) -> np.ndarray:
        resolver = self.resolvers.get(node.field)
        if resolver is None:  # pragma: no cover - the parser only knows registered fields
            raise QueryError(
                self.query, _("{field}: is not available").format(field=node.field), node.position
            )
        return self._docs_mask(self.snap.docnums_of(resolver(node.value)))
