"""Opening the library database and the queries on articles and sources."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from newsdesk.domain import Article, ArticleSummary, SourceRef
from newsdesk.errors import (
    SQLITE_CANTOPEN,
    SQLITE_FULL,
    SQLITE_IOERR,
    SQLITE_READONLY,
    LibraryDamagedError,
    LibraryError,
    NotFoundError,
    UserError,
    as_user_error,
    read_only,
)
from newsdesk.language import _
from newsdesk.store.rows import article_values, bylines_of, row_to_article
from newsdesk.store.schema import SCHEMA_VERSION, migrate

ARTICLE_COLUMNS = (
    "id, title, kicker, subtitle, dateline, date, source, page, section, bylines, captions, "
    "photo_credits, section_heads, text, note, author_note"
)
SUMMARY_COLUMNS = "id, title, date, source, page, bylines"
TEXT_COLUMNS = "id, title, text, date, source, page, note, author_note"
# SQLite sorts NULL below every value, so `date DESC` already puts undated articles last: the
# newest-first order (the window's library list) is then the articles_date index's own order,
# read without sorting (at a million articles, 0.5 s instead of 0.9).
ORDERS = {
    "-date": "date DESC, id",
    "date": "date IS NULL, date ASC, id",
    "title": "title, id",
    "-title": "title DESC, id",
    "source": "source, date DESC, id",
    "-source": "source DESC, date DESC, id",
    "page": "CAST(page AS INTEGER), date DESC, id",
    "-page": "CAST(page AS INTEGER) DESC, date DESC, id",
}
SQLITE_VARS = 900  # stay under SQLite's bound-parameter limit in IN (...) lists


def now() -> str:
    """The current time as an ISO 8601 UTC string (seconds)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class SourceRow:
    """What the record remembers of one imported file."""

    id: int
    path: str
    sha256: str
    size: int
    mtime_ns: int


class ArticleText(NamedTuple):
    """What a search hit shows of an article: its text (for spans and the snippet) and the
    fields of the hit, without the rest (cheaper to fetch for a page of hits)."""

    id: str
    title: str
    text: str
    date: str | None
    source: str | None
    page: str | None
    note: str | None = None  # the snippet's source when only a note holds the hit
    author_note: str | None = None


def chunks(items: Sequence[str], size: int = SQLITE_VARS) -> Iterator[Sequence[str]]:
    """Slices of at most `size` items."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Store:
    """One connection to a library's database, with the queries the library needs."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        # Read-only when asked, or when the database cannot be written (a read-only medium,
        # folder or file): such a library is still read, searched and exported.
        self.readonly = readonly or (path.exists() and not os.access(path, os.W_OK))
        # Why writes are refused when the library could only be opened for reading.
        self.write_error: UserError = read_only(path.parent)
        try:
            if not self.readonly:
                try:
                    self.conn = self._connect_writable(path)
                    return
                except sqlite3.Error as exc:
                    if _code(exc) not in _READ_ONLY_FALLBACK or not path.exists():
                        raise
                    self.write_error = _user_error(path, exc)
                    self.readonly = True
            self.conn = self._connect_readonly(path)
        except sqlite3.Error as exc:
            if isinstance(as_user_error(exc, path), LibraryDamagedError):
                raise LibraryDamagedError(
                    _("{path}: not a newsdesk library database ({detail})").format(path=path, detail=exc)
                ) from exc
            raise _user_error(path, exc) from exc

    @staticmethod
    def _connect_writable(path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
        try:
            _setup(conn)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    @staticmethod
    def _connect_readonly(path: Path) -> sqlite3.Connection:
        """A read-only connection; on a medium where SQLite cannot keep its WAL index (a
        read-only mount or folder), one that treats the file as immutable."""
        uri = path.absolute().as_uri() + "?mode=ro"
        for suffix in ("", "&immutable=1"):
            conn = sqlite3.connect(uri + suffix, uri=True, timeout=30, check_same_thread=False)
            try:
                _setup(conn)
                version = conn.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.Error as exc:
                conn.close()
                if suffix or _code(exc) not in (SQLITE_CANTOPEN, SQLITE_IOERR, SQLITE_FULL):
                    raise
                continue
            if version != SCHEMA_VERSION:
                conn.close()
                if version > SCHEMA_VERSION:
                    text = _(
                        "{path}: this read-only library was written by a newer newsdesk (database "
                        "schema {version}, this program knows {known}); open it with that version"
                    )
                else:
                    text = _(
                        "{path}: this read-only library was written by an older newsdesk (database "
                        "schema {version}, this program knows {known}); open it with that version "
                        "or copy it somewhere writable to upgrade it"
                    )
                raise LibraryError(text.format(path=path, version=version, known=SCHEMA_VERSION))
            return conn
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, taken at once so that two writers never deadlock."""
        if self.readonly:
            raise self.write_error
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _user_error(self.path, exc) from exc
        try:
            yield self.conn
        except BaseException:
            self.conn.rollback()
            raise
        else:
            self.conn.commit()

    # -- articles -------------------------------------------------------------------------

    def article(self, article_id: str) -> Article:
        row = self.conn.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(_("no article with id {id}").format(id=repr(article_id)))
        return row_to_article(row, self.sources_of(article_id))

    def identity_of(self, article_id: str) -> tuple[str, bool] | None:
        """(content key, external) of a stored article: what a rewrite of it keeps."""
        row = self.conn.execute(
            "SELECT content_key, external FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return (str(row[0]), bool(row[1])) if row is not None else None

    def copy_placements(self, from_id: str, to_id: str) -> None:
        """Record that `to_id` stands wherever `from_id` was found (a merge, a split)."""
        self.conn.execute(
            "INSERT OR IGNORE INTO placements (source_id, ordinal, article_id) "
            "SELECT source_id, ordinal, ? FROM placements WHERE article_id = ?",
            (to_id, from_id),
        )

    def placed_elsewhere(self, article_id: str, source_id: int) -> bool:
        """Whether an article was also found in a file other than `source_id`."""
        row = self.conn.execute(
            "SELECT 1 FROM placements WHERE article_id = ? AND source_id != ? LIMIT 1",
            (article_id, source_id),
        ).fetchone()
        return row is not None

    def any_indexed(self) -> bool:
        """Whether the record says some article is in the index."""
        return self.conn.execute("SELECT 1 FROM articles WHERE indexed = 1 LIMIT 1").fetchone() is not None

    def integrity_problems(self, limit: int = 20) -> list[str]:
        """What SQLite's integrity check finds wrong (nothing: an empty list)."""
        rows = [str(r[0]) for r in self.conn.execute(f"PRAGMA integrity_check({int(limit)})")]
        return [] if rows == ["ok"] else rows

    def dangling_references(self) -> dict[str, int]:
        """Rows that point to rows that do not exist, counted by table."""
        out: dict[str, int] = {}
        for row in self.conn.execute("PRAGMA foreign_key_check"):
            out[str(row[0])] = out.get(str(row[0]), 0) + 1
        return out

    def text_of(self, article_id: str) -> str | None:
        """An article's text, or None when there is no such article."""
        row = self.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        return str(row[0]) if row is not None else None

    def articles_by_id(self, ids: Sequence[str]) -> dict[str, Article]:
        out: dict[str, Article] = {}
        for part in chunks(list(ids)):
            marks = ",".join("?" * len(part))
            for row in self.conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", part
            ):
                out[row["id"]] = row_to_article(row)
        return out

    def article_texts(self, ids: Sequence[str]) -> dict[str, ArticleText]:
        out: dict[str, ArticleText] = {}
        for part in chunks(list(ids)):
            marks = ",".join("?" * len(part))
            for row in self.conn.execute(f"SELECT {TEXT_COLUMNS} FROM articles WHERE id IN ({marks})", part):
                out[row[0]] = ArticleText(*row)
        return out

    def summaries(self, ids: Sequence[str]) -> dict[str, ArticleSummary]:
        out: dict[str, ArticleSummary] = {}
        for part in chunks(list(ids)):
            marks = ",".join("?" * len(part))
            for row in self.conn.execute(
                f"SELECT {SUMMARY_COLUMNS} FROM articles WHERE id IN ({marks})", part
            ):
                out[row["id"]] = ArticleSummary(
                    row["id"],
                    row["title"],
                    row["date"],
                    row["source"],
                    row["page"],
                    bylines_of(row["bylines"]),
                )
        return out

    def article_ids(self, order: str = "-date") -> list[str]:
        if order not in ORDERS:
            raise ValueError(f"unknown order {order!r}")
        cur = self.conn.cursor()
        cur.row_factory = None  # plain tuples: a million rows as sqlite3.Row cost 50 ms more
        return [r[0] for r in cur.execute(f"SELECT id FROM articles ORDER BY {ORDERS[order]}")]

    def sources_of(self, article_id: str) -> tuple[SourceRef, ...]:
        rows = self.conn.execute(
            "SELECT s.path, s.sha256 FROM placements p JOIN sources s ON s.id = p.source_id "
            "WHERE p.article_id = ? ORDER BY s.path, p.ordinal",
            (article_id,),
        )
        return tuple(SourceRef(r[0], r[1]) for r in rows)

    def find_by_content(self, content_key: str) -> str | None:
        row = self.conn.execute(
            "SELECT id FROM articles WHERE content_key = ? AND external = 0 LIMIT 1",
            (content_key,),
        ).fetchone()
        return row[0] if row else None

    def exists(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def stored_values(self, article_id: str) -> dict[str, object] | None:
        row = self.conn.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return dict(row) if row else None

    def put_article(
        self, a: Article, *, content_key: str, external: bool, title_key: str | None = None
    ) -> str:
        """Insert or update an article; returns "added", "updated" or "unchanged". `title_key` is
        its title's lookup key (`near.title_key`); without one the key is left for
        `fill_title_keys` (a rewrite that changed the title clears it)."""
        values = article_values(a)
        old = self.stored_values(a.id)
        if old == values:
            return "unchanged"
        stamp = now()
        key = title_key
        if old is None:
            cols = ", ".join(values)
            marks = ", ".join(f":{k}" for k in values)
            self.conn.execute(
                f"INSERT INTO articles ({cols}, content_key, external, indexed, created, modified, "
                f"title_key) VALUES ({marks}, :content_key, :external, 0, :stamp, :stamp, :title_key)",
                {
                    **values,
                    "content_key": content_key,
                    "external": int(external),
                    "stamp": stamp,
                    "title_key": key,
                },
            )
            self.conn.execute("DELETE FROM index_deletes WHERE id = ?", (a.id,))
            return "added"
        sets = ", ".join(f"{k} = :{k}" for k in values if k != "id")
        self.conn.execute(
            f"UPDATE articles SET {sets}, content_key = :content_key, indexed = 0, "
            "modified = :stamp, title_key = CASE WHEN :title_key IS NOT NULL THEN :title_key "
            "WHEN title = :title THEN title_key END WHERE id = :id",
            {**values, "content_key": content_key, "stamp": stamp, "title_key": key},
        )
        return "updated"

    def same_title(self, key: str, date: str | None, limit: int) -> list[str]:
        """Ids of up to `limit` articles whose title has search form `key` (`near.title_key`)
        and whose date is `date`'s day or unknown (any date when `date` is None)."""
        if not key:
            return []
        # (each query is one range of the (title_key, date) index: a title printed every day,
        # such as 国内联播快讯, costs what one day's copies cost, not what all of them do)
        ranges = ["", " AND date IS NULL"]
        if date is not None:
            ranges[0] = " AND date >= :day AND date < :day || '~'"
        else:
            del ranges[1]
        ids: list[str] = []
        for where in ranges:
            rows = self.conn.execute(
                f"SELECT id FROM articles WHERE title_key = :key{where} LIMIT :limit",
                {"key": key, "day": (date or "")[:10], "limit": limit - len(ids)},
            )
            ids += [r[0] for r in rows]
        return ids

    def fill_title_keys(self, key_of: Callable[[str], str]) -> int:
        """Give the articles without a title key (written before keys existed, or rewritten
        with a new title) theirs, `key_of(title)`; returns how many."""
        rows = self.conn.execute("SELECT id, title FROM articles WHERE title_key IS NULL").fetchall()
        self.conn.executemany(
            "UPDATE articles SET title_key = ? WHERE id = ?", [(key_of(r[1]), r[0]) for r in rows]
        )
        return len(rows)

    def delete_articles(self, ids: Iterable[str]) -> int:
        n = 0
        for aid in ids:
            cur = self.conn.execute("DELETE FROM articles WHERE id = ?", (aid,))
            if cur.rowcount:
                n += 1
                self.conn.execute("INSERT OR IGNORE INTO index_deletes (id) VALUES (?)", (aid,))
        return n

    def orphan_articles(self, candidates: Iterable[str]) -> list[str]:
        """Those of `candidates` that no source file holds any more."""
        out = []
        for aid in set(candidates):
            if (
                self.conn.execute("SELECT 1 FROM placements WHERE article_id = ? LIMIT 1", (aid,)).fetchone()
                is None
            ):
                out.append(aid)
        return sorted(out)

    # -- indexing bookkeeping ---------------------------------------------------------------

    def unindexed_ids(self, limit: int) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM articles WHERE indexed = 0 ORDER BY rowid LIMIT ?", (limit,)
            )
        ]

    def count_articles(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def count_unindexed(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles WHERE indexed = 0").fetchone()[0]

    def mark_indexed(self, ids: Sequence[str]) -> None:
        with self.transaction() as c:
            for part in chunks(list(ids)):
                marks = ",".join("?" * len(part))
                c.execute(f"UPDATE articles SET indexed = 1 WHERE id IN ({marks})", part)

    def mark_unindexed(self, ids: Sequence[str]) -> None:
        with self.transaction() as c:
            for part in chunks(list(ids)):
                marks = ",".join("?" * len(part))
                c.execute(f"UPDATE articles SET indexed = 0 WHERE id IN ({marks})", part)

    def mark_all_unindexed(self) -> None:
        with self.transaction() as c:
            c.execute("UPDATE articles SET indexed = 0")
            c.execute("DELETE FROM index_deletes")

    def pending_deletes(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM index_deletes")]

    def clear_deletes(self, ids: Sequence[str]) -> None:
        with self.transaction() as c:
            for part in chunks(list(ids)):
                marks = ",".join("?" * len(part))
                c.execute(f"DELETE FROM index_deletes WHERE id IN ({marks})", part)

    # -- sources -----------------------------------------------------------------------------

    def source(self, path: str) -> SourceRow | None:
        row = self.conn.execute(
            "SELECT id, path, sha256, size, mtime_ns FROM sources WHERE path = ?", (path,)
        ).fetchone()
        return SourceRow(*row) if row else None

    def is_empty(self) -> bool:
        """No article, and none removed that the index may still hold."""
        row = self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM articles) OR EXISTS (SELECT 1 FROM index_deletes)"
        ).fetchone()
        return not row[0]

    def has_sources(self) -> bool:
        return self.conn.execute("SELECT 1 FROM sources LIMIT 1").fetchone() is not None

    def source_paths(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT path FROM sources ORDER BY path")]

    def placements(self, source_id: int) -> list[tuple[int, str]]:
        return [
            (r[0], r[1])
            for r in self.conn.execute(
                "SELECT ordinal, article_id FROM placements WHERE source_id = ? ORDER BY ordinal",
                (source_id,),
            )
        ]

    def count_placements(self, source_id: int) -> int:
        return self.conn.execute(
            "SELECT count(*) FROM placements WHERE source_id = ?", (source_id,)
        ).fetchone()[0]

    def touch_source(self, source_id: int, size: int, mtime_ns: int) -> None:
        with self.transaction() as c:
            c.execute("UPDATE sources SET size = ?, mtime_ns = ? WHERE id = ?", (size, mtime_ns, source_id))

    def put_source(
        self,
        path: str,
        sha256: str,
        size: int,
        mtime_ns: int,
        fmt: str,
        encoding: str,
        page_meta: dict[str, object],
    ) -> int:
        """Insert or update a source row (inside the caller's transaction); returns its id."""
        meta = json.dumps(page_meta, ensure_ascii=False)
        row = self.conn.execute("SELECT id FROM sources WHERE path = ?", (path,)).fetchone()
        if row:
            self.conn.execute(
                "UPDATE sources SET sha256=?, size=?, mtime_ns=?, format=?, encoding=?, "
                "page_meta=?, imported=? WHERE id=?",
                (sha256, size, mtime_ns, fmt, encoding, meta, now(), row[0]),
            )
            return int(row[0])
        cur = self.conn.execute(
            "INSERT INTO sources (path, sha256, size, mtime_ns, format, encoding, page_meta, "
            "imported) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (path, sha256, size, mtime_ns, fmt, encoding, meta, now()),
        )
        return int(cur.lastrowid or 0)

    def set_placements(self, source_id: int, placements: Sequence[tuple[int, str]]) -> list[str]:
        """Replace a source's placements; returns the article ids it no longer holds."""
        before = {aid for _, aid in self.placements(source_id)}
        self.conn.execute("DELETE FROM placements WHERE source_id = ?", (source_id,))
        self.conn.executemany(
            "INSERT INTO placements (source_id, ordinal, article_id) VALUES (?, ?, ?)",
            [(source_id, o, a) for o, a in placements],
        )
        return sorted(before - {a for _, a in placements})

    def add_placements(self, source_id: int, placements: Sequence[tuple[int, str]]) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO placements (source_id, ordinal, article_id) VALUES (?, ?, ?)",
            [(source_id, o, a) for o, a in placements],
        )

    def remove_source(self, path: str) -> list[str]:
        """Forget a source file (inside the caller's transaction); returns its article ids."""
        row = self.source(path)
        if row is None:
            return []
        ids = [a for _, a in self.placements(row.id)]
        self.conn.execute("DELETE FROM sources WHERE id = ?", (row.id,))
        return ids

    # -- counts ------------------------------------------------------------------------------

    def stats(self) -> dict[str, object]:
        one = self.conn.execute
        dates = one("SELECT min(date), max(date) FROM articles WHERE date IS NOT NULL").fetchone()
        return {
            "articles": one("SELECT count(*) FROM articles").fetchone()[0],
            "sources": one("SELECT count(*) FROM sources").fetchone()[0],
            "placements": one("SELECT count(*) FROM placements").fetchone()[0],
            "characters": one("SELECT coalesce(sum(length(text)), 0) FROM articles").fetchone()[0],
            "unindexed": self.count_unindexed(),
            "first_date": dates[0],
            "last_date": dates[1],
            "newspapers": [
                {"source": r[0], "articles": r[1]}
                for r in one("SELECT coalesce(source, ''), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC")
            ],
        }


# Opening for writing failed in a way that still lets the library be read.
_READ_ONLY_FALLBACK = (SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_IOERR, SQLITE_FULL)


def _code(exc: sqlite3.Error) -> int:
    """SQLite's primary result code of an error (0 when the module raised it itself)."""
    return (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF


def _setup(conn: sqlite3.Connection) -> None:
    """The pragmas every connection needs."""
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")


def _user_error(path: Path, exc: sqlite3.Error) -> UserError:
    """What an SQLite error means for the user, by its result code (a bug stays a bug)."""
    error = as_user_error(exc, path)
    if error is None:
        raise exc
    return error
