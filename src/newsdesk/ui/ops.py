"""The one helper that runs slow library work off the UI thread and reports on the main thread.

    ops.run(work, done=..., failed=..., key="search")

`work(library)` runs on a single pooled worker thread with the worker's own Library (its own
SQLite connection and search index, opened there on first use): jobs run one at a time, in
order, so the worker library is never used by two threads. `done(result)` or `failed(exc)`
runs on the main thread. Jobs sharing a `key` supersede each other: a job that has not started
when a newer one with its key arrives is skipped, and a finished job's result is dropped if a
newer one was submitted meanwhile — typing fast never shows stale results.

Errors: UserError goes to `failed` (or the `user_error` signal); anything else is a bug, logged
with its trace and reported through the `bug` signal (the window shows a short dialog).
"""

from __future__ import annotations

import itertools
import logging
import sys
import time
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

from newsdesk.errors import UserError

if TYPE_CHECKING:
    from newsdesk.library import Library

log = logging.getLogger(__name__)

SWITCH_INTERVAL = 0.001  # seconds


class _Job(QRunnable):
    def __init__(self, ops: Ops, job_id: int, key: str | None, work: Callable[[Library], Any]) -> None:
        super().__init__()
        self.ops, self.job_id, self.key, self.work = ops, job_id, key, work

    def run(self) -> None:
        ops = self.ops
        if self.key is not None and ops._latest.get(self.key) != self.job_id:
            ops._delivered.emit(self.job_id, ("skipped",))
            return
        try:
            result = self.work(ops._worker_library())
        except BaseException as exc:
            ops._delivered.emit(self.job_id, ("failed", exc, traceback.format_exc()))
        else:
            ops._delivered.emit(self.job_id, ("done", result))


class Ops(QObject):
    """Runs library work on one background thread; see the module docstring."""

    user_error = Signal(str)
    bug = Signal(str, str)  # short message, trace
    idle = Signal()

    # job id, ("done", result) | ("failed", exc, trace) | ("skipped",). Always a tuple: PySide6
    # miscounts references when None itself crosses threads in an `object` argument.
    _delivered = Signal(int, object)

    def __init__(self, open_library: Callable[[], Library], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._open_library = open_library
        self._library: Library | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)
        self._ids = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._closed = False
        self._callbacks: dict[
            int, tuple[str | None, Callable[[Any], None] | None, Callable[[BaseException], None] | None, bool]
        ] = {}
        self._delivered.connect(self._deliver)
        # Pure-Python work on the worker holds the GIL; the UI thread gets it back at the next
        # switch. 1 ms instead of CPython's 5 ms keeps painting smooth during a search.
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))

    # -- submitting ------------------------------------------------------------------------

    def run(
        self,
        work: Callable[[Library], Any],
        *,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
        key: str | None = None,
        quiet: bool = False,
    ) -> int:
        """Queue `work(library)`; returns the job id (after shutdown: nothing runs, 0).

        `quiet` jobs fetch something secondary (facet counts, a warm-up): a bug in them is
        logged but not put in front of the user.
        """
        if self._closed:
            return 0
        job_id = next(self._ids)
        if key is not None:
            self._latest[key] = job_id
        self._callbacks[job_id] = (key, done, failed, quiet)
        self._pool.start(_Job(self, job_id, key, work))
        return job_id

    def cancel(self, key: str) -> None:
        """Forget the pending and running jobs of `key`: their results will be dropped."""
        self._latest[key] = -1

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Block until every job (and the jobs their callbacks queue) is done and delivered.

        For tests, --screenshot and shutdown only: the window itself never waits.
        """
        deadline = time.monotonic() + timeout_ms / 1000
        while self._callbacks:
            left = int((deadline - time.monotonic()) * 1000)
            if left <= 0 or not self._pool.waitForDone(left):
                return False
            QCoreApplication.sendPostedEvents(self)
        return True

    def shutdown(self) -> None:
        """Drop queued jobs, wait for the running one, close the worker library."""
        self._closed = True
        self._pool.clear()
        self._pool.waitForDone(30000)
        self._callbacks.clear()
        if self._library is not None:
            self._library.close()
            self._library = None

    # -- worker side -------------------------------------------------------------------------

    def _worker_library(self) -> Library:
        if self._library is None:
            self._library = self._open_library()
        return self._library

    # -- main-thread side --------------------------------------------------------------------

    @Slot(int, object)
    def _deliver(self, job_id: int, outcome: tuple[Any, ...]) -> None:
        key, done, failed, quiet = self._callbacks.pop(job_id, (None, None, None, False))
        stale = key is not None and self._latest.get(key) != job_id
        if outcome[0] != "skipped" and not stale:
            if outcome[0] == "failed":
                _, exc, trace = outcome
                if isinstance(exc, UserError):
                    if failed is not None:
                        failed(exc)
                    else:
                        self.user_error.emit(str(exc))
                else:
                    log.error("background job failed:\n%s", trace)
                    if not quiet:
                        self.bug.emit(f"{type(exc).__name__}: {exc}", trace)
            elif done is not None:
                done(outcome[1])
        if not self._callbacks:
            self.idle.emit()
