"""A hub out of reach, a push cut off half-way, and pulls served by a streaming standby."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest
from tests.helpers import record, write_jsonl
from tests.newsroom import Newsroom
from tests.pg import PgServer

from newsdesk.store import hub as pg_hub
from newsdesk.store import objects
from newsdesk.store.hub_objects import Hub


def _records(tmp_path: Path, name: str, n: int = 2) -> Path:
    return write_jsonl(
        tmp_path / "in" / f"{name}.jsonl",
        [record(f"{name}-{i}", f"{name}{i}", f"{name}的第{i}篇报道。郑州今天下雪。") for i in range(n)],
    )


def test_an_unreachable_hub_queues_local_work_until_it_is_back(
    newsroom: Newsroom,
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    a = newsroom.client(tmp_path / "a", newsroom.user("archivist"))
    b = newsroom.client(tmp_path / "b", newsroom.user("archivist"))
    newsroom.pg.stop()
    try:
        a.import_paths([_records(tmp_path, "offline")])
        a.passages.tag("offline-0", 0, 2, ["离线"])
        assert a.search("下雪").total == 2  # local work goes on
        with pytest.raises(pg_hub.HubError, match="cannot connect to the hub"):
            a.hub.sync()
        code, _, err = cli("--library", str(a.folder), "sync")
        assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
        assert a.hub.status().pending == 4  # two articles, a passage, a tag
    finally:
        newsroom.pg.start()
    assert a.hub.sync().pushed == {"articles": 2, "passages": 1, "tags": 1, "edits": 0}
    assert a.hub.status().pending == 0
    b.hub.sync()
    assert b.search("下雪").total == 2 and b.tags.names() == ["离线"]


def test_a_push_cut_off_after_the_hub_applied_it_is_not_applied_twice(
    newsroom: Newsroom, tmp_path: Path
) -> None:
    a = newsroom.client(tmp_path / "a", newsroom.user("archivist"))
    a.import_paths([_records(tmp_path, "cut", 1)])
    (entry,) = objects.pending(a.store.conn, 10)
    state = objects.state(a.store, entry.kind, entry.object_id)
    # The hub applies the change, and the client dies before it records that it did.
    hub = Hub(pg_hub.connect(newsroom.url(a.hub.status().user)))
    assert hub.push(entry.kind, entry.object_id, entry.change_id, None, state).outcome == "applied"
    report = a.hub.sync()
    hub.close()
    assert report.ok and report.conflicts == []
    assert a.hub.status().pending == 0
    with psycopg.connect(newsroom.owner_url) as conn:
        logged = conn.execute(
            "SELECT count(*) FROM changes WHERE object_id = %s", (entry.object_id,)
        ).fetchone()
        applied = conn.execute(
            "SELECT count(*) FROM applied WHERE object_id = %s", (entry.object_id,)
        ).fetchone()
    assert logged == (1,) and applied == (1,)


def _wait_replayed(primary: PgServer, standby: PgServer) -> None:
    with psycopg.connect(primary.url("postgres"), autocommit=True) as conn:
        lsn = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    with psycopg.connect(standby.url("postgres"), autocommit=True) as conn:
        for _ in range(400):
            if conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,)).fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the standby did not catch up")


def _replay(standby: PgServer, on: bool) -> None:
    with psycopg.connect(standby.url("postgres"), autocommit=True) as conn:
        conn.execute("SELECT pg_wal_replay_resume()" if on else "SELECT pg_wal_replay_pause()")


@pytest.mark.parametrize("how", ["read-url", "multi-host"])
def test_pulls_served_by_a_standby_pushes_to_the_primary(
    newsroom: Newsroom, tmp_path: Path, how: str
) -> None:
    primary = newsroom.pg
    a = newsroom.client(tmp_path / "a", newsroom.user("archivist"))
    a.import_paths([_records(tmp_path, "first")])
    a.hub.sync()
    standby = primary.standby()
    try:
        _wait_replayed(primary, standby)
        bob = newsroom.user("archivist")
        _wait_replayed(primary, standby)  # (roles are replicated too)
        b = newsroom.client(tmp_path / "b")
        if how == "read-url":
            b.hub.join(newsroom.url(bob), read_url=standby.url(newsroom.db, bob))
        else:
            both = f"postgresql://{bob}@/{newsroom.db}?host={primary.sock},{standby.sock}"
            b.hub.join(both)
        assert b.stats()["articles"] == 2
        # The standby stops replaying: what A pushes now is on the primary only.
        _replay(standby, False)
        a.import_paths([_records(tmp_path, "second")])
        a.hub.sync()
        b.passages.tag("first-0", 0, 2, ["备用"])
        report = b.hub.sync()
        assert report.pushed["passages"] == 1  # to the primary...
        assert report.pulled["articles"] == 0  # ...while pulls came from the paused standby
        a.hub.sync()
        assert "备用" in a.tags.names()
        _replay(standby, True)
        _wait_replayed(primary, standby)
        assert b.hub.sync().pulled["articles"] == 2
        assert b.search("下雪").total == 4
    finally:
        standby.stop()
