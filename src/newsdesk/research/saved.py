"""Saved searches that watch the archive: named queries with their totals and "N new".

"New" means: among the hits now, and not among the hits the last time the search was opened
(`show`, or the window's side panel) or saved. That counts articles added by an import or a
sync, and also older articles that a correction or a re-import made match; it never counts an
article twice, and an article that left the hits and came back is new again. Opening a saved
search marks its current hits seen. The searches live in the record (`store.saved`), so they
travel with the library's database (a backup, and the newsroom's shared record).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from newsdesk.domain import ArticleSummary
from newsdesk.errors import LibraryBusyError, UserError
from newsdesk.index.search_index import MODES, SORTS, Selection
from newsdesk.language import _
from newsdesk.store.saved import SavedRow, SavedStore

__all__ = ["MAX_NAME", "SavedHits", "SavedInfo", "SavedSearches"]

MAX_NAME = 200

Select = Callable[[str, str, str], Selection]


@dataclass(frozen=True)
class SavedInfo:
    """A saved search as listed: its query, mode, sort, total hits now and how many are new."""

    name: str
    query: str
    mode: str
    sort: str
    total: int
    new: int
    opened: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "query": self.query,
            "mode": self.mode,
            "sort": self.sort,
            "total": self.total,
            "new": self.new,
        }


@dataclass(frozen=True)
class SavedHits:
    """What opening a saved search gives: its hits (ids in its sort order) and which are new."""

    info: SavedInfo
    ids: tuple[str, ...]
    new_ids: frozenset[str]
    rows: tuple[ArticleSummary, ...] = ()

    def to_json(self) -> dict[str, object]:
        out = self.info.to_json()
        out["hits"] = [{**r.to_json(), "new": r.id in self.new_ids} for r in self.rows]
        return out


class SavedSearches:
    """`lib.saved`: add, list, open (show) and remove saved searches."""

    def __init__(self, rows: SavedStore, select: Select, writing: Callable[[str], object], summaries) -> None:  # type: ignore[no-untyped-def]
        self._rows = rows
        self._select = select
        self._writing = writing
        self._summaries = summaries

    def _info(self, row: SavedRow, sel: Selection) -> SavedInfo:
        seen = self._rows.seen(row.id)
        new = sum(1 for i in sel.ids or () if i not in seen)
        return SavedInfo(row.name, row.query, row.mode, row.sort, sel.total, new, row.opened)

    def add(self, name: str, query: str, *, mode: str = "exact", sort: str = "relevance") -> SavedInfo:
        """Save a search (its current hits count as seen); the query must be valid."""
        name = " ".join(name.split())
        if not name:
            raise UserError(_("a saved search needs a name"))
        if len(name) > MAX_NAME:
            raise UserError(
                _("saved search name too long ({n} characters, at most {MAX_NAME})").format(
                    n=len(name), MAX_NAME=MAX_NAME
                )
            )
        if mode not in MODES:
            raise UserError(
                _("bad mode {mode}: expected one of {value}").format(mode=repr(mode), value=", ".join(MODES))
            )
        if sort not in SORTS:
            raise UserError(
                _("bad sort {sort}: expected one of {value}").format(sort=repr(sort), value=", ".join(SORTS))
            )
        if not query.strip():
            raise UserError(_("a saved search needs a query"))
        sel = self._select(query, mode, sort)
        with self._writing("save search"):  # type: ignore[attr-defined]
            row = self._rows.add(name, query, mode, sort, sel.ids or ())
        return SavedInfo(row.name, row.query, row.mode, row.sort, sel.total, 0, row.opened)

    def list(self) -> list[SavedInfo]:
        """Every saved search with its total and new hits: those with new hits first, then by name."""
        out = [self._info(row, self._select(row.query, row.mode, row.sort)) for row in self._rows.all()]
        return sorted(out, key=lambda s: (s.new == 0, s.name))

    def get(self, name: str) -> SavedInfo:
        row = self._rows.get(name)
        return self._info(row, self._select(row.query, row.mode, row.sort))

    def open(
        self, name: str, *, new_only: bool = False, mark_seen: bool = True, rows: bool = True
    ) -> SavedHits:
        """The hits of a saved search (only the new ones if asked), then marks them all seen.

        Marking needs the writer lock; while another process writes (an import), the hits are
        shown and stay new until the next opening."""
        row = self._rows.get(name)
        sel = self._select(row.query, row.mode, row.sort)
        ids = list(sel.ids or ())
        seen = self._rows.seen(row.id)
        new_ids = frozenset(i for i in ids if i not in seen)
        info = SavedInfo(row.name, row.query, row.mode, row.sort, sel.total, len(new_ids), row.opened)
        shown = [i for i in ids if i in new_ids] if new_only else ids
        summaries = self._summaries(shown) if rows else {}
        if mark_seen:
            try:
                with self._writing("mark saved search seen"):  # type: ignore[attr-defined]
                    self._rows.mark_seen(row.id, ids)
            except LibraryBusyError:
                pass
        return SavedHits(info, tuple(shown), new_ids, tuple(summaries[i] for i in shown if i in summaries))

    def remove(self, name: str) -> SavedInfo:
        """Forget a saved search; returns it as it was."""
        info = self.get(name)
        with self._writing("remove saved search"):  # type: ignore[attr-defined]
            self._rows.remove(name)
        return info
