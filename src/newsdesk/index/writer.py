"""One batch of index changes: add (replace by id) and delete, committed or cancelled as a whole.

`SearchIndex.writer()` yields an `IndexWriter` holding Whoosh's write lock. Whoosh's lock is an
OS file lock (`fcntl.flock`, `msvcrt.locking`), so a writer process that dies releases it; files
a dead writer half-wrote belong to no committed generation and are swept by a later commit.

Merging is tiered (`tiered_merge`): a tier holds segments of under `BASE` × `FANOUT`^k
documents; when `FANOUT` segments share a tier they merge into one of the next tier, so each
article is rewritten about log_FANOUT(total / batch) times (Whoosh's default, MERGE_SMALL,
rewrites the growing large segments again and again during a long import).

Added articles are buffered until commit (a batch is a few hundred) so that an id added twice,
or added and then deleted, in one batch ends as one document or none: Whoosh's
`update_document` only replaces documents already committed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from whoosh.reading import SegmentReader

from newsdesk.domain import Article
from newsdesk.index.schema import document

__all__ = ["IndexWriter", "tiered_merge"]

BASE = 1000
FANOUT = 10


def _tier(docs: int) -> int:
    k = 0
    while docs >= BASE * FANOUT**k:
        k += 1
    return k


def tiered_merge(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy: merge the lowest tier holding `FANOUT` segments (and any segment
    that is mostly deletions) into the segment being written; keep the rest."""
    tiers: dict[int, list[Any]] = defaultdict(list)
    merge: list[Any] = []
    for seg in segments:
        total = seg.doc_count_all()
        if total and seg.deleted_count() * 2 > total:
            merge.append(seg)
        else:
            tiers[_tier(total)].append(seg)
    for tier in sorted(tiers):
        if len(tiers[tier]) >= FANOUT:
            merge.extend(tiers.pop(tier))
            break
    for seg in merge:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for group in tiers.values() for seg in group]


class IndexWriter:
    """Adds and deletes articles through one Whoosh writer (one new segment per commit)."""

    def __init__(self, whoosh_writer: Any) -> None:
        self._w = whoosh_writer
        self._pending: dict[str, Article] = {}

    def add(self, articles: Sequence[Article]) -> None:
        """Index `articles`, replacing any earlier version with the same id."""
        for article in articles:
            self._pending.pop(article.id, None)
            self._pending[article.id] = article

    def delete(self, ids: Iterable[str]) -> None:
        """Remove articles by id (ids not in the index are ignored)."""
        for aid in ids:
            self._pending.pop(aid, None)
            self._w.delete_by_term("id", aid)

    def commit(self) -> None:
        for article in self._pending.values():
            self._w.update_document(**document(article))
        self._pending.clear()
        self._w.commit(mergetype=tiered_merge)

    def cancel(self) -> None:
        self._pending.clear()
        self._w.cancel()
