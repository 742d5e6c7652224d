"""Writes that found the library busy: kept in order and tried again until the lock frees.

An import (in its own process) holds the library's write lock for minutes; a tagging made
meanwhile must not be lost. `PendingWrites.run` runs a write through Ops; if it fails with
LibraryBusyError it is kept, after any already waiting, and tried again every RETRY_MS and when
an import of this window ends (`retry`). Writes that describe themselves (`request`: a new
tagging's article, offsets, tags, note, colour) survive the window too: closing while the
library stays busy (after CLOSE_WAIT_S) saves them to `paths.pending_tags_path`, and the next
window on this library takes them up again (`take_saved`). The others (edits, removals, undo)
cannot outlive the window, which then says how many were not saved.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from newsdesk import paths
from newsdesk.errors import LibraryBusyError

if TYPE_CHECKING:
    from newsdesk.ui.mainwindow import MainWindow

RETRY_MS = 1000
CLOSE_WAIT_S = 5.0


@dataclass
class Write:
    work: Callable[[Any], Any]
    done: Callable[[Any], None]
    fail: Callable[[BaseException], None]
    request: dict[str, Any] | None = None


class PendingWrites(QObject):
    """See the module docstring."""

    changed = Signal(int)  # how many writes wait
    kept = Signal(str)  # a write was kept: the busy message

    def __init__(self, w: MainWindow) -> None:
        super().__init__(w)
        self.w = w
        self.waiting: list[Write] = []
        self._running = False  # a retry is on the worker
        self.timer = QTimer(self)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(self.retry)

    @property
    def file(self) -> Path:
        return paths.pending_tags_path(self.w.library.folder)

    def run(self, write: Write) -> None:
        """Run `write` now, or after those already waiting."""
        if self.waiting and not self._running:
            self._keep(write, front=False)
            return

        def finished(result: Any) -> None:
            write.done(result)
            self.retry()

        self.w.ops.run(write.work, done=finished, failed=lambda exc: self._failed(write, exc, first=True))

    def _failed(self, write: Write, exc: BaseException, *, first: bool) -> None:
        self._running = False
        if isinstance(exc, LibraryBusyError):
            self._keep(write, front=True)
            if first:
                self.kept.emit(str(exc))
        else:
            write.fail(exc)
            self.retry()

    def _keep(self, write: Write, *, front: bool) -> None:
        self.waiting.insert(0, write) if front else self.waiting.append(write)
        self.timer.start()
        self.changed.emit(len(self.waiting))

    def retry(self) -> None:
        """Try the oldest waiting write (the rest follow in turn)."""
        if not self.waiting or self._running:
            return
        write = self.waiting.pop(0)
        self._running = True
        self.changed.emit(len(self.waiting))
        if not self.waiting:
            self.timer.stop()

        def done(result: Any) -> None:
            self._running = False
            write.done(result)
            self.retry()

        self.w.ops.run(write.work, done=done, failed=lambda exc: self._failed(write, exc, first=False))

    def flush(self, timeout: float | None = None) -> None:
        """Keep trying the waiting writes for up to `timeout` (CLOSE_WAIT_S) seconds."""
        deadline = time.monotonic() + (CLOSE_WAIT_S if timeout is None else timeout)
        while (self.waiting or self._running) and time.monotonic() < deadline:
            self.retry()
            self.w.ops.wait()
            QCoreApplication.processEvents()
            if self.waiting and not self._running:
                time.sleep(0.1)

    def save(self) -> tuple[int, int]:
        """Write what still waits to the pending file: (saved for the next window, lost)."""
        requests = [w.request for w in self.waiting if w.request is not None]
        lost = len(self.waiting) - len(requests)
        if requests:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            earlier = self._read()
            self.file.write_text(json.dumps(earlier + requests, ensure_ascii=False), encoding="utf-8")
        self.waiting.clear()
        self.timer.stop()
        return len(requests), lost

    def take_saved(self) -> list[dict[str, Any]]:
        """The requests a window before this one could not save (and forget the file)."""
        got = self._read()
        self.file.unlink(missing_ok=True)
        return got

    def _read(self) -> list[dict[str, Any]]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [r for r in data if isinstance(r, dict)] if isinstance(data, list) else []
