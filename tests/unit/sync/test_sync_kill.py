"""SIGKILL during a sync: `hub join` / `sync` child processes killed at random (seeded) moments
while they push and while they pull; then everyone syncs to the end, and every library's
articles, tags, passages and corrections equal the hub's (canonical dumps), nothing is on the
hub twice, `newsdesk check` is clean everywhere, and the index agrees with the record.

Client A (an archivist) holds a few thousand real articles read in place from the shared corpora
(Apple Daily and People's Daily) with a few hundred tagged passages; its first push is killed
again and again, then the joins of B (an archivist) and C (a reporter): the pull and its
indexing. NEWSDESK_KILL_LOOPS=N kills more often.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from tests.newsroom import Newsroom
from tests.unit.hardening.conftest import kill_loops
from tests.unit.sync.dumps import differences, hub_dump, library_dump

from newsdesk import cli
from newsdesk.library import Library

PARTS = ("appledaily_tw_charity", "rmrb_20230101")
TAGS = ("地区/台湾", "地区/北京", "人物", "慈善", "政策/经济", "待核实")
PASSAGES = 300
TIMEOUT = 300.0
POLL = 0.02  # seconds between looks at the hub or the library while a child runs
# The children are `newsdesk` with batches of 50 changes instead of 200/1,000: a pull of a few
# thousand changes then takes many batches, so that kills land inside it however fast the machine.
SMALL_BATCHES = (
    "import sys; from newsdesk.sync import engine; engine.PUSH_BATCH = engine.PULL_BATCH = 50; "
    "from newsdesk.cli import main; sys.exit(main(sys.argv[1:]))"
)


def _child(
    library: Path, *args: str, kill_after: float | None, when: Callable[[], bool] | None = None
) -> tuple[bool, subprocess.CompletedProcess[str] | None]:
    """Run `newsdesk --library LIBRARY ARGS…`; SIGKILL it (by its PID) `kill_after` seconds
    after `when()` first holds (polled; None: from the start), if it is still running.
    Returns (killed, the finished process if it finished)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", SMALL_BATCHES, "--library", str(library), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + TIMEOUT
    try:
        if kill_after is not None:
            while when is not None and proc.poll() is None and not when():
                assert time.monotonic() < deadline, "the trigger never held"
                time.sleep(POLL)
            if proc.poll() is None:
                time.sleep(kill_after)
                if proc.poll() is None:
                    proc.kill()
                    proc.communicate()
                    return True, None
        out, err = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return False, subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _position(library: Path) -> int:
    """How far a library has pulled (read as a plain SQLite reader while a child writes)."""
    try:
        conn = sqlite3.connect(f"file:{library / 'library.sqlite3'}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return 0
    try:
        row = conn.execute("SELECT position FROM hub_tie").fetchone()
    except sqlite3.Error:
        row = None
    finally:
        conn.close()
    return int(row[0]) if row else 0


def _hub_count(room: Newsroom, table: str) -> int:
    with psycopg.connect(room.owner_url) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()  # type: ignore[arg-type]
    return int(row[0]) if row else 0


def _tie(library: Path) -> tuple[int, int] | None:
    """(position pulled to, changes waiting) of a library, None before it is tied."""
    with Library.open(library) as lib:
        status = lib.hub.status()
    return None if status is None else (status.position, status.pending)


def _tag_passages(lib: Library, rng: random.Random, n: int) -> None:
    ids = sorted(lib.article_ids())
    for aid in rng.sample(ids, n):
        text = lib.article(aid).text
        start = rng.randrange(max(1, len(text) - 12))
        end = min(len(text), start + rng.randint(2, 10))
        note = rng.choice([None, "核实来源", f"备注 {aid[-4:]}"])
        lib.passages.tag(aid, start, end, rng.sample(TAGS, rng.randint(1, 2)), note=note)


@pytest.mark.slow
def test_killed_push_and_pull_resume_to_equal_libraries(
    newsroom: Newsroom, corpora: Path, tmp_path: Path
) -> None:
    rng = random.Random(2020)
    loops = kill_loops(6)
    a_dir, b_dir, c_dir = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    ann, bob = newsroom.user("archivist", "ann"), newsroom.user("archivist", "bob")
    carol = newsroom.user("reporter", "carol")
    with Library.open(a_dir) as a:
        report = a.import_paths([corpora / part for part in PARTS])
        assert report.added > 1000 and not report.failed
        _tag_passages(a, rng, PASSAGES)
        articles = a.stats()["articles"]

    # Push: A's join queues everything and pushes it, one change per hub transaction; killed.
    mid_push = 0
    for _ in range(loops):
        before = _hub_count(newsroom, "articles")
        step = rng.randint(20, 250)
        killed, done = _child(
            a_dir,
            "hub",
            "join",
            newsroom.url(ann),
            "--json",
            kill_after=rng.uniform(0.0, 0.1),
            when=lambda before=before, step=step: _hub_count(newsroom, "articles") >= before + step,
        )
        if not killed:
            assert done is not None and done.returncode == 0, done.stderr if done else ""
            break
        mid_push += 0 < _hub_count(newsroom, "articles") < articles
    killed, done = _child(a_dir, "sync", "--json", kill_after=None)
    assert done is not None and done.returncode == 0, done.stderr
    assert _tie(a_dir) is not None and _tie(a_dir)[1] == 0  # type: ignore[index]
    assert _hub_count(newsroom, "articles") == articles
    assert _hub_count(newsroom, "passages") == PASSAGES
    assert mid_push >= 2, "kills did not land while the push was under way"

    # Pull: B's join (an archivist) and C's (a reporter): pulls in batches, then indexing, killed
    # again and again.
    mid_pull = 0
    for folder, user in ((b_dir, bob), (c_dir, carol)):
        for i in range(loops):
            args = ("hub", "join", newsroom.url(user)) if i % 2 == 0 else ("sync",)
            before = _position(folder)
            if i % 3 == 2:  # at a random moment: start-up, pulling or indexing
                killed, done = _child(folder, *args, "--json", kill_after=rng.uniform(0.5, 4.0))
            else:  # once the pull has moved on by a batch or more
                killed, done = _child(
                    folder,
                    *args,
                    "--json",
                    kill_after=rng.uniform(0.0, 0.05),
                    when=lambda folder=folder, before=before: _position(folder) > before,
                )
            if not killed:
                assert done is not None and done.returncode == 0, done.stderr if done else ""
                break
            mid_pull += _position(folder) > before
        killed, done = _child(folder, "hub", "join", newsroom.url(user), "--json", kill_after=None)
        assert done is not None and done.returncode == 0, done.stderr
    assert mid_pull >= 3, "kills did not land while the pull was under way"

    # Later changes on B, pushed while killed, then pulled by A while killed.
    with Library.open(b_dir) as b:
        for p in b.passages.find()[:40]:
            b.passages.update(p.id, note=f"bob 核对 {p.id[:6]}", add_tags=["已核对"])
    for lib_dir in (b_dir, a_dir, c_dir):
        for _ in range(max(2, loops // 2)):
            killed, _done = _child(lib_dir, "sync", "--json", kill_after=rng.uniform(0.5, 1.6))
            if not killed:
                break

    # Everyone syncs to the end: every library equals the hub, check is clean, search agrees.
    for lib_dir in (a_dir, b_dir, c_dir, a_dir):
        killed, done = _child(lib_dir, "sync", "--json", kill_after=None)
        assert done is not None and done.returncode == 0, done.stderr
    hub = hub_dump(newsroom.owner_url)
    assert len(hub["article"]) == articles and len(hub["passage"]) == PASSAGES
    assert sum("已核对" in s["tags"] for s in hub["passage"].values()) == 40
    totals = []
    for lib_dir in (a_dir, b_dir, c_dir):
        with Library.open(lib_dir) as lib:
            assert differences(library_dump(lib), hub) == []
            assert lib.hub.status().pending == 0  # type: ignore[union-attr]
            assert lib.hub.conflicts() == []
            assert lib.open_index().doc_count() == articles
            totals.append([lib.search(q).total for q in ("慈善", "北京", "tag:已核对")])
        assert cli.main(["--library", str(lib_dir), "check"]) == 0
    assert totals[0] == totals[1] == totals[2] and totals[0][2] > 0
