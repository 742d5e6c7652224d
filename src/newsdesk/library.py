"""The Library facade: the only door the CLI and the window use into a library folder.

A library folder holds the SQLite record (the truth) and a Whoosh index derived from it. Writes
(import, reindex, edits) take the folder's writer lock; reads never wait for it. The record is
written first, so a killed writer leaves the index behind, never ahead: the next search brings
it up to date if the lock is free (`catch_up`), and `check` compares the two (newsdesk.check).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk import edits, paths, resources
from newsdesk.check import CheckReport, refuse_lost_record, run_check
from newsdesk.domain import Article, ArticleSummary, Hit, Marks, SearchResult
from newsdesk.errors import (
    READ_ONLY,
    Cancelled,
    IndexDamaged,
    LibraryBusyError,
    LibraryError,
    LibraryReadOnlyError,
    UserError,
    as_user_error,
    is_text,
    shown_path,
)
from newsdesk.importer import CancelFlag, Importer, ImportProgress, ImportReport
from newsdesk.lock import WriteLock
from newsdesk.store import Store
from newsdesk.tags.manager import PassageManager, TagManager
from newsdesk.tags.service import TagService

if TYPE_CHECKING:  # (loaded on first use: a `list` or `show` needs neither the index nor these)
    from newsdesk.index.searcher import Selection
    from newsdesk.research.desk import Research
    from newsdesk.research.saved import SavedSearches

INDEX_BATCH = 500  # articles read from the record at a time (and between progress reports)
COMMIT_BATCH = 10_000  # articles per index commit (one new segment, a few during an import)
SETTLE_MIN = 10_000  # articles indexed in one go after which the index is settled (one or two segments)


class Library:
    """An open library folder: import, list, read, search."""

    def __init__(self, folder: Path, store: Store, *, is_default: bool, writable: bool) -> None:
        self.folder = folder
        self.store = store
        self.is_default = is_default
        self.writable = writable
        self._lock = WriteLock(paths.lock_path(folder))
        self._index: object | None = None
        self._catching_up = threading.Lock()
        # The doors to what archivists make in the record (Anki's col.tags): each write takes
        # the writer lock through `_writing`, the one place it is taken.
        self.passages = PassageManager(store, self._writing)
        self.tags = TagManager(store, self._writing)
        self.edits = edits.EditManager(store, self._writing, lambda: self._index_pending(True))
        # Called with ImportProgress while search brings a lagging index up to date (the CLI
        # prints that it is rebuilding); None: quietly.
        self.catch_up_progress: Callable[[ImportProgress], None] | None = None
        # Why the last catch-up could not bring the index up to date (disk full...), if it failed.
        self.catch_up_error: UserError | None = None

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, folder: str | os.PathLike[str] | None = None) -> Library:
        """Open (creating if needed) the library named by `folder`, env, or the default."""
        path, is_default = paths.resolve_library(folder)
        if not is_text(str(path)):
            raise LibraryError(f"{shown_path(path)}: a library folder's name must be valid UTF-8")
        if path.exists() and not path.is_dir():
            raise LibraryError(f"{path}: is a file, not a library folder")
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"{path}: cannot create the library folder ({exc.strerror})") from exc
        writable = os.access(path, os.W_OK)
        db = paths.db_path(path)
        if not writable and not db.exists():
            raise LibraryError(f"{path}: library folder is read-only and holds no library")
        if not db.exists():
            refuse_lost_record(path, db, missing=True)
        store = Store(db, readonly=not writable)
        if store.is_empty():
            try:
                refuse_lost_record(path, db, missing=False)
            except LibraryError:
                store.close()
                raise
        return cls(path, store, is_default=is_default, writable=writable and not store.readonly)

    def _replace_index(self, damage: str) -> None:
        """Put an empty index in place of a damaged one and mark every article for indexing
        (the caller holds the writer lock)."""
        from newsdesk.index import SearchIndex

        if self._index is not None:
            self._index.close()  # type: ignore[attr-defined]
        self._index = None
        self.store.mark_all_unindexed()  # (first: a kill after the next line leaves them pending)
        self._attach(SearchIndex.recreate(paths.index_dir(self.folder), damage))

    def close(self) -> None:
        if self._index is not None:
            self._index.close()  # type: ignore[attr-defined]
            self._index = None
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def index(self):  # type: ignore[no-untyped-def]
        """The search index, opened on first use (rebuilt from the record if it was lost)."""
        if self._index is None:
            from newsdesk.index import SearchIndex

            self._attach(SearchIndex.open(paths.index_dir(self.folder)))
            if self.writable and (self._index.rebuilt or self._index_lost()):  # type: ignore[attr-defined]
                self.store.mark_all_unindexed()
        return self._index

    def _attach(self, index: object) -> None:
        self._index = index
        # tag: and note: are answered by the record, not the index.
        index.set_field_resolver("tag", self.tags.article_ids_with_tag)  # type: ignore[attr-defined]
        index.set_field_resolver("note", self.tags.article_ids_with_note)  # type: ignore[attr-defined]

    def _index_lost(self) -> bool:
        """An empty index while the record says articles are indexed: a crash between creating
        a fresh index and marking the record for a rebuild."""
        if self._index.doc_count():  # type: ignore[attr-defined]
            return False
        return self.store.any_indexed()

    def _writing(self, what: str):  # type: ignore[no-untyped-def]
        if not self.writable:
            if self.store.readonly:
                raise self.store.write_error
            raise LibraryReadOnlyError(f"{self.folder}: {READ_ONLY}")
        return self._lock.held(what)

    # -- import and indexing -------------------------------------------------------------------

    def import_paths(
        self,
        paths_: Iterable[str | os.PathLike[str]],
        *,
        sync: bool = False,
        progress: Callable[[ImportProgress], None] | None = None,
        cancel: CancelFlag | None = None,
    ) -> ImportReport:
        """Import files and folders (recursively); see ImportReport for what is counted."""
        targets = [Path(p).expanduser().absolute() for p in paths_]
        with self._writing("import"):
            importer = Importer(
                self.store,
                progress=progress,
                cancel=cancel,
                index_pending=lambda final: self._index_pending(final, importer.state, progress),
            )
            report = importer.run(targets, sync=sync)
            try:
                self._index_pending(True, importer.state, progress, cancel=cancel)
            except Cancelled:
                report.cancelled = True
            return report

    def _index_pending(
        self,
        final: bool,
        state: ImportProgress | None = None,
        progress: Callable[[ImportProgress], None] | None = None,
        cancel: CancelFlag | None = None,
    ) -> int:
        """Index articles the record holds but the index has not seen; returns how many.

        During an import (`final` False) this waits until `COMMIT_BATCH` articles are pending.
        A cancel between reads commits what was indexed so far, then raises `Cancelled`. A final
        pass that indexed `SETTLE_MIN` articles or more (with those of the import before it)
        ends by merging the index down to two segments, which searches read faster (to one when
        those articles are half of the index or more: see `plan_settle`).
        """
        if not final and self.store.count_unindexed() < COMMIT_BATCH:
            return 0
        try:
            return self._index_batches(final, state, progress, cancel)
        except IndexDamaged as damage:  # (found by a merge: the record holds everything)
            self._replace_index(str(damage))
            return self._index_batches(final, state, progress, cancel)

    def _index_batches(
        self,
        final: bool,
        state: ImportProgress | None,
        progress: Callable[[ImportProgress], None] | None,
        cancel: CancelFlag | None,
    ) -> int:
        index = self.index
        done = 0
        todo = self.store.count_unindexed()
        while True:
            if cancel is not None and cancel.is_set():
                raise Cancelled("indexing cancelled")
            ids = self.store.unindexed_ids(COMMIT_BATCH)
            deletes = self.store.pending_deletes()
            if not ids and not deletes:
                break
            added: list[str] = []
            cancelled = False
            with index.writer() as w:
                if deletes:
                    w.delete(deletes)
                for start in range(0, len(ids), INDEX_BATCH):
                    part = ids[start : start + INDEX_BATCH]
                    articles = self.store.articles_by_id(part)
                    w.add([articles[i] for i in part if i in articles])
                    added.extend(part)
                    if state is not None:
                        state.indexed += len(part)
                    if state is not None and progress is not None:
                        phase = state.phase
                        state.phase, state.to_index = "indexing", todo
                        progress(state)
                        state.phase = phase
                    if cancel is not None and cancel.is_set():
                        cancelled = True
                        break
            self.store.mark_indexed(added)
            self.store.clear_deletes(deletes)
            done += len(added)
            if cancelled:
                raise Cancelled("indexing cancelled")
            if not final:
                break
        written = state.indexed if state is not None else done
        if final and written >= SETTLE_MIN:
            self._settle(written, state, progress, cancel)
        return done

    def _settle(
        self,
        written: int,
        state: ImportProgress | None,
        progress: Callable[[ImportProgress], None] | None,
        cancel: CancelFlag | None,
    ) -> None:
        """Settle the index (see `SearchIndex.settle`), reporting the merge as the "settling"
        phase; a cancel stops it (the index stays as it was, every article in it) and raises
        `Cancelled`."""

        def step(done: int, total: int) -> None:
            if cancel is not None and cancel.is_set():
                raise Cancelled("settling the index cancelled")
            if state is not None and progress is not None:
                phase = state.phase
                state.phase, state.settled, state.to_settle = "settling", done, total
                progress(state)
                state.phase = phase

        self.index.settle(written, step)

    def index_lag(self) -> int:
        """Articles the index has not seen yet (added, changed or removed in the record)."""
        return self.store.count_unindexed() + len(self.store.pending_deletes())

    def catch_up(self) -> int:
        """Bring the index up to date with the record when no one else is writing: after a
        crash left the record ahead of the index, or when the index was rebuilt. Never waits:
        if another process (or thread) is writing, searches use the index as it is."""
        if not self.writable or self._lock.held_here or not self._catching_up.acquire(blocking=False):
            return 0
        try:
            if not self.index_lag():
                return 0
            try:
                with self._writing("index"):
                    state = ImportProgress("indexing", to_index=self.store.count_unindexed())
                    progress = self.catch_up_progress
                    if progress is not None:
                        progress(state)
                    return self._index_pending(True, state if progress else None, progress)
            except LibraryBusyError:
                return 0
            except Exception as exc:
                # A full disk (or a medium gone read-only) must not stop searching: the index
                # answers as it is, and `index_behind` says why it is behind.
                error = as_user_error(exc, self.folder)
                if error is None:
                    raise
                self.catch_up_error = error
                return 0
        finally:
            self._catching_up.release()

    def index_behind(self) -> tuple[int, str | None]:
        """How many articles the index lags the record by, and why it could not catch up (None
        when nothing stopped it: it is being written by another process, or is up to date)."""
        lag = self.index_lag()
        if not lag:
            return 0, None
        if self.catch_up_error is not None:
            return lag, str(self.catch_up_error)
        if not self.writable:
            return lag, str(self.store.write_error)
        return lag, None

    def check(self, repair: bool = False) -> CheckReport:
        """Check the record and that the index agrees with it; with `repair`, re-index from the
        record and place stale passages again (see newsdesk.check)."""
        return run_check(self, repair=repair)

    def reindex(
        self, *, progress: Callable[[ImportProgress], None] | None = None, cancel: CancelFlag | None = None
    ) -> int:
        """Rebuild the whole index from the record; returns the number of articles indexed."""
        with self._writing("reindex"):
            # Marked first: a reindex killed after the clear still leaves every article pending.
            self.store.mark_all_unindexed()
            self.index.clear()
            state = ImportProgress("indexing", to_index=self.store.count_unindexed())
            return self._index_pending(True, state, progress, cancel=cancel)

    # -- reading -------------------------------------------------------------------------------

    def article(self, article_id: str) -> Article:
        """One article with everything stored about it."""
        return self.store.article(article_id)

    def articles(
        self, *, limit: int | None = None, offset: int = 0, order: str = "-date"
    ) -> list[ArticleSummary]:
        """Article summaries in the given order (default newest first)."""
        ids = self.store.article_ids(order)
        ids = ids[offset:] if limit is None else ids[offset : offset + limit]
        rows = self.store.summaries(ids)
        return [rows[i] for i in ids if i in rows]

    def article_ids(self, *, order: str = "-date") -> list[str]:
        """Every article id in the given order: what a lazy list model holds."""
        return self.store.article_ids(order)

    def summaries(self, ids: Sequence[str]) -> Mapping[str, ArticleSummary]:
        """List-row fields for the given ids."""
        return self.store.summaries(ids)

    def stats(self) -> dict[str, object]:
        """Counts: articles, sources, characters, date range, per-newspaper."""
        return self.store.stats()

    # -- corrections of the split ------------------------------------------------------------

    # -- search --------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        mode: str = "exact",
        limit: int = 20,
        offset: int = 0,
        sort: str = "relevance",
        facets: bool = False,
    ) -> SearchResult:
        """Search the library (query language in the README). A search that finds the index
        damaged rebuilds it from the record and searches again (if the library can be written
        and no one else is writing; else the damage is the error)."""
        self.index  # noqa: B018 -- opening it may mark everything for a rebuild
        self.catch_up()
        kwargs = {"mode": mode, "limit": limit, "offset": offset, "sort": sort, "facets": facets}
        try:
            return self.index.search(query, fetch=self.store.article_texts, **kwargs)
        except IndexDamaged as damage:
            if not self.writable or self._lock.held_here:
                raise
            try:
                with self._writing("index"):
                    self._replace_index(str(damage))
            except LibraryBusyError:  # (another process is writing: it cannot be rebuilt now)
                raise damage from None
            self.catch_up()
            return self.index.search(query, fetch=self.store.article_texts, **kwargs)

    def select(
        self, query: str, *, mode: str = "exact", sort: str = "relevance", ids: bool = True
    ) -> Selection:
        """Every match of a query (not a page): ids in `sort` order and YYYYMMDD dates; what
        the research desk (`research`, `saved`) works on."""
        self.index  # noqa: B018 -- opening it may mark everything for a rebuild
        self.catch_up()
        return self.index.select(query, mode=mode, sort=sort, ids=ids)

    @cached_property
    def research(self) -> Research:
        """Timeline, batch search, concordance and export over whole result sets."""
        from newsdesk.research.desk import Research

        return Research(self)

    @cached_property
    def saved(self) -> SavedSearches:
        """Saved searches that watch the archive for new hits."""
        from newsdesk.research.saved import SavedSearches
        from newsdesk.store.saved import SavedStore

        return SavedSearches(
            SavedStore(self.store),
            lambda q, mode, sort: self.select(q, mode=mode, sort=sort),
            self._writing,
            self.store.summaries,
        )

    def warm_up(self) -> None:
        """Load what the first searches would otherwise load (the window calls it when shown)."""
        self.index  # noqa: B018 -- opening it may mark everything for a rebuild
        self.catch_up()
        self.index.warm_up()

    def marks(self, article_id: str, query: str, *, mode: str = "exact") -> Marks:
        """Where a query's terms stand in each part of one article, as the window marks them
        (whether or not the article matches the whole query)."""
        from newsdesk.index import snippets

        article = self.article(article_id)
        needles = self.index.needles(query, mode=mode)
        return snippets.marks(article, text=needles.text, title=needles.title, caption=needles.caption)

    def hit_marks(self, article: Article, hit: Hit) -> Marks:
        """What the reading pane marks for a search hit: the hit's own spans in the text and the
        title, and its needles wherever they stand in the other parts the query searched."""
        from newsdesk.index import snippets

        found = snippets.part_marks(article, text=hit.needles, caption=hit.caption_needles)
        return replace(found, text=hit.spans, title=hit.title_spans)

    def explain(self, query: str, *, mode: str = "exact") -> str:
        """How a query is read."""
        return self.index.explain(query, mode=mode)

    # -- sample --------------------------------------------------------------------------------

    def ensure_sample(self) -> ImportReport | None:
        """Import the bundled sample page into an empty default library (first start only)."""
        if not self.is_default or not self.writable:
            return None
        if self.store.has_sources():
            return None
        with resources.as_folder(resources.SAMPLE) as folder:
            return self.import_paths([folder])

    def citation(self, article_id: str) -> str:
        """The GB/T 7714 citation of an article: 作者. 题名[N]. 报纸名, 日期(版次)."""
        return TagService(self.store).citation(article_id)

    def backup(self, path: str | os.PathLike[str]) -> Path:
        """Write a consistent copy of the database to `path` (a folder gets a dated file name);
        safe while the window or an import has the library open (see store.backup)."""
        from newsdesk.store.backup import backup_database

        return backup_database(paths.db_path(self.folder), Path(path).expanduser().absolute())
