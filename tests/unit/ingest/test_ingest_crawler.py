"""People's Daily crawler files and plain page text, read through open_source."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.domain import ArticleDraft, Byline
from newsdesk.ingest import pages
from newsdesk.ingest.formats.crawler import looks_like_crawler, read_crawler
from newsdesk.ingest.sources import open_source

RAW = "rmrb_20230101/raw"


def drafts_of(path: Path, root: Path | None = None) -> list[ArticleDraft]:
    return [d for d in open_source(path, root) if isinstance(d, ArticleDraft)]


def test_every_raw_file_is_read_as_crawler_output(corpora: Path) -> None:
    for path in sorted((corpora / RAW).glob("*.txt")):
        source = open_source(path, corpora)
        assert (source.format, source.encoding) == ("crawler", "utf-8"), path.name
        for draft in source:
            assert isinstance(draft, ArticleDraft)
            assert draft.title
            assert (draft.date, draft.source) == ("2023-01-01", "人民日报")
            assert draft.page == str(int(path.name.split("-")[1]))
            for paragraph in draft.paragraphs:
                assert paragraph == paragraph.strip("\u3000\xa0 \r\n"), path.name
                assert "\r" not in paragraph and "\t" not in paragraph


def test_heads_body_and_byline(corpora: Path) -> None:
    [draft] = drafts_of(corpora / RAW / "20230101-01-06.txt", corpora)
    assert (draft.kicker, draft.title, draft.subtitle) == (None, "贺词里的追梦人", None)
    assert draft.bylines == tuple(Byline("reporter", name) for name in ("廖文根", "张烁", "李昌禹", "杨昊"))
    assert draft.paragraphs[0] == "新年的钟声敲响，又是朝气蓬勃、充满希望的新一年。"
    assert not any("本报记者" in p for p in draft.paragraphs)
    raw = (corpora / RAW / "20230101-01-06.txt").read_bytes().decode("utf-8")
    body = [line.strip("\u3000") for line in raw.split("\r\n")[2:] if line.startswith("\u3000")]
    assert list(draft.paragraphs) == [b for b in body if b.strip()]


def test_kicker_subtitle_and_commentator(corpora: Path) -> None:
    [kicked] = drafts_of(corpora / RAW / "20230101-03-07.txt")
    assert kicked.kicker == "外交部发言人："
    assert kicked.title == "中国将继续加快实施创新驱动发展战略，同世界共享创新发展成果"
    assert kicked.bylines == (Byline("reporter", "马卓言"),)  # from `（记者马卓言）`
    assert kicked.dateline == "新华社北京12月30日电"
    [comment] = drafts_of(corpora / RAW / "20230101-01-05.txt")
    assert comment.subtitle == "——习近平主席二〇二三年新年贺词启示录①"
    assert comment.bylines == (Byline("commentator", "本报评论员"),)
    assert comment.paragraphs[-1] != "本报评论员"


def test_page_furniture_goes_to_page_meta(corpora: Path) -> None:
    credits = open_source(corpora / RAW / "20230101-02-02.txt")
    assert list(credits) == []
    assert credits.page_meta == {"credits": ["本版责编：刘 念\u3000史 哲\u3000张帅祯\u3000赵 政\u3000常 晋"]}
    advert = open_source(corpora / RAW / "20230101-03-09.txt")
    assert list(advert) == [] and advert.page_meta == {"dropped": ["广告"]}
    spread = open_source(corpora / RAW / "20230101-02-01.txt")
    [draft] = list(spread)
    assert isinstance(draft, ArticleDraft)
    assert spread.page_meta["credits"] == [
        "本版策划：王\xa0\xa0军\xa0\xa0杨\xa0\xa0旭\xa0\xa0许\xa0\xa0诺",
        "版式设计：蔡华伟",
    ]
    assert not any(p.startswith(("本版策划", "版式设计")) for p in draft.paragraphs)


def test_transcoded_crawl_file(tmp_path: Path, corpora: Path) -> None:
    text = (corpora / RAW / "20230101-01-05.txt").read_bytes().decode("utf-8")
    path = tmp_path / "20230101-01-05.txt"
    path.write_bytes(text.encode("utf-16"))
    source = open_source(path, tmp_path)
    [draft] = list(source)
    assert (source.format, source.encoding) == ("crawler", "utf-16")
    assert isinstance(draft, ArticleDraft) and draft.bylines[0].role == "commentator"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\t标题\t\r\n\r\n\u3000\u3000正文。\r\n", True),
        ("引题\t标题\t副题\n", True),
        ("\t\t\n\n正文\n", False),  # no head at all
        ("标题\t\n正文", False),  # two parts only
        ("a\tb\tc\n不是空行\n", False),
        ("高新区枫杨办事处：\n\n党旗如帜 风帆劲\n", False),
    ],
)
def test_crawler_detection(text: str, expected: bool) -> None:
    assert looks_like_crawler(text) is expected


def test_unparsable_last_line_becomes_an_author_byline() -> None:
    page = read_crawler("\t标题\t\r\n\r\n\u3000\u3000正文。\r\n\r\nAlice Smith\r\n")
    [draft] = page.articles
    assert draft.bylines == (Byline("author", "Alice Smith"),)
    assert draft.paragraphs == ("正文。",)


def test_page_text_goes_through_the_page_splitter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpora: Path
) -> None:
    seen: list[str] = []

    def fake_split(text: str) -> pages.PageSplit:
        seen.append(text)
        return pages.PageSplit(
            (
                ArticleDraft(("甲",), title="A"),
                ArticleDraft(("乙",), title="B", date="1999-09-09", page="7"),
            ),
            {"credits": ["本版责编：某某"], "page": "06"},
        )

    monkeypatch.setattr(pages, "split_page", fake_split)
    seed = (corpora / "seed/zhengzhou-special-page.txt").read_text(encoding="utf-8")
    path = tmp_path / "南方日报" / "2023-01-05" / "第05版.txt"
    path.parent.mkdir(parents=True)
    path.write_bytes(seed.replace("\n", "\r\n").encode("gb18030"))
    source = open_source(path, tmp_path)
    drafts = list(source)
    assert seen == [seed]  # decoded, CRLF normalised
    assert (source.format, source.encoding) == ("page", "gb18030")
    assert source.page_meta == {"credits": ["本版责编：某某"], "page": "06"}
    # the page's own header (06) beats the path (第05版); an article's own page beats both
    assert [(d.title, d.date, d.page, d.source) for d in drafts if isinstance(d, ArticleDraft)] == [
        ("A", "2023-01-05", "6", "南方日报"),
        ("B", "1999-09-09", "7", "南方日报"),
    ]


def test_real_page_splitter_is_called(corpora: Path) -> None:
    source = open_source(corpora / "seed/zhengzhou-special-page.txt", corpora)
    drafts = [d for d in source if isinstance(d, ArticleDraft)]
    assert source.format == "page" and drafts
    assert any("党旗如帜" in (d.title + d.text) for d in drafts)
