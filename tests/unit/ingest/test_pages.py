"""Page splitter rules on small invented pages: heads, bylines, datelines, captions, joins."""

from __future__ import annotations

from typing import cast

import pytest
from tests.unit.ingest.page_fixtures import assert_conserved, conservation_gaps

from newsdesk.domain import ArticleDraft, SectionHead
from newsdesk.ingest.pages import PageSplit, split_page
from newsdesk.ingest.pages.bylines import parse_byline_line

P1 = "今年以来，某区持续推进基层治理创新，把服务延伸到群众家门口，取得了明显成效。"
P2 = "在社区层面，工作人员逐户走访，收集意见建议三百余条，并逐条建立台账限时办结。"
P3 = "下一步，该区将继续完善工作机制，推动各项措施落地见效，让群众的获得感更加充实。"
P4 = "据介绍，全区已建成便民服务站四十余个，基本实现了十五分钟服务圈的全覆盖目标。"


def split(text: str) -> PageSplit:
    """Split and check conservation: every rule test is also a conservation test."""
    result = split_page(text)
    assert_conserved(text, result)
    return result


def page(*blocks: str, gap: str = "\n\n") -> str:
    return gap.join(blocks) + "\n"


def roles(article: ArticleDraft) -> list[tuple[str, str]]:
    return [(b.role, b.name) for b in article.bylines]


def test_kicker_title_and_bylines_with_roles() -> None:
    (a,) = split(
        page("某区街道办事处：", "党建引领 聚力前行", "本报记者 张  伟 通讯员 李明", P1, P2)
    ).articles
    assert (a.kicker, a.title, a.subtitle) == ("某区街道办事处：", "党建引领 聚力前行", None)
    assert roles(a) == [("reporter", "张伟"), ("correspondent", "李明")]
    assert a.paragraphs == (P1, P2)


def test_subtitle_opens_with_a_dash() -> None:
    (a,) = split(page("让城市更有温度", "——访某市住房和城乡建设局局长", "本报记者  李  明", P1)).articles
    assert (a.title, a.subtitle) == ("让城市更有温度", "——访某市住房和城乡建设局局长")
    assert roles(a) == [("reporter", "李明")]


def test_glued_tu_credits_photos_and_org_credit_is_a_photo_credit() -> None:
    text = page("新区建设提速", "本报记者 王小明 通讯员 赵六 陈七图", P1, P2, "某某公司 供图")
    (a,) = split(text).articles
    assert roles(a) == [("reporter", "王小明"), ("correspondent", "赵六"), ("photographer", "陈七")]
    assert a.photo_credits == ("某某公司",)
    assert "某某公司 供图" not in a.paragraphs


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("吴江 摄", [("photographer", "吴江")]),
        ("杜宇/摄", [("photographer", "杜宇")]),
        ("新华社记者 杜宇 摄", [("photographer", "杜宇")]),
        ("摄影 吴江", [("photographer", "吴江")]),
        ("本报评论员", [("commentator", "本报评论员")]),
        ("文/张三  图/李四", [("author", "张三"), ("photographer", "李四")]),
        ("本報記者 王小明", [("reporter", "王小明")]),
        ("本报记者 李宏图", [("reporter", "李宏图")]),  # a lone name keeps its 图
    ],
)
def test_byline_forms(line: str, expected: list[tuple[str, str]]) -> None:
    found = parse_byline_line(line)
    assert found is not None
    assert [(b.role, b.name) for b in found.bylines] == expected


@pytest.mark.parametrize("line", ["记者手记", "凝心聚力 共谋发展", "本报记者", "王 珏", "一二三四五六"])
def test_lines_that_are_not_bylines(line: str) -> None:
    assert parse_byline_line(line) is None


def test_dateline_is_a_field_and_stays_in_the_paragraph() -> None:
    first = "本报杭州1月3日电  （记者王五）" + P1
    (a,) = split(page("新年首日客流平稳", first, P2)).articles
    assert a.dateline == "本报杭州1月3日电"
    assert a.paragraphs[0] == first
    assert ("reporter", "王五") in roles(a)


def test_closing_credit_gives_the_dateline_and_stays_a_paragraph() -> None:
    closing = "（新华社上海1月2日电  新华社记者）"
    (a,) = split(page("各地迎新活动丰富多彩", P1, P2, closing)).articles
    assert a.dateline == "新华社上海1月2日电"
    assert a.paragraphs[-1] == closing


def test_captions_and_section_heads_are_not_paragraphs() -> None:
    text = page(
        "守护一方平安",
        "本报记者 张伟",
        P1,
        "\n\n社区志愿者在街头开展安全宣传\n\n",
        "筑牢思想根基",
        P2,
        P3,
        "织密服务网格",
        P4,
    )
    (a,) = split(text).articles
    assert a.paragraphs == (P1, P2, P3, P4)
    assert a.captions == ("社区志愿者在街头开展安全宣传",)
    assert a.section_heads == (SectionHead("筑牢思想根基", 1), SectionHead("织密服务网格", 3))


def test_column_break_is_rejoined() -> None:
    cut = P1[:30], P1[30:]
    (a,) = split(page("一网统管见实效", cut[0], cut[1], P2)).articles
    assert a.paragraphs == (P1, P2)


def test_caption_dropped_into_a_column_break_is_lifted_out() -> None:
    (a,) = split(page("一网统管见实效", P1[:30], "街道网格员入户走访", P1[30:], P2)).articles
    assert a.paragraphs == (P1, P2)
    assert a.captions == ("街道网格员入户走访",)


def test_never_joined_across_a_paragraph_end() -> None:
    (a,) = split(page("一网统管见实效", P1, P2, P3)).articles
    assert a.paragraphs == (P1, P2, P3)


def test_heads_printed_after_their_body() -> None:
    text = page(
        "第一篇的引题：",
        "第一篇的标题",
        "本报记者 张伟",
        P1,
        P2,
        "某某公司 供图",
        "湖畔公园一角",
        P3,
        P4,
        "第二篇的引题：",
        "第二篇的标题",
        "本报记者 王小明 通讯员 赵六",
    )
    first, second = split(text).articles
    assert first.paragraphs == (P1, P2)
    assert (second.kicker, second.title) == ("第二篇的引题：", "第二篇的标题")
    assert second.paragraphs == (P3, P4)
    assert roles(second) == [("reporter", "王小明"), ("correspondent", "赵六")]
    assert "湖畔公园一角" in first.captions + second.captions


def test_a_dateline_under_heads_starts_an_article() -> None:
    text = page("甲地迎来新年第一场雪", P1, P2, "乙地新建公园开放", "新华社成都12月30日电  " + P3)
    a, b = split(text).articles
    assert (a.title, a.paragraphs) == ("甲地迎来新年第一场雪", (P1, P2))
    assert b.title == "乙地新建公园开放"
    assert b.dateline == "新华社成都12月30日电"


def test_end_byline_then_heads_start_the_next_article() -> None:
    text = page("第一篇的标题", P1, "本报评论员", "第二篇的标题", P2, P3, "本报记者 张伟")
    a, b = split(text).articles
    assert roles(a) == [("commentator", "本报评论员")]
    assert (b.title, b.paragraphs, roles(b)) == ("第二篇的标题", (P2, P3), [("reporter", "张伟")])


def test_page_credits_and_adverts_go_to_page_meta() -> None:
    text = page("某某标题", P1, "本版责编：刘 一　王 二", "版式设计：张三", "广告")
    result = split(text)
    assert [a.title for a in result.articles] == ["某某标题"]
    assert result.page_meta["credits"] == ["本版责编：刘 一　王 二", "版式设计：张三"]
    assert result.page_meta["dropped"] == ["广告"]
    assert {"role": "本版责编", "name": "刘一"} in cast(list[object], result.page_meta["editors"])


def test_editors_note_sign() -> None:
    """A short text signed `——编者` is the article's editor's note, not a byline named 编者."""
    (a,) = split(page("迎新春美术作品选登", P1, P2, "——编\xa0\xa0者")).articles
    assert a.bylines == ()
    assert a.note == "\n".join([P1, P2, "——编\xa0\xa0者"])
    assert a.paragraphs == ()


def test_page_header_and_jump_lines() -> None:
    result = split(page("第05版：要闻", "某某标题", P1, "（下转第二版）"))
    assert result.page_meta["page"] == "05"
    assert result.page_meta["jumps"] == ["（下转第二版）"]


def test_one_article_file_stays_one_article() -> None:
    (a,) = split("某某标题\n" + P1 + "\n" + P2 + "\n").articles
    assert (a.title, a.paragraphs) == ("某某标题", (P1, P2))


def test_crawler_file_heads_line() -> None:
    text = "引题：\t主题\t——副题\r\n\r\n\u3000\u3000" + P1 + "\r\n\u3000\u3000" + P2 + "\r\n"
    (a,) = split(text).articles
    assert (a.kicker, a.title, a.subtitle, a.paragraphs) == ("引题：", "主题", "——副题", (P1, P2))


def test_hard_wrapped_indented_paragraphs_are_joined() -> None:
    text = "标题\n\u3000\u3000" + P1[:20] + "\n" + P1[20:] + "\n\u3000\u3000" + P2 + "\n\u3000\u3000" + P3
    (a,) = split(text).articles
    assert a.paragraphs == (P1, P2, P3)


def test_verse_inside_a_body_stays_paragraphs() -> None:
    verse = ["春风吹过山岗", "细雨落在田野", "种子破土而出", "禾苗向阳生长", "农人笑在心头"]
    (a,) = split(page("田园新歌", P1, *verse, P2)).articles
    assert a.paragraphs == (P1, *verse, P2)


def test_bullets_stay_apart_unless_cut() -> None:
    bullets = ["■ 一是完善基层治理体系建设", "■ 二是提升为民服务水平和能力"]
    (a,) = split(page("要点速览", *bullets, "新华社上海1月2日电  " + P1)).articles
    assert a.paragraphs[:2] == tuple(bullets)
    cut = page("要点速览", bullets[0][:8], bullets[0][8:], bullets[1], "新华社上海1月2日电  " + P1)
    (b,) = split(cut).articles
    assert b.paragraphs[:2] == tuple(bullets)


def test_empty_and_blank_pages() -> None:
    for text in ("", "\n\n  \u3000\n\t\n", "\ufeff"):
        assert split(text) == PageSplit((), {})


def test_a_page_of_articles_only_has_no_page_meta() -> None:
    assert split(page("某某标题", P1)).page_meta == {}


def test_conservation_check_can_fail() -> None:
    text = page("某某标题", P1)
    good = split_page(text)
    (a,) = good.articles
    lost = PageSplit((ArticleDraft(paragraphs=(P1[:-3],), title=a.title),), good.page_meta)
    missing, extra = conservation_gaps(text, lost)
    assert missing and not extra
    invented = PageSplit((ArticleDraft(paragraphs=(P1,), title=a.title + "增"),), good.page_meta)
    assert conservation_gaps(text, invented)[1]
