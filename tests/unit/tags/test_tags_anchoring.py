"""Anchoring: finding a passage again in changed text, and the hook the importer calls."""

from __future__ import annotations

import random
import time

from tests.unit.tags.tagkit import put

from newsdesk import edits
from newsdesk.domain import Article
from newsdesk.store import Store
from newsdesk.tags.anchoring import locate, make_anchor, on_articles_changed
from newsdesk.tags.service import TagService

PARAS = [
    "郑州高新区首个主题公园迎来荷花盛开的季节。",
    "据介绍，该公园占地约二百亩，是高薪区今年的重点民生工程之一。",
    "市民纷纷前来观赏，拍照留念。",
    "公园管理处表示，将延长夜间开放时间。",
]
TEXT = "\n".join(PARAS)


def anchor_of(text: str, quote: str):  # type: ignore[no-untyped-def]
    start = text.index(quote)
    return make_anchor(text, start, start + len(quote))


def found(text: str, quote: str) -> str | None:
    where = locate(text, anchor_of(TEXT, quote))
    return None if where is None else text[where.start : where.end]


def test_unchanged_text_keeps_the_exact_place() -> None:
    a = anchor_of(TEXT, "拍照留念")
    where = locate(TEXT, a)
    assert where is not None and (where.start, where.end, where.method) == (a.start, a.end, "exact")


def test_paragraph_inserted_before_moves_it_by_context() -> None:
    new = "编者按：这是新加的一段。\n" + TEXT
    a = anchor_of(TEXT, "拍照留念")
    where = locate(new, a)
    assert where is not None and where.method == "context"
    assert where.start == a.start + len("编者按：这是新加的一段。\n")


def test_typo_fixed_inside_the_quote_is_found_fuzzily() -> None:
    new = TEXT.replace("高薪区", "高新区")
    where = locate(new, anchor_of(TEXT, "是高薪区今年的重点民生工程"))
    assert where is not None and where.method == "fuzzy"
    assert new[where.start : where.end] == "是高新区今年的重点民生工程"


def test_typo_at_either_end_of_the_quote_is_snapped_to_the_context() -> None:
    assert (
        found(TEXT.replace("是高薪区", "系高薪区"), "是高薪区今年的重点民生工程")
        == "系高薪区今年的重点民生工程"
    )
    assert found(TEXT.replace("民生工程之一", "民生工作之一"), "是高薪区今年的重点民生工程") == (
        "是高薪区今年的重点民生工作"
    )


def test_deleted_paragraph_cannot_be_placed() -> None:
    new = TEXT.replace(PARAS[2] + "\n", "")
    assert found(new, "市民纷纷前来观赏") is None


def test_a_short_quote_elsewhere_with_other_context_is_not_trusted() -> None:
    # The paragraph holding the passage "高新区" went; the words are still elsewhere, in another sentence.
    text = "甲乙丙丁高新区戊己庚辛。\n子丑寅卯高新区辰巳午未。"
    a = make_anchor(text, 4, 7)
    assert locate(text.split("\n")[1], a) is None
    assert locate("插入。\n" + text, a) is not None


def test_repeated_quote_picks_the_occurrence_with_its_context() -> None:
    text = "记者了解到，公园免费开放。\n另据记者了解到，公园将扩建。"
    second = text.rindex("记者了解到")
    a = make_anchor(text, second, second + 5)
    where = locate("新闻：\n" + text, a)
    assert where is not None and where.start == second + len("新闻：\n")


def test_offsets_are_code_points_outside_the_bmp() -> None:
    text = "𠮷野家𠮷在郑州开店。"
    a = anchor_of(text, "在郑州开店")
    assert (a.start, a.end) == (4, 9)  # UTF-16 would say (6, 11)
    where = locate("𠮷" + text, a)
    assert where is not None and (where.start, where.end) == (5, 10)


def test_fuzzy_search_is_fast_on_a_long_article() -> None:
    rng = random.Random(7)
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
    text = "".join(rng.choice(alphabet) for _ in range(20_000))
    anchors = [make_anchor(text, s, s + n) for s, n in ((1000, 12), (9000, 80), (15000, 600))]
    edited = "前言。\n" + text[:1005] + "错" + text[1006:9040] + "误" + text[9041:15300] + "改" + text[15301:]
    gone = text[:900] + text[1100:8900] + text[9200:14900] + text[15700:]
    t0 = time.perf_counter()
    places = [locate(edited, a) for a in anchors]
    lost = [locate(gone, a) for a in anchors]
    elapsed = time.perf_counter() - t0
    assert all(p is not None and p.method == "fuzzy" for p in places)
    assert [p.start for p in places if p] == [a.start + 4 for a in anchors]
    assert lost == [None, None, None]
    assert elapsed < 1.0


# -- the hook --------------------------------------------------------------------------------


def test_hook_is_one_query_without_passages(store: Store) -> None:
    put(store, "a", TEXT)
    queries: list[str] = []
    store.conn.set_trace_callback(queries.append)
    assert on_articles_changed(store, [f"id-{i}" for i in range(1000)], ["a"]) == (0, 0)
    store.conn.set_trace_callback(None)
    assert len(queries) == 1


def test_hook_moves_orphans_and_recovers(store: Store) -> None:
    put(store, "a", TEXT)
    tags = TagService(store)
    quote = "市民纷纷前来观赏"
    p = tags.tag_passage(article_id="a", start=TEXT.index(quote), end=TEXT.index(quote) + 8, tags=["人物"])
    with store.transaction():
        store.put_article(
            Article(id="a", title="标题", text="新的一段。\n" + TEXT), content_key="k", external=True
        )
        assert on_articles_changed(store, ["a"], []) == (1, 0)
    assert tags.passage(p.id).start == p.start + 6
    with store.transaction():
        store.delete_articles(["a"])
        assert on_articles_changed(store, [], ["a"]) == (0, 1)
    orphan = tags.orphans()[0]
    assert (orphan.id, orphan.quote, orphan.article_id) == (p.id, quote, "a")
    assert tags.passages() == [] and tags.passages(orphans=True)[0].is_orphan
    put(store, "a", TEXT)  # the article comes back with a later import
    with store.transaction():
        assert on_articles_changed(store, ["a"], []) == (1, 0)
    assert tags.orphans() == []
    assert tags.passage(p.id).start == p.start


def test_merge_redirect_and_split_siblings(store: Store) -> None:
    put(store, "a", "\n".join(PARAS[:2]))
    put(store, "b", "\n".join(PARAS[2:]))
    tags = TagService(store)
    b_text = store.article("b").text
    q = "将延长夜间开放时间"
    p = tags.tag_passage(article_id="b", start=b_text.index(q), end=b_text.index(q) + len(q), tags=["公园"])
    with store.transaction():
        merged = edits.apply_merge(store, "a", "b")  # calls the hook itself
        assert on_articles_changed(store, ["a"], ["b"], {"b": "a"}) == (0, 0)
    moved = tags.passage(p.id)
    assert moved.article_id == "a" and merged.text[moved.start : moved.end] == q
    # Splitting the paragraphs off again takes the passage into the new article.
    with store.transaction():
        first, second = edits.apply_split(store, "a", 2)  # calls the hook itself
        assert on_articles_changed(store, [first.id, second.id], []) == (0, 0)
    back = tags.passage(p.id)
    assert back.article_id == second.id and second.text[back.start : back.end] == q


def test_retry_finds_passages_left_stale_by_a_change_without_the_hook(store: Store) -> None:
    put(store, "a", "𠮷" + TEXT)
    tags = TagService(store)
    s = TEXT.index("拍照留念") + 1
    p = tags.tag_passage(article_id="a", start=s, end=s + 4, tags=["t"])
    assert tags.retry_orphans() == (0, 0)  # nothing stale: SQLite counts 𠮷 as one character
    put(store, "a", "插入一段。\n𠮷" + TEXT)  # as if an import died before re-anchoring
    assert tags.retry_orphans() == (1, 0)
    assert tags.passage(p.id).start == s + 6
