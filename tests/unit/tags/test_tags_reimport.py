"""Passages survive a source file edited the way an editor would, then imported again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.helpers import write_crawler
from tests.unit.tags.tagkit import reimport

from newsdesk.library import Library

KICKER, TITLE = "高新区枫杨办事处：", "荷花盛开迎客来"
PARAS = [
    "本报郑州7月1日电 郑州高新区首个主题公园迎来荷花盛开的季节，𠮷祥物“小荷”也同时亮相。",
    "据介绍，该公园占地约二百亩，是高薪区今年的重点民生工程之一，总投资约三亿元。",
    "市民纷纷前来观赏，拍照留念，不少人带着孩子在湖边写生。",
    "公园管理处表示，将延长夜间开放时间，并增加志愿者服务岗位。",
]
TYPO = "是高薪区今年的重点民生工程"  # a typo (薪 for 新) inside the passage
OUTSIDE_BMP = "𠮷祥物“小荷”也同时亮相"  # after a character outside the BMP
DOOMED = "不少人带着孩子在湖边写生"  # in the paragraph that gets deleted
LAST = "将延长夜间开放时间"


def _edit_typo(paras: list[str]) -> list[str]:
    return [p.replace("高薪区", "高新区") for p in paras]


def _insert_before(paras: list[str]) -> list[str]:
    return [*paras[:1], "编者按：这是补登的一段，介绍公园的由来和建设经过。", *paras[1:]]


def _delete_paragraph(paras: list[str]) -> list[str]:
    return [p for p in paras if DOOMED not in p]


EDITS: dict[str, tuple[Callable[[list[str]], list[str]], str]] = {
    # edit: (how the paragraphs change, encoding of the rewritten file)
    "typo fixed inside the passage": (_edit_typo, "utf-8"),
    "paragraph inserted before it": (_insert_before, "utf-8"),
    "its paragraph deleted": (_delete_paragraph, "utf-8"),
    "same text saved as GB18030": (lambda paras: paras, "gb18030"),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_passages_after_an_edited_file_is_imported_again(lib: Library, tmp_path: Path, edit: str) -> None:
    change, encoding = EDITS[edit]
    path = write_crawler(tmp_path / "in" / "20230701-05-01.txt", KICKER, TITLE, "", PARAS)
    assert not lib.import_paths([path]).failed
    (aid,) = lib.article_ids()
    text = lib.article(aid).text
    tagged = {}
    for quote in (TYPO, OUTSIDE_BMP, DOOMED, LAST):
        start = text.index(quote)
        tagged[quote] = lib.passages.tag(aid, start, start + len(quote), ["测试/" + quote[:2]])

    write_crawler(path, KICKER, TITLE, "", change(PARAS), encoding=encoding)
    report, (moved, orphaned) = reimport(lib, [path])
    assert not report.failed
    assert lib.article_ids() == [aid]
    new = lib.article(aid).text
    expected = {
        TYPO: "是高新区今年的重点民生工程" if edit.startswith("typo") else TYPO,
        OUTSIDE_BMP: OUTSIDE_BMP,
        DOOMED: None if edit == "its paragraph deleted" else DOOMED,
        LAST: LAST,
    }
    for quote, want in expected.items():
        p = lib.passages.get(tagged[quote].id)
        if want is None:
            assert p.is_orphan and p.quote == quote and p.article_id == aid
            assert lib.passages.orphans() == [p]
        else:
            assert not p.is_orphan
            assert new[p.start : p.end] == p.quote == want
            assert p.start == new.index(want)
            assert p.tags == tagged[quote].tags
    if encoding == "gb18030":
        assert new == text and (moved, orphaned) == (0, 0)
        assert all(lib.passages.get(p.id) == p for p in tagged.values())
    assert orphaned == (1 if edit == "its paragraph deleted" else 0)


def test_an_orphan_comes_back_when_its_paragraph_does(lib: Library, tmp_path: Path) -> None:
    path = write_crawler(tmp_path / "in" / "a.txt", KICKER, TITLE, "", PARAS)
    lib.import_paths([path])
    (aid,) = lib.article_ids()
    start = lib.article(aid).text.index(DOOMED)
    p = lib.passages.tag(aid, start, start + len(DOOMED), ["写生"])
    write_crawler(path, KICKER, TITLE, "", _delete_paragraph(PARAS))
    reimport(lib, [path])
    assert lib.passages.orphans() == [lib.passages.get(p.id)]
    assert lib.passages.find(tag="写生") == [] and lib.tags.tree() == [("写生", 1)]
    write_crawler(path, KICKER, TITLE, "", PARAS)
    _, (moved, orphaned) = reimport(lib, [path])
    assert (moved, orphaned) == (1, 0)
    assert lib.passages.orphans() == [] and lib.passages.get(p.id).start == start
