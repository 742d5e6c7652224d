"""A point-in-time view of the index: posting lists read in bulk and per-document tables.

The query engine asks a `Snapshot` for whole posting lists (`Postings` of numpy arrays: docnums
with counts, deleted documents left out, read through each segment's `CompactTermsReader`), for
the positions of chosen documents of a positional list (`positions`: a long list's are read in
place from the segment file), for the distinct values of keyword fields, and for tables built
once per snapshot and kept until the index changes: which documents are live, each document's
date and BM25 length weights (from the `meta` column), keyword values per document (for
facets), ids (from the `id` column).

Per-document data goes through Whoosh's reader API, with one fast path that reads a fixed-width
column at once (falling back to the public API if Whoosh's internals ever differ).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

import numpy as np

from newsdesk.index.postings import Positions, Postings, slices_index
from newsdesk.index.schema import GROUP_BOOST, GROUPS, META
from newsdesk.zh.normalize import fold

__all__ = ["Snapshot"]

_EMPTY = np.zeros(0, dtype=np.int64)
CACHE_BYTES = 96 << 20  # decoded long posting lists kept per snapshot
SMALL_CACHE_BYTES = 16 << 20  # and short ones (under LARGE_BYTES each)
LARGE_BYTES = 16 << 10
FEW_VALUES = 16  # values of a keyword field read one by one until all of its lists are read
FEW_IDS = 1000  # docnums whose ids are read one by one until every id is read once
BM25_B = 0.75  # the engine's length normalisation (its weights are built here, once)
ENTRY_BYTES = 400  # what a cache entry costs besides its arrays (keys, tuple, array headers)
STATS_MAX = 200_000  # remembered document frequencies per snapshot (then forgotten at once)


class _Part:
    """One segment's share of a cached positional list: its first index in the list, the
    indexes in the segment's own list of the documents kept (None: all), and its positions."""

    __slots__ = ("keep", "lo", "positions")

    def __init__(self, lo: int, keep: np.ndarray | None, positions: Positions) -> None:
        self.lo = lo
        self.keep = keep
        self.positions = positions

    @property
    def nbytes(self) -> int:
        return self.positions.nbytes + (self.keep.nbytes if self.keep is not None else 0)


class _Entry:
    """A cached posting list (and, for a positional one, where to read its positions)."""

    __slots__ = ("parts", "postings", "size")

    def __init__(self, postings: Postings, parts: list[_Part]) -> None:
        self.postings = postings
        self.parts = parts
        self.size = (
            ENTRY_BYTES + sum(a.nbytes for a in postings if a is not None) + sum(p.nbytes for p in parts)
        )


class _Pool:
    """Least-recently-used entries within a byte budget."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.entries: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
        self.bytes = 0

    def get(self, key: tuple[str, str]) -> _Entry | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    def put(self, key: tuple[str, str], entry: _Entry) -> None:
        self.entries[key] = entry
        self.bytes += entry.size
        while self.bytes > self.budget and len(self.entries) > 1:
            _, old = self.entries.popitem(last=False)
            self.bytes -= old.size


def _concat(parts: list[Postings]) -> Postings:
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return Postings(_EMPTY, _EMPTY, None)
    counts = [p.counts for p in parts if p.counts is not None]
    return Postings(np.concatenate([p.ids for p in parts]), np.concatenate(counts) if counts else None, None)


class Snapshot:
    """Everything one search needs from one generation of the index (a Whoosh reader)."""

    def __init__(self, reader: Any, index: Any = None) -> None:
        self.reader = reader
        self._index = index  # (asked whether a newer generation was committed)
        # (an empty index has one EmptyReader leaf, with no terms and no documents)
        self.leaves: list[tuple[Any, int]] = [
            (seg, base) for seg, base in self.reader.leaf_readers() if hasattr(seg, "_terms")
        ]
        self.doc_count_all: int = self.reader.doc_count_all()
        self.doc_count: int = self.reader.doc_count()
        self._deleted: list[frozenset[int]] | None = None
        self._meta: tuple[np.ndarray, dict[str, np.ndarray]] | None = None
        self._avg: dict[str, float] | None = None
        self._lexicons: dict[str, list[str]] = {}
        self._folded: dict[str, list[tuple[str, str]]] = {}
        self._joined: dict[str, tuple[str, list[int]]] = {}
        self._pools = (_Pool(CACHE_BYTES), _Pool(SMALL_CACHE_BYTES))  # long lists, short lists
        self._df: dict[tuple[str, str], int] = {}
        self._kw_tables: dict[str, tuple[list[str], list[list[int]]]] = {}
        self._kw_postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._live: np.ndarray | None = None
        self._weights: dict[tuple[str, float, float], np.ndarray] = {}
        self._ids: list[tuple[int, bytes, array]] | None = None
        self._id_columns: list[_IdColumn | None] | None = None
        self.verified = False  # whether the index's files were verified (once, when in doubt)

    def close(self) -> None:
        self.reader.close()

    def up_to_date(self) -> bool:
        """Whether no newer generation of the index was committed since this one was read."""
        return self._index is None or self._index.latest_generation() == self.reader.generation()

    def warm_up(self) -> None:
        """Build the per-document tables, load every segment's term tables, gather the values
        and docnums of the keyword fields a term is looked for in, and read every id."""
        for g in GROUPS:
            self.bm25_weights(g, GROUP_BOOST[g], BM25_B)
        for seg, _ in self.leaves:
            seg._terms.warm_up()
        for k in ("author", "section", "source"):
            self.values_containing(k, "")
            self.keyword_postings(k)
        self._id_table()

    def prefault(self, budget: int) -> int:
        """Read up to `budget` bytes of the segments' files into the page cache (see
        `CompactTermsReader.prefault`); the bytes done."""
        done = 0
        for seg, _ in self.leaves:
            done += seg._terms.prefault(budget - done)
        return done

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
        """A term's posting list with global docnums (ascending); deleted docs left out; no
        positions (`positions` reads those).

        Lists are kept (read-only) for the snapshot's life, least recently used out first, in
        two pools so that many rare grams never push out the long lists of frequent ones:
        frequent characters and grams recur across queries and across the keystrokes of one
        query, and a rare gram is read from every segment at most once."""
        return self._entry(field, text).postings

    def positions(self, field: str, text: str, sel: np.ndarray | None = None) -> np.ndarray:
        """The positions (int64) of the documents at ascending indexes `sel` (None: all) of a
        positional list, one document after another (a long list's are read in place, only
        theirs)."""
        entry = self._entry(field, text)
        out = []
        for i, part in enumerate(entry.parts):
            sub = sel
            if sel is not None and len(entry.parts) > 1:
                hi = entry.parts[i + 1].lo if i + 1 < len(entry.parts) else len(entry.postings.ids)
                a, b = sel.searchsorted((part.lo, hi))
                sub = sel[a:b] - part.lo
            if part.keep is not None:
                sub = part.keep if sub is None else part.keep[sub]
            if sub is None or len(sub):
                out.append(part.positions.take(sub))
        if not out:
            return _EMPTY
        return out[0] if len(out) == 1 else np.concatenate(out)

    def _entry(self, field: str, text: str) -> _Entry:
        key = (field, text)
        for pool in self._pools:
            entry = pool.get(key)
            if entry is not None:
                return entry
        p, parts = self._read_postings(field, text)
        for a in p:
            if a is not None:
                a.flags.writeable = False
        entry = _Entry(p, parts)
        (self._pools[0] if entry.size >= LARGE_BYTES else self._pools[1]).put(key, entry)
        return entry

    def _read_postings(self, field: str, text: str) -> tuple[Postings, list[_Part]]:
        key = text.encode("utf-8", "surrogatepass")
        parts: list[Postings] = []
        where: list[_Part] = []
        at = 0
        deleted = self._deleted_sets()
        for (seg, base), dead in zip(self.leaves, deleted, strict=True):
            found = seg._terms.lazy(field, key)
            if found is None:
                continue
            p, positions = found
            ids = p.ids + base if base else p.ids
            keep = None
            if dead:
                keep = self.live_mask()[ids].nonzero()[0]
                ids = ids[keep]
                p = Postings(ids, p.counts[keep] if p.counts is not None else None, None)  # type: ignore[call-overload]
            elif base:
                p = Postings(ids, p.counts, None)
            if positions is not None:
                where.append(_Part(at, keep, positions))
            at += len(ids)
            parts.append(p)
        return _concat(parts), where

    def doc_frequency(self, field: str, text: str) -> int:
        """Documents holding the term (deleted ones included until their segment merges)."""
        key = (field, text)
        df = self._df.get(key)
        if df is None:
            btext = text.encode("utf-8", "surrogatepass")
            df = 0
            for seg, _ in self.leaves:
                df += seg._terms.doc_frequency(field, btext)
            if len(self._df) >= STATS_MAX:
                self._df.clear()
            self._df[key] = df
        return df

    def has_term(self, field: str, text: str) -> bool:
        return self.doc_frequency(field, text) > 0

    # -- keyword fields -----------------------------------------------------------------------

    def lexicon(self, field: str) -> list[str]:
        """Distinct values of a keyword field (those of deleted documents may linger)."""
        if field not in self._lexicons:
            values: set[str] = set()
            for seg, _ in self.leaves:
                values.update(b.decode("utf-8") for b in seg.lexicon(field))
            self._lexicons[field] = sorted(values)
        return self._lexicons[field]

    def folded_lexicon(self, field: str) -> list[tuple[str, str]]:
        """(search form, value) of each distinct value of a keyword field."""
        if field not in self._folded:
            self._folded[field] = [(fold(v), v) for v in self.lexicon(field)]
        return self._folded[field]

    def values_containing(self, field: str, text: str) -> list[int]:
        """Indexes (in `lexicon(field)`) of the values of a keyword field whose search form
        contains `text` (in search form).

        One search over all of them joined by NUL (which no search form holds), not one per
        value."""
        if field not in self._joined:
            folded = self.folded_lexicon(field)
            starts, at = [], 0
            for norm, _ in folded:
                starts.append(at)
                at += len(norm) + 1
            self._joined[field] = ("\0".join(n for n, _ in folded), starts)
        joined, starts = self._joined[field]
        if not text or text not in joined:
            return []
        found: dict[int, None] = {}
        i = joined.find(text)
        while i >= 0:
            found[bisect_right(starts, i) - 1] = None
            i = joined.find(text, i + 1)
        return list(found)

    def keyword_postings(self, field: str) -> tuple[np.ndarray, np.ndarray]:
        """Every value's docnums at once (value i of `lexicon(field)`: `docs[starts[i]:
        starts[i + 1]]`), so that a term found in many values costs no lookup per value."""
        if field not in self._kw_postings:
            # (read past the list cache: a field may have thousands of values)
            lists = [self._read_postings(field, v)[0].ids for v in self.lexicon(field)]
            starts = np.zeros(len(lists) + 1, dtype=np.int64)
            np.cumsum([len(a) for a in lists], out=starts[1:])
            docs = np.concatenate(lists) if lists else _EMPTY
            self._kw_postings[field] = (docs, starts)
        return self._kw_postings[field]

    def keyword_docnums(self, field: str, values: list[int]) -> np.ndarray:
        """The docnums of the values at these indexes of `lexicon(field)`, in one gather (or,
        before the field's lists are read, of a few values from their own lists)."""
        if field not in self._kw_postings and len(values) <= FEW_VALUES:
            lexicon = self.lexicon(field)
            lists = [self.postings(field, lexicon[i]).ids for i in values]
            return np.concatenate(lists) if lists else _EMPTY
        docs, starts = self.keyword_postings(field)
        at = np.array(values, dtype=np.int64)
        return docs[slices_index(starts[at], starts[at + 1] - starts[at])]

    def keyword_table(self, field: str) -> tuple[list[str], list[list[int]]]:
        """The field's values and, per document, the indexes of its values (for facets)."""
        if field not in self._kw_tables:
            values = self.lexicon(field)
            per_doc: list[list[int]] = [[] for _ in range(self.doc_count_all)]
            docs, starts = self.keyword_postings(field)
            for vi in range(len(values)):
                for d in docs[starts[vi] : starts[vi + 1]].tolist():
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

    def meta(self) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Each document's date (yyyymmdd, 0 unknown) and each group's normalised length (a
        view of the table as read: a first search converts only what it uses)."""
        if self._meta is None:
            width = 1 + len(GROUPS)
            parts = [self._read_meta_segment(seg) for seg, _ in self.leaves]
            raw = parts[0] if len(parts) == 1 else b"".join(parts)
            table = np.frombuffer(raw, dtype="<i4").reshape(-1, width)
            dates = table[:, 0].astype(np.int64)
            lengths = {g: table[:, 1 + k] for k, g in enumerate(GROUPS)}
            self._meta = (dates, lengths)
        return self._meta

    def dates(self) -> np.ndarray:
        return self.meta()[0]

    def lengths(self, group: str) -> np.ndarray:
        return self.meta()[1][group]

    def average_length(self, group: str) -> float:
        if self._avg is None:
            live = self.live_mask()
            count = int(live.sum())
            whole = count == len(live)  # (no deletions: sum the column as it stands, no copy)
            n = max(count, 1)
            self._avg = {
                g: max(float(arr.sum(dtype=np.int64) if whole else arr[live].sum(dtype=np.int64)) / n, 1.0)
                for g, arr in self.meta()[1].items()
            }
        return self._avg[group]

    def bm25_weights(self, group: str, boost: float, b: float) -> np.ndarray:
        """Per document: boost / (1 - b + b * length / average length) of a group (cached)."""
        key = (group, boost, b)
        if key not in self._weights:
            w = self.lengths(group) * b  # (one new array; the same steps as b * length / avg)
            w /= self.average_length(group)
            w += 1.0 - b
            np.divide(boost, w, out=w)
            self._weights[key] = w
        return self._weights[key]

    def live_mask(self) -> np.ndarray:
        """True for each document not deleted."""
        if self._live is None:
            live = np.ones(self.doc_count_all, dtype=bool)
            for (_, base), dead in zip(self.leaves, self._deleted_sets(), strict=True):
                if dead:
                    live[np.fromiter(dead, dtype=np.int64, count=len(dead)) + base] = False
            self._live = live
        return self._live

    def date_mask(self, low: int | None, high: int | None) -> np.ndarray:
        """Live documents dated low..high (inclusive); undated documents never match."""
        dates = self.dates()
        mask = self.live_mask() & (dates > 0)
        if low is not None:
            mask &= dates >= low
        if high is not None:
            mask &= dates <= high
        return mask

    # -- ids ----------------------------------------------------------------------------------

    def _id_table(self) -> list[tuple[int, bytes, array]]:
        """Per segment: its first docnum, every id's bytes run together, and where each
        document's id starts in them (one more entry: the end), read once per snapshot."""
        if self._ids is None:
            self._ids = [(base, *_read_ids(seg)) for seg, base in self.leaves]
        return self._ids

    def ids_of(self, docnums: Iterable[int]) -> list[str]:
        if self._ids is None:
            docnums = list(docnums)
            if len(docnums) <= FEW_IDS:  # (a page of hits: its ids alone, not every id)
                return [self._id_at(d) for d in docnums]
        table = self._id_table()
        bases = [base for base, _, _ in table]
        out = []
        for d in docnums:
            base, blob, starts = table[bisect_right(bases, d) - 1]
            d -= base
            out.append(blob[starts[d] : starts[d + 1]].decode("utf-8"))
        return out

    def _id_at(self, docnum: int) -> str:
        """One document's id, read from its segment's `id` column where it stands."""
        bases = [base for _, base in self.leaves]
        at = bisect_right(bases, docnum) - 1
        seg, base = self.leaves[at]
        if self._id_columns is None:
            self._id_columns = [None] * len(self.leaves)
        column = self._id_columns[at]
        if column is None:
            column = self._id_columns[at] = _IdColumn(seg)
        return column.id(docnum - base)

    def docnums_of(self, ids: Iterable[str]) -> set[int]:
        out: set[int] = set()
        for aid in ids:
            out.update(self.postings("id", aid).ids.tolist())
        return out

    def all_ids(self) -> set[str]:
        return set(self.ids_of(np.flatnonzero(self.live_mask()).tolist()))


class _IdColumn:
    """A segment's `id` column read one id at a time: where each ends (when its values are one
    contiguous run of bytes in the segment file: `ends`, else None), and the bytes of those asked
    for (a first page needs 20 ids, not a million: 14 MB at a million articles)."""

    def __init__(self, seg: Any) -> None:
        self.reader = seg.column_reader("id", translate=False)
        self.ends: np.ndarray | None = None
        lengths = getattr(self.reader, "_lengths", None)
        self.dbfile = getattr(self.reader, "_dbfile", None)
        self.basepos = getattr(self.reader, "_basepos", None)
        usable = lengths is not None and self.dbfile is not None and isinstance(self.basepos, int)
        if usable and len(lengths) == seg.doc_count_all():  # type: ignore[arg-type]
            self.ends = np.cumsum(np.asarray(lengths, dtype=np.int64))

    def id(self, d: int) -> str:
        if self.ends is None:
            return bytes(self.reader[d]).decode("utf-8")
        end = int(self.ends[d])
        start = int(self.ends[d - 1]) if d else 0
        return bytes(self.dbfile.get(self.basepos + start, end - start)).decode("utf-8")  # type: ignore[union-attr]


def _read_ids(seg: Any) -> tuple[bytes, array]:
    """A segment's `id` column as (every id's bytes run together, where each starts; one more
    entry: the end)."""
    column = _IdColumn(seg)
    if column.ends is not None:  # (one contiguous run of bytes in the segment file)
        ends = column.ends
        size = int(ends[-1]) if len(ends) else 0
        blob = bytes(column.dbfile.get(column.basepos, size)) if size else b""
    else:
        values = [bytes(column.reader[d]) for d in range(seg.doc_count_all())]
        ends = np.cumsum([len(v) for v in values], dtype=np.int64)
        blob = b"".join(values)
    starts = array("q", [0])
    starts.frombytes(ends.tobytes())  # (int64 either way)
    return blob, starts
