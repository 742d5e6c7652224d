"""TagService and the Library's doors to it: tagging, hierarchy, rename/merge/delete, colours."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.helpers import record, write_jsonl
from tests.unit.tags.tagkit import put

from newsdesk import paths
from newsdesk.errors import LibraryBusyError, NotFoundError, UserError
from newsdesk.library import Library
from newsdesk.lock import WriteLock
from newsdesk.store import Store
from newsdesk.tags.service import TagService

TEXT = "\n".join(
    [
        "郑州高新区首个主题公园迎来荷花盛开的季节。",
        "市民纷纷前来观赏，拍照留念。",
        "公园管理处表示，将延长夜间开放时间。",
    ]
)
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.fixture
def svc(store: Store) -> TagService:
    put(store, "a", TEXT)
    put(store, "b", "另一篇文章的正文。")
    return TagService(store)


def span(quote: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def tag(svc: TagService, quote: str, *tags: str, note: str | None = None, article: str = "a"):  # type: ignore[no-untyped-def]
    text = TEXT if article == "a" else "另一篇文章的正文。"
    s, e = span(quote, text)
    return svc.tag_passage(article_id=article, start=s, end=e, tags=list(tags), note=note)


def test_tag_through_the_library_keeps_exact_code_points(lib: Library, tmp_path: Path) -> None:
    body = "𠮷野家在郑州开店。\n𠮷字的上面是“土”，店名写作𠮷野家。"
    lib.import_paths([write_jsonl(tmp_path / "a.jsonl", [record("x-1", "𠮷野家开店", body)])])
    text = lib.article("x-1").text
    start = text.index("店名写作𠮷野家")
    p = lib.passages.tag("x-1", start, start + 7, ["店铺/餐饮"], note="  看这里 ")
    assert (p.start, p.end, p.quote) == (start, start + 7, "店名写作𠮷野家")
    assert text[p.start : p.end] == p.quote
    assert p.prefix == text[max(0, start - 32) : start] and p.suffix == text[start + 7 : start + 39]
    assert p.note == "看这里" and p.tags == ("店铺/餐饮",)
    assert STAMP.match(p.created) and p.created == p.modified and p.orphaned is None
    assert lib.passages.find() == [p] == lib.passages.find(article_id="x-1")
    assert set(p.to_json()) == {
        "id",
        "article_id",
        "start",
        "end",
        "quote",
        "prefix",
        "suffix",
        "tags",
        "note",
        "created",
        "modified",
        "author",
    }


@pytest.mark.parametrize(
    ("article", "start", "end", "tags", "message"),
    [
        ("a", 5, 5, ["t"], "bad passage offsets 5..5"),
        ("a", 10, 3, ["t"], "bad passage offsets"),
        ("a", -1, 3, ["t"], "bad passage offsets"),
        ("a", 0, len(TEXT) + 1, ["t"], f"<= {len(TEXT)}"),
        ("nope", 0, 1, ["t"], "no article with id 'nope'"),
        ("a", 0, 1, [""], "empty tag name"),
        ("a", 0, 1, ["  "], "empty tag name"),
        ("a", 0, 1, ["地区//郑州"], "a level between '/' is empty"),
        ("a", 0, 1, [], "give at least one tag"),
    ],
)
def test_bad_input_is_a_user_error(
    svc: TagService, article: str, start: int, end: int, tags: list[str], message: str
) -> None:
    with pytest.raises(UserError, match=re.escape(message)):
        svc.tag_passage(article_id=article, start=start, end=end, tags=tags)
    assert svc.passages(orphans=True) == []


def test_unknown_ids(svc: TagService) -> None:
    with pytest.raises(NotFoundError, match="no passage with id 'missing'"):
        svc.delete_passage("missing")
    with pytest.raises(NotFoundError, match="no tag '没有'"):
        svc.delete_tag(tag="没有")
    with pytest.raises(NotFoundError):
        svc.rename_tag(old="没有", new="有")


def test_tag_names_are_normalised_and_a_prefix_names_a_passage(svc: TagService) -> None:
    p = tag(svc, "拍照留念", " 地区 ／ 郑州 ", "地区/郑州", "人物")
    assert p.tags == ("人物", "地区/郑州")
    assert svc.passage(p.id[:8]) == p


def test_hierarchical_filter_includes_children_only(svc: TagService) -> None:
    deep = tag(svc, "郑州高新区", "地区/郑州/高新区")
    mid = tag(svc, "主题公园", "地区/郑州")
    other = tag(svc, "市民纷纷前来观赏", "地区/北京")
    sibling = tag(svc, "拍照留念", "地区A")
    tag(svc, "文章", "人物", article="b")
    ids = lambda ps: {p.id for p in ps}  # noqa: E731
    assert ids(svc.passages(tag="地区")) == {deep.id, mid.id, other.id}
    assert ids(svc.passages(tag="地区/郑州")) == {deep.id, mid.id}
    assert ids(svc.passages(tag="地区/郑州", include_children=False)) == {mid.id}
    assert svc.passages(tag="地区", include_children=False) == []
    assert ids(svc.passages(tag="地区A")) == {sibling.id}
    assert svc.tag_tree() == [
        ("人物", 1),
        ("地区", 3),
        ("地区/北京", 1),
        ("地区/郑州", 2),
        ("地区/郑州/高新区", 1),
        ("地区A", 1),
    ]
    assert svc.article_ids_with_tag("地区") == {"a"}
    assert svc.article_ids_with_tag("人物") == {"b"}
    assert svc.article_ids_with_tag("地区/郑州", include_children=False) == {"a"}
    assert svc.count_tag("地区") == 3


def test_same_span_again_adds_tags_to_the_passage(svc: TagService) -> None:
    first = tag(svc, "主题公园", "公园")
    again = tag(svc, "主题公园", "地区/郑州", note="重点")
    assert again.id == first.id and again.tags == ("公园", "地区/郑州") and again.note == "重点"
    assert len(svc.passages()) == 1
    assert svc.most_used_tags() == ["公园", "地区/郑州"]


def test_update_delete_restore(svc: TagService) -> None:
    p = tag(svc, "主题公园", "公园", "旧", note="备注")
    p2 = svc.update_passage(p.id, add_tags=["新"], remove_tags=["旧"], note=None)
    assert (p2.tags, p2.note) == (("公园", "新"), None)
    assert "旧" not in svc.tags()  # a tag no passage has (and without a colour) goes
    s, e = span("荷花盛开")
    moved = svc.update_passage(p.id, start=s, end=e)
    assert (moved.start, moved.end, moved.quote) == (s, e, "荷花盛开")
    with pytest.raises(UserError, match="bad passage offsets"):
        svc.update_passage(p.id, start=e, end=s)
    gone = svc.delete_passage(p.id)
    assert svc.passages() == [] and svc.tags() == []
    assert svc.restore_passage(gone) == gone
    with pytest.raises(UserError, match="already exists"):
        svc.restore_passage(gone)


def test_rename_moves_the_subtree_and_keeps_colours(svc: TagService) -> None:
    p = tag(svc, "郑州高新区", "地区/郑州/高新区", "人物")
    q = tag(svc, "主题公园", "地区/郑州")
    svc.set_tag_colour(tag="地区/郑州", colour="#F0A")
    assert svc.rename_tag(old="地区", new="区域") == 2
    assert svc.passage(p.id).tags == ("人物", "区域/郑州/高新区")
    assert svc.passage(q.id).tags == ("区域/郑州",)
    assert svc.tag_colours() == {"区域/郑州": "#ff00aa"}
    assert svc.colour_of("区域/郑州/高新区") == "#ff00aa"
    assert svc.passages(tag="地区") == []
    with pytest.raises(UserError, match="already exists: merge"):
        svc.rename_tag(old="人物", new="区域/郑州")


def test_merge_and_delete_say_how_many_passages(svc: TagService) -> None:
    a = tag(svc, "郑州高新区", "郑州", "人物")
    b = tag(svc, "主题公园", "Zhengzhou/公园")
    c = tag(svc, "拍照留念", "地区/郑州")
    assert svc.merge_tags(sources=["郑州", "Zhengzhou"], into="地区/郑州") == 2
    assert svc.passage(a.id).tags == ("人物", "地区/郑州")
    assert svc.passage(b.id).tags == ("地区/郑州/公园",)
    assert svc.tag_tree() == [("人物", 1), ("地区", 3), ("地区/郑州", 3), ("地区/郑州/公园", 1)]
    assert svc.delete_tag(tag="地区") == 3
    # The passages stay, with what else they had.
    assert {p.id: p.tags for p in svc.passages()} == {a.id: ("人物",), b.id: (), c.id: ()}
    assert svc.tag_tree() == [("人物", 1)]


def test_colours(svc: TagService) -> None:
    assert svc.set_tag_colour(tag="待查", colour="#AbCdEf") == "#abcdef"
    assert svc.tag_tree() == [("待查", 0)]
    with pytest.raises(UserError, match="bad colour"):
        svc.set_tag_colour(tag="待查", colour="red")
    svc.set_tag_colour(tag="待查", colour=None)
    assert svc.tag_colours() == {} and svc.tags() == []


def test_note_search_folds_case_width_and_script(svc: TagService) -> None:
    tag(svc, "主题公园", "公园", note="ＡＢＣ的公園")
    tag(svc, "文章", "人物", note="无关", article="b")
    assert svc.article_ids_with_note("abc") == {"a"}
    assert svc.article_ids_with_note("公园") == {"a"}
    assert svc.article_ids_with_note("无关") == {"b"}
    assert svc.article_ids_with_note("没有") == set()


def test_library_writes_wait_for_no_one_and_fail_when_another_writer_holds_the_lock(
    lib: Library, tmp_path: Path
) -> None:
    lib.import_paths([write_jsonl(tmp_path / "a.jsonl", [record("x-1", "标题", TEXT)])])
    p = lib.passages.tag("x-1", 0, 5, ["地区"])
    other = WriteLock(paths.lock_path(lib.folder))  # another writer (its own open file)
    other.acquire("import")
    try:
        with pytest.raises(LibraryBusyError):
            lib.tags.delete("地区")
        assert lib.passages.find(tag="地区") == [p]  # reads do not wait
    finally:
        other.release()
    assert lib.tags.delete("地区") == 1
    assert lib.passages.get(p.id).tags == ()
