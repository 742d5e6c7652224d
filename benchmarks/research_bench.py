"""Research desk benchmark (#23): batch search, concordance, export and timeline on a library of
the shared corpora, each beside a brute-force baseline measured in the same run.

    python benchmarks/research_bench.py --library DIR            # import ../shared/corpora first
    python benchmarks/research_bench.py --library DIR --reuse    # DIR already holds them

Printed, with the targets of #23:
- batch: 1,000 terms (2–4-character pieces of titles, fixed seed) through `lib.research.batch`
  (target: 10 s), beside a brute-force scan of the pre-normalised texts for a sample of them;
- concordance: the first screen (50 lines in date order) of a term with tens of thousands of
  occurrences (target: 1 s), then the count of every occurrence, beside a brute-force count;
- export: every hit of a query with about 70,000 hits to CSV (target: 30 s), beside reading the
  same articles from the record alone;
- timeline: six queries by month.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from newsdesk.library import Library
from newsdesk.research.batch import parse_terms
from newsdesk.zh.normalize import fold, normalize_term

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
SEED = 20260101
TERMS = 1000
BRUTE_SAMPLE = 20  # terms the brute-force baseline scans for (then per term, times 1,000)
KWIC_TERMS = ("发展", "经济", "习近平")
EXPORT_QUERY = "的"
TIMELINE = ("经济", "改革", "疫情", "一带一路", "扶贫", "人工智能")


def clock(work):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = work()
    return out, time.perf_counter() - t0


def sample_terms(titles: list[str], n: int) -> list[str]:
    rng = random.Random(SEED)
    out: list[str] = []
    while len(out) < n:
        t = rng.choice(titles)
        size = rng.randint(2, 4)
        if len(t) < size:
            continue
        start = rng.randrange(len(t) - size + 1)
        piece = t[start : start + size]
        if normalize_term(piece) and not any(c in piece for c in '"()-: '):
            out.append(piece)
    return out


def overlapping(hay: str, needle: str) -> int:
    n, at = 0, hay.find(needle)
    while at >= 0:
        n, at = n + 1, hay.find(needle, at + 1)
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--library", type=Path, help="library folder (default: a temporary one)")
    ap.add_argument("--reuse", action="store_true", help="the library already holds the corpora")
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    args = ap.parse_args()
    folder = args.library or Path(tempfile.mkdtemp(prefix="research-bench-"))
    with Library.open(folder) as lib:
        if not args.reuse:
            (report, took) = clock(lambda: lib.import_paths([args.corpora]))
            print(f"imported {report.added:,} articles in {took:.0f} s")
        ids = lib.article_ids()
        lib.warm_up()
        (rows, took) = clock(lambda: lib.store.article_texts(ids))
        print(f"library: {len(ids):,} articles (texts read in {took:.1f} s)")
        (folded, took) = clock(lambda: {i: (fold(r.title), fold(r.text), r.date) for i, r in rows.items()})
        print(f"baseline set-up: every title and text normalised once in {took:.1f} s (not counted below)")

        # -- batch ---------------------------------------------------------------------------
        terms = sample_terms([r.title for r in rows.values() if r.title], TERMS)
        lines = parse_terms("\n".join(terms))
        (result, took) = clock(lambda: lib.research.batch(lines))
        assert not result.errors and len(result.terms) == TERMS
        brute = []
        for term in terms[:BRUTE_SAMPLE]:
            needle = normalize_term(term)
            (_, t) = clock(lambda n=needle: [i for i, (a, b, _) in folded.items() if n in a or n in b])
            brute.append(t)
        per = statistics.mean(brute)
        print(
            f"batch: {TERMS:,} terms in {took:.2f} s ({took / TERMS * 1000:.1f} ms a term; target 10 s) "
            f"· brute force {per * 1000:.0f} ms a term, {per * TERMS:.0f} s for {TERMS:,} "
            f"({per * TERMS / took:.0f}× slower)"
        )

        # -- concordance ----------------------------------------------------------------------
        for term in KWIC_TERMS:
            (conc, t_select) = clock(lambda q=term: lib.research.concordance(q))
            (screen, t_screen) = clock(lambda c=conc: c.lines(width=20, limit=50))
            (count, t_count) = clock(conc.count)
            needle = normalize_term(term)
            (expected, t_brute) = clock(
                lambda n=needle: sum(overlapping(b, n) for _, b, _ in folded.values() if n in b)
            )
            assert count == expected, (term, count, expected)
            print(
                f"kwic {term}: {count:,} occurrences in {len(conc.ids):,} articles · first screen "
                f"{(t_select + t_screen) * 1000:.0f} ms (target 1 s) · every occurrence counted "
                f"{t_count:.2f} s · brute-force count over pre-normalised texts {t_brute:.2f} s"
            )
            assert len(screen) == min(50, count)

        # -- export ---------------------------------------------------------------------------
        out = Path(tempfile.mkdtemp(prefix="research-export-"))
        for fmt in ("csv", "ris"):
            (n, took) = clock(lambda f=fmt: lib.research.export(EXPORT_QUERY, out / f"all.{f}"))
            size = (out / f"all.{fmt}").stat().st_size / 1e6
            print(
                f"export {fmt}: {n:,} hits of {EXPORT_QUERY!r} in {took:.1f} s ({size:.0f} MB; target 30 s)"
            )
        sel = lib.select(EXPORT_QUERY)
        (_, took) = clock(
            lambda: [lib.store.articles_by_id(sel.ids[k : k + 500]) for k in range(0, len(sel.ids), 500)]
        )
        print(f"baseline: reading the same {len(sel.ids):,} articles from the record alone {took:.1f} s")

        # -- timeline -------------------------------------------------------------------------
        (tl, took) = clock(lambda: lib.research.timeline(list(TIMELINE), by="month"))
        sums = [s.total for s in tl.series]
        (_, t_brute) = clock(
            lambda: [
                sum(1 for a, b, _ in folded.values() if (n := normalize_term(q)) in a or n in b)
                for q in TIMELINE
            ]
        )
        print(
            f"timeline: {len(TIMELINE)} queries by month ({len(tl.periods)} months, totals {sums}) in "
            f"{took * 1000:.0f} ms · brute-force totals alone {t_brute:.1f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
