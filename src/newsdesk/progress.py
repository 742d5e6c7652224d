"""A dependency-free progress bar for the terminal, fed by ImportProgress values."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

from newsdesk import terminal

if TYPE_CHECKING:
    from newsdesk.importer import ImportProgress


class TerminalProgress:
    """Redraws one status line on stderr at most ten times a second."""

    def __init__(self, *, enabled: bool, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.stream = terminal.raw(stream or sys.stderr)  # its own redraws: \r kept
        self._last = 0.0
        self._drawn = False

    def update(self, p: ImportProgress) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and p.phase not in ("done",):
            return
        self._last = now
        if p.phase == "indexing" and p.to_index:
            frac, label = p.indexed / max(p.to_index, 1), f"indexing {p.indexed}/{p.to_index}"
        elif p.phase == "settling" and p.to_settle:
            frac, label = p.settled / p.to_settle, "optimising the index"
        elif p.bytes_total:
            frac = p.bytes_done / p.bytes_total
            label = f"{p.files_done}/{p.files_total} files, {p.articles} articles"
        else:
            frac, label = 0.0, p.phase
        width = 30
        filled = int(width * min(max(frac, 0.0), 1.0))
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {frac:6.1%} {label}"
        self.stream.write(line[:120].ljust(80))
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
