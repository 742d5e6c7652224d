"""The Library's door to the newsroom hub (`lib.hub`): join, sync, status, conflicts, resolve.

A library tied to no hub never loads psycopg nor opens a connection: `status()` is None and the
outbox triggers record nothing. Passwords are never stored: libpq finds them (~/.pgpass,
PGPASSFILE, PGPASSWORD), or the caller gives one, which is kept in memory for this session only
(as is a url given with a password in it); the tie keeps the url without its password.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsdesk.errors import NotFoundError, UserError
from newsdesk.store import Store
from newsdesk.store import objects as obj
from newsdesk.sync import engine
from newsdesk.sync.report import SyncProgress, SyncReport

if TYPE_CHECKING:
    from newsdesk.store.hub_objects import Hub

Writing = Callable[[str], AbstractContextManager[object]]
KEEP = ("mine", "theirs")


@dataclass(frozen=True)
class HubStatus:
    """Where a tied library stands with its hub (`hub status`)."""

    url: str
    read_url: str | None
    user: str
    role: str
    joined: str
    last_sync: str | None
    position: int
    pending: int
    conflicts: int
    local: int  # objects that stay in this library only (a reporter's own imports)

    def to_json(self) -> dict[str, object]:
        return {
            "url": self.url,
            "read_url": self.read_url,
            "user": self.user,
            "role": self.role,
            "joined": self.joined,
            "last_sync": self.last_sync,
            "position": self.position,
            "pending": self.pending,
            "conflicts": self.conflicts,
            "local": self.local,
        }


class HubManager:
    """One library's hub: each operation takes the writer lock through `writing`, and the
    index follows the record afterwards (`follow_index`)."""

    def __init__(self, store: Store, writing: Writing, follow_index: Callable[[Any], int]) -> None:
        self._store = store
        self._writing = writing
        self._follow_index = follow_index
        self._url: str | None = None  # the url as given this session (it may hold a password)
        self._read_url: str | None = None
        self.password: str | None = None  # given this session; never written anywhere

    # -- reading ----------------------------------------------------------------------------------

    def status(self) -> HubStatus | None:
        """The tie and what waits (None: this library is tied to no hub)."""
        conn = self._store.conn
        tie = obj.tie(conn)
        if tie is None:
            return None
        return HubStatus(
            url=tie.url,
            read_url=tie.read_url,
            user=tie.user,
            role=tie.role,
            joined=tie.joined,
            last_sync=tie.last_sync,
            position=tie.position,
            pending=obj.count_pending(conn),
            conflicts=obj.count_conflicts(conn),
            local=sum(obj.count_local(conn).values()),
        )

    def conflicts(self) -> list[obj.Conflict]:
        """The open conflicts, oldest first."""
        return obj.conflicts(self._store.conn)

    def _tie(self) -> obj.Tie:
        tie = obj.tie(self._store.conn)
        if tie is None:
            raise UserError("this library is tied to no hub: join one with `newsdesk hub join URL`")
        return tie

    # -- joining and syncing -------------------------------------------------------------------------

    def join(
        self,
        url: str,
        *,
        password: str | None = None,
        read_url: str | None = None,
        progress: Callable[[SyncProgress], None] | None = None,
    ) -> SyncReport:
        """Tie this library to a hub and sync: what it holds is pushed (a reporter's articles
        stay here), then everything the hub holds is pulled and indexed."""
        from newsdesk.store import hub as pg

        shown = pg.public_url(url)
        tie = obj.tie(self._store.conn)
        if tie is not None and tie.url != shown:
            raise UserError(f"this library is tied to the hub {tie.url} already")
        self._url, self.password = url, password
        conn = pg.connect(url, password=password)
        try:
            pg.check_schema(conn)
            user, role = pg.whoami(conn)
        finally:
            conn.close()
        with self._writing("hub join"), self._store.transaction():
            first = obj.tie(self._store.conn) is None
            obj.set_tie(self._store.conn, shown, pg.public_url(read_url) if read_url else None, user, role)
            if first:
                obj.queue_everything(self._store.conn, articles=role == "archivist")
        if read_url:
            self._read_url = read_url
        return self.sync(progress=progress)

    def sync(
        self, *, password: str | None = None, progress: Callable[[SyncProgress], None] | None = None
    ) -> SyncReport:
        """Push this library's changes, then pull the hub's; the index follows."""
        from newsdesk.store import hub as pg
        from newsdesk.store.hub_objects import Hub

        tie = self._tie()
        if password is not None:
            self.password = password
        url = self._url if self._url is not None and pg.public_url(self._url) == tie.url else tie.url
        if progress is not None:
            progress(SyncProgress("connecting"))
        writer = Hub(pg.connect(url, password=self.password, write=True))
        reader: Hub | None = None
        try:
            pg.check_schema(writer.conn)
            user, role = pg.whoami(writer.conn)
            reader = self._reader(url, tie, writer)
            report = SyncReport()
            with self._writing("sync"):
                if (user, role) != (tie.user, tie.role):
                    with self._store.transaction():
                        obj.set_tie(self._store.conn, tie.url, tie.read_url, user, role)
                        if role == "archivist":  # (a reporter no more: what stayed here is shared)
                            obj.share_local(self._store.conn)
                engine.push(self._store, writer, user=user, role=role, report=report, progress=progress)
                engine.pull(self._store, reader, report=report, progress=progress)
                with self._store.transaction():
                    obj.set_synced(self._store.conn)
                report.indexed = self._follow_index(progress)
        finally:
            writer.close()
            if reader is not None and reader is not writer:
                reader.close()
        report.conflicts = [c.to_json() for c in self.conflicts()]
        if progress is not None:
            progress(SyncProgress("done"))
        return report

    def _reader(self, url: str, tie: obj.Tie, writer: Hub) -> Hub:
        """Where to pull from: the read url, or a standby named in a multi-host url (libpq's
        prefer-standby), else the primary's connection itself."""
        from newsdesk.store import hub as pg
        from newsdesk.store.hub_objects import Hub

        read_url = self._read_url or tie.read_url
        if read_url is None and not pg.multi_host(url):
            return writer
        return Hub(pg.connect(read_url or url, password=self.password, write=False))

    # -- conflicts --------------------------------------------------------------------------------

    def resolve(self, conflict_id: int, keep: str) -> obj.Conflict:
        """Settle a conflict: keep "mine" (this library's version wins at the next sync) or
        "theirs" (the hub's stays). Returns the conflict settled."""
        if keep not in KEEP:
            raise UserError(f"keep what? {keep!r}: mine or theirs")
        with self._writing("resolve"):
            conn = self._store.conn
            found = obj.conflict(conn, int(conflict_id))
            if found is None:
                raise NotFoundError(f"no open conflict with id {conflict_id}")
            wanted = found.mine if keep == "mine" else found.theirs
            with self._store.transaction():
                if obj.state(self._store, found.kind, found.object_id) != wanted:
                    obj.put(self._store, found.kind, found.object_id, wanted)  # (queued: pushed next)
                    if found.kind in ("passage", "tag"):
                        obj.prune_tags(conn)
                obj.drop_conflict(conn, found.id)
            if found.kind in ("article", "edit"):
                self._follow_index(None)
            return found
