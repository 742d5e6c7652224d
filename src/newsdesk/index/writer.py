"""One batch of index changes: add (replace by id) and delete, committed or cancelled as a whole.

An `IndexWriter` holds Whoosh's write lock (an OS file lock, released if the process dies) from
creation to `commit` or `cancel`. Added articles go straight into a `SegmentBuilder`, which is
written out as a segment every `FLUSH_CHARS` characters and at commit (past `PARALLEL_MIN`
articles, most go to a `RemoteBuilder` instead: a builder in a worker process, see
`newsdesk.index.building`, whose segments are listed at commit); an article replaces any
earlier document with its id (in committed segments, in this batch's segments, or earlier in
this batch) by marking that document deleted. Commit writes a new Whoosh table of contents
(TOC) listing the segments, each with its files' sizes and checksums (`integrity`: recorded
once a segment's files are written, verified before a merge reads them); until then readers
see the previous generation, and files of a batch that was cancelled or died belong to no TOC
and are swept by the next commit.

Merging is tiered: a tier holds segments of under `BASE` × `FANOUT`^k documents; when `FANOUT`
segments share a tier they merge into one of the next tier, and a segment that is mostly
deletions is merged on its own, so each article is rewritten about log_FANOUT(total / batch)
times. After a large batch (a whole import, a re-index) `commit(settle=True)` also leaves at most
two segments (`plan_settle`): every segment a search reads costs a term lookup and a decode per
gram, so a freshly imported archive answers from one or two.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from whoosh.index import clean_files

from newsdesk.domain import Article
from newsdesk.index import building
from newsdesk.index.building import RemoteBuilder
from newsdesk.index.codec import CompactTermsReader
from newsdesk.index.integrity import record, verify_segments, write_toc
from newsdesk.index.segments import SegmentBuilder, merge

__all__ = ["IndexWriter", "WriterBusy", "plan_merges", "plan_settle"]

FLUSH_CHARS = 6_000_000
PARALLEL_MIN = 500  # articles a writer is given before the worker builds some too
BACKLOG_CHARS = 3_000_000  # characters the worker may have waiting (what a commit waits for)
WORKER_SHARE = 0.6  # of the characters a writer is given, what the worker builds
BASE = 2000
FANOUT = 4
BULK_FANOUT = 10  # of a batch a settling merge follows (a large import): fewer rewrites meanwhile


class WriterBusy(Exception):
    """Another writer holds the index's write lock."""


def _tier(docs: int, fanout: int) -> int:
    k = 0
    while docs >= BASE * fanout**k:
        k += 1
    return k


def plan_merges(segments: Sequence[Any], fanout: int | None = None) -> tuple[list[Any], list[list[Any]]]:
    """The segments to keep as they are, and the groups to merge (each into one segment):
    the lowest tier holding `fanout` (default `FANOUT`) segments, and each segment that is
    mostly deletions."""
    fanout = fanout or FANOUT
    tiers: dict[int, list[Any]] = defaultdict(list)
    groups: list[list[Any]] = []
    for seg in segments:
        total = seg.doc_count_all()
        if total and seg.deleted_count() * 2 > total:
            groups.append([seg])
        else:
            tiers[_tier(seg.doc_count(), fanout)].append(seg)
    for tier in sorted(tiers):
        if len(tiers[tier]) >= fanout:
            groups.append(tiers.pop(tier))
            break
    keep = [s for tier in sorted(tiers) for s in tiers[tier]]
    return keep, groups


def plan_settle(segments: Sequence[Any], written: int = 0) -> list[Any]:
    """The segments to merge into one so that at most two remain: all of them when none holds
    half of the documents, or when the pass that settles wrote (`written`) half of them or more
    (a mostly new index: one segment reads fastest, and no older archive is rewritten for it);
    else all but the largest (so a large archive is not rewritten for each import that
    follows); none when that leaves nothing to merge."""
    if len(segments) <= 1:
        return []
    if written * 2 >= sum(seg.doc_count() for seg in segments):
        return list(segments)
    if len(segments) <= 2:
        return []
    largest = max(segments, key=lambda seg: seg.doc_count())
    if largest.doc_count() * 2 <= sum(seg.doc_count() for seg in segments):
        return list(segments)
    return [seg for seg in segments if seg is not largest]


class IndexWriter:
    """Adds and deletes articles in one batch (see the module docstring)."""

    def __init__(self, ix: Any, fanout: int | None = None) -> None:
        self._lock = ix.lock("WRITELOCK")
        if not self._lock.acquire(blocking=False):
            raise WriterBusy
        try:
            self._storage = ix.storage
            self._indexname = ix.indexname
            toc = ix._read_toc()
            self._schema = toc.schema
            self._generation = toc.generation + 1
            self._segments: list[Any] = list(toc.segments)
        except BaseException:
            self._lock.release()
            raise
        self._fanout = fanout
        self._written: list[Any] = []  # segments this batch wrote (committed or swept)
        self._readers: dict[str, CompactTermsReader] = {}
        self._builder: SegmentBuilder | None = None
        self._workers = building.workers()
        self._remote: RemoteBuilder | None = None  # (the segment the worker is building)
        self._finishing: list[RemoteBuilder] = []  # flushed, written by the worker meanwhile
        self._given = 0
        self._chars = [0, 0]  # characters given to this process's builders, and to the worker
        self._in_batch: dict[str, tuple[Any, int]] = {}  # id → (segment, docnum) of this batch
        self._changed = False
        self._closed = False

    # -- changes -------------------------------------------------------------------------------

    def add(self, articles: Iterable[Article]) -> None:
        """Index `articles`, replacing any earlier version with the same id."""
        for article in articles:
            self._delete_one(article.id)
            self._given += 1
            b: SegmentBuilder | RemoteBuilder
            if self._workers and self._given > PARALLEL_MIN and self._worker_wants():
                b = self._remote or self._new_remote()
                side = 1
            else:
                b = self._builder or self._new_builder()
                side = 0
            before = b.chars
            self._in_batch[article.id] = (b.segment, b.add(article))
            self._chars[side] += b.chars - before
            self._changed = True
            if b.chars >= FLUSH_CHARS:
                self._flush_remote() if side else self._flush()

    def _worker_wants(self) -> bool:
        """Whether the next article goes to the worker: while it was given under `WORKER_SHARE`
        of the characters and has under `BACKLOG_CHARS` waiting (this process also stores,
        reads and merges: the worker builds the larger share)."""
        backlog = sum(r.backlog() for r in self._finishing)
        if self._remote is not None:
            backlog += self._remote.backlog()
        mine, given = self._chars
        return backlog < BACKLOG_CHARS and given < WORKER_SHARE * (given + mine)

    def _new_builder(self) -> SegmentBuilder:
        self._builder = SegmentBuilder(self._storage, self._indexname, self._schema)
        return self._builder

    def _new_remote(self) -> RemoteBuilder:
        self._remote = RemoteBuilder(self._storage, self._indexname, self._schema)
        self._written.append(self._remote.segment)  # (its files are deleted if the batch is not)
        return self._remote

    def delete(self, ids: Iterable[str]) -> None:
        """Remove articles by id (ids not in the index are ignored)."""
        for aid in ids:
            self._delete_one(aid)

    def clear(self) -> None:
        """Drop every document (before a full re-index)."""
        self._segments = []
        self._in_batch.clear()
        if self._builder is not None:
            self._builder.cancel()
            self._builder = None
        self._cancel_remote()
        self._changed = True

    def _delete_one(self, aid: str) -> None:
        hit = self._in_batch.pop(aid, None)
        if hit is not None:
            seg, docnum = hit
            seg.delete_document(docnum)
            self._changed = True
            return
        key = aid.encode("utf-8", "surrogatepass")
        for seg in self._segments:
            try:
                p = self._reader(seg).postings("id", key)
            except Exception:
                verify_segments(self._storage, [seg])  # (IndexDamaged if its files are; else a bug)
                raise
            if p is None:
                continue
            for d in p.ids:
                if not seg.is_deleted(d):
                    seg.delete_document(d)
                    self._changed = True

    def _reader(self, seg: Any) -> CompactTermsReader:
        r = self._readers.get(seg.segment_id())
        if r is None:
            r = self._readers[seg.segment_id()] = CompactTermsReader(self._storage, seg)
        return r

    def _flush(self) -> None:
        b = self._builder
        if b is None:
            return
        self._builder = None
        self._written.append(b.segment)
        seg = b.finish()
        record(self._storage, seg)
        self._segments.append(seg)

    def _flush_remote(self) -> None:
        """Let the worker write its segment while this process goes on (see `_finished`)."""
        if self._remote is not None:
            self._finishing.append(self._remote)
            self._remote = None

    def _finished(self) -> None:
        """Wait for the worker's segments and list them."""
        self._flush_remote()
        while self._finishing:
            self._segments.append(self._finishing[0].finish())
            self._finishing.pop(0)

    def _cancel_remote(self) -> None:
        for r in [*self._finishing, *([self._remote] if self._remote else [])]:
            r.cancel()
        self._finishing, self._remote = [], None

    # -- ending --------------------------------------------------------------------------------

    def commit(
        self, *, settle: bool = False, written: int = 0, step: Callable[[int, int], None] | None = None
    ) -> None:
        """Write the batch's segments, merge per the tiered policy (and, with `settle`, down to
        two segments at most, see `plan_settle`) and publish a new TOC. `step(done, total)`
        follows the settling merge and may raise to stop it: the batch is then cancelled and
        the index stays as it was."""
        try:
            self._flush()
            self._finished()
            if not self._changed and not (settle and plan_settle(self._segments, written)):
                return
            if settle and (group := plan_settle(self._segments, written)):
                # (the settling merge alone, which `step` follows: a tiered merge before it
                # would rewrite the same articles unannounced)
                segments = [s for s in self._segments if not any(s is g for g in group)]
                self._merge(group, segments, step)
            else:
                keep, groups = plan_merges(self._segments, self._fanout)
                merged: list[Any] = []
                for group in groups:
                    self._merge(group, merged)
                segments = [s for s in self._segments if any(s is k for k in keep)] + merged
            self._close_readers(self._segments)
            write_toc(self._storage, self._indexname, self._schema, segments, self._generation)
            self._written.clear()
            clean_files(self._storage, self._indexname, self._generation, segments)
        except BaseException:
            self.cancel()
            raise
        finally:
            self._release()

    def _merge(
        self, group: list[Any], into: list[Any], step: Callable[[int, int], None] | None = None
    ) -> None:
        self._close_readers(group)
        verify_segments(self._storage, group)
        seg = merge(self._storage, self._indexname, self._schema, group, written=self._written, step=step)
        if seg is not None:
            record(self._storage, seg)
            into.append(seg)

    def cancel(self) -> None:
        """Forget the batch: delete the files it wrote; the index stays as it was."""
        if self._builder is not None:
            self._builder.cancel()
            self._written.append(self._builder.segment)
            self._builder = None
        self._cancel_remote()
        self._close_readers(self._segments)
        for seg in self._written:
            for name in list(self._storage):
                if name.startswith(seg.segment_id()):
                    with contextlib.suppress(OSError):
                        self._storage.delete_file(name)
        self._written.clear()
        self._release()

    def _close_readers(self, segments: Iterable[Any]) -> None:
        for seg in segments:
            r = self._readers.pop(seg.segment_id(), None)
            if r is not None:
                r.close()

    def _release(self) -> None:
        if not self._closed:
            self._closed = True
            # the W3 per-document writers' scratch folder
            with contextlib.suppress(OSError):
                self._storage.temp_storage(f"{self._indexname}.tmp").destroy()
            self._lock.release()
