"""Facet counts over a whole result set: source, year, month, author and section.

Values come from per-snapshot tables (`Snapshot.keyword_table`, `Snapshot.dates`) built once per
index generation, so counting is one pass over the matching documents. Each facet lists values
by count (then value), at most `FACET_LIMIT` of them, except year and month, which list every
value newest first; undated documents count in no year or month. A list-like author or section
value (`大国外交,中国领导人`, separated by `,` `，` `、` `;` `；`) counts once per item, and a document
counts an item once however many of its values hold it; the index keeps the values whole, so a
search for a piece of one (`section:交,中`) still finds it.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from newsdesk.index.snapshot import Snapshot

__all__ = ["FACETS", "FACET_LIMIT", "count_facets"]

FACETS = ("source", "year", "month", "author", "section")
FACET_LIMIT = 100
LIST_SEPARATORS = re.compile(r"[,，、;；]")
LIST_FIELDS = ("author", "section")


def items(value: str) -> tuple[str, ...]:
    """The items of a list-like value, without repeats or blanks (the value itself if none)."""
    found = tuple(dict.fromkeys(p.strip() for p in LIST_SEPARATORS.split(value) if p.strip()))
    return found or (value,)


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
        split = [items(v) for v in values] if name in LIST_FIELDS else []
        if not any(len(t) > 1 for t in split):
            counts: Counter[int] = Counter()
            for d in doclist:
                counts.update(per_doc[d])
            out[name] = _top(Counter({values[i]: n for i, n in counts.items()}))
            continue
        by_item: Counter[str] = Counter()
        for d in doclist:
            ids = per_doc[d]
            if len(ids) == 1:
                by_item.update(split[ids[0]])
            elif ids:
                by_item.update({it for i in ids for it in split[i]})
        out[name] = _top(by_item)
    return {name: out[name] for name in FACETS}
