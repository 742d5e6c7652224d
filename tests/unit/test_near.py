"""Near-identical versions of one article (#22 point 6): the comparison and the kept version,
then end to end through imports of a JSON Lines file, a crawler file and a page text."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers import record, write_crawler, write_jsonl

from newsdesk import Library, near
from newsdesk.domain import ArticleDraft, Byline

KICKER = "新年贺词引发热烈反响——"
TITLE = "贺词里的追梦人"
SUBTITLE = "——记奋斗在一线的普通劳动者"
PARAS = [
    "新年前夕，一段段温暖人心的话语传遍大江南北，在各行各业的劳动者中间引起强烈共鸣。",
    "凌晨四点，环卫工人老王已经开始清扫街道，他说听到贺词里提到普通人的奋斗，心里热乎乎的。",
    "在西部山区的一所村小，支教老师小李把贺词抄在黑板上，带着孩子们一句一句地朗读。",
    "港口码头上，桥吊司机操作着几十米高的机械，集装箱一只只稳稳落在货轮甲板上。",
    "大家都说，新的一年要继续撸起袖子加油干，把日子过得更加红火，让梦想照进现实。",
]
OTHER_PARAS = [
    "全市今年新建改建公园绿地四十余处，市民出门见绿、移步见景的愿望正在变成现实。",
    "园林部门表示，将继续推进口袋公园建设，让更多居民在家门口享受到生态福利。",
]


def draft(paragraphs: list[str], **fields: object) -> ArticleDraft:
    fields.setdefault("title", TITLE)
    return ArticleDraft(paragraphs=tuple(paragraphs), **fields)  # type: ignore[arg-type]


# --- the comparison ---------------------------------------------------------------------------


def test_title_key_folds_spaces_punctuation_and_traditional() -> None:
    assert near.title_key("贺词里的 追梦人！") == near.title_key("賀詞裡的追夢人") == "贺词里的追梦人"
    assert near.title_key("") == ""


def test_kicker_lines_moved_into_the_body_are_the_same_article() -> None:
    jsonl = draft([KICKER, SUBTITLE, *PARAS])
    crawler = draft(PARAS, kicker=KICKER, subtitle=SUBTITLE)
    assert near.same_article(jsonl, crawler) and near.same_article(crawler, jsonl)


def test_a_small_edit_is_the_same_article_and_a_larger_one_is_not() -> None:
    edited = [*PARAS[:-1], PARAS[-1].replace("红火", "兴旺")]  # 2 of ~200 characters
    assert near.same_article(draft(PARAS), draft(edited))
    rewritten = [*PARAS[:-1], "记者在采访中了解到，许多人把新年愿望写进了家书，寄给远方的亲人。"]
    assert not near.same_article(draft(PARAS), draft(rewritten))
    assert not near.same_article(draft(PARAS), draft(PARAS[:-1]))  # a paragraph less: ~20 %


def test_a_paragraph_cut_in_two_is_still_the_same_article() -> None:
    cut = [PARAS[0], PARAS[1][:20], PARAS[1][20:], *PARAS[2:]]
    assert near.same_article(draft(PARAS), draft(cut))


def test_different_days_are_different_articles() -> None:
    assert not near.same_article(draft(PARAS, date="2023-01-01"), draft(PARAS, date="2023-01-02"))
    assert near.same_article(draft(PARAS, date="2023-01-01"), draft(PARAS))


def test_the_version_with_more_structure_is_kept_and_a_tie_keeps_the_stored_one() -> None:
    plain = draft([KICKER, *PARAS])
    rich = draft(PARAS, kicker=KICKER, bylines=(Byline("reporter", "李明"),))
    assert near.keeps_new(rich, plain)
    assert not near.keeps_new(plain, rich)
    assert not near.keeps_new(plain, draft([KICKER, *PARAS]))


# --- end to end --------------------------------------------------------------------------------


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    with Library.open(tmp_path / "lib") as library:
        yield library


def _jsonl(folder: Path, body: list[str] | None = None, name: str = "a.jsonl") -> Path:
    lines = body if body is not None else [KICKER, SUBTITLE, *PARAS]
    return write_jsonl(folder / name, [record("rmrb-1", TITLE, "\n".join(lines), section="第01版")])


def _crawler(folder: Path) -> Path:
    return write_crawler(folder / "20230101-01-06.txt", KICKER, TITLE, SUBTITLE, PARAS, "本报记者  李  明")


def _page(folder: Path) -> Path:
    """A page text holding the article and another one, in the seed's layout."""
    text = "\n\n".join(
        [
            "公园绿地又添新景",
            "本报记者 王小红",
            *OTHER_PARAS,
            KICKER,
            TITLE,
            SUBTITLE,
            "本报记者  李  明",
            *PARAS,
        ]
    )
    path = folder / "rmrb-20230101-p01.txt"
    path.write_text(text + "\n", "utf-8")
    return path


def test_three_files_one_article_with_three_places(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    files = [_jsonl(folder), _crawler(folder), _page(folder)]
    report = lib.import_paths([folder])
    assert report.added == 2  # the story and the page's other article
    assert report.duplicates == 2  # (the crawler file is read first; the page is an exact copy of it)
    assert report.near_duplicates == 1
    (aid,) = [i for i in lib.article_ids() if lib.article(i).title == TITLE]
    article = lib.article(aid)
    assert aid != "rmrb-1"  # the first version read keeps its id
    assert sorted(s.path for s in article.sources) == sorted(str(f) for f in files)
    # the text kept is the version with the most structure: heads as heads, its byline
    assert (article.kicker, article.subtitle) == (KICKER, SUBTITLE)
    assert article.paragraphs == PARAS
    assert article.bylines == (Byline("reporter", "李明"),)
    assert lib.search("环卫工人").total == 1
    # re-importing changes nothing, and the poorer version read again does not win
    again = lib.import_paths([folder])
    assert (again.added, again.updated, again.removed) == (0, 0, 0)
    _jsonl(folder, [KICKER, SUBTITLE, *PARAS, "（完）"])  # a changed file, same story
    lib.import_paths([folder])
    assert lib.article(aid).kicker == KICKER and lib.article(aid).paragraphs == PARAS
    assert len(lib.article_ids()) == 2


def test_order_of_files_does_not_change_the_kept_text(lib: Library, tmp_path: Path) -> None:
    lib.import_paths([_crawler(tmp_path / "c")])
    lib.import_paths([_jsonl(tmp_path / "j")])
    (aid,) = lib.article_ids()
    assert lib.article(aid).kicker == KICKER and lib.article(aid).paragraphs == PARAS
    assert len(lib.article(aid).sources) == 2


def test_texts_that_differ_more_stay_two_articles(lib: Library, tmp_path: Path) -> None:
    _crawler(tmp_path / "in")
    _jsonl(tmp_path / "in", [KICKER, *PARAS[:3], *OTHER_PARAS])
    report = lib.import_paths([tmp_path / "in"])
    assert (report.added, report.near_duplicates) == (2, 0)


def test_passages_and_corrections_follow_the_kept_article(lib: Library, tmp_path: Path) -> None:
    lib.import_paths([_jsonl(tmp_path / "j")])
    text = lib.article("rmrb-1").text
    start = text.index("环卫工人")
    passage = lib.passages.tag("rmrb-1", start, start + 4, ["人物"])
    corrected = [{"role": "reporter", "name": "李明"}, {"role": "photographer", "name": "李明"}]
    lib.edits.edit("rmrb-1", bylines=corrected)
    lib.import_paths([_crawler(tmp_path / "c")])
    (aid,) = lib.article_ids()
    kept = lib.article(aid)
    assert kept.kicker == KICKER  # the richer text replaced the JSON Lines one
    assert kept.bylines == (Byline("reporter", "李明"), Byline("photographer", "李明"))  # replayed
    moved = lib.passages.get(passage.id)
    assert moved.article_id == aid and kept.text[moved.start : moved.end] == "环卫工人"


def test_a_files_own_article_joins_a_version_it_became_near(lib: Library, tmp_path: Path) -> None:
    """Re-import of a changed file whose article is now a near copy of another file's: the two
    become one, and the passage made on the file's old article moves to the kept one."""
    lib.import_paths([_crawler(tmp_path / "c")])
    page = tmp_path / "p" / "page.txt"
    page.parent.mkdir()
    page.write_text("\n\n".join([TITLE, *PARAS[:2], *OTHER_PARAS]) + "\n", "utf-8")
    lib.import_paths([page.parent])
    assert len(lib.article_ids()) == 2
    (mine,) = [
        i
        for i in lib.article_ids()
        if len(lib.article(i).sources) == 1 and "page" in lib.article(i).sources[0].path
    ]
    start = lib.article(mine).text.index("环卫工人")
    passage = lib.passages.tag(mine, start, start + 4, ["人物"])
    page.write_text("\n\n".join([TITLE, *PARAS]) + "\n", "utf-8")
    report = lib.import_paths([page.parent])
    assert report.near_duplicates == 1 and report.removed == 1
    (aid,) = lib.article_ids()
    moved = lib.passages.get(passage.id)
    assert moved.article_id == aid and lib.article(aid).text[moved.start : moved.end] == "环卫工人"


def test_a_corrected_title_is_the_key_the_next_import_looks_up(lib: Library, tmp_path: Path) -> None:
    lib.import_paths([_jsonl(tmp_path / "j")])
    lib.edits.edit("rmrb-1", title="追梦人")
    path = write_crawler(tmp_path / "c" / "20230101-01-06.txt", KICKER, "追梦人", SUBTITLE, PARAS)
    report = lib.import_paths([path])
    assert report.near_duplicates == 1
    assert lib.article_ids() == ["rmrb-1"]
