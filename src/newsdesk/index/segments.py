"""Writing index segments straight from articles, and merging segments, in newsdesk's codec.

Whoosh's own writer sends every posting through a pool (one tuple per posting, pickled to
temporary runs, sorted and merged back) and merges by re-adding every posting of the merged
segments the same way: tens of Python calls per posting. Here a `SegmentBuilder` collects each
term's postings of a batch in one `array` per term, and writes each list once, sorted by term,
through `CompactFieldWriter`; `merge` reads each term's list from every input segment as a
whole (decoded at C speed), shifts the document numbers, leaves deleted documents out and
writes it again. Per-document data (the stored id and the `meta` column) goes through Whoosh's
W3 per-document writer in both cases.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Callable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

import numpy as np
from whoosh.reading import SegmentReader

from newsdesk.domain import Article
from newsdesk.index.codec import CompactCodec, CompactFieldWriter, CompactTermsReader, kind_of
from newsdesk.index.postings import (
    COUNTS,
    IDS,
    POSITIONS,
    decode,
    decode_arrays,
    encode,
    encode_arrays,
    rebased,
)
from newsdesk.index.schema import fields_of
from newsdesk.zh.analysis import CharTokenizer, GramTokenizer, WordTokenizer

__all__ = ["SegmentBuilder", "merge"]

LONG_LIST = 256  # encoded bytes from which a term's lists are merged as numpy arrays
STEP_TERMS = 50_000  # input terms merged between two calls of a merge's `step`
_GRAMS = GramTokenizer(2)
_CHARS = CharTokenizer()
_WORDS = WordTokenizer()


def _b(term: str) -> bytes:
    return term.encode("utf-8", "surrogatepass")


class SegmentBuilder:
    """Articles in, one new segment out (`finish`)."""

    def __init__(self, storage: Any, indexname: str, schema: Any, segment: Any = None) -> None:
        self.codec = CompactCodec()
        self.segment = self.codec.new_segment(storage, indexname) if segment is None else segment
        self.storage = self._storage = storage
        self._schema = schema
        self._perdoc = self.codec.per_document_writer(storage, self.segment)
        self._id_field = schema["id"]
        self._meta_column = schema["meta"].column_type
        self._id_column = schema["id"].column_type
        self.ids: list[str] = []
        self.chars = 0
        # per field, per term, one array: POSITIONS [doc, n, p1..pn, doc, n, ...],
        # COUNTS [doc, n, doc, n, ...], IDS [doc, doc, ...]
        self._acc: dict[str, dict[str, array[int]]] = {
            name: {} for name in schema.names() if schema[name].indexed
        }

    def add(self, article: Article) -> int:
        """Add one article; returns its document number in this segment."""
        docnum = len(self.ids)
        aid, texts, keywords, meta = fields_of(article)
        acc = self._acc
        for group, text in texts.items():
            self.chars += len(text)
            d = acc[group]
            grams = _GRAMS.postings(text)
            while grams:  # (popped: each gram's positions are freed once copied)
                gram, poses = grams.popitem()
                a = d.get(gram)
                if a is None:
                    d[gram] = a = array("I")
                a.append(docnum)
                a.append(len(poses))
                a.extend(poses)
            for field, counts in ((group + "_c", _CHARS.counts(text)), (group + "_w", _WORDS.counts(text))):
                d = acc[field]
                for term, n in counts.items():
                    a = d.get(term)
                    if a is None:
                        d[term] = a = array("I")
                    a.append(docnum)
                    a.append(n)
        for name, values in (("id", [aid]), *keywords.items()):
            d = acc[name]
            for v in values:
                a = d.get(v)
                if a is None:
                    d[v] = a = array("I")
                a.append(docnum)
        pd = self._perdoc
        pd.start_doc(docnum)
        pd.add_field("id", self._id_field, aid, None)
        pd.add_column_value("id", self._id_column, aid.encode("utf-8"))
        pd.add_column_value("meta", self._meta_column, meta)
        pd.finish_doc()
        self.ids.append(aid)
        return docnum

    def finish(self) -> Any:
        """Write the segment's files; returns the Whoosh segment (to list in a TOC)."""
        self._perdoc.close()
        fw = CompactFieldWriter(self._storage, self.segment)
        for name in sorted(self._acc):
            terms = self._acc[name]
            if not terms:
                continue
            kind = kind_of(self._schema[name])
            fw.start_kind(name, kind)
            for term in sorted(terms):
                a = terms[term]
                if kind == IDS:
                    fw.write_term(_b(term), encode(IDS, a), len(a))
                elif kind == COUNTS:
                    ids = a[0::2]
                    fw.write_term(_b(term), encode(COUNTS, ids, a[1::2]), len(ids))
                else:
                    ids, counts, poses = _split_positions(a)
                    fw.write_term(_b(term), encode(POSITIONS, ids, counts, poses), len(ids))
            fw.finish_field()
            self._acc[name] = {}
        fw.close()
        self.segment.set_doc_count(len(self.ids))
        return self.segment

    def cancel(self) -> None:
        if not self._perdoc.is_closed:
            self._perdoc.close()
        self._acc.clear()


def _split_positions(a: array[int]) -> tuple[Sequence[int], Sequence[int], Sequence[int]]:
    """[doc, n, p1..pn, ...] → (docs, counts, positions)."""
    if len(a) == 3:  # one document, one position: most bigrams of a batch
        return a[0:1], a[1:2], a[2:3]
    ids: list[int] = []
    counts: list[int] = []
    poses = array("I")
    i, end = 0, len(a)
    while i < end:
        n = a[i + 1]
        ids.append(a[i])
        counts.append(n)
        poses.extend(a[i + 2 : i + 2 + n])
        i += 2 + n
    return ids, counts, poses


# -- merging ------------------------------------------------------------------------------------


def _docmap(seg: Any) -> tuple[list[int] | None, int]:
    """Old → new docnum within the merged part (None: no deletions), and live count."""
    n = seg.doc_count_all()
    if not seg.has_deletions():
        return None, n
    dead = set(seg.deleted_docs())
    out: list[int] = []
    live = 0
    for d in range(n):
        if d in dead:
            out.append(-1)
        else:
            out.append(live)
            live += 1
    return out, live


def _rebase(kind: int, blob: bytes, base: int, docmap: list[int] | None) -> tuple[list[int], Any, Any]:
    p = decode(kind, blob)
    if docmap is None:
        ids = [d + base for d in p.ids] if base else p.ids
        return ids, p.counts, p.positions
    ids: list[int] = []
    counts: list[int] = []
    poses: list[int] = []
    at = 0
    for i, d in enumerate(p.ids):
        new = docmap[d]
        n = p.counts[i] if kind == POSITIONS else 0  # type: ignore[index]
        if new >= 0:
            ids.append(new + base)
            if kind == COUNTS:
                counts.append(p.counts[i])  # type: ignore[index]
            elif kind == POSITIONS:
                counts.append(n)
                poses.extend(p.positions[at : at + n])  # type: ignore[index]
        at += n
    return ids, counts, poses


def merge(
    storage: Any,
    indexname: str,
    schema: Any,
    segments: Sequence[Any],
    *,
    written: list[Any] | None = None,
    step: Callable[[int, int], None] | None = None,
) -> Any | None:
    """One segment holding the live documents of `segments` in order; None if none is live.

    The new segment goes into `written` as soon as it exists (so that a writer cancelled
    half-way deletes its files). `step(done, total)` is called every `STEP_TERMS` input terms
    (and at the start and end); it may raise to stop the merge."""
    readers = [SegmentReader(storage, schema, seg) for seg in segments]
    try:
        maps = [_docmap(seg) for seg in segments]
        bases: list[int] = []
        total = 0
        for _, live in maps:
            bases.append(total)
            total += live
        if total == 0:
            return None
        np_maps = [None if m is None else np.array(m, dtype=np.int64) for m, _ in maps]
        codec = CompactCodec()
        out = codec.new_segment(storage, indexname)
        if written is not None:
            written.append(out)
        names = sorted(n for n in schema.names() if schema[n].indexed)
        terms = [r._terms for r in readers]
        todo = sum(t.table(name).n for t in terms for name in names if t.table(name) is not None)
        done, report = 0, STEP_TERMS
        if step is not None:
            step(0, todo)
        _merge_per_doc(codec, storage, out, schema, readers, maps)
        fw = CompactFieldWriter(storage, out)
        try:
            for name in names:
                kind = kind_of(schema[name])
                started = False
                for btext, parts in _merged_terms(name, terms):
                    done += len(parts)
                    if step is not None and done >= report:
                        step(done, todo)
                        report = done + STEP_TERMS
                    merged = _merged_list(kind, parts, maps, np_maps, bases)
                    if merged is None:
                        continue
                    if not started:
                        fw.start_kind(name, kind)
                        started = True
                    fw.write_term(btext, *merged)
                if started:
                    fw.finish_field()
        except BaseException:
            fw.abort()
            raise
        fw.close()
        out.set_doc_count(total)
        if step is not None:
            step(todo, todo)
        return out
    finally:
        for r in readers:
            r.close()


def _merged_list(
    kind: int,
    parts: list[tuple[int, bytes, int]],
    maps: Sequence[tuple[list[int] | None, int]],
    np_maps: Sequence[np.ndarray | None],
    bases: Sequence[int],
) -> tuple[bytes, int] | None:
    """One term's merged list (encoded, and its document count), or None when every document
    of it was deleted: a lone list without deletions is copied (or its first docnum patched);
    long lists are merged as numpy arrays, short ones as Python lists."""
    if len(parts) == 1:
        k, blob, df = parts[0]
        if maps[k][0] is None:
            out = blob if not bases[k] else rebased(blob, bases[k])
            if out is not None:
                return out, df
    if sum(len(blob) for _, blob, _ in parts) >= LONG_LIST:
        return _merged_arrays(kind, parts, np_maps, bases)
    ids: list[int] = []
    counts: list[int] = []
    poses: list[int] = []
    for k, blob, _ in parts:
        i, c, p = _rebase(kind, blob, bases[k], maps[k][0])
        if not i:
            continue
        ids.extend(i)
        if kind != IDS:
            counts.extend(c)
        if kind == POSITIONS:
            poses.extend(p)
    if not ids:
        return None
    return encode(kind, ids, counts, poses), len(ids)


def _merged_arrays(
    kind: int, parts: list[tuple[int, bytes, int]], np_maps: Sequence[np.ndarray | None], bases: Sequence[int]
) -> tuple[bytes, int] | None:
    ids: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    poses: list[np.ndarray] = []
    for k, blob, _ in parts:
        p = decode_arrays(kind, blob, narrow=True)  # (positions as stored: encoding narrows anyway)
        i, c, pos = p.ids, p.counts, p.positions
        docmap = np_maps[k]
        if docmap is not None:
            new = docmap[i]
            keep = new >= 0
            i = new[keep]
            if kind == POSITIONS:
                pos = pos[np.repeat(keep, c)]  # type: ignore[index, arg-type]
            if c is not None:
                c = c[keep]  # type: ignore[index, call-overload]
        ids.append(i + bases[k])
        if c is not None:
            counts.append(np.asarray(c))
        if pos is not None:
            poses.append(np.asarray(pos))
    all_ids = np.concatenate(ids)
    if not len(all_ids):
        return None
    return (
        encode_arrays(
            kind,
            all_ids,
            np.concatenate(counts) if counts else None,
            np.concatenate(poses) if poses else None,
        ),
        len(all_ids),
    )


def _tagged(tr: CompactTermsReader, name: str, k: int) -> Iterator[tuple[bytes, int, bytes, int]]:
    for t, blob, df in tr.field_items(name):
        yield t, k, blob, df


def _merged_terms(
    name: str, terms: Sequence[CompactTermsReader]
) -> Iterator[tuple[bytes, list[tuple[int, bytes, int]]]]:
    """(term, [(segment index, encoded list, document count)]) in term order across the segments."""
    streams = [_tagged(tr, name, k) for k, tr in enumerate(terms)]
    for btext, group in groupby(heapq.merge(*streams), key=itemgetter(0)):
        yield btext, [(k, blob, df) for _, k, blob, df in group]


def _merge_per_doc(
    codec: Any, storage: Any, out: Any, schema: Any, readers: Sequence[Any], maps: Sequence[tuple[Any, int]]
) -> None:
    pd = codec.per_document_writer(storage, out)
    id_field = schema["id"]
    meta_col = schema["meta"].column_type
    id_col = id_field.column_type
    new = 0
    for r, (docmap, _) in zip(readers, maps, strict=True):
        creader = r.column_reader("meta", translate=False)
        stored = r.stored_fields
        for d in range(r.doc_count_all()):
            if docmap is not None and docmap[d] < 0:
                continue
            pd.start_doc(new)
            aid = stored(d)["id"]
            pd.add_field("id", id_field, aid, None)
            pd.add_column_value("id", id_col, aid.encode("utf-8"))
            pd.add_column_value("meta", meta_col, creader[d])
            pd.finish_doc()
            new += 1
    pd.close()
