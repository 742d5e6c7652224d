"""Segments built by a worker process beside the writer's own: the same index, no files left over,
a dead worker a clear failure, and no worker outliving its parent."""

from __future__ import annotations

import dataclasses
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsdesk.index import SearchIndex, building, writer
from newsdesk.zh.normalize import normalize_term

from .conftest import fetcher
from .test_index_recall import brute_force, haystacks, random_substrings


@pytest.fixture
def small_batches(monkeypatch):  # type: ignore[no-untyped-def]
    """Writers that go parallel after 50 articles and flush every 40,000 characters."""
    monkeypatch.setattr(writer, "PARALLEL_MIN", 50)
    monkeypatch.setattr(writer, "FLUSH_CHARS", 40_000)
    monkeypatch.delenv(building.WORKERS_ENV, raising=False)
    monkeypatch.setattr(building, "workers", lambda: 1)


def _build(folder: Path, articles, parallel: bool, monkeypatch):  # type: ignore[no-untyped-def]
    """The articles, then edited versions of every fifth and a few deleted, in one batch."""
    monkeypatch.setattr(building, "workers", lambda: 1 if parallel else 0)
    ix = SearchIndex.open(folder)
    edited = [dataclasses.replace(a, text=a.text + "再版补记") for a in articles[::5]]
    gone = [a.id for a in articles[1::37]]
    with ix.writer() as w:
        w.add(articles)
        w.add(edited)
        w.delete(gone)
    live = {a.id: a for a in articles}
    live.update((a.id, a) for a in edited)
    for aid in gone:
        live.pop(aid)
    return ix, list(live.values())


def test_segments_built_on_two_cores_answer_as_one_core_does(
    corpus, tmp_path, small_batches, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _, articles, _ = corpus
    remote: list[int] = []
    finish = building.RemoteBuilder.finish
    monkeypatch.setattr(building.RemoteBuilder, "finish", lambda b: remote.append(b.count) or finish(b))
    two, live = _build(tmp_path / "two", articles, True, monkeypatch)
    one, _ = _build(tmp_path / "one", articles, False, monkeypatch)
    assert len(remote) >= 2 and sum(remote) > len(articles) // 3  # (the worker built its share)
    assert two.ids() == one.ids() == {a.id for a in live}
    brute = {a.id: haystacks(a) for a in live}
    fetch = fetcher(live)
    queries = [*random_substrings(live, random.Random(5), 80), "再版补记", "经济"]
    for q in queries:
        a = two.search(f'"{q}"', fetch=fetch, limit=2000)
        b = one.search(f'"{q}"', fetch=fetch, limit=2000)
        assert a.total == b.total, q
        assert {(h.id, round(h.score, 6)) for h in a.hits} == {(h.id, round(h.score, 6)) for h in b.hits}, q
        if a.total == len(a.hits):  # (a page holds at most MAX_LIMIT)
            assert {h.id for h in a.hits} == brute_force(brute, normalize_term(q)), q
    two.settle()
    one.settle()
    assert two.ids() == one.ids()
    two.close()
    one.close()


def _twenty(tmp_path: Path, articles):  # type: ignore[no-untyped-def]
    """An index of the first 20 articles, and its files' names."""
    ix = SearchIndex.open(tmp_path / "index")
    with ix.writer() as w:
        w.add(articles[:20])
    return ix, {p.name for p in ix.folder.iterdir()}


def test_a_cancelled_batch_on_two_cores_leaves_no_files(corpus, tmp_path, small_batches) -> None:  # type: ignore[no-untyped-def]
    articles = corpus[1]
    ix, before = _twenty(tmp_path, articles)
    with pytest.raises(KeyboardInterrupt), ix.writer() as w:
        w.add(articles[20:])
        assert w._finishing or w._remote is not None  # (the worker has a segment under way)
        raise KeyboardInterrupt
    assert {p.name for p in ix.folder.iterdir()} == before
    assert ix.ids() == {a.id for a in articles[:20]}
    ix.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kills the worker with SIGKILL")
def test_a_dead_worker_fails_the_batch_and_keeps_the_index(corpus, tmp_path, small_batches) -> None:  # type: ignore[no-untyped-def]
    articles = corpus[1]
    ix, before = _twenty(tmp_path, articles)
    with pytest.raises(Exception) as failed, ix.writer() as w:
        w.add(articles[20:400])
        assert building._pool is not None
        for pid in list(building._pool._processes):  # type: ignore[attr-defined]
            os.kill(pid, signal.SIGKILL)
        w.add(articles[400:])
    assert "terminated" in str(failed.value) or "broken" in str(failed.value).lower()
    assert {p.name for p in ix.folder.iterdir()} == before
    assert ix.ids() == {a.id for a in articles[:20]}
    with ix.writer() as w:  # (a new worker takes over)
        w.add(articles[20:])
    assert ix.ids() == {a.id for a in articles}
    ix.close()


CHILD = """
import os, signal, sys
from newsdesk.index import SearchIndex, building, writer
from newsdesk.domain import Article
writer.PARALLEL_MIN = 5
building.workers = lambda: 1
ix = SearchIndex.open(sys.argv[1])
w = ix.writer().__enter__()
w.add([Article(id=f"a{i}", title=f"标题{i}", text="经济发展" * 50) for i in range(50)])
print(*building._pool._processes, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kills the parent with SIGKILL")
def test_the_worker_ends_with_a_killed_parent(tmp_path) -> None:  # type: ignore[no-untyped-def]
    log = tmp_path / "out.txt"
    with log.open("w") as f:  # (not a pipe: a worker left behind would hold it open)
        code = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(CHILD), str(tmp_path / "index")], stdout=f, stderr=f
        ).returncode
    assert code == -signal.SIGKILL, log.read_text()
    pids = [int(p) for p in log.read_text().split()]
    assert pids
    deadline = time.monotonic() + 30  # (a guard against waiting forever, not a speed check)
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.1)
    assert not any(_alive(p) for p in pids)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")  # (a zombie, reaped by no one in a test, is gone)
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


def _workers_in_a_daemon(allow: bool, queue) -> None:  # type: ignore[no-untyped-def]
    import os

    os.environ.pop(building.WORKERS_ENV, None)
    if allow:
        building.allow_worker()
    queue.put(building.workers())


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: no worker either way")
def test_the_window_import_process_may_start_the_worker() -> None:
    """The window's import runs in a daemonic process, which may start the worker only once
    it said so (`allow_worker`, as `ui.importjob.run_import` does)."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    got = []
    for allow in (False, True):
        queue = ctx.Queue()
        p = ctx.Process(target=_workers_in_a_daemon, args=(allow, queue), daemon=True)
        p.start()
        got.append(queue.get(timeout=120))
        p.join()
    assert got == [0, 1]
