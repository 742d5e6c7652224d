"""Canonical dumps for the hub tests: every synced object's state, by kind and id, as a library
holds it and as the hub holds it, so that "every client equals the hub" is one comparison.

States are the sync's own (store/objects.py reads a library's, store/hub.py the hub's): equal on
both sides when the object is the same. What stays in a library only (a reporter's own imports,
listed in `hub_local`) is left out of its dump.
"""

from __future__ import annotations

from typing import Any

import psycopg

from newsdesk.library import Library
from newsdesk.store import hub_objects
from newsdesk.store import objects as obj

KINDS = ("article", "edit", "passage", "tag")
_LIBRARY_IDS = {
    "article": "SELECT id FROM articles",
    "edit": "SELECT uid FROM edits WHERE uid IS NOT NULL",
    "passage": "SELECT id FROM passages",
    "tag": "SELECT path FROM tags",
}
_HUB_IDS = {
    "article": "SELECT id FROM articles",
    "edit": "SELECT id FROM edits",
    "passage": "SELECT id FROM passages",
    # A library keeps a tag while a passage carries it or it has a colour (it prunes the rest);
    # the hub may keep a row no passage carries any more: invisible to every library.
    "tag": "SELECT path FROM tags t WHERE colour IS NOT NULL "
    "OR EXISTS (SELECT 1 FROM passage_tags pt WHERE pt.path = t.path)",
}

Dump = dict[str, dict[str, Any]]


def library_dump(lib: Library) -> Dump:
    """{kind: {id: state}} of what this library shares with its hub."""
    conn = lib.store.conn
    local = {(str(k), str(o)) for k, o in conn.execute("SELECT kind, object_id FROM hub_local")}
    out: Dump = {}
    for kind in KINDS:
        ids = [str(r[0]) for r in conn.execute(_LIBRARY_IDS[kind])]
        out[kind] = {i: obj.state(lib.store, kind, i) for i in ids if (kind, i) not in local}
    # A tag shared with the hub is one a shared passage carries or one with a colour (a tag on
    # private passages only may also be on the hub, unused there: both sides leave it out).
    used = {t for p in out["passage"].values() for t in p["tags"]}
    out["tag"] = {t: s for t, s in out["tag"].items() if t in used or s["colour"] is not None}
    return out


def hub_dump(owner_url: str) -> Dump:
    """{kind: {id: state}} of everything the hub holds (read as its owner)."""
    conn = psycopg.connect(owner_url, autocommit=True)
    try:
        hub = hub_objects.Hub(conn)
        out: Dump = {}
        for kind in KINDS:
            ids = [str(r[0]) for r in conn.execute(_HUB_IDS[kind]).fetchall()]  # type: ignore[arg-type]
            got = hub.get(kind, ids) if ids else {}
            out[kind] = {i: r.state for i, r in got.items()}
        # A tag a hub passage carries is a tag of the hub even without a row of its own (a
        # passage kept against the removal of its tag brings it back): libraries hold it.
        for (path,) in conn.execute("SELECT DISTINCT path FROM passage_tags").fetchall():
            out["tag"].setdefault(str(path), {"colour": None})
        return out
    finally:
        conn.close()


def differences(mine: Dump, hub: Dump, limit: int = 5) -> list[str]:
    """What differs between a library's dump and the hub's (a few of each kind), for messages."""
    out = []
    for kind in KINDS:
        a, b = mine.get(kind, {}), hub.get(kind, {})
        only_here = sorted(set(a) - set(b))[:limit]
        only_hub = sorted(set(b) - set(a))[:limit]
        changed = sorted(i for i in set(a) & set(b) if a[i] != b[i])[:limit]
        if only_here:
            out.append(f"{kind}: only in the library: {only_here}")
        if only_hub:
            out.append(f"{kind}: only on the hub: {only_hub}")
        for i in changed:
            out.append(f"{kind} {i}: library {a[i]!r} != hub {b[i]!r}")
    return out
