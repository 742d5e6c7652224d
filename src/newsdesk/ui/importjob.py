"""The import worker process: Library.import_paths in a spawned child, reporting on a queue.

Qt-free on purpose: the child is started with multiprocessing's 'spawn' context (never fork: the
window runs Qt threads) and imports only this module and the core. Messages put on the queue:

    ("progress", {phase, files_done, files_total, articles, indexed, to_index, path, ...})
    ("done", ImportReport.to_json() + {"skipped_files"})
    ("error", "user" | "bug", message, traceback text)

Messages are in the window's language (passed to the child: it is not the environment's).

Cancelling sets the shared Event; the core stops at the next file or batch and keeps what it
finished, so the last message is still "done" (with "cancelled": true).
"""

from __future__ import annotations

import dataclasses
import time
import traceback
from collections.abc import Sequence
from typing import Any

PROGRESS_INTERVAL = 0.1  # seconds between progress messages (the window polls at 10 Hz)


def run_import(folder: str, paths: Sequence[str], queue: Any, cancel: Any, lang: str = "en") -> None:
    """Entry point of the child process; `lang` is the window's language, which the messages
    the child sends (why a file failed, a busy library) are written in."""
    from newsdesk import language
    from newsdesk.errors import UserError
    from newsdesk.indexing import allow_worker

    language.use(lang)
    allow_worker()  # (the window starts this process daemonic: ended with the window)

    last = 0.0

    def progress(p: object) -> None:
        nonlocal last
        now = time.monotonic()
        phase = getattr(p, "phase", "")
        if now - last < PROGRESS_INTERVAL and phase != "done":
            return
        last = now
        queue.put(("progress", dataclasses.asdict(p)))  # type: ignore[call-overload]

    try:
        from newsdesk.library import Library

        with Library.open(folder) as lib:
            report = lib.import_paths(list(paths), progress=progress, cancel=cancel)
        queue.put(("done", {**report.to_json(), "skipped_files": report.skipped_files}))
    except UserError as exc:
        queue.put(("error", "user", str(exc), ""))
    except BaseException as exc:  # a bug: the window logs the trace and shows a short dialog
        queue.put(("error", "bug", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
