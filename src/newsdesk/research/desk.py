"""`lib.research`: timeline, batch search, concordance and export over whole result sets.

Each method runs the query once over the whole index (`Library.select`: every match's id and
date, no page), then reads what it needs from the record a chunk at a time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from newsdesk.errors import UserError
from newsdesk.language import _
from newsdesk.research import batch as batch_
from newsdesk.research import export as export_
from newsdesk.research import timeline as timeline_
from newsdesk.research.kwic import Concordance, KwicResult, check_sort, check_width

if TYPE_CHECKING:
    from newsdesk.library import Library

__all__ = ["Research"]


class Research:
    """The research desk of one open library (see the module docstring)."""

    def __init__(self, lib: Library) -> None:
        self._lib = lib

    def timeline(
        self, queries: Sequence[str], *, by: str = "year", mode: str = "exact"
    ) -> timeline_.Timeline:
        """Matching articles per year or month of up to six queries, beside the library's articles."""
        timeline_.check_by(by)
        queries = [q for q in queries if q.strip()]
        if not queries:
            raise UserError(_("timeline needs at least one query"))
        if len(queries) > timeline_.MAX_SERIES:
            raise UserError(
                _("at most {MAX_SERIES} queries on one timeline, not {n}").format(
                    MAX_SERIES=timeline_.MAX_SERIES, n=len(queries)
                )
            )
        dates = [self._lib.select(q, mode=mode, ids=False).dates for q in queries]
        return timeline_.build(queries, dates, self._lib.open_index().all_dates(), by)

    def batch(
        self,
        terms: Iterable[tuple[int, str]],
        *,
        mode: str = "exact",
        years: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> batch_.BatchResult:
        """Each term's total and first and last date; bad lines are reported, the rest run."""
        return batch_.run(
            terms, lambda q: self._lib.select(q, mode=mode, ids=False).dates, years=years, progress=progress
        )

    def concordance(self, query: str, *, mode: str = "exact") -> Concordance:
        """Every occurrence of the query's terms in its matching articles, in date order."""
        sel = self._lib.select(query, mode=mode, sort="date")
        needles = sorted(self._lib.open_index().needles(query, mode=mode).text)
        store = self._lib.store

        def texts(ids: Sequence[str]) -> dict[str, str]:
            return {k: v.text for k, v in store.article_texts(ids).items()}

        return Concordance(sel.ids or [], sel.dates, needles, texts)

    def kwic(
        self,
        query: str,
        *,
        mode: str = "exact",
        width: int = 20,
        sort: str = "date",
        limit: int | None = 100,
        offset: int = 0,
    ) -> KwicResult:
        """Every occurrence counted, and a page of concordance lines in the given order."""
        check_sort(sort)
        check_width(width)
        if limit is not None and limit < 0:
            raise UserError(_("bad --limit {limit}: expected 0 or more lines").format(limit=limit))
        conc = self.concordance(query, mode=mode)
        lines = conc.lines(width=width, sort=sort, limit=limit, offset=offset)
        return KwicResult(conc.count(), tuple(lines))

    def export(
        self,
        query: str,
        path: str | os.PathLike[str],
        *,
        fmt: str | None = None,
        mode: str = "exact",
        sort: str = "relevance",
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """Write every hit of a search to a file (format from `fmt`, else the extension)."""
        fmt = export_.format_for(path, fmt)
        sel = self._lib.select(query, mode=mode, sort=sort)
        needles = sorted(self._lib.open_index().needles(query, mode=mode).text)
        return export_.write(
            path, fmt, sel.ids or [], self._lib.store.articles_by_id, needles, query=query, progress=progress
        )
