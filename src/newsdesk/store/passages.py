"""The passage tables: passages (a quote anchored in an article's text) with their tags and notes.

Typed functions over a connection, run inside the caller's transaction (`Store.transaction`);
they do not check their input: TagService normalises names and offsets and decides what a
change means, `tags.anchoring` where a passage goes. Rows come back as `PassageRow`, passages
with their tags as `tags.model.Passage`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import NamedTuple

from newsdesk.store.db import chunks
from newsdesk.store.tags import link, subtree_sql
from newsdesk.tags.model import Passage, tree_key

COLUMNS = (
    "id, article_id, start_pos, end_pos, quote, prefix, suffix, note, created, modified, orphaned, author"
)


class PassageRow(NamedTuple):
    """Where a passage sits (what re-anchoring reads and writes)."""

    id: str
    article_id: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    orphaned: str | None


class Span(NamedTuple):
    """A passage's place: the article, the offsets and the anchor's text around them."""

    article_id: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


def _tags_of(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in chunks(list(ids)):
        marks = ",".join("?" * len(part))
        for pid, path in conn.execute(
            f"SELECT pt.passage_id, t.path FROM passage_tags pt JOIN tags t ON t.id = pt.tag_id "
            f"WHERE pt.passage_id IN ({marks})",
            list(part),
        ):
            out.setdefault(pid, []).append(path)
    return out


def _load(conn: sqlite3.Connection, rows: Sequence[sqlite3.Row]) -> list[Passage]:
    tags = _tags_of(conn, [r["id"] for r in rows])
    return [
        Passage(
            id=r["id"],
            article_id=r["article_id"],
            start=r["start_pos"],
            end=r["end_pos"],
            quote=r["quote"],
            prefix=r["prefix"],
            suffix=r["suffix"],
            tags=tuple(sorted(tags.get(r["id"], ()), key=tree_key)),
            note=r["note"],
            created=r["created"],
            modified=r["modified"],
            orphaned=r["orphaned"],
            author=r["author"],
        )
        for r in rows
    ]


# -- reading ---------------------------------------------------------------------------------


def exists(conn: sqlite3.Connection, passage_id: str) -> bool:
    return conn.execute("SELECT 1 FROM passages WHERE id = ?", (passage_id,)).fetchone() is not None


def ids_from(conn: sqlite3.Connection, prefix: str, limit: int = 2) -> list[str]:
    """Ids that start with `prefix` (at most `limit`), in id order."""
    rows = conn.execute(
        "SELECT id FROM passages WHERE id >= ? AND id < ? LIMIT ?", (prefix, prefix + "\U0010ffff", limit)
    )
    return [str(r[0]) for r in rows]


def get(conn: sqlite3.Connection, passage_id: str) -> Passage | None:
    row = conn.execute(f"SELECT {COLUMNS} FROM passages WHERE id = ?", (passage_id,)).fetchone()
    return _load(conn, [row])[0] if row is not None else None


def find(
    conn: sqlite3.Connection,
    *,
    tag: str | None = None,
    include_children: bool = True,
    article_id: str | None = None,
    orphans: bool = False,
) -> list[Passage]:
    """Passages oldest first: with `tag` (a normalised path; and its descendants), of one
    article, placed only unless `orphans`."""
    where: list[str] = []
    args: list[object] = []
    if not orphans:
        where.append("orphaned IS NULL")
    if article_id is not None:
        where.append("article_id = ?")
        args.append(article_id)
    if tag is not None:
        sub, subargs = subtree_sql(tag, include_children)
        where.append(
            f"id IN (SELECT pt.passage_id FROM passage_tags pt JOIN tags t ON t.id = pt.tag_id WHERE {sub})"
        )
        args += subargs
    sql = f"SELECT {COLUMNS} FROM passages"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return _load(conn, conn.execute(sql + " ORDER BY created, rowid", args).fetchall())


def orphans(conn: sqlite3.Connection) -> list[Passage]:
    """Passages that lost their place, in the order they lost it."""
    rows = conn.execute(
        f"SELECT {COLUMNS} FROM passages WHERE orphaned IS NOT NULL ORDER BY orphaned, rowid"
    ).fetchall()
    return _load(conn, rows)


def count_orphans(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM passages WHERE orphaned IS NOT NULL").fetchone()[0])


def placed_at(conn: sqlite3.Connection, article_id: str, start: int, end: int) -> str | None:
    """The first placed passage on exactly these characters, if any."""
    row = conn.execute(
        "SELECT id FROM passages WHERE article_id = ? AND start_pos = ? AND end_pos = ? "
        "AND orphaned IS NULL ORDER BY rowid LIMIT 1",
        (article_id, start, end),
    ).fetchone()
    return str(row[0]) if row is not None else None


def modified_of(conn: sqlite3.Connection, passage_id: str) -> str | None:
    row = conn.execute("SELECT modified FROM passages WHERE id = ?", (passage_id,)).fetchone()
    return str(row[0]) if row is not None else None


def any_passage(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM passages LIMIT 1").fetchone() is not None


def rows_of(conn: sqlite3.Connection, article_ids: Sequence[str]) -> list[PassageRow]:
    """Where the passages of these articles sit (orphans included), in the order they were made."""
    out: list[PassageRow] = []
    for part in chunks(list(article_ids)):
        marks = ",".join("?" * len(part))
        out += [
            PassageRow(*r)
            for r in conn.execute(
                "SELECT id, article_id, start_pos, end_pos, quote, prefix, suffix, orphaned FROM passages "
                f"WHERE article_id IN ({marks}) ORDER BY rowid",
                list(part),
            )
        ]
    return out


def articles_needing_placement(conn: sqlite3.Connection) -> list[str]:
    """Articles with an orphan, or with a placed passage whose quote is no longer at its offsets
    (SQLite's substr counts code points, as Python does)."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT p.article_id FROM passages p JOIN articles a ON a.id = p.article_id "
            "WHERE p.orphaned IS NOT NULL OR substr(a.text, p.start_pos + 1, p.end_pos - p.start_pos) "
            "IS NOT p.quote"
        )
    ]


def count_stale(conn: sqlite3.Connection) -> int:
    """Placed passages whose quote is no longer at their offsets in their article's text."""
    return int(
        conn.execute(
            "SELECT count(*) FROM passages p JOIN articles a ON a.id = p.article_id "
            "WHERE p.orphaned IS NULL AND substr(a.text, p.start_pos + 1, p.end_pos - p.start_pos) "
            "IS NOT p.quote"
        ).fetchone()[0]
    )


def notes_of_placed(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(article id, note) of every placed passage with a note."""
    return [
        (str(a), str(n))
        for a, n in conn.execute(
            "SELECT article_id, note FROM passages WHERE note IS NOT NULL AND orphaned IS NULL"
        )
    ]


def article_ids_with_tag(conn: sqlite3.Connection, tag: str, include_children: bool) -> set[str]:
    """Articles with a placed passage carrying `tag` (a normalised path) or a descendant."""
    sub, args = subtree_sql(tag, include_children)
    return {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT p.article_id FROM passages p JOIN passage_tags pt ON pt.passage_id = p.id "
            f"JOIN tags t ON t.id = pt.tag_id WHERE p.orphaned IS NULL AND {sub}",
            args,
        )
    }


# -- writing ---------------------------------------------------------------------------------


def insert(conn: sqlite3.Connection, p: Passage) -> None:
    """Store a passage as given, with its tags (replacing one of the same id)."""
    conn.execute("DELETE FROM passages WHERE id = ?", (p.id,))
    conn.execute(
        f"INSERT INTO passages ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            p.id,
            p.article_id,
            p.start,
            p.end,
            p.quote,
            p.prefix,
            p.suffix,
            p.note,
            p.created,
            p.modified,
            p.orphaned,
            p.author,
        ),
    )
    link(conn, p.id, p.tags)


def delete(conn: sqlite3.Connection, passage_id: str) -> None:
    conn.execute("DELETE FROM passages WHERE id = ?", (passage_id,))


def set_note(conn: sqlite3.Connection, passage_id: str, note: str | None) -> None:
    conn.execute("UPDATE passages SET note = ? WHERE id = ?", (note, passage_id))


def set_modified(conn: sqlite3.Connection, passage_id: str, stamp: str) -> None:
    conn.execute("UPDATE passages SET modified = ? WHERE id = ?", (stamp, passage_id))


def place(conn: sqlite3.Connection, passage_id: str, span: Span, *, modified: str | None = None) -> None:
    """Put a passage on a span (clearing orphaned), and mark it modified when `modified` is given."""
    conn.execute(
        "UPDATE passages SET article_id = ?, start_pos = ?, end_pos = ?, quote = ?, prefix = ?, "
        "suffix = ?, orphaned = NULL, modified = coalesce(?, modified) WHERE id = ?",
        (*span, modified, passage_id),
    )


def orphan(conn: sqlite3.Connection, passage_id: str, stamp: str) -> None:
    conn.execute("UPDATE passages SET orphaned = ? WHERE id = ?", (stamp, passage_id))


def clear_tags(conn: sqlite3.Connection, passage_id: str) -> None:
    conn.execute("DELETE FROM passage_tags WHERE passage_id = ?", (passage_id,))


def untag(conn: sqlite3.Connection, passage_id: str, path: str) -> None:
    conn.execute(
        "DELETE FROM passage_tags WHERE passage_id = ? AND tag_id = (SELECT id FROM tags WHERE path = ?)",
        (passage_id, path),
    )
