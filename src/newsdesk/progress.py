"""Where a long import or reindex stands as one fraction that only moves forward, and its bar on
the terminal (tqdm).

An import has stages of different kinds: reading files (measured in bytes, inside a large file
too), indexing what was read (articles; some batches already while reading) and, after a large
import, settling the index (terms merged). `Overall` stamps every ImportProgress with `fraction`,
the whole import's share done: each stage fills its weight (`WEIGHTS`, about its share of the
time of a large import, measured as noted beside it), a stage that is not needed is skipped
forward, and the value never goes back (an estimate that falls, such as indexing's share while
the number of articles to index is still growing, is held until it catches up). The window's
dialog and the terminal bar both show `fraction` with the stage named.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from newsdesk import terminal
from newsdesk.language import _

if TYPE_CHECKING:
    from newsdesk.importer import ImportProgress

# Shares of a large import's time: reading and recording, indexing, settling the index. Measured
# on 25,600 generated articles in four JSON Lines files (30 MB, 83 s on this machine): reading
# 8 %, indexing 70 %, settling 22 %; reading is given a little more, as files that are not JSON
# Lines (pages to split) read slower. A small import that is not settled jumps forward at the end.
WEIGHTS = {"reading": 0.15, "indexing": 0.65, "settling": 0.20}
IMPORT = ("reading", "indexing", "settling")
REINDEX = ("indexing", "settling")


class Overall:
    """A progress callback that stamps `fraction` on each ImportProgress, then passes it on."""

    def __init__(
        self, report: Callable[[ImportProgress], None] | None, stages: Sequence[str] = IMPORT
    ) -> None:
        self.report = report
        total = sum(WEIGHTS[s] for s in stages)
        self.weights = {s: WEIGHTS[s] / total for s in stages}
        self.last = 0.0

    def __call__(self, p: ImportProgress) -> None:
        self.last = p.fraction = max(self.last, min(self.estimate(p), 1.0))
        if self.report is not None:
            self.report(p)

    def estimate(self, p: ImportProgress) -> float:
        """The share done by the state's own figures (may fall back: `__call__` holds it)."""
        if p.phase == "done":
            return 1.0
        w = self.weights
        reading = _reading(p) if "reading" in w else 1.0
        if p.phase == "settling":
            indexing = 1.0
            settling = p.settled / p.to_settle if p.to_settle else 0.0
        else:
            indexing, settling = _indexing(p, reading), 0.0
        return w.get("reading", 0) * reading + w["indexing"] * indexing + w["settling"] * settling


def _reading(p: ImportProgress) -> float:
    if p.reading_done:
        return 1.0
    return min(p.bytes_done / p.bytes_total, 1.0) if p.bytes_total else 0.0


def _indexing(p: ImportProgress, reading: float) -> float:
    """Articles indexed of those there will be. While files are still being read: the articles
    read so far scaled up by the share of bytes read (a guess that the bar holds if it falls).
    Once read, before the last indexing pass: at least every article read (`to_index` is still
    the last pass's during reading). In the last pass: `to_index`, indexed plus what is left."""
    if reading < 1.0:
        expected = p.articles / reading if reading > 0.05 else 0
    elif p.phase == "indexing":
        expected = p.to_index
    else:
        expected = max(p.to_index, p.articles)
    if expected:
        return min(p.indexed / expected, 1.0)
    return 1.0 if reading >= 1.0 and p.phase != "indexing" else 0.0


def stage_name(phase: str) -> str:
    """The stage, as the terminal names it."""
    return {
        "scanning": _("looking for files"),
        "reading": _("reading"),
        "indexing": _("indexing"),
        "settling": _("optimising the index"),
        "done": _("done"),
    }.get(phase, phase)


def _mib(n: float) -> str:
    return f"{n / 2**20:.1f}"


class TerminalProgress:
    """One tqdm bar on stderr over the whole import (`fraction`), the stage named before it;
    while reading, the bytes read (inside a large file too), their speed, and the time left."""

    def __init__(self, *, enabled: bool, stream: TextIO | None = None, interval: float = 0.1) -> None:
        self.enabled = enabled
        self.stream = terminal.raw(stream or sys.stderr)  # its own redraws: \r kept
        self.interval = interval  # seconds between redraws at least
        self._bar = None
        self._read_since: float | None = None

    def _open(self, stage: str, detail: str):  # type: ignore[no-untyped-def]
        from tqdm import tqdm

        return tqdm(
            total=1000,
            desc=stage,
            unit=detail,
            file=self.stream,
            leave=True,
            mininterval=self.interval,
            dynamic_ncols=True,
            # (the stage's own figures go in `unit`: tqdm writes a postfix after a comma)
            bar_format="{desc}: {percentage:3.0f}%|{bar}| {unit} [{elapsed}<{remaining}]",
        )

    def update(self, p: ImportProgress) -> None:
        if not self.enabled:
            return
        stage, detail = stage_name(p.phase), self.detail(p)
        if self._bar is None:
            self._bar = self._open(stage, detail)
        bar = self._bar
        new_stage = bar.desc != stage
        bar.set_description_str(stage, refresh=False)
        bar.unit = detail
        step = min(int(p.fraction * 1000), 1000) - bar.n
        if step > 0:
            bar.update(step)  # (redraws at most every `interval`)
        if new_stage or p.phase == "done":
            bar.refresh()

    def detail(self, p: ImportProgress) -> str:
        """What the stage has done, in its own unit: bytes (with speed) or articles."""
        if p.phase in ("indexing", "settling") or p.reading_done:
            if p.phase == "settling" and p.to_settle:
                return _("{done}/{total} terms merged").format(done=p.settled, total=p.to_settle)
            return _("{done}/{total} articles indexed").format(done=p.indexed, total=p.to_index)
        if not p.bytes_total:
            return ""
        now = time.monotonic()
        if self._read_since is None:
            self._read_since = now
        elapsed = now - self._read_since
        speed = f"{_mib(p.bytes_done / elapsed)} MiB/s" if elapsed > 0.5 else "…"
        return _("{done}/{total} files, {read} of {size} MiB, {speed}").format(
            done=p.files_done,
            total=p.files_total,
            read=_mib(p.bytes_done),
            size=_mib(p.bytes_total),
            speed=speed,
        )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
