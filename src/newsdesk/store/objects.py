"""The library's side of the hub: synced objects' states read and written, the tie, the outbox.

Objects travel as states (their shapes are in store/hub.py). The outbox is filled by triggers on
the synced tables (store/schema.py, step 3 → 4) while the library is tied to a hub; `quiet()`
writes without them (applying what was pulled, putting back a refused change). `hub_objects`
keeps the hub version each object here is based on, `hub_local` what stays private, and
`hub_conflicts` the changes of this library that lost to the hub's, until resolved.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from newsdesk.store import passages as rows
from newsdesk.store import tags as tagrows
from newsdesk.store.db import Store, now
from newsdesk.store.rows import row_to_article
from newsdesk.tags.model import Passage, tree_key


@dataclass(frozen=True)
class Tie:
    """This library's hub: where it is (without a password), who we are there, where we stand."""

    url: str
    read_url: str | None
    user: str
    role: str
    position: int
    joined: str
    last_sync: str | None


@dataclass(frozen=True)
class Pending:
    """One object changed here and not yet pushed."""

    seq: int
    kind: str
    object_id: str
    change_id: str


@dataclass(frozen=True)
class Conflict:
    """A change of this library that lost to the hub's: both versions, nothing lost."""

    id: int
    kind: str
    object_id: str
    mine: dict[str, Any] | None
    theirs: dict[str, Any] | None
    found: str

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "object_id": self.object_id,
            "mine": self.mine,
            "theirs": self.theirs,
        }


# -- the tie ----------------------------------------------------------------------------------------


def tie(conn: sqlite3.Connection) -> Tie | None:
    row = conn.execute(
        "SELECT url, read_url, user, role, position, joined, last_sync FROM hub_tie WHERE id = 1"
    ).fetchone()
    return Tie(*row) if row is not None else None


def set_tie(conn: sqlite3.Connection, url: str, read_url: str | None, user: str, role: str) -> None:
    conn.execute(
        "INSERT INTO hub_tie (id, url, read_url, user, role, joined) VALUES (1, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET url = excluded.url, read_url = excluded.read_url, "
        "user = excluded.user, role = excluded.role",
        (url, read_url, user, role, now()),
    )


def set_position(conn: sqlite3.Connection, position: int) -> None:
    conn.execute("UPDATE hub_tie SET position = ? WHERE id = 1", (position,))


def set_synced(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE hub_tie SET last_sync = ? WHERE id = 1", (now(),))


@contextmanager
def quiet(conn: sqlite3.Connection) -> Iterator[None]:
    """Inside the caller's transaction: writes that the outbox does not record."""
    conn.execute("INSERT OR IGNORE INTO hub_quiet (id) VALUES (1)")
    try:
        yield
    finally:
        conn.execute("DELETE FROM hub_quiet")


# -- the outbox -------------------------------------------------------------------------------------

_KIND_ORDER = "CASE kind WHEN 'article' THEN 0 WHEN 'edit' THEN 1 WHEN 'passage' THEN 2 ELSE 3 END"


def pending(conn: sqlite3.Connection, limit: int) -> list[Pending]:
    """The next changes to push: articles, then corrections, passages, tags, each oldest first."""
    return [
        Pending(*r)
        for r in conn.execute(
            f"SELECT seq, kind, object_id, change_id FROM hub_outbox ORDER BY {_KIND_ORDER}, seq LIMIT ?",
            (limit,),
        )
    ]


def count_pending(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM hub_outbox").fetchone()[0])


def is_pending(conn: sqlite3.Connection, kind: str, object_id: str) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM hub_outbox WHERE kind = ? AND object_id = ?", (kind, object_id)
        ).fetchone()
        is not None
    )


def done(conn: sqlite3.Connection, change_id: str) -> None:
    conn.execute("DELETE FROM hub_outbox WHERE change_id = ?", (change_id,))


def renew(conn: sqlite3.Connection, change_id: str) -> None:
    """Give a pending change a new id (what it was has reached the hub; what it is has not)."""
    conn.execute(
        "UPDATE hub_outbox SET change_id = lower(hex(randomblob(16))) WHERE change_id = ?", (change_id,)
    )


def queue(conn: sqlite3.Connection, kind: str, object_id: str) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO hub_outbox (kind, object_id, change_id) "
        "VALUES (?, ?, lower(hex(randomblob(16))))",
        (kind, object_id),
    )


def queue_everything(conn: sqlite3.Connection, *, articles: bool) -> None:
    """On joining: every object of this library is a change to push (a reporter's articles
    stay here: `articles` False marks them local instead)."""
    conn.execute("UPDATE edits SET uid = lower(hex(randomblob(8))) WHERE uid IS NULL")
    new = "lower(hex(randomblob(16)))"
    if articles:
        conn.execute(
            f"INSERT OR IGNORE INTO hub_outbox (kind, object_id, change_id) SELECT 'article', id, {new} "
            "FROM articles ORDER BY rowid"
        )
        conn.execute(
            f"INSERT OR IGNORE INTO hub_outbox (kind, object_id, change_id) SELECT 'edit', uid, {new} "
            "FROM edits ORDER BY seq"
        )
    else:
        conn.execute("INSERT OR IGNORE INTO hub_local (kind, object_id) SELECT 'article', id FROM articles")
        conn.execute("INSERT OR IGNORE INTO hub_local (kind, object_id) SELECT 'edit', uid FROM edits")
    conn.execute(
        f"INSERT OR IGNORE INTO hub_outbox (kind, object_id, change_id) SELECT 'passage', id, {new} "
        "FROM passages ORDER BY rowid"
    )
    conn.execute(
        f"INSERT OR IGNORE INTO hub_outbox (kind, object_id, change_id) SELECT 'tag', path, {new} FROM tags"
    )


# -- versions and what stays here -----------------------------------------------------------------------


def version(conn: sqlite3.Connection, kind: str, object_id: str) -> int | None:
    row = conn.execute(
        "SELECT version FROM hub_objects WHERE kind = ? AND object_id = ?", (kind, object_id)
    ).fetchone()
    return int(row[0]) if row is not None else None


def set_version(conn: sqlite3.Connection, kind: str, object_id: str, v: int | None) -> None:
    if v is None:
        conn.execute("DELETE FROM hub_objects WHERE kind = ? AND object_id = ?", (kind, object_id))
    else:
        conn.execute(
            "INSERT OR REPLACE INTO hub_objects (kind, object_id, version) VALUES (?, ?, ?)",
            (kind, object_id, v),
        )


def is_local(conn: sqlite3.Connection, kind: str, object_id: str) -> bool:
    return (
        conn.execute("SELECT 1 FROM hub_local WHERE kind = ? AND object_id = ?", (kind, object_id)).fetchone()
        is not None
    )


def keep_local(conn: sqlite3.Connection, kind: str, object_id: str, local: bool = True) -> None:
    if local:
        conn.execute("INSERT OR IGNORE INTO hub_local (kind, object_id) VALUES (?, ?)", (kind, object_id))
    else:
        conn.execute("DELETE FROM hub_local WHERE kind = ? AND object_id = ?", (kind, object_id))


def share_local(conn: sqlite3.Connection) -> None:
    """Queue what stayed here for pushing, and stop keeping it here only."""
    conn.execute(
        "INSERT OR IGNORE INTO hub_outbox (kind, object_id, change_id) "
        "SELECT kind, object_id, lower(hex(randomblob(16))) FROM hub_local"
    )
    conn.execute("DELETE FROM hub_local")


def share_passages_of(conn: sqlite3.Connection, article_id: str) -> None:
    """An article kept here is now the hub's too: the passages kept here with it are queued."""
    ids = [
        str(r[0])
        for r in conn.execute(
            "SELECT l.object_id FROM hub_local l JOIN passages p ON p.id = l.object_id "
            "WHERE l.kind = 'passage' AND p.article_id = ?",
            (article_id,),
        )
    ]
    for pid in ids:
        queue(conn, "passage", pid)
        keep_local(conn, "passage", pid, False)


def count_local(conn: sqlite3.Connection) -> dict[str, int]:
    return {k: int(n) for k, n in conn.execute("SELECT kind, count(*) FROM hub_local GROUP BY kind")}


# -- conflicts ------------------------------------------------------------------------------------------


def _load(raw: str | None) -> dict[str, Any] | None:
    return json.loads(raw) if raw is not None else None


def add_conflict(
    conn: sqlite3.Connection,
    kind: str,
    object_id: str,
    mine: dict[str, Any] | None,
    theirs: dict[str, Any] | None,
) -> int:
    cur = conn.execute(
        "INSERT INTO hub_conflicts (kind, object_id, mine, theirs, found) VALUES (?, ?, ?, ?, ?)",
        (
            kind,
            object_id,
            None if mine is None else json.dumps(mine, ensure_ascii=False),
            None if theirs is None else json.dumps(theirs, ensure_ascii=False),
            now(),
        ),
    )
    return int(cur.lastrowid or 0)


def conflicts(conn: sqlite3.Connection) -> list[Conflict]:
    return [
        Conflict(r[0], r[1], r[2], _load(r[3]), _load(r[4]), r[5])
        for r in conn.execute(
            "SELECT id, kind, object_id, mine, theirs, found FROM hub_conflicts ORDER BY id"
        )
    ]


def conflict(conn: sqlite3.Connection, conflict_id: int) -> Conflict | None:
    found = [c for c in conflicts(conn) if c.id == conflict_id]
    return found[0] if found else None


def drop_conflict(conn: sqlite3.Connection, conflict_id: int) -> None:
    conn.execute("DELETE FROM hub_conflicts WHERE id = ?", (conflict_id,))


def count_conflicts(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM hub_conflicts").fetchone()[0])


# -- states -------------------------------------------------------------------------------------------


def state(store: Store, kind: str, object_id: str) -> dict[str, Any] | None:
    """An object's state in this library (None: there is no such object here)."""
    conn = store.conn
    if kind == "article":
        values = store.stored_values(object_id)
        keys = store.identity_of(object_id)
        if values is None or keys is None:
            return None
        return {"values": values, "content_key": keys[0], "external": keys[1]}
    if kind == "edit":
        row = conn.execute("SELECT kind, data, created FROM edits WHERE uid = ?", (object_id,)).fetchone()
        return None if row is None else {"kind": row[0], "data": json.loads(row[1]), "created": row[2]}
    if kind == "tag":
        row = conn.execute("SELECT colour FROM tags WHERE path = ?", (object_id,)).fetchone()
        return None if row is None else {"colour": row[0]}
    p = rows.get(conn, object_id)
    return None if p is None else passage_state(p)


def passage_state(p: Passage) -> dict[str, Any]:
    return {
        "article_id": p.article_id,
        "start": p.start,
        "end": p.end,
        "quote": p.quote,
        "prefix": p.prefix,
        "suffix": p.suffix,
        "note": p.note,
        "created": p.created,
        "modified": p.modified,
        "orphaned": p.orphaned,
        "tags": sorted(p.tags, key=tree_key),
    }


def author_of(conn: sqlite3.Connection, kind: str, object_id: str) -> str | None:
    if kind == "passage":
        row = conn.execute("SELECT author FROM passages WHERE id = ?", (object_id,)).fetchone()
    elif kind == "tag":
        row = conn.execute("SELECT author FROM tags WHERE path = ?", (object_id,)).fetchone()
    else:
        return None
    return None if row is None else row[0]


def put(
    store: Store, kind: str, object_id: str, value: dict[str, Any] | None, author: str | None = None
) -> None:
    """Make an object here be `value` (None: remove it), inside the caller's transaction."""
    conn = store.conn
    if kind == "article":
        if value is None:
            store.delete_articles([object_id])
        else:
            article = row_to_article(value["values"])  # type: ignore[arg-type]
            store.put_article(article, content_key=value["content_key"], external=bool(value["external"]))
        return
    if kind == "edit":
        if value is None:
            conn.execute("DELETE FROM edits WHERE uid = ?", (object_id,))
        elif conn.execute("SELECT 1 FROM edits WHERE uid = ?", (object_id,)).fetchone() is None:
            conn.execute(
                "INSERT INTO edits (kind, data, created, uid) VALUES (?, ?, ?, ?)",
                (value["kind"], json.dumps(value["data"], ensure_ascii=False), value["created"], object_id),
            )
        return
    if kind == "tag":
        if value is None:
            used = conn.execute(
                "SELECT 1 FROM passage_tags pt JOIN tags t ON t.id = pt.tag_id WHERE t.path = ? LIMIT 1",
                (object_id,),
            ).fetchone()
            if used:
                conn.execute("UPDATE tags SET colour = NULL WHERE path = ?", (object_id,))
            else:
                conn.execute("DELETE FROM tags WHERE path = ?", (object_id,))
        else:
            conn.execute(
                "INSERT INTO tags (path, colour, author) VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET "
                "colour = excluded.colour, author = coalesce(excluded.author, tags.author)",
                (object_id, value["colour"], author),
            )
        return
    if value is None:
        rows.delete(conn, object_id)
        return
    author = author or author_of(conn, "passage", object_id)
    passage = Passage(
        id=object_id,
        article_id=value["article_id"],
        start=int(value["start"]),
        end=int(value["end"]),
        quote=value["quote"],
        prefix=value["prefix"],
        suffix=value["suffix"],
        tags=tuple(value["tags"]),
        note=value["note"],
        created=value["created"],
        modified=value["modified"],
        orphaned=value["orphaned"],
        author=author,
    )
    rows.insert(conn, passage)


def set_author(conn: sqlite3.Connection, kind: str, object_id: str, author: str | None) -> None:
    if author is None:
        return
    if kind == "passage":
        conn.execute(
            "UPDATE passages SET author = ? WHERE id = ? AND author IS NOT ?", (author, object_id, author)
        )
    elif kind == "tag":
        conn.execute("UPDATE tags SET author = ? WHERE path = ? AND author IS NULL", (author, object_id))


def prune_tags(conn: sqlite3.Connection) -> None:
    tagrows.prune(conn)
