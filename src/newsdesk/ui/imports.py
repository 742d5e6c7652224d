"""Imports from the window: a spawned worker process, a queue polled by a QTimer, a dialog.

Pure-Python reading and indexing in a thread would hold the GIL against the UI thread, so the
import runs in its own process (multiprocessing 'spawn': forking a process that runs Qt threads
is unsafe) on the same library folder; the core's write lock keeps it the only writer. The
window polls the queue ten times a second and never blocks on it.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue as queue_mod
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from newsdesk import language
from newsdesk.ui import plain
from newsdesk.ui.importjob import run_import
from newsdesk.ui.widgets.import_dialog import ImportProgressDialog, ImportReportDialog

log = logging.getLogger(__name__)

POLL_MS = 100


class ImportController(QObject):
    """Starts one import at a time and reports how it ended."""

    started = Signal()
    progressed = Signal(dict)
    finished = Signal(dict)  # ImportReport.to_json()
    failed = Signal(str, str, str)  # "user" | "bug", message, trace
    message = Signal(str)  # for the status bar
    bug = Signal(str, str)  # short message, trace: the window shows its bug dialog

    def __init__(
        self, library_folder: Path, parent_widget: QWidget | None = None, *, writable: bool = True
    ) -> None:
        super().__init__(parent_widget)
        self.folder = library_folder
        self.parent_widget = parent_widget
        self.writable = writable
        self.dialog: ImportProgressDialog | None = None
        self.report_dialog: ImportReportDialog | None = None
        self._ctx = multiprocessing.get_context("spawn")
        self._process: Any = None
        self._queue: Any = None
        self._cancel: Any = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._ended = False
        self._exiting: list[tuple[Any, Any]] = []  # finished workers not yet reaped

    @property
    def running(self) -> bool:
        return self._process is not None

    # -- what the user does ------------------------------------------------------------------

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self.parent_widget,
            self.tr("Import files"),
            str(Path.home()),
            self.tr("News files (*.txt *.jsonl *.jsonl.gz *.json *.html *.htm *.md);;All files (*)"),
        )
        if files:
            self.start_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.parent_widget, self.tr("Import a folder"), str(Path.home())
        )
        if folder:
            self.start_paths([folder])

    def start_paths(self, paths: Sequence[str | Path]) -> bool:
        """Import `paths` unless the library is read-only or an import is running."""
        if not self.writable:
            plain.message(
                self.parent_widget, self.tr("Import"), self.tr("This library folder is read-only.")
            ).exec()
            return False
        if not self.start(paths):
            self.message.emit(self.tr("An import is already running."))
            return False
        return True

    def summary(self, report: dict[str, Any]) -> str:
        """What an import changed, in one or two lines."""
        text = self.tr(
            "{added} added, {updated} updated, {unchanged} unchanged, {removed} removed, "
            "{duplicates} duplicates, {failed} failed ({files} files)"
        ).format(
            added=report.get("added", 0),
            updated=report.get("updated", 0),
            unchanged=report.get("unchanged", 0),
            removed=report.get("removed", 0),
            duplicates=report.get("duplicates", 0),
            failed=report.get("failed_count", len(report.get("failed", []))),
            files=report.get("files", 0),
        )
        if report.get("cancelled"):
            text = self.tr("Import cancelled; what was imported is kept.") + "\n" + text
        return text

    def _show_outcome(self, msg: Any) -> None:
        """The report dialog when something failed or was cancelled; a message box on error."""
        if msg[0] == "done":
            report = msg[1]
            if report.get("failed") or report.get("cancelled"):
                dialog = ImportReportDialog(
                    self.summary(report), report.get("failed", []), self.parent_widget
                )
                dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                dialog.open()
                self.report_dialog = dialog
        elif msg[1] == "bug":
            self.bug.emit(msg[2], msg[3])
        else:
            box = plain.message(
                self.parent_widget,
                self.tr("Import"),
                self.tr("Could not import: {reason}").format(reason=msg[2]),
            )
            box.open()
            self.error_box = box

    # -- the worker process ------------------------------------------------------------------

    def start(self, paths: Sequence[str | Path], *, show_dialog: bool = True) -> bool:
        """Start importing `paths`; False if an import is already running."""
        if self.running:
            return False
        self._queue = self._ctx.Queue()
        self._cancel = self._ctx.Event()
        self._process = self._ctx.Process(
            target=run_import,
            args=(str(self.folder), [str(p) for p in paths], self._queue, self._cancel, language.current()),
            name="newsdesk-import",
            daemon=True,
        )
        self._ended = False
        self._process.start()
        if show_dialog:
            self.dialog = ImportProgressDialog(self.parent_widget)
            self.dialog.cancel_requested.connect(self.cancel)
            self.dialog.show()
        self._timer.start()
        self.started.emit()
        return True

    def cancel(self) -> None:
        """Ask the worker to stop; it keeps what it imported and still reports "done"."""
        if self._cancel is not None:
            self._cancel.set()

    def _drain(self, wait: float = 0.0) -> list[Any]:
        msgs: list[Any] = []
        try:
            if wait:
                msgs.append(self._queue.get(timeout=wait))
            while True:
                msgs.append(self._queue.get_nowait())
        except (queue_mod.Empty, EOFError, OSError):
            pass
        return msgs

    def _poll(self) -> None:
        if self._ended or self._queue is None:
            return
        alive = self._process.is_alive()
        msgs = self._drain()
        if not alive and not any(m[0] != "progress" for m in msgs):
            msgs += self._drain(wait=0.2)  # the last word may still be in the pipe
        last_progress = None
        for msg in msgs:
            if msg[0] == "progress":
                last_progress = msg[1]
            else:
                self._end(msg)
                return
        if last_progress is not None:
            if self.dialog is not None:
                self.dialog.update_progress(last_progress)
            self.progressed.emit(last_progress)
        if not alive:
            code = self._process.exitcode
            stopped = self.tr("the import process stopped unexpectedly (exit code {code})").format(code=code)
            self._end(("error", "bug", stopped, ""))

    def _end(self, msg: Any) -> None:
        self._finish()
        if msg[0] == "error" and msg[1] == "bug":
            log.error("import failed:\n%s", msg[3])
        self._show_outcome(msg)
        if msg[0] == "done":
            self.finished.emit(msg[1])
        else:
            self.failed.emit(msg[1], msg[2], msg[3])

    def _finish(self) -> None:
        """Stop listening; the worker exits by itself and is reaped without blocking the UI."""
        self._ended = True
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        if self._process is not None:
            self._exiting.append((self._process, self._queue))
        self._process = self._queue = self._cancel = None
        self._reap()

    def _reap(self, *, wait: float = 0.0) -> None:
        # A worker that said "done" still tears its interpreter down for a moment: joining it
        # on the UI thread would freeze the window for that long, so look again later.
        still = []
        for process, queue in self._exiting:
            process.join(wait)
            if process.is_alive():
                still.append((process, queue))
                continue
            process.close()
            queue.close()
            queue.join_thread()
        self._exiting = still
        if still and not wait:
            QTimer.singleShot(POLL_MS, self, self._reap)

    def shutdown(self) -> None:
        """At window close: cancel and wait for the worker (it keeps what it finished)."""
        if self.running:
            self.cancel()
            self._process.join(timeout=30)
            self._finish()
        self._reap(wait=5)
        for process, _ in self._exiting:
            process.terminate()
        self._reap(wait=5)
