"""Passages never get lost: a killed writer, a backup taken while the library is open, migration."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import time
from pathlib import Path

from tests.unit.tags.tagkit import put

from newsdesk import paths
from newsdesk.library import Library
from newsdesk.store import Store
from newsdesk.store.schema import MIGRATIONS, SCHEMA_VERSION

TEXT = "郑州高新区首个主题公园迎来荷花盛开的季节。\n市民纷纷前来观赏，拍照留念。𠮷\n" * 20


def _tag_forever(folder: str, ready: multiprocessing.synchronize.Event) -> None:
    """Tag, retag and merge tags in a loop until killed."""
    lib = Library.open(folder)
    n = 0
    while True:
        start = (n * 7) % (len(TEXT) - 40)
        p = lib.passages.tag("a", start, start + 1 + n % 30, [f"循环/{n % 5}", "全部"], note=f"第{n}次")
        lib.passages.update(p.id, add_tags=[f"又/{n % 3}"])
        if n % 10 == 9:
            lib.tags.merge(["循环"], "圈") if n % 20 == 9 else lib.tags.merge(["圈"], "循环")
        n += 1
        if n == 30:
            ready.set()


def test_killing_a_tagging_process_leaves_the_database_consistent(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        put(lib.store, "a", TEXT)
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    proc = ctx.Process(target=_tag_forever, args=(str(folder), ready))
    proc.start()
    try:
        deadline = time.monotonic() + 60
        while not ready.wait(0.1):
            assert proc.is_alive() and time.monotonic() < deadline, "the tagging process failed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.join(10)
    assert proc.exitcode == -signal.SIGKILL
    with Library.open(folder) as lib:  # takes the writer lock: the dead writer's flock is gone
        conn = lib.store.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        passages = lib.passages.find(orphans=True)
        assert len(passages) >= 30
        text = lib.article("a").text
        for p in passages:
            assert text[p.start : p.end] == p.quote and not p.is_orphan
            assert "全部" in p.tags and any(t.startswith(("循环/", "圈/")) for t in p.tags)
            assert p.note and p.created and p.modified
        lib.passages.tag("a", 0, 2, ["之后"])  # and it can still be written


def test_backup_while_another_connection_writes(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        put(lib.store, "a", TEXT)
        kept = lib.passages.tag("a", 0, 5, ["地区/郑州"], note="备注")
        other = sqlite3.connect(paths.db_path(lib.folder))
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute(
                "INSERT INTO passages (id, article_id, start_pos, end_pos, quote, created, modified) "
                "VALUES ('uncommitted', 'a', 0, 1, '郑', 'x', 'x')"
            )
            (tmp_path / "backups").mkdir()
            copy = lib.backup(tmp_path / "backups" / "copy.sqlite3")
            dated = lib.backup(tmp_path / "backups")
            other.commit()
        finally:
            other.close()
        assert lib.passages.get("uncommitted").quote == "郑"
    assert copy.parent == dated.parent and dated.name.startswith("newsdesk-")
    assert not list(copy.parent.glob("*.partial"))
    for path in (copy, dated):
        check = sqlite3.connect(path)
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        check.close()
        restored = tmp_path / f"restored-{path.stem}"
        restored.mkdir()
        os.replace(path, paths.db_path(restored))
        with Library.open(restored) as back:
            assert back.passages.find() == [kept]


def test_a_version_1_library_gains_passages_and_keeps_its_articles(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(db)
    conn.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    conn.execute(
        "INSERT INTO articles (id, title, text, content_key, created, modified) "
        "VALUES ('old', '旧文章', '旧的正文。', 'k', 'x', 'x')"
    )
    conn.commit()
    conn.close()
    store = Store(db)
    try:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 2
        assert store.article("old").text == "旧的正文。"
        assert store.conn.execute("SELECT count(*) FROM passages").fetchone()[0] == 0
    finally:
        store.close()
