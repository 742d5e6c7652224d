"""The Library facade end to end: import, ids, re-import, update, sync, duplicates, bad files."""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
from pathlib import Path

import pytest
from tests.helpers import record, write_crawler, write_jsonl

from newsdesk import Library
from newsdesk.errors import LibraryBusyError, LibraryError, NotFoundError
from newsdesk.store.db import ORDERS

BODY_A = "新华社北京1月1日电 今天天气很好。\n第二段说明了情况。"
BODY_B = "郑州高新区首个主题公园迎来荷花盛开的季节。\n市民纷纷前来观赏。"


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    with Library.open(tmp_path / "lib") as library:
        yield library


def test_jsonl_records_keep_their_ids_and_fields(lib: Library, tmp_path: Path) -> None:
    src = write_jsonl(
        tmp_path / "in" / "a.jsonl",
        [
            record("x-1", "标题一", BODY_A, author="本报记者 张三", section="要闻"),
            record("x-2", "标题二", BODY_B, date="2022-12-31"),
        ],
    )
    report = lib.import_paths([src])
    assert (report.added, report.updated, report.unchanged, report.failed) == (2, 0, 0, [])
    a = lib.article("x-1")
    assert a.title == "标题一"
    assert a.text == BODY_A
    assert a.paragraphs == BODY_A.split("\n")
    assert a.section == "要闻"
    assert a.date == "2023-01-01"
    assert [s.path for s in a.sources] == [str(src)]
    assert [r.id for r in lib.articles()] == ["x-1", "x-2"]  # newest first
    assert lib.stats()["articles"] == 2


def test_the_newest_first_list_puts_undated_articles_last_and_needs_no_sort(
    lib: Library, tmp_path: Path
) -> None:
    # The window's library list: newest first, ties by id, undated articles at the end; oldest
    # first also ends with the undated ones. Newest first is read in the date index's order.
    dates = {"d": None, "b": "2020-01-01", "a": "2020-01-01", "e": "2019-05-05", "c": None, "f": "2021-03-03"}
    src = write_jsonl(
        tmp_path / "in" / "a.jsonl",
        [record(rid, f"标题{rid}", f"正文{rid}。", date=date) for rid, date in dates.items()],
    )
    lib.import_paths([src])
    stored = {aid: lib.article(aid).date for aid in dates}
    assert stored == dates
    undated = sorted(i for i, d in dates.items() if d is None)
    dated = [i for i in dates if dates[i] is not None]
    newest = sorted(dated, key=lambda i: (-int(str(dates[i]).replace("-", "")), i))
    oldest = sorted(dated, key=lambda i: (dates[i], i))
    assert lib.article_ids() == newest + undated == ["f", "a", "b", "e", "c", "d"]
    assert lib.article_ids(order="date") == oldest + undated
    assert [s.id for s in lib.articles(limit=3, offset=2)] == (newest + undated)[2:5]
    sql = f"EXPLAIN QUERY PLAN SELECT id FROM articles ORDER BY {ORDERS['-date']}"
    plan = " ".join(row["detail"] for row in lib.store.conn.execute(sql))
    assert "articles_date" in plan and "TEMP B-TREE" not in plan, plan


def test_hits_show_what_the_record_holds(lib: Library, tmp_path: Path) -> None:
    # A page of hits reads only the fields a hit shows (title, text, date, source, page), and
    # shows them as the record holds them.
    src = write_jsonl(
        tmp_path / "in" / "a.jsonl",
        [
            record("x-1", "今天天气", BODY_A, author="本报记者 张三", section="要闻", page="05"),
            record("x-2", "荷花", BODY_B, date="2022-12-31", source="郑州日报"),
        ],
    )
    lib.import_paths([src])
    texts = lib.store.article_texts(["x-1", "x-2", "gone"])
    assert set(texts) == {"x-1", "x-2"}
    for aid, t in texts.items():
        a = lib.article(aid)
        assert (t.id, t.title, t.text, t.date, t.source, t.page) == (
            a.id,
            a.title,
            a.text,
            a.date,
            a.source,
            a.page,
        )
    (hit,) = lib.search('"天气"').hits
    a = lib.article("x-1")
    assert (a.date, a.source, a.page) == ("2023-01-01", "测试日报", "5")
    assert (hit.id, hit.title, hit.date, hit.source, hit.page) == (a.id, a.title, a.date, a.source, a.page)
    assert [a.text[s:e] for s, e in hit.spans] == ["天气"] and hit.title_spans == ((2, 4),)
    assert [hit.snippet[s:e] for s, e in hit.snippet_spans] == ["天气"]


def test_reimport_unchanged_changes_nothing(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_jsonl(folder / "a.jsonl", [record("x-1", "标题一", BODY_A)])
    write_crawler(folder / "20230101-01-01.txt", "引题", "主标题", "", ["第一段。", "第二段。"])
    first = lib.import_paths([folder])
    assert first.added == 2
    before = lib.store.conn.execute("SELECT id, modified FROM articles ORDER BY id").fetchall()
    again = lib.import_paths([folder])
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 2, 0)
    after = lib.store.conn.execute("SELECT id, modified FROM articles ORDER BY id").fetchall()
    assert [tuple(r) for r in before] == [tuple(r) for r in after]
    # Touching the file (new mtime, same bytes) is still unchanged.
    os.utime(folder / "a.jsonl", ns=(1, 1))
    assert lib.import_paths([folder]).unchanged == 2


def test_changed_file_updates_articles_in_place(lib: Library, tmp_path: Path) -> None:
    path = write_crawler(tmp_path / "in" / "p.txt", "", "市场回暖", "", ["消费持续恢复。", "物价总体平稳。"])
    lib.import_paths([path])
    (aid,) = lib.article_ids()
    write_crawler(path, "", "市场回暖", "", ["消费持续恢复。", "物价总体平稳，就业稳定。"])
    report = lib.import_paths([path])
    assert (report.added, report.updated, report.removed) == (0, 1, 0)
    assert lib.article_ids() == [aid]
    assert "就业稳定" in lib.article(aid).text


def test_jsonl_update_and_removal_of_records(lib: Library, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [record("r1", "一", BODY_A), record("r2", "二", BODY_B)])
    lib.import_paths([path])
    write_jsonl(path, [record("r1", "一", BODY_A + "\n新增一段。")])
    report = lib.import_paths([path])
    assert (report.updated, report.removed) == (1, 1)
    with pytest.raises(NotFoundError):
        lib.article("r2")


def test_a_new_files_placements_are_written_once_and_a_changed_files_rewritten(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file never read before: its placements go in chunk by chunk as it is read, and are not
    # rewritten at its end (that held every id of a file of millions of records in memory three
    # more times). A file read before: rewritten, and what it no longer holds is removed.
    rewrites: list[int] = []
    real = type(lib.store).set_placements

    def spy(store, source_id, placements):  # type: ignore[no-untyped-def]
        rewrites.append(len(placements))
        return real(store, source_id, placements)

    monkeypatch.setattr(type(lib.store), "set_placements", spy)
    path = tmp_path / "a.jsonl"
    recs = [record("r1", "一", BODY_A), record("r2", "二", BODY_B), record("r3", "三", BODY_A + "\n三。")]
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in recs[:2])
        + "\nnot json\n"
        + json.dumps(recs[2], ensure_ascii=False)
        + "\n",
        "utf-8",
    )
    report = lib.import_paths([path])
    assert report.added == 3 and len(report.failed) == 1
    (source,) = lib.store.conn.execute("SELECT id FROM sources").fetchall()
    assert lib.store.placements(source[0]) == [(0, "r1"), (1, "r2"), (3, "r3")]
    assert rewrites == []
    assert [s.path for s in lib.article("r3").sources] == [str(path)]
    write_jsonl(path, [recs[2], recs[0]])
    report = lib.import_paths([path])
    assert report.removed == 1 and rewrites == [2]
    assert lib.store.placements(source[0]) == [(0, "r3"), (1, "r1")]
    assert sorted(lib.article_ids()) == ["r1", "r3"]


def test_same_text_on_two_pages_is_stored_once(lib: Library, tmp_path: Path) -> None:
    paras = ["这是一篇在两个版面上都出现的文章。", "内容完全相同。"]
    p1 = write_crawler(tmp_path / "in" / "20230101-01-01.txt", "", "两版同文", "", paras)
    p2 = write_crawler(tmp_path / "in" / "20230101-03-01.txt", "", "两版同文", "", paras)
    report = lib.import_paths([tmp_path / "in"])
    assert report.added == 1
    assert report.duplicates == 1
    (aid,) = lib.article_ids()
    assert sorted(s.path for s in lib.article(aid).sources) == sorted([str(p1), str(p2)])
    # Removing one file keeps the article, held by the other.
    p1.unlink()
    report = lib.import_paths([tmp_path / "in"], sync=True)
    assert report.removed == 0
    assert [s.path for s in lib.article(aid).sources] == [str(p2)]


def test_sync_removes_articles_of_files_that_are_gone(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    gone = write_jsonl(folder / "gone.jsonl", [record("g1", "将被删除", BODY_A)])
    write_jsonl(folder / "kept.jsonl", [record("k1", "保留", BODY_B)])
    lib.import_paths([folder])
    gone.unlink()
    assert lib.import_paths([folder]).removed == 0  # without --sync nothing is removed
    report = lib.import_paths([folder], sync=True)
    assert report.removed == 1
    assert lib.article_ids() == ["k1"]


def test_bad_files_are_reported_and_the_rest_imports(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_jsonl(folder / "good.jsonl", [record("ok1", "好的", BODY_A)])
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "lines.jsonl").write_text('[1, 2]\n{"id": "ok2", "title": "二", "body": "正文。"}\n', "utf-8")
    report = lib.import_paths([folder, tmp_path / "missing-folder"])
    failed = {Path(f["path"]).name.split(":")[0]: f["error"] for f in report.failed}
    assert set(failed) == {"empty.txt", "binary.txt", "lines.jsonl", "missing-folder"}
    assert all(reason for reason in failed.values())
    assert sorted(lib.article_ids()) == ["ok1", "ok2"]


def test_failed_reimport_loses_nothing(lib: Library, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    write_crawler(path, "", "原有文章", "", ["已经导入的内容。"])
    lib.import_paths([path])
    (aid,) = lib.article_ids()
    path.write_bytes(b"\x00\x01\x02" * 1000)  # the file is damaged
    report = lib.import_paths([path])
    assert report.failed and report.removed == 0
    assert lib.article(aid).title == "原有文章"


def test_cancel_keeps_what_was_imported(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for i in range(5):
        write_jsonl(folder / f"{i}.jsonl", [record(f"c{i}", f"第{i}篇", BODY_A)])
    cancel = threading.Event()
    seen = []

    def progress(p) -> None:  # type: ignore[no-untyped-def]
        seen.append(p.files_done)
        if p.files_done >= 2:
            cancel.set()

    report = lib.import_paths([folder], progress=progress, cancel=cancel)
    assert report.cancelled
    kept = lib.article_ids()
    assert 2 <= len(kept) < 5
    assert lib.import_paths([folder]).added == 5 - len(kept)


def test_sample_goes_only_into_the_default_library(tmp_path: Path) -> None:
    with Library.open(tmp_path / "named") as named:
        assert named.ensure_sample() is None
        assert named.stats()["articles"] == 0
    with Library.open() as default:
        assert default.is_default
        report = default.ensure_sample()
        assert report is not None and report.added >= 2 and not report.failed
        assert default.ensure_sample() is None  # only once


def test_library_in_a_read_only_folder_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        lib.import_paths([write_jsonl(tmp_path / "a.jsonl", [record("r1", "一", BODY_A)])])
    # Root may write anywhere, so say the folder is read-only the way the OS would.
    monkeypatch.setattr("newsdesk.library.os.access", lambda path, mode: False)
    with pytest.raises(LibraryError, match="read-only"):
        Library.open(tmp_path / "empty")
    with Library.open(folder) as lib:
        assert lib.article("r1").title == "一"  # reading still works
        with pytest.raises(LibraryError, match="read-only"):
            lib.import_paths([tmp_path / "a.jsonl"])


def _hold_lock(
    folder: str, ready: multiprocessing.synchronize.Event, done: multiprocessing.synchronize.Event
) -> None:
    lib = Library.open(folder)
    with lib._lock.held("import"):
        ready.set()
        done.wait(30)


def test_second_writer_is_told_the_library_is_busy(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    Library.open(folder).close()
    ctx = multiprocessing.get_context("spawn")
    ready, done = ctx.Event(), ctx.Event()
    proc = ctx.Process(target=_hold_lock, args=(str(folder), ready, done))
    proc.start()
    try:
        assert ready.wait(30)
        with Library.open(folder) as lib, pytest.raises(LibraryBusyError, match=f"PID {proc.pid}"):
            lib.import_paths([tmp_path])
    finally:
        done.set()
        proc.join(30)


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Index commits every 10 articles, a segment every few, no tiered merges; settle from 40."""
    from newsdesk import indexing
    from newsdesk.index import writer

    monkeypatch.setattr(indexing, "COMMIT_BATCH", 10)
    monkeypatch.setattr(indexing, "INDEX_BATCH", 5)
    monkeypatch.setattr(indexing, "SETTLE_MIN", 40)
    monkeypatch.setattr(writer, "FLUSH_CHARS", 200)  # a segment every few articles
    monkeypatch.setattr(writer, "FANOUT", 100)  # no tiered merges
    monkeypatch.setattr(writer, "BULK_FANOUT", 100)  # (nor during an import)


@pytest.mark.usefixtures("small_batches")
def test_a_large_import_settles_the_index_and_a_small_one_does_not(lib: Library, tmp_path: Path) -> None:
    rows = [
        record(f"s-{i}", f"标题{i}", f"{BODY_B}第{i}次。", date=f"2023-01-{i % 28 + 1:02d}")
        for i in range(60)
    ]
    lib.import_paths([write_jsonl(tmp_path / "in" / "big.jsonl", rows)])
    assert len(lib.open_index()._snapshot().leaves) == 1  # a new index: one segment
    assert lib.search('"荷花盛开"', limit=100).total == 60
    small = [record(f"t-{i}", f"新{i}", BODY_A) for i in range(12)]
    lib.import_paths([write_jsonl(tmp_path / "in2" / "small.jsonl", small)])
    assert len(lib.open_index()._snapshot().leaves) > 2  # 12 articles: left to the tiered policy
    assert lib.search('"天气很好"', limit=100).total == 12
    more = [record(f"u-{i}", f"又{i}", f"{BODY_B}又第{i}次。") for i in range(40)]
    lib.import_paths([write_jsonl(tmp_path / "in3" / "more.jsonl", more)])
    # 40 of 112 articles: the first import's segment (60) is kept, the rest merged beside it
    assert len(lib.open_index()._snapshot().leaves) == 2
    assert lib.search('"荷花盛开"', limit=200).total == 100


@pytest.mark.usefixtures("small_batches")
def test_an_imports_batches_merge_in_bulk_and_its_last_pass_does_not(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batches an import commits while it goes on merge `BULK_FANOUT` segments at a time
    (the settling merge follows); its last pass, and anything else, `FANOUT` at a time."""
    from newsdesk.index import writer

    fanouts: list[int | None] = []
    real = writer.IndexWriter

    def recording(ix, fanout=None):  # type: ignore[no-untyped-def]
        fanouts.append(fanout)
        return real(ix, fanout)

    monkeypatch.setattr(writer, "IndexWriter", recording)
    rows = [record(f"b-{i}", f"标题{i}", f"{BODY_B}第{i}次。") for i in range(35)]
    lib.import_paths([write_jsonl(tmp_path / "in" / "bulk.jsonl", rows)])
    *batches, last, settling = fanouts
    assert batches and set(batches) == {writer.BULK_FANOUT} and last is settling is None
    assert lib.search('"荷花盛开"', limit=100).total == 35


@pytest.mark.usefixtures("small_batches")
def test_an_import_builds_on_two_cores_and_stops_its_worker_before_settling(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk.index import building, writer

    monkeypatch.setattr(writer, "PARALLEL_MIN", 2)
    monkeypatch.setattr(building, "workers", lambda: 1)
    built: list[int] = []
    finish = building.RemoteBuilder.finish
    monkeypatch.setattr(building.RemoteBuilder, "finish", lambda b: built.append(b.count) or finish(b))
    pools: list[object] = []
    settle = lib.open_index().settle
    monkeypatch.setattr(lib.open_index(), "settle", lambda *a: pools.append(building._pool) or settle(*a))
    rows = [record(f"w-{i}", f"标题{i}", f"{BODY_B}第{i}次。") for i in range(60)]
    lib.import_paths([write_jsonl(tmp_path / "in" / "two.jsonl", rows)])
    assert sum(built) > 20  # (the worker built some of the articles)
    assert pools == [None]  # (and was stopped before the settling merge)
    assert lib.search('"荷花盛开"', limit=100).total == 60


@pytest.mark.usefixtures("small_batches")
def test_settling_shows_progress_and_a_cancel_stops_it_with_every_article_kept(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk import indexing
    from newsdesk.index import segments

    monkeypatch.setattr(segments, "STEP_TERMS", 50)
    rows = [record(f"s-{i}", f"标题{i}", f"{BODY_B}第{i}次。") for i in range(60)]
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(p) -> None:  # type: ignore[no-untyped-def]
        if p.phase == "settling":
            seen.append((p.settled, p.to_settle))
            if p.settled:
                cancel.set()  # the user presses Cancel once the merge is under way

    report = lib.import_paths(
        [write_jsonl(tmp_path / "in" / "big.jsonl", rows)], progress=progress, cancel=cancel
    )
    assert report.cancelled and report.added == 60
    assert seen[0] == (0, seen[0][1]) and seen[0][1] > 0 and len(seen) == 2  # stopped at its first step
    assert len(lib.open_index()._snapshot().leaves) > 2  # not settled ...
    assert lib.search('"荷花盛开"', limit=100).total == 60  # ... but every article is searchable
    assert lib.index_lag() == 0
    live = [seg.segment_id() for seg in lib.open_index()._ix._read_toc().segments]
    segment_files = [
        n for n in os.listdir(lib.open_index().folder) if n.startswith("MAIN_") and "LOCK" not in n
    ]
    assert all(n.startswith(tuple(live)) for n in segment_files)  # the stopped merge left no files

    cancel.clear()
    seen.clear()
    monkeypatch.setattr(indexing, "SETTLE_MIN", 10)
    more = [record(f"t-{i}", f"又{i}", BODY_A) for i in range(12)]
    lib.import_paths([write_jsonl(tmp_path / "in2" / "more.jsonl", more)], progress=progress)
    assert seen and seen[-1][0] == seen[-1][1]  # ran to its end
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len(lib.open_index()._snapshot().leaves) <= 2


def test_marks_say_where_a_querys_terms_stand_in_every_part_as_the_hits_do(lib: Library) -> None:
    """`Library.marks` (what `show --query` and the window mark): the text and title spans equal
    the search's hit spans; field-less terms are also marked in the kicker, subtitle, section
    heads and captions; `caption:` terms in captions only, `title:` terms in the title only,
    negated terms nowhere."""
    from newsdesk import resources

    with resources.as_folder(resources.SAMPLE) as sample:
        assert not lib.import_paths([sample]).failed
    for query, mode in [
        ("五星 支部", "exact"),
        ("“五星”支部", "exact"),
        ("枫杨办事处 党工委", "exact"),
        ("党建 基层", "words"),
        ("办事处 -消防", "exact"),
    ]:
        result = lib.search(query, mode=mode, limit=50)
        assert result.hits, query
        for hit in result.hits:
            m = lib.marks(hit.id, query, mode=mode)
            assert (m.text, m.title) == (hit.spans, hit.title_spans), (query, hit.id)
    (aid,) = {h.id for h in lib.search("五星 支部").hits}
    article = lib.article(aid)
    m = lib.marks(aid, "五星 支部")
    heads = {
        h.text: [h.text[s:e] for s, e in spans]
        for h, spans in zip(article.section_heads, m.section_heads, strict=True)
    }
    assert heads["深耕细作 抓实“五星”支部创建"] == ["五星", "支部"]
    assert [article.captions[0][s:e] for s, e in m.captions[0]] == ["五星", "支部"]
    assert m.count() == len(m.text) + 4 and not m.title
    only_captions = lib.marks(aid, "caption:五星支部")
    assert only_captions.count() == 1 and only_captions.captions[0]
    assert lib.marks(aid, "title:党旗 -五星").count() == len(lib.marks(aid, "title:党旗").title) == 1
    assert lib.marks(aid, "-五星").count() == 0
    assert lib.marks(aid, "枫杨").kicker  # the kicker, 高新区枫杨办事处：
