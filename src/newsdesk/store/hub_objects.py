"""The hub's objects: read in batches, and each local change pushed in one PostgreSQL transaction.

A push applies one local change if the hub's version of the object is still the one the change
was made on; the change's id is recorded with it (`applied`), so a push resumed after a cut
never applies twice. Zero rows written where the object stands unchanged is PostgreSQL's
row-level security refusing it; a permission error is the same for a whole table. The states'
shapes are in store/hub.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import errors as pgerrors
from psycopg import sql
from psycopg.types.json import Jsonb

from newsdesk.store.hub import HubError, first_line
from newsdesk.tags.model import tree_key


class Rejected(Exception):
    """The hub refused a change (PostgreSQL's permissions or row-level security)."""


class _Retry(Exception):
    """The object changed between reading and writing it: push again."""


@dataclass(frozen=True)
class Remote:
    """An object as the hub holds it."""

    version: int
    state: dict[str, Any]
    author: str | None = None


@dataclass(frozen=True)
class Pushed:
    """What pushing one change did: "applied", "done" (applied by an earlier push that was cut
    off before this library heard back; `remote` says what the hub holds now),
    "same" (the hub holds the same already), "kept" (the hub had removed the object: this
    change puts it back, and the removal is a conflict), "conflict" or "rejected"."""

    outcome: str
    version: int | None = None
    remote: Remote | None = None
    reason: str = ""


# -- the hub's objects -------------------------------------------------------------------------

_PASSAGE_COLUMNS = (
    "id, article_id, start_pos, end_pos, quote, prefix, suffix, note, created, modified, orphaned, "
    "owner, version"
)


class Hub:
    """One connection to the hub, reading and writing synced objects."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """A lost connection in the middle of a sync is the hub being unreachable (exit 2)."""
        try:
            yield
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            raise HubError(f"lost the connection to the hub: {first_line(exc)}") from None

    # -- reading ----------------------------------------------------------------------------------

    def head(self) -> int:
        """The last change in the hub's log."""
        with self._guard():
            row = self.conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()
            self.conn.rollback()
        return int(row[0]) if row else 0

    def changes_after(self, position: int, limit: int) -> list[tuple[int, str, str]]:
        """(seq, kind, object id) of the next changes after `position`, in order."""
        with self._guard():
            rows = self.conn.execute(
                "SELECT seq, kind, object_id FROM changes WHERE seq > %s ORDER BY seq LIMIT %s",
                (position, limit),
            ).fetchall()
            self.conn.rollback()
        return [(int(s), str(k), str(o)) for s, k, o in rows]

    def get(self, kind: str, ids: Sequence[str]) -> dict[str, Remote]:
        """The hub's version of these objects (those it holds)."""
        with self._guard():
            out = self._read(kind, list(ids))
            self.conn.rollback()
        return out

    def _read(self, kind: str, ids: list[str]) -> dict[str, Remote]:
        q = self.conn.execute
        if kind == "article":
            return {
                i: Remote(int(v), d, by)
                for i, d, v, by in q(
                    "SELECT id, data, version, modified_by FROM articles WHERE id = ANY(%s)", (ids,)
                )
            }
        if kind == "edit":
            return {
                i: Remote(int(v), {"kind": k, "data": d, "created": c}, by)
                for i, k, d, c, v, by in q(
                    "SELECT id, kind, data, created, version, modified_by FROM edits WHERE id = ANY(%s)",
                    (ids,),
                )
            }
        if kind == "tag":
            return {
                p: Remote(int(v), {"colour": c}, by)
                for p, c, v, by in q(
                    "SELECT path, colour, version, created_by FROM tags WHERE path = ANY(%s)", (ids,)
                )
            }
        tags: dict[str, list[str]] = {}
        for pid, path in q("SELECT passage_id, path FROM passage_tags WHERE passage_id = ANY(%s)", (ids,)):
            tags.setdefault(pid, []).append(path)
        out = {}
        for r in q(f"SELECT {_PASSAGE_COLUMNS} FROM passages WHERE id = ANY(%s)", (ids,)):
            state = {
                "article_id": r[1],
                "start": r[2],
                "end": r[3],
                "quote": r[4],
                "prefix": r[5],
                "suffix": r[6],
                "note": r[7],
                "created": r[8],
                "modified": r[9],
                "orphaned": r[10],
                "tags": sorted(tags.get(r[0], []), key=tree_key),
            }
            out[r[0]] = Remote(int(r[12]), state, r[11])
        return out

    # -- pushing ----------------------------------------------------------------------------------

    def push(
        self, kind: str, object_id: str, change_id: str, base: int | None, mine: dict[str, Any] | None
    ) -> Pushed:
        """Apply one local change: `mine` is the object's state here (None: removed here),
        `base` the hub version it was made on (None: made here)."""
        for _ in range(5):
            try:
                with self._guard():
                    return self._push_once(kind, object_id, change_id, base, mine)
            except _Retry:
                continue
            except Rejected as why:
                with self._guard():
                    remote = self._read(kind, [object_id]).get(object_id)
                    self.conn.rollback()
                return Pushed("rejected", remote=remote, reason=str(why))
        raise HubError(f"the hub's {kind} {object_id} keeps changing under this push; sync again")

    def _push_once(
        self, kind: str, object_id: str, change_id: str, base: int | None, mine: dict[str, Any] | None
    ) -> Pushed:
        try:
            with self.conn.transaction():
                done = self.conn.execute(
                    "SELECT version FROM applied WHERE change_id = %s", (change_id,)
                ).fetchone()
                remote = self._read(kind, [object_id]).get(object_id)
                if done is not None:
                    return Pushed("done", version=done[0], remote=remote)
                current = remote.version if remote is not None else None
                outcome = "applied"
                if current != base:
                    if remote is not None and mine == remote.state:
                        return Pushed("same", version=current, remote=remote)
                    if remote is None and mine is None:
                        return Pushed("same")
                    if remote is not None:
                        return Pushed("conflict", version=current, remote=remote)
                    outcome = "kept"  # removed on the hub, changed here: it is kept
                version = self._write(kind, object_id, current, mine)
                self.conn.execute(
                    "INSERT INTO applied (change_id, kind, object_id, version) VALUES (%s, %s, %s, %s)",
                    (change_id, kind, object_id, version),
                )
        except pgerrors.InsufficientPrivilege as exc:
            raise Rejected(first_line(exc)) from None
        self.conn.rollback()
        return Pushed(outcome, version=version)

    def _write(self, kind: str, oid: str, current: int | None, mine: dict[str, Any] | None) -> int | None:
        """Write one object's state (None: remove it) over hub version `current`; returns the
        new version. Zero rows written where the object stands unchanged is row-level security."""
        table, key = _TABLES[kind]
        q = self.conn.execute
        if mine is None:
            if current is None:
                return None
            if kind == "tag" and q("SELECT 1 FROM passage_tags WHERE path = %s LIMIT 1", (oid,)).fetchone():
                return current  # still on passages others made: the tag stays on the hub
            gone = q(
                sql.SQL("DELETE FROM {} WHERE {} = %s AND version = %s RETURNING 1").format(
                    sql.Identifier(table), sql.Identifier(key)
                ),
                (oid, current),
            ).fetchone()
            if gone is None:
                self._refused_or_retry(kind, oid, current)
            return None
        columns = _columns(kind, oid, mine)
        names = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
        values = sql.SQL(", ").join(sql.Placeholder() for _ in columns)
        if current is None:
            row = q(
                sql.SQL("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT DO NOTHING RETURNING version").format(
                    sql.Identifier(table), names, values
                ),
                list(columns.values()),
            ).fetchone()
            if row is None:
                raise _Retry()
        else:
            sets = sql.SQL(", ").join(
                sql.SQL("{} = {}").format(sql.Identifier(c), sql.Placeholder()) for c in columns if c != key
            )
            row = q(
                sql.SQL("UPDATE {} SET {} WHERE {} = %s AND version = %s RETURNING version").format(
                    sql.Identifier(table), sets, sql.Identifier(key)
                ),
                [v for c, v in columns.items() if c != key] + [oid, current],
            ).fetchone()
            if row is None:
                self._refused_or_retry(kind, oid, current)
        if kind == "passage":
            q("DELETE FROM passage_tags WHERE passage_id = %s", (oid,))
            tags = list(dict.fromkeys(mine["tags"]))
            if tags:
                with self.conn.cursor() as cur:
                    cur.executemany(
                        "INSERT INTO passage_tags (passage_id, path) VALUES (%s, %s)",
                        [(oid, t) for t in tags],
                    )
        assert row is not None
        return int(row[0])

    def _refused_or_retry(self, kind: str, oid: str, current: int) -> None:
        remote = self._read(kind, [oid]).get(oid)
        if remote is not None and remote.version == current:
            raise Rejected(
                f"{kind} {oid} belongs to {remote.author or 'another user'}: this user may not change it"
            )
        raise _Retry()


_TABLES = {
    "article": ("articles", "id"),
    "edit": ("edits", "id"),
    "tag": ("tags", "path"),
    "passage": ("passages", "id"),
}


def _columns(kind: str, oid: str, state: dict[str, Any]) -> dict[str, Any]:
    """The hub columns that hold an object's state."""
    if kind == "article":
        values = state["values"]
        return {"id": oid, "data": Jsonb(state), "date": values.get("date"), "source": values.get("source")}
    if kind == "edit":
        return {"id": oid, "kind": state["kind"], "data": Jsonb(state["data"]), "created": state["created"]}
    if kind == "tag":
        return {"path": oid, "colour": state["colour"]}
    return {
        "id": oid,
        "article_id": state["article_id"],
        "start_pos": state["start"],
        "end_pos": state["end"],
        "quote": state["quote"],
        "prefix": state["prefix"],
        "suffix": state["suffix"],
        "note": state["note"],
        "created": state["created"],
        "modified": state["modified"],
        "orphaned": state["orphaned"],
    }
