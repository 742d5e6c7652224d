"""The record's saved searches: name, query, mode, sort, and the hits seen when last opened."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from newsdesk.errors import NotFoundError, UserError
from newsdesk.language import _
from newsdesk.store.db import Store, now

__all__ = ["SavedRow", "SavedStore"]


@dataclass(frozen=True)
class SavedRow:
    """One saved search as stored; `opened` is when its hits were last marked seen."""

    id: int
    name: str
    query: str
    mode: str
    sort: str
    created: str
    opened: str | None


class SavedStore:
    """Typed reads and writes of `saved_searches` and `saved_seen`; writes are one transaction."""

    COLUMNS = "id, name, query, mode, sort, created, opened"

    def __init__(self, store: Store) -> None:
        self.store = store

    def all(self) -> list[SavedRow]:
        rows = self.store.conn.execute(f"SELECT {self.COLUMNS} FROM saved_searches ORDER BY name")
        return [SavedRow(*r) for r in rows]

    def get(self, name: str) -> SavedRow:
        row = self.store.conn.execute(
            f"SELECT {self.COLUMNS} FROM saved_searches WHERE name = ?", (name,)
        ).fetchone()
        if row is None:
            raise NotFoundError(_("no saved search named {name}").format(name=repr(name)))
        return SavedRow(*row)

    def add(self, name: str, query: str, mode: str, sort: str, seen: Iterable[str]) -> SavedRow:
        """A new saved search whose current hits count as seen; a taken name is a UserError."""
        stamp = now()
        with self.store.transaction() as c:
            try:
                cur = c.execute(
                    "INSERT INTO saved_searches (name, query, mode, sort, created, opened) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (name, query, mode, sort, stamp, stamp),
                )
            except sqlite3.IntegrityError:
                raise UserError(
                    _("a saved search named {name} already exists").format(name=repr(name))
                ) from None
            search_id = int(cur.lastrowid or 0)
            c.executemany(
                "INSERT OR IGNORE INTO saved_seen (search_id, article_id) VALUES (?, ?)",
                ((search_id, a) for a in seen),
            )
        return self.get(name)

    def remove(self, name: str) -> SavedRow:
        row = self.get(name)
        with self.store.transaction() as c:
            c.execute("DELETE FROM saved_searches WHERE id = ?", (row.id,))
        return row

    def seen(self, search_id: int) -> set[str]:
        rows = self.store.conn.execute("SELECT article_id FROM saved_seen WHERE search_id = ?", (search_id,))
        return {r[0] for r in rows}

    def mark_seen(self, search_id: int, ids: Iterable[str]) -> None:
        """Remember `ids` as the hits seen now (articles no longer among the hits are forgotten)."""
        with self.store.transaction() as c:
            c.execute("DELETE FROM saved_seen WHERE search_id = ?", (search_id,))
            c.executemany(
                "INSERT OR IGNORE INTO saved_seen (search_id, article_id) VALUES (?, ?)",
                ((search_id, a) for a in ids),
            )
            c.execute("UPDATE saved_searches SET opened = ? WHERE id = ?", (now(), search_id))
