"""Facet counts over a whole result set: source, year, month, author and section.

Values come from per-snapshot tables (`Snapshot.keyword_table`, `Snapshot.dates`) built once per
index generation, so counting is one pass over the matching documents. Each facet lists values
by count (then value), at most `FACET_LIMIT` of them, except year and month, which list every
value newest first; undated documents count in no year or month.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from newsdesk.index.snapshot import Snapshot

__all__ = ["FACETS", "FACET_LIMIT", "count_facets"]

FACETS = ("source", "year", "month", "author", "section")
FACET_LIMIT = 100


def _top(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_LIMIT]


def count_facets(snap: Snapshot, docnums: Iterable[int]) -> dict[str, list[tuple[str, int]]]:
    docs = list(docnums)
    out: dict[str, list[tuple[str, int]]] = {}
    dates = snap.dates()
    years: Counter[str] = Counter()
    months: Counter[str] = Counter()
    for d in docs:
        v = dates[d]
        if v > 0:
            years[f"{v // 10000:04d}"] += 1
            months[f"{v // 10000:04d}-{v // 100 % 100:02d}"] += 1
    for name in ("source", "author", "section"):
        values, per_doc = snap.keyword_table(name)
        counts: Counter[int] = Counter()
        for d in docs:
            counts.update(per_doc[d])
        out[name] = _top(Counter({values[i]: n for i, n in counts.items()}))
    out["year"] = sorted(years.items(), reverse=True)
    out["month"] = sorted(months.items(), reverse=True)
    return {name: out[name] for name in FACETS}
