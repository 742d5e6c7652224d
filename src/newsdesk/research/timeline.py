"""Hits over time: matching articles per year or month, for one or several queries compared.

Each point carries the period's matching articles (`count`) and every article the library holds
in that period (`articles`), so a chart can show a share (per 1,000 articles) that a growing
archive does not distort. Periods run without gaps from the earliest to the latest period any
series has a match in; undated matches belong to no period and are counted apart (`undated`),
so a series' points plus its `undated` make its `total`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.errors import UserError
from newsdesk.language import _

__all__ = ["BYS", "MAX_SERIES", "Point", "Series", "Timeline", "build", "period_key", "period_range"]

BYS = ("year", "month")
MAX_SERIES = 6


@dataclass(frozen=True)
class Point:
    """One period of a series: "2019" or "2019-03", its matches and the library's articles."""

    period: str
    count: int
    articles: int

    def per_thousand(self) -> float:
        """Matches per 1,000 articles of the period (0 when the library holds none)."""
        return 1000.0 * self.count / self.articles if self.articles else 0.0

    def to_json(self) -> dict[str, object]:
        return {"period": self.period, "count": self.count, "articles": self.articles}


@dataclass(frozen=True)
class Series:
    """One query's matches per period."""

    query: str
    total: int
    undated: int
    points: tuple[Point, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "total": self.total,
            "undated": self.undated,
            "points": [p.to_json() for p in self.points],
        }


@dataclass(frozen=True)
class Timeline:
    """Several series over the same periods."""

    by: str
    series: tuple[Series, ...]

    @property
    def periods(self) -> list[str]:
        return [p.period for p in self.series[0].points] if self.series else []

    def to_json(self) -> dict[str, object]:
        return {"by": self.by, "series": [s.to_json() for s in self.series]}

    def to_csv_rows(self) -> list[list[object]]:
        """A table: period, then count, articles and per-1,000 share of each query."""
        head: list[object] = ["period"]
        for s in self.series:
            head += [f"{s.query} count", f"{s.query} articles", f"{s.query} per 1000"]
        rows: list[list[object]] = [head]
        for i, period in enumerate(self.periods):
            row: list[object] = [period]
            for s in self.series:
                p = s.points[i]
                row += [p.count, p.articles, round(p.per_thousand(), 3)]
            rows.append(row)
        return rows


def check_by(by: str) -> None:
    if by not in BYS:
        raise UserError(_("bad --by {by}: expected one of {value}").format(by=repr(by), value=", ".join(BYS)))


def period_key(dates: np.ndarray, by: str) -> np.ndarray:
    """YYYYMMDD integers to period numbers: YYYY by year, YYYYMM by month (undated left out
    by the caller)."""
    return dates // 10000 if by == "year" else dates // 100


def _label(key: int, by: str) -> str:
    return f"{key:04d}" if by == "year" else f"{key // 100:04d}-{key % 100:02d}"


def period_range(lo: int, hi: int, by: str) -> list[int]:
    """Every period number from lo to hi inclusive (months wrap at 12)."""
    if by == "year":
        return list(range(lo, hi + 1))
    out, key = [], lo
    while key <= hi:
        out.append(key)
        key = key + 1 if key % 100 < 12 else (key // 100 + 1) * 100 + 1
    return out


def build(
    queries: Sequence[str], match_dates: Sequence[np.ndarray], library_dates: np.ndarray, by: str
) -> Timeline:
    """The timeline of each query from its matches' dates and the library's articles' dates."""
    check_by(by)
    dated = [d[d > 0] for d in match_dates]
    keys = [period_key(d, by) for d in dated]
    present = [k for k in keys if len(k)]
    if not present:
        return Timeline(
            by, tuple(Series(q, len(d), len(d), ()) for q, d in zip(queries, match_dates, strict=True))
        )
    lo = min(int(k.min()) for k in present)
    hi = max(int(k.max()) for k in present)
    periods = period_range(lo, hi, by)
    lib_keys = period_key(library_dates[library_dates > 0], by)
    lib_counts = _counts(lib_keys, periods)
    series = []
    for query, all_dates, k in zip(queries, match_dates, keys, strict=True):
        counts = _counts(k, periods)
        points = tuple(
            Point(_label(p, by), c, a) for p, c, a in zip(periods, counts, lib_counts, strict=True)
        )
        series.append(Series(query, len(all_dates), int((all_dates <= 0).sum()), points))
    return Timeline(by, tuple(series))


def _counts(keys: np.ndarray, periods: list[int]) -> list[int]:
    values, counts = np.unique(keys, return_counts=True)
    found = dict(zip(values.tolist(), counts.tolist(), strict=True))
    return [int(found.get(p, 0)) for p in periods]
