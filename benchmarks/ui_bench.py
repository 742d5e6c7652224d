#!/usr/bin/env python3
"""Window benchmark: start-up, keystroke-to-results, scrolling, and UI-thread blocking.

    .venv/bin/python benchmarks/ui_bench.py --library /tmp/bench-lib
        [--import-source /work/shared/corpora/appledaily_tw_charity] [--runs 3]
    .venv/bin/python benchmarks/ui_bench.py --articles 250000 [--skip-import]
    .venv/bin/python benchmarks/ui_bench.py --corpus FILE.jsonl.gz

Prints, for the library given (build one of the whole corpora with
`newsdesk --library /tmp/bench-lib import /work/shared/corpora`):

- start: process start -> window shown with the list filled (fresh interpreter each run), and
  the same from MainWindow() alone; target < 1.5 s; then once cold (page cache dropped first:
  needs root) and the resident memory of the window, filled and after its index warm-up.
- keystroke -> results: a query committed as an input method does, until the list shows its
  results, median and p95 over typical queries, with the index's own time beside it; target
  p95 < 150 ms. Keys typed without an input method are shown too (they wait for the debounce).
- scrolling: jumps through the lazy list (end, middle, random rows) until painted.
- painting results: a screenful of two-line result rows (cards) repainted at 1366×768, against
  the same rows as the compact one-line table in the same run.
- UI blocking: the longest gap of a 5 ms QTimer heartbeat while searching and while a worker
  process imports `--import-source` into a scratch library with the window open on it;
  target < 100 ms. A baseline gap of the idle window is measured in the same run.

With `--corpus FILE` or `--articles N` (the stand-in corpus of N articles recombined from the
shared corpora's paragraphs by benchmarks/make_corpus.py, made once into a cache folder outside
the repository; a stand-in for real scale), the library is that corpus imported once into the
same cache folder (or into `--library` when it is empty). Last, issue #24's targets beside the
figures of this run.

Offscreen (QT_QPA_PLATFORM=offscreen) unless a display is set on purpose.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

QUERIES = [
    "经济",
    "习近平",
    "上海",
    "一带一路",
    "人工智能",
    "疫情 防控",
    "慈善",
    "台北",
    "醫院",
    "脱贫攻坚",
    "新华社",
    "乡村振兴 农民",
    "title:会议",
    "date:2019 经济",
    "高质量发展",
    "长江",
    "改革开放",
    '"新时代"',
    "教育 OR 学校",
    "环境 -污染",
    "北京 冬奥会",
    "航天",
    "科技创新",
    "粮食",
    "date:2015..2016 雾霾",
]
TYPED = ["上海", " ", "浦东", " ", "新区"]  # one query typed in IME commits
KEYED = ["2019", "G20", "5G"]  # typed on the keyboard, no input method
TARGETS = {"warm_s": 1.5, "cold_s": 3.0, "rss_mb": 800.0, "keystroke_ms": 100.0, "blocked_ms": 100.0}
FIGURES: dict[str, float] = {}  # what this run measured, for the targets at the end


def _p95(values: list[float]) -> float:
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def _app():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from newsdesk.ui import fonts

    app = QApplication.instance() or QApplication(["ui_bench"])
    fonts.apply(app)
    return app


def _window(library_dir: Path):  # type: ignore[no-untyped-def]
    from newsdesk.library import Library
    from newsdesk.ui.mainwindow import MainWindow
    from newsdesk.ui.settings import Settings, WindowState

    lib = Library.open(library_dir)
    w = MainWindow(lib, settings=Settings(), state=WindowState())
    w.resize(1400, 860)
    return lib, w


def _pump_until(app, cond, timeout: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    end = time.perf_counter() + timeout
    while not cond():
        if time.perf_counter() > end:
            return False
        app.processEvents()
        time.sleep(0.0005)
    return True


class Heartbeat:
    """Records the gaps between ticks of a short QTimer on the UI thread."""

    def __init__(self, interval_ms: int = 5) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.interval = interval_ms
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[float] = []
        self.times: list[float] = []  # seconds after start() at which each gap ended
        self._last = self._start = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last:
            self.gaps.append((now - self._last) * 1000)
            self.times.append(now - self._start)
        self._last = now

    def start(self) -> None:
        self.gaps.clear()
        self.times.clear()
        self._last = 0.0
        self._start = time.perf_counter()
        self.timer.start()

    def worst_at(self) -> float:
        """Seconds after start() at which the longest gap ended."""
        return self.times[self.gaps.index(max(self.gaps))] if self.gaps else 0.0

    def stop(self) -> float:
        self.timer.stop()
        return max(self.gaps, default=0.0)


def child_start(library_dir: str) -> None:
    """Run in a fresh interpreter: time to the window shown with its list filled."""
    t0 = time.perf_counter()
    app = _app()
    t1 = time.perf_counter()
    _lib, w = _window(Path(library_dir))
    w.show()
    _pump_until(app, lambda: w.isVisible() and w.model.rowCount() > 0)
    # Paint the visible rows: this is when the list is "filled".
    w.list.viewport().grab()
    t2 = time.perf_counter()
    wall = time.time()
    filled_mb = _resident_mb()
    # the index warm-up the window starts a moment after it is shown (its timer), to its end
    _pump_until(app, lambda: not w._warm_up_timer.isActive(), timeout=30)
    w.ops.wait(120000)
    data = {
        "wall": wall,
        "window_s": t2 - t1,
        "qt_s": t1 - t0,
        "rows": w.model.rowCount(),
        "filled_mb": filled_mb,
        "warm_mb": _resident_mb(),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(data))
    sys.stdout.flush()
    w.ops.shutdown()
    os._exit(0)


def _resident_mb() -> float:
    """Resident memory now (Linux: /proc; elsewhere the peak so far)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, AttributeError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _drop_page_cache() -> bool:
    try:
        subprocess.run(["sync"], check=False)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def bench_start(library: Path, runs: int) -> None:
    walls, windows, rows, rss = [], [], 0, []
    for run in range(runs + 1):
        cold = run == runs  # the last run starts with the page cache dropped
        dropped = cold and _drop_page_cache()
        t = time.time()
        out = subprocess.run(
            [sys.executable, __file__, "--child-start", str(library)],
            capture_output=True,
            text=True,
            timeout=300,
            env=os.environ.copy(),
        )
        if out.returncode != 0:
            print(out.stderr)
            raise SystemExit("start-up child failed")
        data = json.loads(out.stdout.strip().splitlines()[-1])
        if cold:
            FIGURES["cold_s"] = data["wall"] - t
            cache = "page cache dropped" if dropped else "page cache NOT dropped: needs root"
            print(f"start cold ({cache}): process -> window with list filled {FIGURES['cold_s']:.2f} s")
            continue
        walls.append(data["wall"] - t)
        windows.append(data["window_s"])
        rss.append((data["filled_mb"], data["warm_mb"], data["peak_mb"]))
        rows = data["rows"]
    FIGURES["warm_s"] = statistics.median(walls)
    FIGURES["rss_mb"] = max(max(r) for r in rss)
    print(
        f"start: process -> window with list filled  median {statistics.median(walls):.2f} s "
        f"(runs: {', '.join(f'{x:.2f}' for x in walls)}); MainWindow() -> filled "
        f"{statistics.median(windows) * 1000:.0f} ms; {rows:,} rows   [target < 1.5 s]"
    )
    print(
        "  resident memory of the window: filled "
        + ", ".join(f"{f:.0f}" for f, _, _ in rss)
        + " MB; after its index warm-up "
        + ", ".join(f"{w:.0f}" for _, w, _ in rss)
        + " MB; peak "
        + ", ".join(f"{p:.0f}" for _, _, p in rss)
        + " MB"
    )


def _commit(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    ev = QInputMethodEvent("", [])
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def bench_search(app, w) -> None:  # type: ignore[no-untyped-def]
    shown = {"n": 0}
    w.search.results_shown.connect(lambda: shown.__setitem__("n", shown["n"] + 1))
    field = w.bar.field
    field.setFocus()
    # The window warms the index up in the background shortly after it shows; a user typing
    # during those first seconds waits for it. Measure after it.
    _pump_until(app, lambda: False, timeout=0.5)
    w.ops.wait(120000)
    gc_pauses: list[float] = []

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            on_gc.t = time.perf_counter()  # type: ignore[attr-defined]
        else:
            gc_pauses.append((time.perf_counter() - on_gc.t) * 1000)  # type: ignore[attr-defined]

    gc.callbacks.append(on_gc)
    beat = Heartbeat()
    latencies: list[float] = []
    totals: list[int] = []
    took: list[float] = []
    beat.start()
    worst: list[tuple[float, str]] = []
    for q in QUERIES:
        field.clear()
        _pump_until(app, lambda: w.model.mode == "library" and not w.ops.busy)
        _pump_until(app, lambda: False, timeout=0.05)
        first_gap = len(beat.gaps)
        before = shown["n"]
        t = time.perf_counter()
        _commit(field, q)
        ok = _pump_until(app, lambda b=before, q=q: shown["n"] > b and w.search.query == q, timeout=60)
        latencies.append((time.perf_counter() - t) * 1000)
        if ok and w.search.last_result is not None:
            totals.append(w.search.last_result.total)
            took.append(w.search.last_result.took_ms)
        _pump_until(app, lambda: not w.ops.busy)
        worst.append((max(beat.gaps[first_gap:], default=0.0), q))
    # Typing one query in several commits, 120 ms apart, as a person does.
    field.clear()
    _pump_until(app, lambda: not w.ops.busy)
    typed_lat = []
    text = ""
    for part in TYPED:
        text += part
        before = shown["n"]
        t = time.perf_counter()
        _commit(field, part)
        if part.strip():
            want = text.strip()
            _pump_until(app, lambda b=before, q=want: shown["n"] > b and w.search.query == q, timeout=60)
            typed_lat.append((time.perf_counter() - t) * 1000)
        _pump_until(app, lambda: False, timeout=0.12)
    _pump_until(app, lambda: not w.ops.busy)
    # Keys typed directly (no input method): the last key waits for the debounce.
    from PySide6.QtTest import QTest

    keyed = []
    for q in KEYED:
        field.clear()
        _pump_until(app, lambda: w.model.mode == "library" and not w.ops.busy)
        QTest.keyClicks(field, q[:-1])
        _pump_until(app, lambda: False, timeout=0.03)
        before = shown["n"]
        t = time.perf_counter()
        QTest.keyClick(field, q[-1])
        _pump_until(app, lambda b=before, q=q: shown["n"] > b and w.search.query == q, timeout=60)
        keyed.append((time.perf_counter() - t) * 1000)
        _pump_until(app, lambda: not w.ops.busy)
    block = beat.stop()
    lat = sorted(latencies)
    p95 = _p95(lat)
    FIGURES["keystroke_ms"] = p95
    print(
        f"keystroke -> results ({len(lat)} queries committed by an input method, no debounce): "
        f"median {statistics.median(lat):.0f} ms, p95 {p95:.0f} ms, max {lat[-1]:.0f} ms   "
        f"[target p95 < 150 ms]"
    )
    print(
        f"  index time per query (took_ms): median {statistics.median(took):.0f} ms, "
        f"p95 {_p95(sorted(took)):.0f} ms, max {max(took):.0f} ms; "
        f"totals from {min(totals):,} to {max(totals):,}"
    )
    overhead = sorted(a - b for a, b in zip(latencies, took, strict=False))
    print(
        f"  the window's share (latency - index time): median {statistics.median(overhead):.0f} ms, "
        f"p95 {_p95(overhead):.0f} ms"
    )
    print(
        f"  typed keys {KEYED} (debounce {w.search.timer.interval()} ms included): "
        + ", ".join(f"{x:.0f} ms" for x in keyed)
    )
    slow = sorted(zip(latencies, QUERIES, strict=True), reverse=True)[:4]
    print("  slowest: " + ", ".join(f"{q!r} {ms:.0f} ms" for ms, q in slow))
    print(f"  typed in commits {TYPED}: " + ", ".join(f"{x:.0f} ms" for x in typed_lat))
    gc.callbacks.remove(on_gc)
    FIGURES["blocked_ms"] = max(FIGURES.get("blocked_ms", 0.0), block)
    print(
        f"UI blocked while searching: longest heartbeat gap {block:.0f} ms   [target < 100 ms]; "
        f"longest garbage-collector pause {max(gc_pauses, default=0):.0f} ms; worst queries: "
        + ", ".join(f"{q!r} {ms:.0f} ms" for ms, q in sorted(worst, reverse=True)[:3])
    )


def bench_scroll(app, w) -> None:  # type: ignore[no-untyped-def]
    w.bar.field.clear()
    _pump_until(app, lambda: w.model.mode == "library" and not w.ops.busy)
    n = w.model.rowCount()
    rng = random.Random(5)
    rows = [n - 1, n // 2, 0, *(rng.randrange(n) for _ in range(20))]
    times = []
    for r in rows:
        t = time.perf_counter()
        w.list.scrollTo(w.model.index(r, 0))
        w.list.viewport().repaint()
        app.processEvents()
        times.append((time.perf_counter() - t) * 1000)
    print(
        f"scrolling the library list ({n:,} rows): jump+paint median {statistics.median(times):.1f} ms, "
        f"max {max(times):.1f} ms"
    )
    # A query with a large result, scrolled to its end: pages are fetched off the UI thread.
    w.search.set_query("中国")
    _pump_until(app, lambda: w.search.last_result is not None and not w.ops.busy)
    total = w.model.rowCount()
    beat = Heartbeat()
    beat.start()
    t = time.perf_counter()
    for r in (total // 3, total // 2, total - 1):
        w.list.scrollTo(w.model.index(r, 0))
        _pump_until(app, lambda r=r: w.model.hit(r) is not None, timeout=30)
    filled = (time.perf_counter() - t) * 1000
    block = beat.stop()
    print(
        f"scrolling results of '中国' ({total:,}): three far jumps filled in {filled:.0f} ms, "
        f"UI blocked at most {block:.0f} ms"
    )


def bench_paint(app, w) -> None:  # type: ignore[no-untyped-def]
    """Repaint a screenful of results as cards and, as the baseline, as the compact table."""
    w.resize(1366, 768)
    w.search.set_query("中国")
    _pump_until(app, lambda: w.search.last_result is not None and not w.ops.busy)
    out = {}
    for look in ("table", "cards", "table", "cards"):  # alternated: neither gets a warm cache only
        w.list.set_cards(look == "cards")
        app.processEvents()
        times = []
        for k in range(30):
            w.list.scrollTo(w.model.index(k % 10, 0))
            t = time.perf_counter()
            w.list.viewport().repaint()
            times.append((time.perf_counter() - t) * 1000)
        out.setdefault(look, []).extend(times)
    w.list.set_cards(True)
    print(
        f"painting '中国' results at 1366×768: cards median {statistics.median(out['cards']):.2f} ms "
        f"(p95 {_p95(sorted(out['cards'])):.2f}), table median {statistics.median(out['table']):.2f} ms "
        f"(p95 {_p95(sorted(out['table'])):.2f})"
    )


def bench_import(app, source: Path) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory(prefix="ui-bench-import-") as tmp:
        lib, w = _window(Path(tmp) / "lib")
        w.show()
        _pump_until(app, lambda: not w.ops.busy)
        idle = Heartbeat()
        idle.start()
        _pump_until(app, lambda: False, timeout=1.0)
        idle_gap = idle.stop()
        done = {"report": None}
        w.imports.finished.connect(lambda r: done.__setitem__("report", r))
        w.imports.failed.connect(lambda *a: done.__setitem__("report", {"error": a}))
        beat = Heartbeat()
        beat.start()
        t = time.perf_counter()
        w.imports.start_paths([str(source)])
        # Search while importing, as a reporter would.
        for q in ("慈善", "台北", "醫院"):
            _pump_until(app, lambda: False, timeout=1.0)
            w.search.set_query(q)
        _pump_until(app, lambda: done["report"] is not None, timeout=3600)
        _pump_until(app, lambda: not w.ops.busy)
        seconds = time.perf_counter() - t
        block = beat.stop()
        gaps = sorted(beat.gaps)
        FIGURES["blocked_ms"] = max(FIGURES.get("blocked_ms", 0.0), block)
        report = done["report"] or {}
        print(
            f"UI blocked during import of {source.name} ({report.get('added', '?')} articles, "
            f"{seconds:.1f} s): longest heartbeat gap {block:.0f} ms (at {beat.worst_at():.1f} s), p99 "
            f"{gaps[int(0.99 * (len(gaps) - 1))]:.0f} ms; idle window baseline {idle_gap:.0f} ms   "
            f"[target < 100 ms]"
        )
        w.close()
        lib.close()


def main() -> None:
    p = argparse.ArgumentParser(description="newsdesk window benchmark")
    p.add_argument("--library", type=Path, default=None, help="default /tmp/bench-lib")
    p.add_argument("--corpus", type=Path, default=None, help="a corpus to import into the library first")
    p.add_argument(
        "--articles", type=int, default=None, help="the stand-in corpus of N articles (make_corpus)"
    )
    p.add_argument("--corpus-seed", type=int, default=1, help="make_corpus's seed for --articles")
    corpora = Path(__file__).resolve().parents[2] / "shared" / "corpora"
    p.add_argument("--import-source", type=Path, default=corpora / "appledaily_tw_charity")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--skip-import", action="store_true")
    p.add_argument("--child-start", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child_start:
        child_start(args.child_start)
        return
    config = tempfile.mkdtemp(prefix="ui-bench-config-")
    os.environ["NEWSDESK_CONFIG_DIR"] = config
    from newsdesk.library import Library

    args.library, stand_in = _library_for(args)
    with Library.open(args.library) as lib:
        print(
            f"library {args.library}: {lib.stats()['articles']:,} articles"
            + (
                " (a stand-in corpus recombined by make_corpus.py: a stand-in for real scale)"
                if stand_in
                else ""
            )
        )
    bench_start(args.library, args.runs)
    app = _app()
    lib, w = _window(args.library)
    w.show()
    _pump_until(app, lambda: w.model.rowCount() > 0)
    bench_search(app, w)
    bench_scroll(app, w)
    bench_paint(app, w)
    w.close()
    lib.close()
    if not args.skip_import:
        bench_import(app, args.import_source)
    print_targets()


def _library_for(args: argparse.Namespace) -> tuple[Path, bool]:
    """The library to measure: with a corpus, that corpus imported (once) into `--library` or
    into the corpus cache folder; and whether it is make_corpus's stand-in."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import make_corpus

    corpus = args.corpus or (make_corpus.cached(args.articles, args.corpus_seed) if args.articles else None)
    if corpus is None:
        return args.library or Path("/tmp/bench-lib"), False
    stand_in = corpus.name.startswith(make_corpus.PREFIX)
    library = args.library or corpus.parent / f"library-{corpus.name.split('.')[0]}"
    if not (library / "library.sqlite3").exists():
        print(f"importing {corpus} into {library} ...", file=sys.stderr)
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "newsdesk", "--library", str(library), "import", str(corpus)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"  imported in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return library, stand_in


def print_targets() -> None:
    """Issue #24's targets (set for 1,000,000 articles) beside this run's figures."""
    print()
    print("targets of issue #24 (set for 1,000,000 articles) beside this run:")
    rows = [
        ("window shown, list filled, warm", "warm_s", f"<= {TARGETS['warm_s']} s", "{:.2f} s"),
        ("window shown, list filled, cold", "cold_s", f"<= {TARGETS['cold_s']:.0f} s", "{:.2f} s"),
        ("resident memory of the window (max)", "rss_mb", f"<= {TARGETS['rss_mb']:.0f} MB", "{:.0f} MB"),
        ("keystroke -> results, p95", "keystroke_ms", f"<= {TARGETS['keystroke_ms']:.0f} ms", "{:.0f} ms"),
        ("UI thread blocked, longest", "blocked_ms", f"<= {TARGETS['blocked_ms']:.0f} ms", "{:.0f} ms"),
    ]
    for what, key, target, form in rows:
        if key not in FIGURES:
            print(f"  {what:<38} {target:<12} {'-':<8} not measured")
            continue
        met = "met" if FIGURES[key] <= TARGETS[key] else "NOT met"
        print(f"  {what:<38} {target:<12} {met:<8} {form.format(FIGURES[key])}")


if __name__ == "__main__":
    main()
