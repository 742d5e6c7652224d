"""The Library facade: the only door the CLI and the window use into a library folder.

A library folder holds the SQLite record (the truth) and a search index derived from it. Writes
(import, tags, corrections, reindex) take the folder's writer lock in one place (`_writing`);
reads never wait for it. The managers (`passages`, `tags`, `edits`, `saved`, `research`) are the
doors to each concern; `indexing` keeps the index following the record (newsdesk.indexing), and
`check` compares the two (newsdesk.check).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk import edits, paths, resources
from newsdesk.check import CheckReport, refuse_lost_record, run_check
from newsdesk.domain import Article, ArticleSummary, Hit, Marks, SearchResult
from newsdesk.errors import (
    Cancelled,
    IndexDamaged,
    LibraryBusyError,
    LibraryError,
    is_text,
    read_only,
    shown_path,
)
from newsdesk.importer import CancelFlag, Importer, ImportProgress, ImportReport
from newsdesk.indexing import IndexKeeper
from newsdesk.language import _
from newsdesk.lock import WriteLock
from newsdesk.progress import IMPORT, REINDEX, Overall
from newsdesk.store import Store
from newsdesk.tags.manager import PassageManager, TagManager
from newsdesk.tags.service import TagService

if TYPE_CHECKING:  # (loaded on first use: a `list` or `show` needs neither the index nor these)
    from newsdesk.index import SearchIndex
    from newsdesk.index.search_index import Selection
    from newsdesk.research.desk import Research
    from newsdesk.research.saved import SavedSearches
    from newsdesk.sync.manager import HubManager
    from newsdesk.sync.report import SyncProgress


class Library:
    """An open library folder: import, list, read, search."""

    def __init__(self, folder: Path, store: Store, *, is_default: bool, writable: bool) -> None:
        self.folder = folder
        self.store = store
        self.is_default = is_default
        self.writable = writable
        self._lock = WriteLock(paths.lock_path(folder))
        # The doors to what archivists make in the record (Anki's col.tags): each write takes
        # the writer lock through `_writing`, the one place it is taken.
        self.passages = PassageManager(store, self._writing)
        self.tags = TagManager(store, self._writing)
        self.indexing = IndexKeeper(
            paths.index_dir(folder),
            store,
            writing=self._writing,
            writable=lambda: self.writable,
            writing_here=lambda: self._lock.held_here,
            resolvers={"tag": self.tags.article_ids_with_tag, "note": self.tags.article_ids_with_note},
        )
        self.edits = edits.EditManager(store, self._writing, lambda: self.indexing.pending(True))

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, folder: str | os.PathLike[str] | None = None) -> Library:
        """Open (creating if needed) the library named by `folder`, env, or the default."""
        path, is_default = paths.resolve_library(folder)
        if not is_text(str(path)):
            raise LibraryError(
                _("{path}: a library folder's name must be valid UTF-8").format(path=shown_path(path))
            )
        if path.exists() and not path.is_dir():
            raise LibraryError(_("{path}: is a file, not a library folder").format(path=path))
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(
                _("{path}: cannot create the library folder ({detail})").format(
                    path=path, detail=exc.strerror
                )
            ) from exc
        writable = os.access(path, os.W_OK)
        db = paths.db_path(path)
        if not writable and not db.exists():
            raise LibraryError(
                _("{path}: library folder is read-only and holds no library").format(path=path)
            )
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

    def close(self) -> None:
        self.indexing.close()
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open_index(self) -> SearchIndex:
        """The search index, opened on the first call (an explicit one: opening may find the
        index lost or old and mark every article for a rebuild)."""
        return self.indexing.open()

    def _writing(self, what: str):  # type: ignore[no-untyped-def]
        if not self.writable:
            if self.store.readonly:
                raise self.store.write_error
            raise read_only(self.folder)
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
        progress = Overall(progress, IMPORT)  # (one fraction over every stage, never going back)
        with self._writing("import"):
            importer = Importer(
                self.store,
                progress=progress,
                cancel=cancel,
                index_pending=lambda final: self.indexing.pending(final, importer.state, progress),
            )
            report = importer.run(targets, sync=sync)
            try:
                self.indexing.pending(True, importer.state, progress, cancel=cancel)
            except Cancelled:
                report.cancelled = True
            importer.state.phase = "done"
            progress(importer.state)
            return report

    def index_lag(self) -> int:
        """Articles the index has not seen yet (added, changed or removed in the record)."""
        return self.indexing.lag()

    def catch_up(self) -> int:
        """Bring the index up to date with the record when no one else is writing (see
        newsdesk.indexing); never waits. Returns how many articles were indexed."""
        return self.indexing.catch_up()

    def index_behind(self) -> tuple[int, str | None]:
        """How many articles the index lags the record by, and why it could not catch up."""
        return self.indexing.behind(self.store.write_error)

    def check(self, repair: bool = False) -> CheckReport:
        """Check the record and that the index agrees with it; with `repair`, re-index from the
        record and place stale passages again (see newsdesk.check)."""
        return run_check(self, repair=repair)

    def reindex(
        self, *, progress: Callable[[ImportProgress], None] | None = None, cancel: CancelFlag | None = None
    ) -> int:
        """Rebuild the whole index from the record; returns the number of articles indexed."""
        return self.indexing.reindex(progress=Overall(progress, REINDEX), cancel=cancel)

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

    def article_count(self) -> int:
        """How many articles the library holds (counted without reading their ids)."""
        return self.store.count_articles()

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
        self._ready()
        kwargs = {"mode": mode, "limit": limit, "offset": offset, "sort": sort, "facets": facets}
        try:
            return self.open_index().search(query, fetch=self.store.article_texts, **kwargs)  # type: ignore[arg-type]
        except IndexDamaged as damage:
            if not self.writable or self._lock.held_here:
                raise
            try:
                with self._writing("index"):
                    self.indexing.replace(str(damage))
            except LibraryBusyError:  # (another process is writing: it cannot be rebuilt now)
                raise damage from None
            self.catch_up()
            return self.open_index().search(query, fetch=self.store.article_texts, **kwargs)  # type: ignore[arg-type]

    def _ready(self) -> SearchIndex:
        """The index, opened and brought up to date if no one else is writing."""
        index = self.open_index()
        self.catch_up()
        return index

    def select(
        self, query: str, *, mode: str = "exact", sort: str = "relevance", ids: bool = True
    ) -> Selection:
        """Every match of a query (not a page): ids in `sort` order and YYYYMMDD dates; what
        the research desk (`research`, `saved`) works on."""
        return self._ready().select(query, mode=mode, sort=sort, ids=ids)

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

    @cached_property
    def hub(self) -> HubManager:
        """The newsroom hub this library is tied to, if any: join, sync, status, conflicts."""
        from newsdesk.sync.manager import HubManager

        return HubManager(self.store, self._writing, self._follow_sync)

    def _follow_sync(self, progress: Callable[[SyncProgress], None] | None) -> int:
        """Index what a sync pulled (under the writer lock the sync holds)."""
        from newsdesk.sync.report import SyncProgress

        state = ImportProgress("indexing", to_index=self.store.count_unindexed())

        def told(p: ImportProgress) -> None:
            if progress is not None:
                progress(SyncProgress("indexing", p.indexed, p.to_index))

        return self.indexing.pending(True, state, told)

    def warm_up(self) -> None:
        """Load what the first searches would otherwise load (the window calls it when shown)."""
        self._ready().warm_up()

    def marks(self, article_id: str, query: str, *, mode: str = "exact") -> Marks:
        """Where a query's terms stand in each part of one article, as the window marks them
        (whether or not the article matches the whole query)."""
        from newsdesk.index import snippets

        article = self.article(article_id)
        needles = self.open_index().needles(query, mode=mode)
        return snippets.marks(article, text=needles.text, title=needles.title, caption=needles.caption)

    def hit_marks(self, article: Article, hit: Hit) -> Marks:
        """What the reading pane marks for a search hit: the hit's own spans in the text and the
        title, and its needles wherever they stand in the other parts the query searched."""
        from newsdesk.index import snippets

        found = snippets.part_marks(article, text=hit.needles, caption=hit.caption_needles)
        return replace(found, text=hit.spans, title=hit.title_spans)

    def explain(self, query: str, *, mode: str = "exact") -> str:
        """How a query is read."""
        return self.open_index().explain(query, mode=mode)

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
