"""`SearchIndex`: the Whoosh index folder as the library sees it — open, write, search, explain.

Search runs in four steps: parse the query (`query.parse`), evaluate it to {docnum: score}
against a snapshot (`engine.Evaluator`; the total is exact because every match is evaluated),
rank (relevance, then date newest first; or by date), then fetch what the page's hits show of
their articles from the library (`fetch`) and compute hit spans and snippets (`snippets`). The
snapshot (a Whoosh reader and its per-document tables) is kept until another writer commits,
then refreshed.

The folder holds Whoosh's files and `newsdesk-index.json` with the schema version. A missing,
empty, other-version or unreadable index, or one whose files differ from what its checksums
say (`integrity`: sizes on open), is replaced by an empty one and `rebuilt` is set (`damage`
says why, when it was damaged), so the library re-indexes from its database. A search that
fails has the index's every byte verified: if a checksum disagrees the failure is damage
(`IndexDamaged`, which the library heals by rebuilding), else it is a bug and raised as such.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from newsdesk.domain import SearchResult
from newsdesk.errors import IndexDamaged, LibraryBusyError, LibraryError, NewsdeskError
from newsdesk.index.engine import Evaluator, collect_needles
from newsdesk.index.explain import explain_tree
from newsdesk.index.facets import count_facets
from newsdesk.index.integrity import verify_all, verify_open, write_toc
from newsdesk.index.match import Highlight, Match
from newsdesk.index.query import parse
from newsdesk.index.schema import build_schema
from newsdesk.index.snapshot import Snapshot
from newsdesk.index.snippets import present
from newsdesk.language import _
from newsdesk.zh import word_table

if TYPE_CHECKING:  # (the writer, and the worker it starts, are imported when a batch is written)
    from newsdesk.index.writer import IndexWriter

__all__ = ["SCHEMA_VERSION", "SearchIndex", "Selection"]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 5  # 5: checksums of every file (integrity); the fields' formats in field_formats
VERSION_FILE = "newsdesk-index.json"
INDEX_NAME = "MAIN"  # (Whoosh's default)
MODES = ("exact", "words")
SORTS = ("relevance", "date", "-date")
MAX_LIMIT = 1000
PREFAULT_BYTES = 1 << 30  # of index files warm_up reads into the page cache (about 170 M characters)
SETTLED_NS = 2_000_000_000  # a folder time this old is trusted to mean "nothing changed since"


class Shown(Protocol):
    """What a hit shows of its article, as `fetch` gives it (an `Article` has it all)."""

    @property
    def title(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def date(self) -> str | None: ...
    @property
    def source(self) -> str | None: ...
    @property
    def page(self) -> str | None: ...


Fetch = Callable[[Sequence[str]], Mapping[str, Shown]]


@dataclass(frozen=True)
class Selection:
    """A query's whole result set: `total`, each match's date (YYYYMMDD int, 0 when undated)
    and, when asked for, ids in the order the dates are in (`select`)."""

    total: int
    dates: np.ndarray
    ids: list[str] | None


class _Unusable(Exception):
    """The folder holds no usable index of this schema version."""


def _read_version(folder: Path) -> int | None:
    try:
        data = json.loads((folder / VERSION_FILE).read_text(encoding="utf-8"))
        return int(data["schema_version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _check_health(ix: Any) -> Any:
    """Touch every segment's files so that a truncated or damaged one fails here, not later.

    Returns the reader it opened, which becomes the first snapshot's (a reader, not a Whoosh
    searcher: importing Whoosh's searching and query modules costs a cold start 25 ms).
    """
    reader = ix.reader()
    try:
        reader.doc_count()
        for seg, _offset in reader.leaf_readers():
            n = seg.doc_count_all()
            if n:
                seg.stored_fields(n - 1)
                seg.stored_fields(0)
                creader = seg.column_reader("meta", translate=False)
                creader[n - 1]
            # (the compact codec's reader checked its files' lengths when the segment opened)
            terms = getattr(seg, "_terms", None)  # (an empty index's one leaf has none)
            if terms is not None:
                terms.check()
    except BaseException:
        reader.close()
        raise
    return reader


class SearchIndex:
    """The search index in one folder (see the module docstring)."""

    SCHEMA_VERSION = SCHEMA_VERSION

    def __init__(
        self, folder: Path, ix: Any, rebuilt: bool, reader: Any = None, damage: str | None = None
    ) -> None:
        self.folder = folder
        self.rebuilt = rebuilt
        self.damage = damage  # why a damaged index was replaced by an empty one (None: it was not)
        self._ix = ix
        self._snap: Snapshot | None = Snapshot(reader, ix) if reader is not None else None
        self._lock = threading.RLock()
        self._resolvers: dict[str, Callable[[str], Iterable[str]]] = {}
        self._checked_mtime = -1  # the folder's time when a full up-to-date check last ran

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path) -> SearchIndex:
        """Open the index in `folder`, or create a fresh one (and set `rebuilt`) if unusable."""
        folder = Path(folder)
        damage = None
        # Whoosh leaves files open when it fails to read a damaged index; they are closed when
        # the failure is dropped, here, quietly (they would warn ResourceWarning).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                ix, reader = cls._open_existing(folder)
                return cls(folder, ix, rebuilt=False, reader=reader)
            except _Unusable as e:
                log.info("search index in %s will be rebuilt: %s", folder, str(e))
            except Exception as e:  # any failure to read it means: damaged
                log.warning("search index in %s is damaged and will be rebuilt: %s", folder, repr(e))
                damage = str(e) if isinstance(e, IndexDamaged) else repr(e)
            gc.collect()
        return cls(folder, cls._create(folder), rebuilt=True, damage=damage)

    @classmethod
    def recreate(cls, folder: Path, damage: str) -> SearchIndex:
        """A fresh, empty index in place of a damaged one (`rebuilt` set)."""
        return cls(Path(folder), cls._create(Path(folder)), rebuilt=True, damage=damage)

    @staticmethod
    def listed_count(folder: Path) -> int:
        """The live documents the index in `folder` lists, read from its table of contents alone
        (0 when there is none, or it cannot be read)."""
        if not (Path(folder) / VERSION_FILE).exists():
            return 0
        try:
            toc = TOC.read(FileStorage(str(folder)), INDEX_NAME)
            return sum(seg.doc_count() for seg in toc.segments)
        except Exception:  # (unreadable: no index to speak of; opening it will rebuild it)
            return 0

    @staticmethod
    def _open_existing(folder: Path) -> tuple[Any, Any]:
        if not folder.is_dir():
            raise _Unusable("no index folder")
        version = _read_version(folder)
        if version != SCHEMA_VERSION:
            raise _Unusable(f"schema version {version}, this newsdesk needs {SCHEMA_VERSION}")
        if not whoosh_index.exists_in(str(folder)):
            raise _Unusable("no index in the folder")
        ix = whoosh_index.open_dir(str(folder))
        verify_open(ix.storage, ix.indexname)
        if sorted(ix.schema.names()) != sorted(build_schema().names()):
            raise _Unusable("index fields differ from this schema")
        return ix, _check_health(ix)

    @staticmethod
    def _create(folder: Path) -> Any:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for p in folder.iterdir():
                if p.is_file() or p.is_symlink():
                    p.unlink()
            storage = FileStorage(str(folder)).create()
            write_toc(storage, INDEX_NAME, build_schema(), [], 0)
            ix = whoosh_index.FileIndex(storage, indexname=INDEX_NAME)
            (folder / VERSION_FILE).write_text(
                json.dumps({"schema_version": SCHEMA_VERSION}), encoding="utf-8"
            )
        except OSError as e:
            raise LibraryError(
                _("cannot create the search index in {folder}: {e}").format(folder=folder, e=e)
            ) from e
        return ix

    def close(self) -> None:
        with self._lock:
            if self._snap is not None:
                self._snap.close()
                self._snap = None
            self._ix.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------------

    def _writer(self, fanout: int | None = None) -> IndexWriter:
        from newsdesk.index.writer import IndexWriter, WriterBusy

        try:
            return IndexWriter(self._ix, fanout)
        except WriterBusy as e:
            raise LibraryBusyError(
                _("the search index is being written by another process; try again when it is done")
            ) from e

    @contextlib.contextmanager
    def writer(self, *, bulk: bool = False) -> Iterator[IndexWriter]:
        """One batch: commits on a clean exit, cancels (changes nothing) on an exception.
        `bulk`: one of many batches a settling merge will follow (an import under way), which
        merges segments `BULK_FANOUT` at a time rather than `FANOUT` (rewriting each article
        fewer times before the settling merge rewrites it once more)."""
        from newsdesk.index.writer import BULK_FANOUT

        w = self._writer(BULK_FANOUT if bulk else None)
        try:
            yield w
        except BaseException:
            w.cancel()
            raise
        w.commit()

    def settle(self, written: int = 0, step: Callable[[int, int], None] | None = None) -> None:
        """Merge down to two segments at most, or to one when the pass that settles wrote
        (`written` documents) half of the index or more (after a large import: `plan_settle`).
        `step(done, total)` follows the merge and may raise to stop it; the index then stays
        as it was."""
        self._writer().commit(settle=True, written=written, step=step)

    def clear(self) -> None:
        """Drop every document (before a full re-index)."""
        with self.writer() as w:
            w.clear()

    # -- reading ------------------------------------------------------------------------------

    def set_field_resolver(self, name: str, resolver: Callable[[str], Iterable[str]]) -> None:
        """Make `name:value` a query field answered by `resolver(value)` → article ids."""
        self._resolvers[name.lower()] = resolver

    def _snapshot(self) -> Snapshot:
        """The current snapshot, reopened when another writer has committed.

        Not `Searcher.refresh()`: whoosh3's reuses the reader of a segment that gained
        deletions (and keeps merged-away segments), and 2.7.4's never reuses anything.
        """
        with self._lock:
            snap = self._snap
            if snap is not None and self._unchanged():
                return snap
            if snap is None or not snap.up_to_date():
                if snap is not None:
                    snap.close()
                self._snap = Snapshot(self._ix.reader(), self._ix)
            return self._snap  # type: ignore[return-value]

    def _unchanged(self) -> bool:
        """Whether the folder is as it was at the last full check (a commit adds a file, which
        changes the folder's time), without listing it. A time is remembered only when it was
        already seconds old at the full check: two changes may share one tick of the file
        system's clock, and a check between them must not vouch for the second."""
        try:
            mtime = os.stat(self.folder).st_mtime_ns
        except OSError:
            return False
        if mtime == self._checked_mtime:
            return True
        # (the full check follows this call, so the time it saw is remembered only if settled)
        self._checked_mtime = mtime if time.time_ns() - mtime > SETTLED_NS else -1
        return False

    def _reset_snapshot(self) -> None:
        with self._lock:
            if self._snap is not None:
                with contextlib.suppress(Exception):
                    self._snap.close()
            self._snap = None

    def warm_up(self) -> None:
        """Load what searches read on first use: the per-document tables, every field's term
        table, and (into the system's page cache) the query words' dictionary and the index files
        up to `PREFAULT_BYTES`, which a first query would otherwise read from the disk page by
        page. A window does this once it is shown, so the first queries are not slower; searches
        go on meanwhile."""
        with self._lock:
            snap = self._snapshot()
            snap.warm_up()
        snap.prefault(PREFAULT_BYTES)
        word_table.prefault()

    def verify(self) -> list[str]:
        """What is wrong with the index's files, every byte read (`integrity.verify_all`)."""
        with self._lock:
            return verify_all(self._ix.storage, self._ix.indexname)

    def doc_count(self) -> int:
        with self._lock:
            return self._snapshot().doc_count

    def ids(self) -> set[str]:
        """Every indexed article id (for consistency checks against the database)."""
        with self._lock:
            return self._snapshot().all_ids()

    def needles(self, query: str, *, mode: str = "exact") -> Highlight:
        """What a query marks in a hit, by the fields its terms search (no search is run)."""
        _check_mode(mode)
        return collect_needles(parse(query, extra_fields=self._resolvers), mode, Highlight())

    def explain(self, query: str, *, mode: str = "exact") -> str:
        """How the query was read: its tree, with each term in search form."""
        _check_mode(mode)
        return explain_tree(parse(query, extra_fields=self._resolvers), mode)

    def search(
        self,
        query: str,
        *,
        mode: str = "exact",
        limit: int = 20,
        offset: int = 0,
        sort: str = "relevance",
        facets: bool = False,
        fetch: Fetch,
    ) -> SearchResult:
        """Exact total, one page of hits (spans, snippets) and optionally facet counts."""
        t0 = time.perf_counter()
        _check_mode(mode)
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}, not {sort!r}")
        limit = max(0, min(int(limit), MAX_LIMIT))
        offset = max(0, int(offset))
        tree = parse(query, extra_fields=self._resolvers)
        clock = _Stages(t0)
        clock.lap("parse")

        def evaluate(
            snap: Snapshot,
        ) -> tuple[Snapshot, Evaluator, list[int], list[float], int, list[str], Any]:
            ev = Evaluator(snap, query, mode, self._resolvers)
            match = ev.run(tree)
            clock.lap("evaluate")
            page, page_scores, total = _rank(snap, match, sort, offset, limit)
            ids = snap.ids_of(page)
            clock.lap("rank")
            facet_counts = count_facets(snap, match.mask) if facets else None
            clock.lap("facets")
            return snap, ev, page, page_scores, total, ids, facet_counts

        snap, ev, page, page_scores, total, ids, facet_counts = self._evaluating(evaluate)
        articles = fetch(ids) if ids else {}
        clock.lap("fetch")
        # (an id the database no longer has is left out; `check --repair` re-indexes)
        found = [
            (d, aid, articles[aid], score)
            for d, aid, score in zip(page, ids, page_scores, strict=True)
            if aid in articles
        ]
        if len(found) < len(ids) and not snap.verified:
            # Removed by a writer the index has not caught up with, or ids read from damaged
            # bytes: the checksums tell (once per snapshot).
            snap.verified = True
            self._raise_if_damaged(None)
        hits = present(found, ev.highlight)
        clock.lap("marks")
        return SearchResult(
            total=total,
            took_ms=clock.total_ms,
            hits=hits,
            facets=facet_counts,
            stages_ms=clock.stages,
            limit=limit,
        )

    def _evaluating(self, work: Callable[[Snapshot], Any]) -> Any:
        """Run `work(snapshot)` under the lock: a damaged index is a clear error; files merged
        away by another process under a snapshot mean one retry on a fresh snapshot."""
        for attempt in (1, 2):
            with self._lock:
                try:
                    return work(self._snapshot())
                except (OSError, EOFError) as e:
                    # Another process's merge removed files this snapshot had not opened yet.
                    if attempt == 2:
                        self._raise_if_damaged(e)
                        raise
                    log.info("search index changed under a search, retrying: %s", repr(e))
                    self._reset_snapshot()
                except NewsdeskError:  # (a query error: the user's, not the files')
                    raise
                except Exception as e:
                    self._raise_if_damaged(e)
                    raise
        raise AssertionError("unreachable")

    def select(
        self, query: str, *, mode: str = "exact", sort: str = "relevance", ids: bool = True
    ) -> Selection:
        """Every matching article (not a page): ids in `sort` order (if asked) and their dates
        as YYYYMMDD integers (0: undated). What research tools (timeline, batch, concordance,
        export) work on."""
        _check_mode(mode)
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}, not {sort!r}")
        tree = parse(query, extra_fields=self._resolvers)

        def work(snap: Snapshot) -> Selection:
            match = Evaluator(snap, query, mode, self._resolvers).run(tree)
            if not ids:
                docs = match.docs if match.docs is not None else np.flatnonzero(match.mask)
                return Selection(total=len(docs), dates=snap.dates()[docs], ids=None)
            total = int(match.mask.sum()) if match.docs is None else len(match.docs)
            page, _ranked, total = _rank(snap, match, sort, 0, total)
            order = np.asarray(page, dtype=np.int64)
            return Selection(total=total, dates=snap.dates()[order], ids=snap.ids_of(page))

        return self._evaluating(work)

    def all_dates(self) -> np.ndarray:
        """The date (YYYYMMDD, 0: undated) of every live article: what per-period shares divide by."""

        def work(snap: Snapshot) -> np.ndarray:
            return snap.dates()[snap.live_mask()]

        return self._evaluating(work)

    def _raise_if_damaged(self, error: Exception | None) -> None:
        """After a failed or doubtful search: `IndexDamaged` if a checksum disagrees (else
        return: a failure is then a bug)."""
        problems = self.verify()
        if problems:
            self._reset_snapshot()
            raise IndexDamaged(
                _("the search index in {folder} is damaged ({problems})").format(
                    folder=self.folder, problems="; ".join(problems)
                )
            ) from error


class _Stages:
    """Where a search's time goes: each `lap` adds the time since the last to a stage."""

    __slots__ = ("_last", "_t0", "stages", "total_ms")

    def __init__(self, t0: float) -> None:
        self._t0 = self._last = t0
        self.stages: dict[str, float] = {}
        self.total_ms = 0.0

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + (now - self._last) * 1000.0
        self._last = now
        self.total_ms = (now - self._t0) * 1000.0


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")


def _rank(
    snap: Snapshot, match: Match, sort: str, offset: int, limit: int
) -> tuple[list[int], list[float], int]:
    """Docnums of one page, their scores, and the total: by score then newest; or by date
    ("date" oldest first, "-date" newest first); undated documents last either way; docnum
    breaks remaining ties. Scores are compared rounded, so float noise does not split ties the
    date should break."""
    if match.docs is not None and match.values is not None:
        cands, known = match.docs, match.values
    else:
        cands, known = match.mask.nonzero()[0], None
    total = len(cands)
    need = offset + limit
    if not total or limit == 0:
        return [], [], total
    if sort == "relevance":
        scores = known if known is not None else match.scores_of(cands)
        ticks = scores * 1e4  # (scores compare rounded to 4 places)
        ticks = np.rint(ticks, out=ticks).astype(np.int64)
        if need < total:
            keep = _best(snap, cands, ticks, need)
            cands, ticks = cands[keep], ticks[keep]
        order = np.lexsort((cands, -snap.dates()[cands], -ticks))
    else:
        dates = snap.dates()[cands].astype(np.int64, copy=False)  # (keys below pass 2**31)
        sel = _first_dated(dates, sort == "-date", need) if need < total else None
        if sel is not None:  # (the need first found by counting dates: their keys alone sorted)
            cands_sel, dates = cands[sel], dates[sel]
        else:
            cands_sel = cands
        primary = (
            np.where(dates > 0, -dates, 1) if sort == "-date" else np.where(dates > 0, dates, 99_999_999)
        )
        key = primary * (snap.doc_count_all + 1) + cands_sel
        if sel is not None:
            order = sel[key.argsort()]
        elif need < total:
            part = key.argpartition(need - 1)[:need]
            order = part[key[part].argsort()]
        else:
            order = key.argsort()
    page = cands[order[offset:need]]
    return page.tolist(), match.scores_of(page).tolist(), total


DATE_BINS = 1 << 21  # spans of yyyymmdd dates (about two centuries) the need-th is counted in


def _first_dated(dates: np.ndarray, newest: bool, need: int) -> np.ndarray | None:
    """Which of the candidates (ascending docnums, with these dates) are the `need` first by
    date, newest or oldest first, then docnum (undated after every date); None when counting
    does not pay (more are needed than are dated, or the dates span too long)."""
    dated = dates > 0
    n_dated = int(np.count_nonzero(dated))
    if need > n_dated:
        return None
    values = dates[dated]
    lo, hi = int(values.min()), int(values.max())
    if hi - lo >= DATE_BINS:
        return None
    counts = np.bincount(values - lo, minlength=hi - lo + 1)
    if newest:  # [k]: how many are dated hi - k or later
        floor = hi - int(np.cumsum(counts[::-1]).searchsorted(need))
        before = dated & (dates > floor)
    else:
        floor = lo + int(np.cumsum(counts).searchsorted(need))
        before = dated & (dates < floor)
    tied = (dates == floor).nonzero()[0]  # (ascending docnums: the first of them break the tie)
    short = need - int(np.count_nonzero(before))
    return np.concatenate((before.nonzero()[0], tied[:short]))


HISTOGRAM_TICKS = 1 << 22  # scores (in 1e-4) up to which the need-th is found by counting


def _best(snap: Snapshot, cands: np.ndarray, ticks: np.ndarray, need: int) -> np.ndarray:
    """Which of the candidates are the `need` first by score (in ticks), then newest, then
    docnum: all that score above the need-th, and of those tying with it the newest. The
    need-th is found by counting scores (a partition slows down on the many documents a
    common character scores alike), the ties are ordered by date alone."""
    top = int(ticks.max())
    if int(ticks.min()) >= 0 and top < HISTOGRAM_TICKS:
        at_least = np.cumsum(np.bincount(ticks)[::-1])  # [k]: how many score top - k or more
        floor = top - int(at_least.searchsorted(need))
    else:
        floor = int(np.partition(ticks, len(ticks) - need)[len(ticks) - need])
    keep = ticks > floor
    tied = (ticks == floor).nonzero()[0]
    short = need - int(np.count_nonzero(keep))
    if short < len(tied):
        dates = snap.dates()[cands[tied]].astype(np.int64)
        key = -dates * (snap.doc_count_all + 1) + cands[tied]  # (undated, 0: after every date)
        tied = tied[key.argpartition(short - 1)[:short]]
    keep[tied] = True
    return keep
