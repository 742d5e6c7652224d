"""Segments built in a second process while this one builds its own: a large batch on two cores.

An `IndexWriter` given many articles sends most of them (`writer.WORKER_SHARE` of their
characters: the writer's process also stores, reads and merges) to a `RemoteBuilder`: a
`SegmentBuilder` living in one worker process (multiprocessing's 'spawn' context, on every
system alike), which writes its segment's files into the index folder itself. The writer keeps
the segment object: the documents it numbers and deletes are the worker's in the order they
were sent, and the worker's `finish` returns the document count and the files' checksums
(`integrity.record`), which the writer sets on its object before listing it in a TOC.

The worker stops with its parent: a thread waits on the parent's sentinel and ends the process
(a killed import leaves no worker behind); it is started once per process and reused.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import multiprocessing.connection
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from newsdesk.domain import Article

__all__ = ["RemoteBuilder", "allow_worker", "workers"]

CHUNK = 200  # articles sent to the worker in one message
WORKERS_ENV = "NEWSDESK_INDEX_WORKERS"  # "0": build every segment in this process

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()
_builders: dict[str, Any] = {}  # (in the worker) segment id → its SegmentBuilder


def workers() -> int:
    """How many worker processes build segments beside this one: 1 on a machine of two cores
    or more, 0 on one core, in a daemonic process (which may not start children) or when
    `NEWSDESK_INDEX_WORKERS` is 0."""
    wanted = os.environ.get(WORKERS_ENV, "").strip()
    if wanted == "0" or multiprocessing.current_process().daemon:
        return 0
    return 1 if (os.cpu_count() or 1) >= 2 else 0


def allow_worker() -> None:
    """Let this daemonic process (one its parent ends when it ends) start the index worker: a
    daemonic process may not start children, lest they outlive it, and the worker does not
    (it ends with this process)."""
    multiprocessing.current_process().daemon = False


def _watch_parent() -> None:
    """(in the worker) End this process when the one that started it ends."""
    parent = multiprocessing.parent_process()
    if parent is None:  # pragma: no cover - a worker always has one
        return

    def wait() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=wait, name="newsdesk-parent-watch", daemon=True).start()


def _executor() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is not None and getattr(_pool, "_broken", False):  # (its worker died: a new one)
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_watch_parent
            )
            atexit.register(shutdown)
        return _pool


def shutdown() -> None:
    """Stop the worker (it also stops by itself when this process ends)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


# -- in the worker --------------------------------------------------------------------------------


def _start(folder: str, indexname: str, schema: Any, segment: Any) -> None:
    from whoosh.filedb.filestore import FileStorage

    from newsdesk.index.segments import SegmentBuilder

    _builders[segment.segment_id()] = SegmentBuilder(FileStorage(folder), indexname, schema, segment)


def _add(segid: str, articles: list[Article]) -> None:
    b = _builders[segid]
    for article in articles:
        b.add(article)


def _finish(segid: str) -> tuple[int, Any]:
    from newsdesk.index.integrity import SUMS, record

    b = _builders.pop(segid)
    seg = b.finish()
    record(b.storage, seg)
    return seg.doc_count_all(), getattr(seg, SUMS)


def _cancel(segid: str) -> None:
    b = _builders.pop(segid, None)
    if b is not None:
        b.cancel()


# -- in the writer --------------------------------------------------------------------------------


class RemoteBuilder:
    """A `SegmentBuilder`'s interface over one in the worker: `add` numbers an article at once
    and sends it with the next `CHUNK`; `finish` waits for the worker's segment."""

    def __init__(self, storage: Any, indexname: str, schema: Any) -> None:
        from newsdesk.index.codec import CompactCodec

        self.segment = CompactCodec().new_segment(storage, indexname)
        self._segid = self.segment.segment_id()
        self._pool = _executor()
        # (what was sent and is not done yet, with the characters each message holds)
        self._sent: list[tuple[Future[Any], int]] = [
            (self._pool.submit(_start, storage.folder, indexname, schema, self.segment), 0)
        ]
        self._chunk: list[Article] = []
        self._chunk_chars = 0
        self.count = 0
        self.chars = 0

    def add(self, article: Article) -> int:
        """Number the article in this segment (it is built in the worker)."""
        self._chunk.append(article)
        chars = len(article.title) + len(article.text) + sum(map(len, article.captions))
        self.chars += chars
        self._chunk_chars += chars
        if len(self._chunk) >= CHUNK:
            self._send()
        self.count += 1
        return self.count - 1

    def backlog(self) -> int:
        """Characters given to the worker that it has not built yet."""
        return self._chunk_chars + sum(n for f, n in self._sent if not f.done())

    def _send(self) -> None:
        if self._chunk:
            self._sent.append((self._pool.submit(_add, self._segid, self._chunk), self._chunk_chars))
            self._chunk, self._chunk_chars = [], 0
        # (a failure shows at once, not after the whole batch was sent)
        done = [s for s in self._sent if s[0].done()]
        for f, _ in done:
            f.result()
        self._sent = [s for s in self._sent if s not in done]

    def finish(self) -> Any:
        """Wait for the worker to write the segment's files; returns the segment (the writer's
        object, with its deletions, its document count and its files' checksums)."""
        from newsdesk.index.integrity import SUMS

        self._send()
        done = self._pool.submit(_finish, self._segid)
        for f, _ in self._sent:
            f.result()
        count, sums = done.result()
        assert count == self.count, (count, self.count)
        self.segment.set_doc_count(count)
        setattr(self.segment, SUMS, sums)
        return self.segment

    def cancel(self) -> None:
        """Forget the segment (the writer deletes its files)."""
        self._chunk = []
        with contextlib.suppress(Exception):  # (a worker that died writes nothing more)
            self._pool.submit(_cancel, self._segid).result()
