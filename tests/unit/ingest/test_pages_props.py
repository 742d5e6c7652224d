"""Page splitter invariants: never raises, never hangs, never loses text; bad input degrades well."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.ingest.page_fixtures import assert_conserved, chars

from newsdesk.ingest.pages import split_page

P1 = "今年以来，某区持续推进基层治理创新，把服务延伸到群众家门口，取得了明显成效。"
P2 = "在社区层面，工作人员逐户走访，收集意见建议三百余条，并逐条建立台账限时办结"

# Line shapes a page is made of, and characters that exercise every rule's edge.
SHAPES = [
    "东城区某街道：",
    "春风送暖 万象更新",
    "——访某局局长",
    "本报记者 赵敏 通讯员 钱进",
    "本报记者  李  明",
    "本报记者 孙立平 通讯员 周小川 吴江图",
    "某某公司 供图",
    "吴江 摄",
    "本报评论员",
    "——编\xa0\xa0者",
    "本版责编：陈 一\u3000林 二",
    "版式设计：何晓东",
    "广告",
    "第05版：要闻",
    "（下转第二版）",
    "本报杭州1月3日电  （记者郑和）" + P1,
    "（新华社上海1月2日电  新华社记者）",
    "（本报记者冯远、韩雪）",
    "■ 一是完善基层治理体系",
    "图为社区志愿者开展宣传。",
    "凝心聚力 共谋发展",
    P1,
    P2,
    P1[:25],
    P1[25:],
    "“让生活更美好”",
    "…………",
    "引题\t标题\t副题",
]
ALPHABET = st.sampled_from(
    list("本报记者通讯员摄图供编者评论员版责广告电日月第版一二三四五北京新华社")
    + list("。，、：；！？…—“”‘’（）()《》■▲/ \t\u3000\xa0\ufeff\u200b0123456789abcXYZ繁體報導")
)
LINE = st.one_of(st.sampled_from(SHAPES), st.text(ALPHABET, max_size=50))
BREAK = st.sampled_from(["\n", "\n\n", "\n\n\n\n", "\r\n", "\r\n\r\n", "\n\u3000\u3000", "\n  ", "\r"])


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_split_without_loss(text: str) -> None:
    assert_conserved(text, split_page(text))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(LINE, BREAK), max_size=40))
def test_page_shaped_text_is_split_without_loss(lines: list[tuple[str, str]]) -> None:
    text = "".join(line + sep for line, sep in lines)
    result = split_page(text)
    assert_conserved(text, result)
    for article in result.articles:
        assert all(p.strip() for p in article.paragraphs)
        n = len(article.paragraphs)
        assert all(0 <= h.paragraph < n for h in article.section_heads)


def test_no_heads_gives_one_article_with_all_paragraphs() -> None:
    paragraphs = [P1, P2 + "。", P1.replace("某区", "该市"), P2.replace("社区", "街道") + "。"]
    text = "\n\n".join(paragraphs)
    (article,) = split_page(text).articles
    assert (article.title, article.paragraphs) == ("", tuple(paragraphs))


def test_one_five_megabyte_line_is_one_article_in_bounded_time() -> None:
    text = (P1 * (5_000_000 // len(P1) + 1))[:5_000_000]
    start = time.perf_counter()
    result = split_page(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0  # about 0.05 s on a laptop
    (article,) = result.articles
    assert article.paragraphs == (text,)


def test_two_hundred_thousand_lines_in_bounded_time() -> None:
    block = ["引题：", "标题一二三", "本报记者 张伟", P1, P1[:20], P1[20:], "图片说明文字", "小标题 二", P2]
    worst = ["标题：", "副标题"] * 4  # head blocks without bodies: the look-back must stay short
    lines = (block * 11_000 + worst * 3_000)[:200_000]
    text = "\n".join(lines)
    start = time.perf_counter()
    result = split_page(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 20.0  # about 3 s on a laptop: linear, about 15 µs a line
    assert len(result.articles) >= 11_000
    assert sum(chars("".join(a.paragraphs)).total() for a in result.articles) > 0


def test_only_captions_gives_one_article_holding_them_all() -> None:
    captions = ["经开区某公园美景", "某街道与消防大队联合打造宣传示范街", "志愿者在社区开展义诊"]
    text = "\n\n\n".join(captions)
    result = split_page(text)
    assert_conserved(text, result)
    (article,) = result.articles
    held = [article.title, *article.paragraphs, *article.captions]
    assert all(c in held for c in captions)


def test_traditional_and_mixed_text(corpora: Path) -> None:
    """Taiwan Apple Daily articles laid out as one page, then mixed with a Simplified page."""
    path = corpora / "appledaily_tw_charity" / "articles.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        records = [json.loads(next(fh)) for _ in range(3)]
    traditional = "\n\n".join(r["title"] + "\n" + r["body"] for r in records)
    simplified = (corpora / "rmrb_20230101" / "pages" / "rmrb-20230101-p03.txt").read_text("utf-8")
    for text in (traditional, traditional + "\n\n" + simplified):
        result = split_page(text)
        assert_conserved(text, result)
        assert result.articles
        assert result.articles[0].title == records[0]["title"]
