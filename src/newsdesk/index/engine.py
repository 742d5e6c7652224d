"""Query evaluation: a parsed query → {docnum: score} over a `Snapshot`, with exact semantics.

Leaves (what one term means in one mode):

- exact, 1 character: the `<group>_c` posting list of that character;
- exact, 2 characters: the `<group>` posting list of that bigram;
- exact, 3+ characters: a phrase of bigrams. Only a *cover* is read — the grams at offsets
  0, 2, 4 … and the last one, which together pin every character — rarest first, and a document
  matches where all of them sit at position p + offset for one p;
- keyword fields (author, section, source) match a term as a substring of any of their values
  (normalised); `page:` compares numbers or names; `date:` bisects a date-sorted table;
  callback fields (`tag:`, `note:`) return article ids;
- words mode: the query term's rjieba words, each looked up in `<group>_w`, all required.

Scores are BM25F (k1 1.2, b 0.75): per term, the frequency in each group is weighted by the
group's boost and normalised by the group's length before saturation. An exact term of two
or more characters also earns half the BM25F score of its rjieba words where they occur as
indexed words, so whole-word matches rank above matches inside other words. AND and OR add
scores, NOT removes documents.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from newsdesk.errors import QueryError
from newsdesk.index.postings import Postings
from newsdesk.index.query import And, DateRange, Node, Not, Or, PageMatch, Resolved, Term
from newsdesk.index.schema import GROUP_BOOST, GROUPS
from newsdesk.index.snapshot import Snapshot
from newsdesk.zh.analysis import query_words
from newsdesk.zh.normalize import fold, normalize_term

__all__ = ["TEXT_TARGETS", "Evaluator", "Highlight", "cover_offsets", "targets_of"]

K1 = 1.2
B = 0.75
WORD_BONUS = 0.5  # weight of the word-level score added to an exact term's score
KEYWORD_BOOST = 1.0

# What a field name searches: gram groups and keyword fields.
TEXT_TARGETS: dict[str | None, tuple[tuple[str, ...], tuple[str, ...]]] = {
    None: (GROUPS, ("author", "section")),
    "title": (("title",), ()),
    "caption": (("caption",), ()),
    "author": ((), ("author",)),
    "section": ((), ("section",)),
    "source": ((), ("source",)),
}

Scores = dict[int, float]
Resolver = Callable[[str], Iterable[str]]


def targets_of(term: Term) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return TEXT_TARGETS[term.field]


def cover_offsets(n: int) -> list[int]:
    """Offsets of bigrams that together cover a string of n >= 2 characters."""
    offs = list(range(0, n - 1, 2))
    if offs[-1] != n - 2:
        offs.append(n - 2)
    return offs


def _start_keys(p: Postings, off: int, docs: set[int] | None) -> set[int]:
    """docnum << 32 | (position - off) for every position of a gram in every (allowed) doc."""
    keys: set[int] = set()
    add = keys.add
    poses = p.positions
    assert p.counts is not None and poses is not None
    at = 0
    for d, n in zip(p.ids, p.counts, strict=True):
        if docs is not None and d not in docs:
            at += n
            continue
        base = (d << 32) - off
        if n == 1:  # most postings
            add(base + poses[at])
        else:
            keys.update([base + q for q in poses[at : at + n]])
        at += n
    return keys


def _idf(n_docs: int, df: int) -> float:
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


@dataclass
class Highlight:
    """What to mark in a hit: normalised needles for the text and for the title."""

    text: set[str] = field(default_factory=set)
    title: set[str] = field(default_factory=set)


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
        self.n_docs = max(snap.doc_count, 1)
        self.highlight = Highlight()
        self._norm_values: dict[str, list[tuple[str, str]]] = {}

    # -- tree ---------------------------------------------------------------------------------

    def run(self, node: Node) -> Scores:
        return self.eval(node, None, True)

    def eval(self, node: Node, within: set[int] | None, positive: bool) -> Scores:
        if isinstance(node, And):
            return self._and(node, within, positive)
        if isinstance(node, Or):
            out: Scores = {}
            for child in node.children:
                for d, s in self.eval(child, within, positive).items():
                    out[d] = out.get(d, 0.0) + s
            return out
        if isinstance(node, Not):
            excluded = self.eval(node.child, within, False)
            base = within if within is not None else self.snap.live_docs()
            return dict.fromkeys((d for d in base if d not in excluded), 0.0)
        if isinstance(node, Term):
            return self._term(node, within, positive)
        if isinstance(node, DateRange):
            return self._restrict(
                dict.fromkeys(self.snap.docs_in_date_range(node.low, node.high), 0.0), within
            )
        if isinstance(node, PageMatch):
            return self._restrict(self._page(node), within)
        if isinstance(node, Resolved):
            return self._restrict(self._resolved(node), within)
        raise TypeError(node)  # pragma: no cover

    @staticmethod
    def _restrict(scores: Scores, within: set[int] | None) -> Scores:
        if within is None:
            return scores
        return {d: s for d, s in scores.items() if d in within}

    def _and(self, node: And, within: set[int] | None, positive: bool) -> Scores:
        # Cheap filters first, then terms from the rarest; each narrows what the next reads.
        pos = [c for c in node.children if not isinstance(c, Not)]
        neg: list[Not] = [c for c in node.children if isinstance(c, Not)]
        pos.sort(key=self._cost)
        result: Scores | None = None
        cur = within
        for part in pos:
            scores = self.eval(part, cur, positive)
            if result is None:
                result = scores
            else:
                result = {d: result[d] + s for d, s in scores.items() if d in result}
            cur = set(result)
            if not cur:
                return {}
        if result is None:
            base = within if within is not None else self.snap.live_docs()
            result = dict.fromkeys(base, 0.0)
        for negated in neg:
            excluded = self.eval(negated.child, set(result), False)
            if excluded:
                result = {d: s for d, s in result.items() if d not in excluded}
        return result

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

    def _term(self, node: Term, within: set[int] | None, positive: bool) -> Scores:
        text = normalize_term(node.text)
        if not text:
            raise QueryError(self.query, f"{node.text!r} has nothing to search for", node.position)
        groups, keywords = targets_of(node)
        words = query_words(text) if groups else []
        if self.mode == "words" and words:
            return self._words_term(node, words, groups, keywords, text, within, positive)

        tfs: dict[str, dict[int, int]] = {}
        df_est = 0
        for g in groups:
            tf, df = self._exact_in_group(g, text, within)
            if tf:
                tfs[g] = tf
            df_est = max(df_est, df)
        kw_docs = self._keyword_docs(keywords, text, within) if keywords else set()
        scores = self._bm25f(tfs, kw_docs, df_est)
        if len(text) > 1 and words and scores:
            bonus = self._words_score(words, groups, set(scores))
            for d, s in bonus.items():
                scores[d] += WORD_BONUS * s
        if positive:
            if node.field is None:
                self.highlight.text.add(text)
                self.highlight.title.add(text)
            elif node.field == "title":
                self.highlight.title.add(text)
        return scores

    def _exact_in_group(self, group: str, text: str, within: set[int] | None) -> tuple[dict[int, int], int]:
        """Term frequency per document of an exact normalised string in one group, and its df."""
        snap = self.snap
        if len(text) <= 2:
            p = snap.postings(group + "_c" if len(text) == 1 else group, text)
            tf = dict(zip(p.ids, p.counts or (), strict=True))
            if within is not None:
                tf = {d: n for d, n in tf.items() if d in within}
            return tf, len(p.ids)
        offs = cover_offsets(len(text))
        grams = [(text[o : o + 2], o) for o in offs]
        if not all(snap.has_term(group, g) for g, _ in grams):
            return {}, 0
        grams.sort(key=lambda go: snap.doc_frequency(group, go[0]))
        df_est = snap.doc_frequency(group, grams[0][0])
        # Phrase starts as keys docnum << 32 | start, one set per gram, intersected in C; the
        # rarest gram goes first and each next gram reads only documents still in the running.
        keys: set[int] | None = None
        docs = within
        for gram, off in grams:
            gram_keys = _start_keys(snap.postings(group, gram), off, docs)
            keys = gram_keys if keys is None else keys & gram_keys
            if not keys:
                return {}, df_est
            docs = {k >> 32 for k in keys}
        tf = dict(Counter(k >> 32 for k in keys or ()))
        return tf, df_est

    def _normalised_values(self, fieldname: str) -> list[tuple[str, str]]:
        if fieldname not in self._norm_values:
            self._norm_values[fieldname] = [(fold(v), v) for v in self.snap.lexicon(fieldname)]
        return self._norm_values[fieldname]

    def _keyword_docs(self, keywords: Iterable[str], text: str, within: set[int] | None) -> set[int]:
        docs: set[int] = set()
        for k in keywords:
            for norm, value in self._normalised_values(k):
                if text in norm:
                    docs.update(self.snap.keyword_docs(k, value))
        if within is not None:
            docs &= within
        return docs

    def _bm25f(self, tfs: dict[str, dict[int, int]], kw_docs: set[int], df: int) -> Scores:
        acc: dict[int, float] | None = None
        snap = self.snap
        for g, tf in tfs.items():
            # weight[d] = boost / (1 - b + b * length[d] / avg), per snapshot and group
            weight = snap.bm25_weights(g, GROUP_BOOST[g], B)
            part = {d: n * weight[d] for d, n in tf.items()}
            if acc is None:
                acc = part
            else:
                get = acc.get
                acc.update({d: get(d, 0.0) + w for d, w in part.items()})
        if kw_docs:
            if acc is None:
                acc = {}
            get = acc.get
            acc.update({d: get(d, 0.0) + KEYWORD_BOOST for d in kw_docs})
        if not acc:
            return {}
        # df: documents matching anywhere; a lower bound (the largest group's count, or what
        # matched here) when the evaluation was restricted to candidates.
        idf = _idf(self.n_docs, min(self.n_docs, max(df, len(acc))))
        return {d: idf * w / (K1 + w) for d, w in acc.items()}

    # -- words --------------------------------------------------------------------------------

    def _word_tfs(
        self, word: str, groups: Iterable[str], within: set[int] | None
    ) -> tuple[dict[str, dict[int, int]], int]:
        tfs: dict[str, dict[int, int]] = {}
        df = 0
        for g in groups:
            p = self.snap.postings(g + "_w", word)
            df = max(df, len(p.ids))
            tf = dict(zip(p.ids, p.counts or (), strict=True))
            if within is not None:
                tf = {d: n for d, n in tf.items() if d in within}
            if tf:
                tfs[g] = tf
        return tfs, df

    def _words_score(self, words: list[str], groups: Iterable[str], within: set[int]) -> Scores:
        out: Scores = {}
        groups = tuple(groups)
        for w in dict.fromkeys(words):
            # A word in most documents adds almost nothing (idf < log 2) and costs the most.
            if max(self.snap.doc_frequency(g + "_w", w) for g in groups) * 2 > self.n_docs:
                continue
            tfs, df = self._word_tfs(w, groups, within)
            for d, s in self._bm25f(tfs, set(), df).items():
                out[d] = out.get(d, 0.0) + s
        return out

    def _words_term(
        self,
        node: Term,
        words: list[str],
        groups: tuple[str, ...],
        keywords: tuple[str, ...],
        text: str,
        within: set[int] | None,
        positive: bool,
    ) -> Scores:
        result: Scores | None = None
        cur = within
        for w in sorted(
            dict.fromkeys(words), key=lambda w: sum(self.snap.doc_frequency(g + "_w", w) for g in groups)
        ):
            tfs, df = self._word_tfs(w, groups, cur)
            kw = self._keyword_docs(keywords, w, cur) if keywords else set()
            scores = self._bm25f(tfs, kw, max(df, len(kw)))
            result = (
                scores if result is None else {d: result[d] + s for d, s in scores.items() if d in result}
            )
            cur = set(result)
            if not cur:
                return {}
        if positive:
            for w in words:
                if node.field is None:
                    self.highlight.text.add(w)
                    self.highlight.title.add(w)
                elif node.field == "title":
                    self.highlight.title.add(w)
        return result or {}

    # -- other fields -------------------------------------------------------------------------

    def _page(self, node: PageMatch) -> Scores:
        docs: set[int] = set()
        for value in self.snap.lexicon("page"):
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
                docs.update(self.snap.keyword_docs("page", value))
        return dict.fromkeys(docs, 0.0)

    def _resolved(self, node: Resolved) -> Scores:
        resolver = self.resolvers.get(node.field)
        if resolver is None:  # pragma: no cover - the parser only knows registered fields
            raise QueryError(self.query, f"{node.field}: is not available", node.position)
        ids = resolver(node.value)
        return dict.fromkeys(self.snap.docnums_of(ids), 0.0)
