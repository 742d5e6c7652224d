"""The Library facade: the only door the CLI and the window use into a library folder.

A library folder holds the SQLite record (the truth) and a Whoosh index derived from it. Writes
(import, reindex, edits) take the folder's writer lock; reads never wait for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from newsdesk import edits, paths
from newsdesk.domain import Article, ArticleSummary, SearchResult
from newsdesk.errors import Cancelled, LibraryError
from newsdesk.importer import CancelFlag, Importer, ImportProgress, ImportReport
from newsdesk.lock import WriteLock
from newsdesk.store import Store

INDEX_BATCH = 500


class Library:
    """An open library folder: import, list, read, search."""

    def __init__(self, folder: Path, store: Store, *, is_default: bool, writable: bool) -> None:
        self.folder = folder
        self.store = store
        self.is_default = is_default
        self.writable = writable
        self._lock = WriteLock(paths.lock_path(folder))
        self._index: object | None = None

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, folder: str | os.PathLike[str] | None = None) -> Library:
        """Open (creating if needed) the library named by `folder`, env, or the default."""
        path, is_default = paths.resolve_library(folder)
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
        store = Store(db, readonly=not writable)
        return cls(path, store, is_default=is_default, writable=writable)

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

            self._index = SearchIndex.open(paths.index_dir(self.folder))
            if self._index.rebuilt and self.writable:
                self.store.mark_all_unindexed()
        return self._index

    def _writing(self, what: str):  # type: ignore[no-untyped-def]
        if not self.writable:
            raise LibraryError(f"{self.folder}: library folder is read-only")
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
        """Index articles the record holds but the index has not seen; returns how many."""
        if not final and self.store.count_unindexed() < INDEX_BATCH:
            return 0
        index = self.index
        done = 0
        todo = self.store.count_unindexed()
        while True:
            if cancel is not None and cancel.is_set():
                raise Cancelled("indexing cancelled")
            ids = self.store.unindexed_ids(INDEX_BATCH)
            deletes = self.store.pending_deletes()
            if not ids and not deletes:
                break
            articles = self.store.articles_by_id(ids)
            with index.writer() as w:
                if deletes:
                    w.delete(deletes)
                if articles:
                    w.add([articles[i] for i in ids if i in articles])
            self.store.mark_indexed(ids)
            self.store.clear_deletes(deletes)
            done += len(ids)
            if state is not None and progress is not None:
                phase = state.phase
                state.phase, state.indexed, state.to_index = "indexing", state.indexed + len(ids), todo
                progress(state)
                state.phase = phase
            if not final:
                break
        return done

    def reindex(
        self, *, progress: Callable[[ImportProgress], None] | None = None, cancel: CancelFlag | None = None
    ) -> int:
        """Rebuild the whole index from the record; returns the number of articles indexed."""
        with self._writing("reindex"):
            self.index.clear()
            self.store.mark_all_unindexed()
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

    def _correct(self, what: str, kind: str, data: dict[str, object], apply):  # type: ignore[no-untyped-def]
        with self._writing(what):
            with self.store.transaction():
                result = apply()
                edits.record(self.store, kind, data)
            self._index_pending(True)
            return result

    def edit_article(self, article_id: str, **fields: object) -> Article:
        """Correct kicker, title, subtitle or bylines ([{"role","name"}]); survives re-import."""
        return self._correct(
            "edit", "fields", {"article": article_id, "fields": fields},
            lambda: edits.apply_fields(self.store, article_id, fields),
        )

    def merge_articles(self, first: str, second: str) -> Article:
        """Append article `second` to `first` (two halves of one article); survives re-import."""
        return self._correct(
            "merge", "merge", {"into": first, "from": second},
            lambda: edits.apply_merge(self.store, first, second),
        )

    def split_article(self, article_id: str, paragraph: int) -> tuple[Article, Article]:
        """Cut an article before a paragraph into two articles; survives re-import."""
        return self._correct(
            "split", "split", {"article": article_id, "paragraph": paragraph},
            lambda: edits.apply_split(self.store, article_id, paragraph),
        )

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
        """Search the library (query language in the README)."""
        return self.index.search(
            query,
            mode=mode,
            limit=limit,
            offset=offset,
            sort=sort,
            facets=facets,
            fetch=self.store.articles_by_id,
        )

    def explain(self, query: str, *, mode: str = "exact") -> str:
        """How a query is read."""
        return self.index.explain(query, mode=mode)

    # -- sample --------------------------------------------------------------------------------

    def ensure_sample(self) -> ImportReport | None:
        """Import the bundled sample page into an empty default library (first start only)."""
        if not self.is_default or not self.writable:
            return None
        if self.store.stats()["sources"]:
            return None
        return self.import_paths([paths.sample_dir()])
