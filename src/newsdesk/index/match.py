"""What evaluating a query gives: which documents match and their scores (`Match`), and what
to mark in a hit (`Highlight`: needles by field, and which documents can hold them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Highlight", "Match", "sorted_contains", "sorted_intersection"]


class Match:
    """Which documents match and their scores: dense, a mask (True per matching docnum) and a
    score per document (0.0 where none; None until asked for when nothing was scored, as a
    filter's), or sparse, the matching docnums (sorted, `docs`) and their scores (`values`);
    a sparse match makes the arrays when first asked for them.

    Each evaluation returns arrays of its own, which the caller may change in place: a sparse
    match's `values` until its `score` is asked for (it is then dense, and `docs` None), the
    scores of a dense one; never a mask."""

    __slots__ = ("_mask", "_score", "docs", "n", "values")

    def __init__(self, mask: np.ndarray, score: np.ndarray | None = None) -> None:
        self._mask: np.ndarray | None = mask
        self._score: np.ndarray | None = score
        self.n = len(mask)
        self.docs: np.ndarray | None = None
        self.values: np.ndarray | None = None

    @classmethod
    def sparse(cls, n: int, docs: np.ndarray, values: np.ndarray) -> Match:
        m = cls.__new__(cls)
        m._mask = m._score = None
        m.n, m.docs, m.values = n, docs, values
        return m

    @property
    def mask(self) -> np.ndarray:
        if self._mask is None:
            self._mask = np.zeros(self.n, dtype=bool)
            self._mask[self.docs] = True
        return self._mask

    @property
    def scored(self) -> bool:
        """False for a dense match that scored nothing (a filter's): its scores are all 0."""
        return self._score is not None or self.docs is not None

    @property
    def score(self) -> np.ndarray:
        if self._score is None:
            self._score = np.zeros(self.n)
            if self.docs is not None:
                self._score[self.docs] = self.values
                self.mask  # noqa: B018 (made before `docs` goes)
                self.docs = self.values = None  # (the arrays are the truth from now on)
        return self._score

    def scores_of(self, docnums: np.ndarray) -> np.ndarray:
        """The scores of these matching docnums."""
        if self.docs is not None and self.values is not None:
            return self.values[self.docs.searchsorted(docnums)]  # type: ignore[no-any-return]
        if self._score is None:
            return np.zeros(len(docnums))
        return self._score[docnums]


def sorted_contains(haystack: np.ndarray, needles: np.ndarray) -> np.ndarray:
    """For each needle, whether the sorted `haystack` holds it."""
    if not len(haystack):
        return np.zeros(len(needles), dtype=bool)
    at = np.minimum(haystack.searchsorted(needles), len(haystack) - 1)
    return haystack[at] == needles


MERGE_RATIO = 32  # sizes within this ratio intersect by merging, further apart by binary search


def sorted_intersection(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The values two sorted arrays of distinct values both hold, sorted. Of similar sizes they
    are merged (a stable sort of the two runs one after the other is a linear merge, where a
    binary search per value costs a cache miss per step); else the shorter is searched for."""
    if not len(a) or not len(b):
        return a[:0]
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if len(small) * MERGE_RATIO < len(large):
        return small[sorted_contains(large, small)]
    both = np.concatenate((a, b))
    both.sort(kind="stable")
    return both[1:][both[1:] == both[:-1]]


@dataclass
class Highlight:
    """What to mark in a hit: normalised needles for the text (and the other parts only a
    field-less term searches: kicker, subtitle, section heads, dateline), for the title and for
    the captions, and which documents can hold any (`may_hold`), so a hit's text is not searched
    for nothing."""

    text: set[str] = field(default_factory=set)
    title: set[str] = field(default_factory=set)
    caption: set[str] = field(default_factory=set)
    # Per group, sorted docnums where an exact needle matched (the group's text holds it);
    # None once a needle is not exact (a word may stand in a text the word index splits).
    holders: dict[str, list[np.ndarray]] | None = field(default_factory=dict)

    def add(self, field_name: str | None, needle: str) -> None:
        """A needle of a term searching `field_name` (None: every text group)."""
        if field_name is None:
            self.text.add(needle)
            self.title.add(needle)
            self.caption.add(needle)
        elif field_name == "title":
            self.title.add(needle)
        elif field_name == "caption":
            self.caption.add(needle)

    def held(self, group: str, ids: np.ndarray) -> None:
        if self.holders is not None:
            self.holders.setdefault(group, []).append(ids)

    def may_hold(self, group: str, docnums: Sequence[int]) -> list[bool]:
        """Whether each document's `group` ("title" or "body", which holds the article text)
        may contain a needle: False only when every needle is exact and matched none there."""
        if self.holders is None:
            return [True] * len(docnums)
        docs = np.array(docnums, dtype=np.int64)
        held = np.zeros(len(docs), dtype=bool)
        for ids in self.holders.get(group, ()):
            if len(ids):
                held |= sorted_contains(ids, docs)
        return held.tolist()  # type: ignore[no-any-return]
