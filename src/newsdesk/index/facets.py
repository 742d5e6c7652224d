"""Facet counts over a whole result set: source, year, month, author and section.

Values come from per-snapshot tables (`Snapshot.keyword_table`, `Snapshot.dates`) built once per
index generation, so counting is one pass over the matching documents. Each facet lists values
by count (then value), at most `FACET_LIMIT` of them, except year and month, which list every
value newest first; undated documents count in no year or month.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from newsdesk.index.snapshot import Snapshot

__all__ = ["FACETS", "FACET_LIMIT", "count_facets"]

FACETS = ("source", "year", "month", "author", "section")
FACET_LIMIT = 100


def _top(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_LIMIT]


def count_facets(snap: Snapshot, mask: np.ndarray) -> dict[str, list[tuple[str, int]]]:
    """Facet counts over the documents where `mask` is true."""
    docs = np.flatnonzero(mask)
    out: dict[str, list[tuple[str, int]]] = {}
    dates = snap.dates()[docs]
    dates = dates[dates > 0]
    years, ycounts = np.unique(dates // 10000, return_counts=True)
    months, mcounts = np.unique(dates // 100, return_counts=True)
    out["year"] = [(f"{y:04d}", int(n)) for y, n in zip(years.tolist(), ycounts.tolist(), strict=True)][::-1]
    out["month"] = [
        (f"{m // 100:04d}-{m % 100:02d}", int(n))
        for m, n in zip(months.tolist(), mcounts.tolist(), strict=True)
    ][::-1]
    doclist = docs.tolist()
    for name in ("source", "author", "section"):
        values, per_doc = snap.keyword_table(name)
        counts: Counter[int] = Counter()
        for d in doclist:
            counts.update(per_doc[d])
        out[name] = _top(Counter({values[i]: n for i, n in counts.items()}))
    return {name: out[name] for name in FACETS}
