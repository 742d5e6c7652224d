"""A point-in-time view of the index: posting lists read in bulk and per-document tables.

The query engine asks a `Snapshot` for whole posting lists ((docnum, value) pairs with deleted
documents left out), for the distinct values of keyword fields, and for tables built once per
snapshot and kept until the index changes: each document's date and group lengths (from the
`meta` column), keyword values per document (for facets), live documents, ids.

Reading goes through Whoosh's public reader API; two fast paths read a Whoosh 2.7/3 posting
block or fixed-width column at once instead of one Python call per posting, and fall back to
the public API if those internals ever differ.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import WrappingMatcher

from newsdesk.index.schema import GROUPS, META

__all__ = ["Snapshot"]

_LITTLE = sys.byteorder == "little"


def _leaf_items(m: Any, values: bool) -> tuple[list[int], list[Any]]:
    """Every (id, value) of a fresh leaf matcher, block by block when it is a W3 matcher."""
    ids: list[int] = []
    vals: list[Any] = []
    if type(m) is W3LeafMatcher and hasattr(m, "_read_ids") and hasattr(m, "_next_block"):
        while m.is_active():
            m._read_ids()
            ids.extend(m._ids)
            if values:
                m._read_values()
                vals.extend(m._values)
            m._next_block()
        return ids, vals
    if not values:
        # (Inlined lists of a format without values hold no values: all_items() yields nothing.)
        return list(m.all_ids()), vals
    for docnum, value in m.all_items():
        ids.append(docnum)
        vals.append(value)
    return ids, vals


class Snapshot:
    """Everything one search needs from one Whoosh searcher generation."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.leaves: list[tuple[Any, int]] = list(self.reader.leaf_readers())
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

    def postings(self, field: str, text: str, values: bool = True) -> tuple[list[int], list[Any]]:
        """Global docnums (ascending) and encoded values of a term; deleted docs left out."""
        all_ids: list[int] = []
        all_vals: list[Any] = []
        deleted = self._deleted_sets()
        for (seg, base), dead in zip(self.leaves, deleted, strict=True):
            if (field, text) not in seg:
                continue
            m = seg.postings(field, text)
            while isinstance(m, WrappingMatcher):
                m = m.child
            ids, vals = _leaf_items(m, values)
            if dead:
                keep = [i for i, d in enumerate(ids) if d not in dead]
                ids = [ids[i] for i in keep]
                if values:
                    vals = [vals[i] for i in keep]
            if base:
                ids = [d + base for d in ids]
            all_ids.extend(ids)
            all_vals.extend(vals)
        return all_ids, all_vals

    def doc_frequency(self, field: str, text: str) -> int:
        """Documents holding the term (deleted ones included until their segment merges)."""
        return sum(seg.doc_frequency(field, text) for seg, _ in self.leaves if (field, text) in seg)

    def has_term(self, field: str, text: str) -> bool:
        return any((field, text) in seg for seg, _ in self.leaves)

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
            self._kw_docs[key] = self.postings(field, value, values=False)[0]
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
            out.update(self.postings("id", aid, values=False)[0])
        return out

    def all_ids(self) -> set[str]:
        stored = self.reader.stored_fields
        return {stored(d)["id"] for d in self.live_docs()}
