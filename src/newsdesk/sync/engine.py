"""Push, then pull: the sync of one library with its hub, each change one transaction on each side.

Push sends every change in the outbox, one at a time: the hub applies it in one PostgreSQL
transaction if its version of the object is the one this library last saw, then this library
records the new version and drops the change in one SQLite transaction. A change the hub
applied but whose local bookkeeping was cut off is recognised by its id (never applied twice).
When the hub's version moved on, the hub keeps it: this library takes it and lists its own as
a conflict (a removal against a change keeps the object). A change the hub refuses (roles,
row-level security) is put back to the hub's version and reported as rejected. What a
reporter may not share (its own imports, its passages on them) stays here, marked local.

Pull reads the hub's change log after the last position, in batches; each batch (the objects'
current states) is applied here in one transaction with the new position, quietly (the outbox
does not record it). Pushing first means a pulled object never has a local change waiting,
except one that could not be pushed: it is left for the next push, which finds the conflict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from newsdesk.store import Store
from newsdesk.store import objects as obj
from newsdesk.sync.report import SyncProgress, SyncReport

if TYPE_CHECKING:
    from newsdesk.store.hub_objects import Hub, Pushed

PUSH_BATCH = 200  # outbox entries read at a time
PULL_BATCH = 1000  # hub changes read (and applied in one transaction) at a time
KINDS = ("article", "edit", "passage", "tag")

Progress = Callable[[SyncProgress], None] | None


def push(
    store: Store, hub: Hub, *, user: str, role: str, report: SyncReport, progress: Progress = None
) -> None:
    """Send every local change to the hub (see the module's docstring)."""
    conn = store.conn
    state = SyncProgress("pushing", total=obj.count_pending(conn))
    seen: set[str] = set()
    while True:
        batch = [p for p in obj.pending(conn, PUSH_BATCH) if p.change_id not in seen]
        if not batch:
            return
        for p in batch:
            seen.add(p.change_id)
            _push_one(store, hub, p, user=user, role=role, report=report)
            state.done += 1
            if progress is not None:
                progress(state)


def _stays_here(
    store: Store, p: obj.Pending, mine: dict[str, Any] | None, base: int | None, role: str
) -> bool:
    """What a reporter may not share: articles the hub never had, and corrections of them and
    passages on them."""
    if role != "reporter":
        return False
    if p.kind == "article":
        return base is None
    if p.kind == "edit" and mine is not None:  # (a correction of the hub's articles is refused)
        data = mine["data"]
        named = [data.get("article"), data.get("into"), data.get("from")]
        return base is None and all(obj.is_local(store.conn, "article", str(a)) for a in named if a)
    if p.kind == "passage" and mine is not None:
        return obj.is_local(store.conn, "article", mine["article_id"])
    return False


def _push_one(store: Store, hub: Hub, p: obj.Pending, *, user: str, role: str, report: SyncReport) -> None:
    conn = store.conn
    mine = obj.state(store, p.kind, p.object_id)
    base = obj.version(conn, p.kind, p.object_id)
    if _stays_here(store, p, mine, base, role) or (mine is None and base is None):
        with store.transaction():
            if mine is not None:
                obj.keep_local(conn, p.kind, p.object_id)
            obj.done(conn, p.change_id)
        return
    result = hub.push(p.kind, p.object_id, p.change_id, base, mine)
    with store.transaction(), obj.quiet(conn):
        _record(store, p, mine, result, user=user, report=report)


def _record(
    store: Store,
    p: obj.Pending,
    mine: dict[str, Any] | None,
    result: Pushed,
    *,
    user: str,
    report: SyncReport,
) -> None:
    """What a push's outcome means here (inside one quiet transaction)."""
    conn = store.conn
    kind, oid = p.kind, p.object_id
    if result.outcome == "done":  # an earlier push applied it, and was cut off before it heard so
        remote = result.remote
        if remote is not None and remote.version == result.version and remote.state == mine:
            obj.set_version(conn, kind, oid, remote.version)
            obj.set_author(conn, kind, oid, remote.author)
            obj.done(conn, p.change_id)
        elif mine is None and remote is None:
            obj.set_version(conn, kind, oid, None)
            obj.done(conn, p.change_id)
        else:  # changed here since, or there: push what it is now as a new change
            obj.set_version(conn, kind, oid, result.version)
            obj.renew(conn, p.change_id)
        return
    obj.done(conn, p.change_id)
    if result.outcome in ("applied", "same", "kept"):
        obj.set_version(conn, kind, oid, result.version if mine is not None else None)
        author = result.remote.author if result.remote is not None else user
        obj.set_author(conn, kind, oid, author)
        if result.outcome != "same":
            report.count_pushed(kind)
        if result.outcome == "kept":
            obj.add_conflict(conn, kind, oid, mine, None)
            report.new_conflicts += 1
        return
    remote = result.remote
    theirs = remote.state if remote is not None else None
    obj.put(store, kind, oid, theirs, remote.author if remote is not None else None)
    obj.set_version(conn, kind, oid, remote.version if remote is not None else None)
    if result.outcome == "conflict":
        obj.add_conflict(conn, kind, oid, mine, theirs)
        report.new_conflicts += 1
    else:
        report.reject(kind, oid, result.reason)
    if kind in ("passage", "tag"):
        obj.prune_tags(conn)


def pull(store: Store, hub: Hub, *, report: SyncReport, progress: Progress = None) -> None:
    """Apply the hub's changes after this library's position, batch by batch."""
    conn = store.conn
    tie = obj.tie(conn)
    assert tie is not None
    position = tie.position
    state = SyncProgress("pulling", total=max(0, hub.head() - position))
    while True:
        changes = hub.changes_after(position, PULL_BATCH)
        if not changes:
            return
        ids: dict[str, dict[str, None]] = {k: {} for k in KINDS}  # (ordered sets)
        for _, kind, oid in changes:
            if kind in ids:
                ids[kind][oid] = None
        remotes = {kind: hub.get(kind, list(found)) for kind, found in ids.items() if found}
        with store.transaction(), obj.quiet(conn):
            for kind in KINDS:
                for oid in ids[kind]:
                    if _apply(store, kind, oid, remotes[kind].get(oid)):
                        report.count_pulled(kind)
            if ids["passage"] or ids["tag"]:
                obj.prune_tags(conn)
            position = changes[-1][0]
            obj.set_position(conn, position)
        state.done += len(changes)
        if progress is not None:
            progress(state)


def _apply(store: Store, kind: str, oid: str, remote: Any) -> bool:
    """Make one object here what the hub holds; returns whether anything changed."""
    conn = store.conn
    if obj.is_pending(conn, kind, oid):
        return False  # changed here and not pushed: the next push settles it
    have = obj.version(conn, kind, oid)
    if remote is None:
        if have is None:
            return False  # never had it from the hub (it may stay here, private)
        obj.put(store, kind, oid, None)
        obj.set_version(conn, kind, oid, None)
        return True
    if have == remote.version:
        return False
    obj.put(store, kind, oid, remote.state, remote.author)
    obj.set_version(conn, kind, oid, remote.version)
    if obj.is_local(conn, kind, oid):
        obj.keep_local(conn, kind, oid, False)
        if kind == "article":
            obj.share_passages_of(conn, oid)
    return True
