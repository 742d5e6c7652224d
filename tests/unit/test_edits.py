"""Corrections of the split (edit, merge, split) apply at once and survive re-import."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers import write_crawler

from newsdesk import Library
from newsdesk.cli import main
from newsdesk.errors import UserError

PARAS = ["第一篇的第一段。", "第一篇的第二段。", "另一篇文章的标题", "另一篇的第一段。", "另一篇的第二段。"]


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    with Library.open(tmp_path / "lib") as library:
        yield library


def _touch_change(path: Path) -> None:
    # A re-import only rereads a file whose bytes changed: add a trailing blank line.
    path.write_bytes(path.read_bytes() + b"\r\n")


def test_edit_fields_survives_reimport(lib: Library, tmp_path: Path) -> None:
    path = write_crawler(tmp_path / "a.txt", "", "错误的标题", "", PARAS[:2])
    lib.import_paths([path])
    (aid,) = lib.article_ids()
    lib.edits.edit(aid, title="正确的标题", kicker="引题：", bylines=[{"role": "reporter", "name": "刘地"}])
    _touch_change(path)
    lib.import_paths([path])
    a = lib.article(aid)
    assert (a.title, a.kicker, [b.name for b in a.bylines]) == ("正确的标题", "引题：", ["刘地"])


def test_split_and_merge_survive_reimport(lib: Library, tmp_path: Path) -> None:
    path = write_crawler(tmp_path / "page.txt", "", "第一篇", "", PARAS)
    lib.import_paths([path])
    (aid,) = lib.article_ids()
    first, second = lib.edits.split(aid, 2)
    assert first.paragraphs == PARAS[:2]
    assert (second.title, second.paragraphs) == (PARAS[2], PARAS[3:])
    _touch_change(path)
    report = lib.import_paths([path])
    assert not report.failed
    assert sorted(lib.article_ids()) == sorted([aid, second.id])
    assert lib.article(second.id).title == PARAS[2]
    assert lib.article(aid).paragraphs == PARAS[:2]
    # Merging them back gives the original paragraphs, also after another re-import.
    merged = lib.edits.merge(aid, second.id)
    assert merged.paragraphs == PARAS[:2] + PARAS[3:]
    assert any(h.text == PARAS[2] and h.paragraph == 2 for h in merged.section_heads)
    _touch_change(path)
    lib.import_paths([path])
    assert lib.article_ids() == [aid]


def test_merge_two_files_halves(lib: Library, tmp_path: Path) -> None:
    p1 = write_crawler(tmp_path / "p1.txt", "", "上半篇", "", ["转到下一版的文章开头。"])
    p2 = write_crawler(tmp_path / "p2.txt", "", "下半篇", "", ["从上一版转来的结尾。"])
    lib.import_paths([p1, p2])
    ids = {lib.article(i).title: i for i in lib.article_ids()}
    merged = lib.edits.merge(ids["上半篇"], ids["下半篇"])
    assert merged.text == "转到下一版的文章开头。\n从上一版转来的结尾。"
    assert sorted(s.path for s in lib.article(merged.id).sources) == sorted([str(p1), str(p2)])
    _touch_change(p2)
    lib.import_paths([p1, p2])
    assert lib.article_ids() == [merged.id]


def test_bad_corrections_are_user_errors(lib: Library, tmp_path: Path) -> None:
    lib.import_paths([write_crawler(tmp_path / "a.txt", "", "标题", "", PARAS[:2])])
    (aid,) = lib.article_ids()
    with pytest.raises(UserError, match="paragraph 5"):
        lib.edits.split(aid, 5)
    with pytest.raises(UserError, match="itself"):
        lib.edits.merge(aid, aid)
    with pytest.raises(UserError, match="no article"):
        lib.edits.edit("nope", title="x")


def test_cli_article_edit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        lib.import_paths([write_crawler(tmp_path / "a.txt", "", "标题", "", PARAS[:2])])
        (aid,) = lib.article_ids()
    code = main(
        [
            "--library",
            str(folder),
            "article",
            "edit",
            aid,
            "--title",
            "新标题",
            "--byline",
            "reporter:王泽博",
            "--byline",
            "photographer:郭威",
        ]
    )
    assert code == 0
    with Library.open(folder) as lib:
        a = lib.article(aid)
    assert a.title == "新标题"
    assert [(b.role, b.name) for b in a.bylines] == [("reporter", "王泽博"), ("photographer", "郭威")]
    assert main(["--library", str(folder), "article", "edit", aid, "--byline", "boss:x"]) == 2
    capsys.readouterr()
