"""A point-in-time view of the index: posting lists read in bulk and per-document tables.

The query engine asks a `Snapshot` for whole posting lists (`Postings`: docnums with counts or
positions, deleted documents left out, read through each segment's `CompactTermsReader`), for
the distinct values of keyword fields, and for tables built once per snapshot and kept until
the index changes: each document's date and group lengths (from the `meta` column), keyword
values per document (for facets), live documents, ids.

Per-document data goes through Whoosh's reader API, with one fast path that reads a fixed-width
column at once (falling back to the public API if Whoosh's internals ever differ).
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import Any

from newsdesk.index.postings import Postings
from newsdesk.index.schema import GROUPS, META

__all__ = ["Snapshot"]

_LITTLE = sys.byteorder == "little"


def _filter(p: Postings, dead: frozenset[int]) -> Postings:
    """A segment's list without its deleted documents."""
    keep = [i for i, d in enumerate(p.ids) if d not in dead]
    ids = [p.ids[i] for i in keep]
    if p.counts is None:
        return Postings(ids, None, None)
    counts = [p.counts[i] for i in keep]
    if p.positions is None:
        return Postings(ids, counts, None)
    starts = [0, *accumulate(p.counts)]
    poses: list[int] = []
    for i in keep:
        poses.extend(p.positions[starts[i] : starts[i + 1]])
    return Postings(ids, counts, poses)


class Snapshot:
    """Everything one search needs from one Whoosh searcher generation."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        # (an empty index has one EmptyReader leaf, with no terms and no documents)
        self.leaves: list[tuple[Any, int]] = [
            (seg, base) for seg, base in self.reader.leaf_readers() if hasattr(seg, "_terms")
        ]
        self.doc_count_all: int = self.reader.doc_count_all()
        self.doc_count: int = self.reader.doc_count()
        self._deleted: list[frozenset[int]] | None = None
        self._meta: tuple[array[int], dict[str, array[int]]] | None = None
        self._avg: dict[str, float] | None = None
        self._by_date: tuple[list[int], list[int]] | None = None
        self._lexicons: dict[str, list[str]] = {}
        self._kw_docs: dict[tuple[str, str], list[int]] = {}
        self._kw_tables: dict[str, tuple[list[str], list[list[int]]]] = {}
        self._live: set[int] | None = None
        self._weights: dict[tuple[str, float, float], list[float]] = {}

    def close(self) -> None:
        self.searcher.close()

    # -- posting lists ------------------------------------------------------------------------

    def _deleted_sets(self) -> list[frozenset[int]]:
        if self._deleted is None:
            sets: list[frozenset[int]] = []
            for seg, _ in self.leaves:
                if not seg.has_deletions():
                    sets.append(frozenset())
                    continue
                fast = getattr(seg, "deleted_docs_set", None)
                if fast is not None:
                    sets.append(frozenset(fast))
                else:  # Whoosh 2.7.4
                    live = set(seg.all_doc_ids())
                    sets.append(frozenset(set(range(seg.doc_count_all())) - live))
            self._deleted = sets
        return self._deleted

    def postings(self, field: str, text: str) -> Postings:
        """A term's posting list with global docnums (ascending); deleted docs left out."""
        key = text.encode("utf-8", "surrogatepass")
        parts: list[Postings] = []
        deleted = self._deleted_sets()
        for (seg, base), dead in zip(self.leaves, deleted, strict=True):
            p = seg._terms.postings(field, key)
            if p is None:
                continue
            if dead:
                p = _filter(p, dead)
            if base:
                p = Postings([d + base for d in p.ids], p.counts, p.positions)
            parts.append(p)
        if len(parts) == 1:
            return parts[0]
        ids: list[int] = []
        counts: list[int] = []
        poses: list[int] = []
        for p in parts:
            ids.extend(p.ids)
            if p.counts is not None:
                counts.extend(p.counts)
            if p.positions is not None:
                poses.extend(p.positions)
        return Postings(ids, counts, poses)

    def doc_frequency(self, field: str, text: str) -> int:
        """Documents holding the term (deleted ones included until their segment merges)."""
        key = text.encode("utf-8", "surrogatepass")
        return sum(seg._terms.doc_frequency(field, key) for seg, _ in self.leaves)

    def has_term(self, field: str, text: str) -> bool:
        key = text.encode("utf-8", "surrogatepass")
        return any((field, key) in seg._terms for seg, _ in self.leaves)

    # -- keyword fields -----------------------------------------------------------------------

    def lexicon(self, field: str) -> list[str]:
        """Distinct values of a keyword field (those of deleted documents may linger)."""
        if field not in self._lexicons:
            values: set[str] = set()
            for seg, _ in self.leaves:
                values.update(b.decode("utf-8") for b in seg.lexicon(field))
            self._lexicons[field] = sorted(values)
        return self._lexicons[field]

    def keyword_docs(self, field: str, value: str) -> list[int]:
        key = (field, value)
        if key not in self._kw_docs:
            self._kw_docs[key] = self.postings(field, value).ids
        return self._kw_docs[key]

    def keyword_table(self, field: str) -> tuple[list[str], list[list[int]]]:
        """The field's values and, per document, the indexes of its values (for facets)."""
        if field not in self._kw_tables:
            values = self.lexicon(field)
            per_doc: list[list[int]] = [[] for _ in range(self.doc_count_all)]
            for vi, value in enumerate(values):
                for d in self.keyword_docs(field, value):
                    per_doc[d].append(vi)
            self._kw_tables[field] = (values, per_doc)
        return self._kw_tables[field]

    # -- per-document numbers -----------------------------------------------------------------

    def _read_meta_segment(self, seg: Any) -> bytes:
        n = seg.doc_count_all()
        size = META.size
        creader = seg.column_reader("meta", translate=False)
        raw = None
        # Fast path: a fixed-width column is one contiguous run of bytes in the segment file.
        dbfile = getattr(creader, "_dbfile", None)
        basepos = getattr(creader, "_basepos", None)
        count = getattr(creader, "_count", None)
        if dbfile is not None and basepos is not None and isinstance(count, int):
            raw = bytes(dbfile.get(basepos, count * size)) if count else b""
            raw += b"\0" * size * (n - count)
        if raw is None or len(raw) != n * size:
            raw = b"".join(bytes(creader[d]) for d in range(n))
        return raw

    def meta(self) -> tuple[array[int], dict[str, array[int]]]:
        """Each document's date (yyyymmdd, 0 unknown) and each group's normalised length."""
        if self._meta is None:
            width = 1 + len(GROUPS)
            flat = array("i")
            for seg, _ in self.leaves:
                flat.frombytes(self._read_meta_segment(seg))
            if not _LITTLE:
                flat.byteswap()
            dates = flat[0::width]
            lengths = {g: flat[1 + k :: width] for k, g in enumerate(GROUPS)}
            self._meta = (dates, lengths)
        return self._meta

    def dates(self) -> array[int]:
        return self.meta()[0]

    def lengths(self, group: str) -> array[int]:
        return self.meta()[1][group]

    def average_length(self, group: str) -> float:
        if self._avg is None:
            lengths = self.meta()[1]
            live = self.live_docs()
            n = max(len(live), 1)
            self._avg = {}
            for g, arr in lengths.items():
                total = sum(arr) if len(live) == self.doc_count_all else sum(arr[d] for d in live)
                self._avg[g] = max(total / n, 1.0)
        return self._avg[group]

    def bm25_weights(self, group: str, boost: float, b: float) -> list[float]:
        """Per document: boost / (1 - b + b * length / average length) of a group (cached)."""
        key = (group, boost, b)
        if key not in self._weights:
            avg = self.average_length(group)
            self._weights[key] = [boost / (1.0 - b + b * n / avg) for n in self.lengths(group)]
        return self._weights[key]

    def live_docs(self) -> set[int]:
        if self._live is None:
            live: set[int] = set()
            for (seg, base), dead in zip(self.leaves, self._deleted_sets(), strict=True):
                rng = range(base, base + seg.doc_count_all())
                live.update(rng if not dead else (d for d in rng if d - base not in dead))
            self._live = live
        return self._live

    def docs_in_date_range(self, low: int | None, high: int | None) -> list[int]:
        """Live documents dated low..high (inclusive); undated documents never match."""
        if self._by_date is None:
            dates = self.dates()
            live = self.live_docs()
            pairs = sorted((dates[d], d) for d in live if dates[d] > 0)
            self._by_date = ([p[0] for p in pairs], [p[1] for p in pairs])
        keys, docs = self._by_date
        i = bisect_left(keys, low) if low is not None else 0
        j = bisect_right(keys, high) if high is not None else len(keys)
        return docs[i:j]

    # -- ids ----------------------------------------------------------------------------------

    def ids_of(self, docnums: Iterable[int]) -> list[str]:
        stored = self.reader.stored_fields
        return [stored(d)["id"] for d in docnums]

    def docnums_of(self, ids: Iterable[str]) -> set[int]:
        out: set[int] = set()
        for aid in ids:
            out.update(self.postings("id", aid).ids)
        return out

    def all_ids(self) -> set[str]:
        stored = self.reader.stored_fields
        return {stored(d)["id"] for d in self.live_docs()}
