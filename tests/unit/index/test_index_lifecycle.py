"""Opening, writing, rebuilding and sharing the index folder."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsdesk.domain import Article
from newsdesk.errors import LibraryBusyError
from newsdesk.index import SCHEMA_VERSION, SearchIndex

from .conftest import SAMPLE, fetcher

SRC = Path(__file__).resolve().parents[3] / "src"


def art(aid: str, text: str, date: str = "2023-01-01") -> Article:
    return Article(id=aid, title="", text=text, date=date)


def test_fresh_folder_is_created_and_flagged(tmp_path: Path) -> None:
    ix = SearchIndex.open(tmp_path / "a" / "index")
    assert ix.rebuilt and ix.doc_count() == 0 and ix.ids() == set()
    ix.close()
    again = SearchIndex.open(tmp_path / "a" / "index")
    assert not again.rebuilt
    again.close()


def test_add_replaces_by_id_delete_clear_and_ids(tmp_path: Path) -> None:
    ix = SearchIndex.open(tmp_path / "index")
    with ix.writer() as w:
        w.add([art("a", "旧文本"), art("b", "另一篇")])
    with ix.writer() as w:
        w.add([art("a", "新文本")])
    fetch = fetcher([art("a", "新文本"), art("b", "另一篇")])
    assert ix.doc_count() == 2 and ix.ids() == {"a", "b"}
    assert ix.search("旧", fetch=fetch).total == 0
    assert ix.search("新文本", fetch=fetch).total == 1
    with ix.writer() as w:
        w.delete(["b", "missing"])
    assert ix.ids() == {"a"}
    assert ix.search("另一篇", fetch=fetch).total == 0
    ix.clear()
    assert ix.doc_count() == 0
    with ix.writer() as w:
        w.add([art("c", "重建")])
    assert ix.ids() == {"c"}
    ix.close()


def test_one_batch_keeps_the_last_version_of_an_id(tmp_path: Path) -> None:
    ix = SearchIndex.open(tmp_path / "index")
    with ix.writer() as w:
        w.add([art("a", "第一版"), art("b", "要删")])
        w.add([art("a", "第二版")])
        w.delete(["b"])
    fetch = fetcher([art("a", "第二版")])
    assert ix.ids() == {"a"}
    assert ix.search("第一版", fetch=fetch).total == 0
    assert ix.search("第二版", fetch=fetch).total == 1
    ix.close()


def test_an_exception_in_the_batch_cancels_it(tmp_path: Path) -> None:
    ix = SearchIndex.open(tmp_path / "index")
    with pytest.raises(RuntimeError), ix.writer() as w:
        w.add([art("a", "不该留下")])
        raise RuntimeError("import failed")
    assert ix.doc_count() == 0
    with ix.writer() as w:  # the lock was released
        w.add([art("b", "留下")])
    assert ix.ids() == {"b"}
    ix.close()


def test_reopened_index_searches_the_same(tmp_path: Path) -> None:
    ix = SearchIndex.open(tmp_path / "index")
    with ix.writer() as w:
        w.add(SAMPLE)
    ix.close()
    ix = SearchIndex.open(tmp_path / "index")
    assert not ix.rebuilt
    assert ix.search("王珏", fetch=fetcher(SAMPLE)).total == 1
    ix.close()


def _damage(folder: Path, how: str) -> None:
    if how == "version":
        (folder / "newsdesk-index.json").write_text(json.dumps({"schema_version": 0}))
    elif how == "no-version":
        (folder / "newsdesk-index.json").unlink()
    elif how == "missing":
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()
    else:
        targets = (".toc",) if how == "toc" else (".ntm", ".npo", ".col", ".seg")
        for p in folder.iterdir():
            if p.name.endswith(targets):
                data = p.read_bytes()
                p.write_bytes(data[: len(data) // 2] if how != "garbage" else b"\0" * len(data))


@pytest.mark.parametrize("how", ["version", "no-version", "missing", "toc", "seg", "garbage"])
def test_unusable_index_is_rebuilt_empty(tmp_path: Path, how: str) -> None:
    folder = tmp_path / "index"
    ix = SearchIndex.open(folder)
    with ix.writer() as w:
        w.add(SAMPLE)
    ix.close()
    _damage(folder, how)
    ix = SearchIndex.open(folder)
    assert ix.rebuilt
    assert ix.doc_count() == 0
    with ix.writer() as w:
        w.add(SAMPLE[:1])
    assert ix.search("王珏", fetch=fetcher(SAMPLE)).total == 1
    ix.close()
    version = json.loads((folder / "newsdesk-index.json").read_text())["schema_version"]
    assert version == SCHEMA_VERSION


def _child(code: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_writer_killed_mid_batch_leaves_a_usable_index(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    ix = SearchIndex.open(folder)
    with ix.writer() as w:
        w.add([art("kept", "已提交")])
    child = _child(
        f"""
        import sys, time
        from newsdesk.domain import Article
        from newsdesk.index import SearchIndex
        ix = SearchIndex.open({str(folder)!r})
        with ix.writer() as w:
            w.add([Article(id=f"x{{i}}", title="", text="未提交" * 50) for i in range(300)])
            print("holding", flush=True)
            time.sleep(60)
        """
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "holding"
    with pytest.raises(LibraryBusyError), ix.writer():  # another process holds the lock
        pass
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=10)
    with ix.writer() as w:  # the dead writer's lock went with it
        w.add([art("after", "之后")])
    assert ix.ids() == {"kept", "after"}
    ix.close()
    reopened = SearchIndex.open(folder)
    assert not reopened.rebuilt and reopened.ids() == {"kept", "after"}
    reopened.close()


def test_a_reader_in_another_process_searches_while_a_writer_works(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    ix = SearchIndex.open(folder)
    with ix.writer() as w:
        w.add([art(f"a{i}", f"第{i}篇 经济") for i in range(50)])
    child = _child(
        f"""
        from newsdesk.index import SearchIndex
        ix = SearchIndex.open({str(folder)!r})
        totals = set()
        for _ in range(40):
            totals.add(ix.search("经济", fetch=lambda ids: {{}}).total)
        print(sorted(totals), ix.rebuilt, flush=True)
        """
    )
    for batch in range(5):
        with ix.writer() as w:
            w.add([art(f"b{batch}-{i}", "经济 新增") for i in range(40)])
        time.sleep(0.05)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    totals, rebuilt = out.rsplit(" ", 1)
    assert rebuilt.strip() == "False"
    assert all(50 <= t <= 250 for t in json.loads(totals))
    ix.close()


def test_a_commit_by_another_writer_is_seen_and_an_old_quiet_folder_is_not_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "index"
    reader, writer = SearchIndex.open(folder), SearchIndex.open(folder)
    fetch = fetcher([])
    with writer.writer() as w:
        w.add([art("a", "经济")])
    assert reader.search("经济", fetch=fetch).total == 1
    with writer.writer() as w:  # at once: within the same second of the folder's clock
        w.add([art("b", "经济")])
    assert reader.search("经济", fetch=fetch).total == 2
    with writer.writer() as w:
        w.add([art("c", "经济")])
    old = time.time() - 60  # as if the commit were a minute ago: still a change since the last look
    os.utime(folder, (old, old))
    assert reader.search("经济", fetch=fetch).total == 3

    listings = []
    real = reader._ix.latest_generation
    monkeypatch.setattr(reader._ix, "latest_generation", lambda: listings.append(1) or real())
    for _ in range(5):
        assert reader.search("经济", fetch=fetch).total == 3
    assert listings == []  # the folder's time is old and unchanged: nothing to list
    with writer.writer() as w:
        w.add([art("d", "经济")])
    assert reader.search("经济", fetch=fetch).total == 4 and len(listings) == 1
    # A time seconds old is not yet trusted (another change may share its clock tick): each
    # search lists the folder until it is.
    assert reader.search("经济", fetch=fetch).total == 4 and len(listings) == 2
    # Two changes in one tick, the first seen by a search between them: once the tick is old,
    # the second is still found (the time of the first was not remembered as settled).
    from newsdesk.index import search_index

    monkeypatch.setattr(search_index, "SETTLED_NS", 1_000_000_000)
    tick = time.time_ns() - 100_000_000
    os.utime(folder, ns=(tick, tick))
    assert reader.search("经济", fetch=fetch).total == 4
    with writer.writer() as w:
        w.add([art("e", "经济")])
    os.utime(folder, ns=(tick, tick))
    time.sleep(1.0)
    assert reader.search("经济", fetch=fetch).total == 5
    reader.close()
    writer.close()


def test_many_small_batches_merge_and_stay_exact(tmp_path: Path) -> None:
    ix = SearchIndex.open(tmp_path / "index")
    articles = []
    for batch in range(14):
        new = [
            Article(
                id=f"a{batch}-{i}",
                title=f"第{batch}批",
                text=f"经济{batch}号 王  珏{i}",
                bylines=(),
                date=f"20{10 + batch}-01-0{i + 1}",
                source="人民日报",
                page=str(i),
            )
            for i in range(3)
        ]
        articles += new
        with ix.writer() as w:
            w.add(new)
    with ix.writer() as w:  # replace one and delete one across segments
        w.add([art("a0-0", "替换")])
        w.delete(["a1-1"])
    segments = len(ix._snapshot().leaves)
    assert segments < 14  # Whoosh merged small segments
    fetch = fetcher(articles)
    assert ix.doc_count() == 41
    assert ix.search("经济", fetch=fetch).total == 40
    assert ix.search("王珏 source:人民日报 page:2", fetch=fetch).total == 14
    assert ix.search("替换", fetch=fetch).total == 1
    ix.close()
