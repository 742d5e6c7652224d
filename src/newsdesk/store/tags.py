"""The tag tables: tag ids and colours, links to passages, subtrees, moving subtrees.

Functions here run inside the caller's transaction (`Store.transaction`) and do not check their
input: TagService normalises names and reports what changed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from newsdesk.errors import NotFoundError, UserError
from newsdesk.language import _
from newsdesk.store.db import chunks, now
from newsdesk.tags.model import ancestors, subtree_bounds, tree_key


def subtree_sql(tag: str, include_children: bool) -> tuple[str, list[str]]:
    """A condition on `t.path` for a tag (and its descendants), with its arguments."""
    if not include_children:
        return "t.path = ?", [tag]
    lo, hi = subtree_bounds(tag)
    return "(t.path = ? OR (t.path >= ? AND t.path < ?))", [tag, lo, hi]


def tag_id(conn: sqlite3.Connection, path: str) -> int:
    """The id of a tag, made if it does not exist."""
    row = conn.execute("SELECT id FROM tags WHERE path = ?", (path,)).fetchone()
    if row:
        return int(row[0])
    return int(conn.execute("INSERT INTO tags (path) VALUES (?)", (path,)).lastrowid or 0)


def link(conn: sqlite3.Connection, passage_id: str, paths: Iterable[str]) -> None:
    """Give a passage these tags (those it has already are kept once)."""
    conn.executemany(
        "INSERT OR IGNORE INTO passage_tags (passage_id, tag_id) VALUES (?, ?)",
        [(passage_id, tag_id(conn, p)) for p in paths],
    )


def prune(conn: sqlite3.Connection) -> None:
    """Forget tags that no passage has and that carry no colour."""
    conn.execute(
        "DELETE FROM tags WHERE colour IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM passage_tags pt WHERE pt.tag_id = tags.id)"
    )


def subtree(conn: sqlite3.Connection, tag: str) -> list[tuple[int, str]]:
    """(id, path) of a tag and its descendants."""
    sub, args = subtree_sql(tag, True)
    return [(int(r[0]), str(r[1])) for r in conn.execute(f"SELECT id, path FROM tags t WHERE {sub}", args)]


def passages_under(conn: sqlite3.Connection, tag_ids: Sequence[int]) -> set[str]:
    """Ids of the passages that carry any of these tags."""
    out: set[str] = set()
    for part in chunks([str(i) for i in tag_ids]):
        marks = ",".join("?" * len(part))
        out.update(
            r[0]
            for r in conn.execute(
                f"SELECT passage_id FROM passage_tags WHERE tag_id IN ({marks})", [int(i) for i in part]
            )
        )
    return out


def touch(conn: sqlite3.Connection, ids: Iterable[str], stamp: str) -> None:
    """Mark passages as modified now."""
    conn.executemany("UPDATE passages SET modified = ? WHERE id = ?", [(stamp, i) for i in ids])


def move_subtrees(conn: sqlite3.Connection, sources: Sequence[str], into: str, *, merge: bool) -> int:
    """Move the subtrees of `sources` to the name `into` (a/x → into/x); returns the passages
    whose tags changed. Without `merge`, a new name that exists already is refused. A moved
    tag's colour goes with it unless the tag it lands on has one."""
    plan: dict[int, str] = {}  # tag id -> its new path
    for source in sources:
        rows = subtree(conn, source)
        if not rows:
            raise NotFoundError(_("no tag {source}").format(source=repr(source)))
        for tid, path in rows:
            plan.setdefault(tid, into + path[len(source) :])
    colours: dict[int, str | None] = {}
    existing: dict[str, str | None] = {}  # tags that stay, and their colours
    for tid, path, colour in conn.execute("SELECT id, path, colour FROM tags"):
        if tid in plan:
            colours[tid] = colour
        else:
            existing[path] = colour
    clash = sorted(p for p in set(plan.values()) if p in existing)
    if clash and not merge:
        raise UserError(
            _("tag {value} already exists: merge the tags instead of renaming").format(value=repr(clash[0]))
        )
    marks = ",".join("?" * len(plan))
    links = conn.execute(
        f"SELECT passage_id, tag_id FROM passage_tags WHERE tag_id IN ({marks})", list(plan)
    ).fetchall()
    touched = {pid for pid, _ in links}
    conn.executemany("DELETE FROM tags WHERE id = ?", [(t,) for t in plan])
    for tid, path in plan.items():
        new_id = tag_id(conn, path)
        if colours.get(tid) and not existing.get(path):
            conn.execute("UPDATE tags SET colour = coalesce(colour, ?) WHERE id = ?", (colours[tid], new_id))
        conn.executemany(
            "INSERT OR IGNORE INTO passage_tags (passage_id, tag_id) VALUES (?, ?)",
            [(pid, new_id) for pid, t in links if t == tid],
        )
    touch(conn, touched, now())
    prune(conn)
    return len(touched)


def tree(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every tag and every level above one, in tree order, with the number of passages that
    carry it or a descendant."""
    under: dict[str, set[str]] = {}
    for (path,) in conn.execute("SELECT path FROM tags"):
        for a in ancestors(path):
            under.setdefault(a, set())
    for pid, path in conn.execute(
        "SELECT pt.passage_id, t.path FROM passage_tags pt JOIN tags t ON t.id = pt.tag_id"
    ):
        for a in ancestors(path):
            under.setdefault(a, set()).add(pid)
    return [(p, len(under[p])) for p in sorted(under, key=tree_key)]


def paths(conn: sqlite3.Connection) -> list[str]:
    """Every tag name, in tree order."""
    return sorted((r[0] for r in conn.execute("SELECT path FROM tags")), key=tree_key)


def most_used(conn: sqlite3.Connection, limit: int) -> list[str]:
    """The tags on most passages, most used first."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT t.path, count(*) AS n FROM passage_tags pt JOIN tags t ON t.id = pt.tag_id "
            "GROUP BY t.id ORDER BY n DESC, t.path LIMIT ?",
            (limit,),
        )
    ]


def colours(conn: sqlite3.Connection) -> dict[str, str]:
    """The tags that have their own colour."""
    return dict(conn.execute("SELECT path, colour FROM tags WHERE colour IS NOT NULL ORDER BY path"))


def set_colour(conn: sqlite3.Connection, path: str, colour: str | None) -> None:
    conn.execute("UPDATE tags SET colour = ? WHERE id = ?", (colour, tag_id(conn, path)))


def offer_colour(conn: sqlite3.Connection, path: str, colour: str | None) -> None:
    """Give a tag a colour unless it has one (an imported export's colours)."""
    conn.execute(
        "INSERT INTO tags (path, colour) VALUES (?, ?) ON CONFLICT(path) DO UPDATE SET "
        "colour = coalesce(tags.colour, excluded.colour)",
        (path, colour),
    )


def delete(conn: sqlite3.Connection, tag_ids: Sequence[int]) -> None:
    """Remove tags (their links to passages go with them)."""
    conn.executemany("DELETE FROM tags WHERE id = ?", [(i,) for i in tag_ids])
