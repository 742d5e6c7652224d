"""The record → index catch-up: the search index follows what the record holds.

The record is written first, so a killed writer leaves the index behind, never ahead: what the
index has not seen is marked in the record (`indexed`, the delete log), indexed in batches after
each write, and at the next search if a writer died (`catch_up`, when no one else is writing). A
damaged index is replaced by an empty one and rebuilt from the record; one that cannot be
brought up to date (a full disk, a read-only medium) answers as it is, and `behind` says so.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.errors import Cancelled, IndexDamaged, LibraryBusyError, UserError, as_user_error
from newsdesk.importer import CancelFlag, ImportProgress
from newsdesk.store import Store

if TYPE_CHECKING:
    from newsdesk.index import SearchIndex

INDEX_BATCH = 500  # articles read from the record at a time (and between progress reports)
COMMIT_BATCH = 10_000  # articles per index commit (one new segment, a few during an import)
SETTLE_MIN = 10_000  # articles indexed in one go after which the index is settled (one or two segments)


def allow_worker() -> None:
    """Let this daemonic process (the window's import) start the index's worker process, which
    ends with it (`newsdesk.index.building.allow_worker`)."""
    from newsdesk.index.building import allow_worker as allow

    allow()


class IndexKeeper:
    """One library's search index: opened on `open()` (an explicit call), kept up to date."""

    def __init__(
        self,
        folder: Path,
        store: Store,
        *,
        writing: Callable[[str], AbstractContextManager[object]],
        writable: Callable[[], bool],
        writing_here: Callable[[], bool],
        resolvers: Mapping[str, Callable[[str], set[str]]],
    ) -> None:
        self.folder = folder  # the index folder
        self.store = store
        self._writing = writing
        self._writable = writable
        self._writing_here = writing_here
        self._resolvers = dict(resolvers)
        self._index: SearchIndex | None = None
        self._catching_up = threading.Lock()
        # Called with ImportProgress while a search brings a lagging index up to date (the CLI
        # prints that it is rebuilding); None: quietly.
        self.progress: Callable[[ImportProgress], None] | None = None
        # Why the last catch-up could not bring the index up to date (disk full...), if it failed.
        self.error: UserError | None = None

    def open(self) -> SearchIndex:
        """The search index, opened (or made) on the first call; a lost or rebuilt index marks
        every article of the record for indexing."""
        if self._index is None:
            from newsdesk.index import SearchIndex

            self._attach(SearchIndex.open(self.folder))
            assert self._index is not None
            if self._writable() and (self._index.rebuilt or self._lost()):
                self.store.mark_all_unindexed()
        return self._index

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

    def _attach(self, index: SearchIndex) -> None:
        self._index = index
        for field, resolver in self._resolvers.items():  # (tag: and note: read the record)
            index.set_field_resolver(field, resolver)

    def _lost(self) -> bool:
        """An empty index while the record says articles are indexed: a crash between creating
        a fresh index and marking the record for a rebuild."""
        assert self._index is not None
        if self._index.doc_count():
            return False
        return self.store.any_indexed()

    def replace(self, damage: str) -> None:
        """Put an empty index in place of a damaged one and mark every article for indexing
        (the caller holds the writer lock)."""
        from newsdesk.index import SearchIndex

        self.close()
        self.store.mark_all_unindexed()  # (first: a kill after the next line leaves them pending)
        self._attach(SearchIndex.recreate(self.folder, damage))

    def pending(
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
            return self._batches(final, state, progress, cancel)
        except IndexDamaged as damage:  # (found by a merge: the record holds everything)
            self.replace(str(damage))
            return self._batches(final, state, progress, cancel)

    def _batches(
        self,
        final: bool,
        state: ImportProgress | None,
        progress: Callable[[ImportProgress], None] | None,
        cancel: CancelFlag | None,
    ) -> int:
        index = self.open()
        done = 0
        todo = self.store.count_unindexed()
        if state is not None:  # (what this import or reindex indexed so far, and what is left)
            state.to_index = state.indexed + todo
        # A settling merge follows an import under way, and a last pass that makes it large:
        # their batches leave merging to it (`SearchIndex.writer(bulk=True)`), which shows its
        # progress, where a tiered merge of the last batch would take as long unannounced.
        bulk = not final or (state.indexed if state is not None else 0) + todo >= SETTLE_MIN
        while True:
            if cancel is not None and cancel.is_set():
                raise Cancelled("indexing cancelled")
            ids = self.store.unindexed_ids(COMMIT_BATCH)
            deletes = self.store.pending_deletes()
            if not ids and not deletes:
                break
            added: list[str] = []
            cancelled = False
            with index.writer(bulk=bulk) as w:
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
                        state.phase = "indexing"
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
        if final:  # (the worker that built segments beside this process is done: its memory back)
            from newsdesk.index import building

            building.shutdown()
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

        self.open().settle(written, step)

    def lag(self) -> int:
        """Articles the index has not seen yet (added, changed or removed in the record)."""
        return self.store.count_unindexed() + len(self.store.pending_deletes())

    def catch_up(self) -> int:
        """Bring the index up to date with the record when no one else is writing: after a
        crash left the record ahead of the index, or when the index was rebuilt. Never waits:
        if another process (or thread) is writing, searches use the index as it is."""
        if not self._writable() or self._writing_here() or not self._catching_up.acquire(blocking=False):
            return 0
        try:
            if not self.lag():
                return 0
            try:
                with self._writing("index"):
                    state = ImportProgress("indexing", to_index=self.store.count_unindexed())
                    progress = self.progress
                    if progress is not None:
                        progress(state)
                    return self.pending(True, state if progress else None, progress)
            except LibraryBusyError:
                return 0
            except Exception as exc:
                # A full disk (or a medium gone read-only) must not stop searching: the index
                # answers as it is, and `index_behind` says why it is behind.
                error = as_user_error(exc, self.folder.parent)
                if error is None:
                    raise
                self.error = error
                return 0
        finally:
            self._catching_up.release()

    def behind(self, write_error: UserError) -> tuple[int, str | None]:
        """How many articles the index lags the record by, and why it could not catch up (None
        when nothing stopped it: it is being written by another process, or is up to date)."""
        lag = self.lag()
        if not lag:
            return 0, None
        if self.error is not None:
            return lag, str(self.error)
        if not self._writable():
            return lag, str(write_error)
        return lag, None

    def reindex(
        self, *, progress: Callable[[ImportProgress], None] | None = None, cancel: CancelFlag | None = None
    ) -> int:
        """Rebuild the whole index from the record; returns the number of articles indexed."""
        with self._writing("reindex"):
            # Marked first: a reindex killed after the clear still leaves every article pending.
            self.store.mark_all_unindexed()
            self.open().clear()
            state = ImportProgress("indexing", to_index=self.store.count_unindexed())
            done = self.pending(True, state, progress, cancel=cancel)
            if progress is not None:
                state.phase = "done"
                progress(state)
            return done
