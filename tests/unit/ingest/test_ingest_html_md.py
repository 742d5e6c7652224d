"""HTML and Markdown articles built around real corpus text, in several encodings."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from newsdesk.domain import ArticleDraft, Byline, SectionHead
from newsdesk.errors import BadFileError
from newsdesk.ingest.sources import open_source

# Page chrome as character references, so that it fits any page encoding.
CHROME = """<header><h1>某某新闻网</h1><nav><a href="/">首页</a><a href="/a">要闻</a></nav></header>
<div class="side"><ul><li>热点推荐一</li><li>热点推荐二</li></ul></div>
<script>document.write("<p>脚本里的字</p>");</script><style>p { color: red }</style>
""".encode("ascii", "xmlcharrefreplace").decode("ascii")
FOOTER = "<footer>版权所有 © 某某网</footer><form><p>评论框</p></form>".encode(
    "ascii", "xmlcharrefreplace"
).decode("ascii")


def one(path: Path) -> tuple[ArticleDraft, str]:
    source = open_source(path)
    [draft] = list(source)
    assert isinstance(draft, ArticleDraft)
    return draft, source.encoding


def article_page(title: str, paragraphs: list[str], *, charset: str | None, article: bool) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "\n".join(f"<p>\n  {html.escape(p)}\n</p>" for p in paragraphs)
    wrapper = ("<article>", "</article>") if article else ('<div class="c">', "</div>")
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{title}_&#26032;&#38395;</title></head><body>"
        f"{CHROME}{wrapper[0]}<h1>{title}</h1>{body}{wrapper[1]}{FOOTER}</body></html>"
    )


@pytest.mark.parametrize(
    ("codec", "charset", "expected"),
    [
        ("utf-8", "utf-8", "utf-8"),
        ("gbk", "gb2312", "gb18030"),
        ("gb18030", None, "gb18030"),
        ("utf-16", None, "utf-16"),
    ],
)
@pytest.mark.parametrize("article", [True, False], ids=["article", "densest-div"])
def test_simplified_html(
    tmp_path: Path,
    simplified_samples: dict[str, str],
    codec: str,
    charset: str | None,
    expected: str,
    article: bool,
) -> None:
    title, *paragraphs = [p for p in simplified_samples["cctv"].splitlines() if p][:6]
    paragraphs = [p.replace("\xa0", " ") for p in paragraphs]
    path = tmp_path / "a.html"
    path.write_bytes(article_page(title, paragraphs, charset=charset, article=article).encode(codec))
    draft, encoding = one(path)
    assert encoding == expected
    assert draft.title == title
    assert list(draft.paragraphs) == paragraphs  # chrome, script, form and footer dropped


def test_traditional_html_in_big5(tmp_path: Path, apple_records: list[dict[str, object]]) -> None:
    record = next(r for r in apple_records if _fits_big5(str(r["title"]) + str(r["body"])))
    paragraphs = str(record["body"]).split("\n")
    page = article_page(str(record["title"]), paragraphs, charset="big5", article=True)
    path = tmp_path / "apple.htm"
    path.write_bytes(page.encode("big5"))
    draft, encoding = one(path)
    assert encoding == "big5"
    assert draft.title == record["title"]
    assert list(draft.paragraphs) == paragraphs


def test_html_structure(tmp_path: Path) -> None:
    page = """<html><head><title>城市新闻 - 某某网</title>
    <meta name="author" content="本报记者 张三">
    <meta property="article:published_time" content="2023-01-05T08:00:00+08:00"></head>
    <body><div><h2>——副题在此</h2><p>第一段&nbsp;文字，
    跨行的中文。</p><p>第二段 <b>粗体</b> &amp; 实体&lt;。<br>换行后的第三段。</p>
    <h3>小标题</h3><p>第四段 with
    English words.</p></div></body></html>"""
    path = tmp_path / "x.html"
    path.write_text(page, encoding="utf-8")
    draft, _ = one(path)
    assert draft.title == "城市新闻"
    assert draft.subtitle == "——副题在此"
    assert draft.paragraphs == (
        "第一段\xa0文字，跨行的中文。",
        "第二段 粗体 & 实体<。",
        "换行后的第三段。",
        "第四段 with English words.",
    )
    assert draft.section_heads == (SectionHead("小标题", 3),)
    assert draft.bylines == (Byline("reporter", "张三"),)
    assert draft.date == "2023-01-05"


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>只有标题</title></head><body></body></html>",
        "<html><body><script>var a = '很多很多字';</script><nav>导航</nav></body></html>",
        "<html><body><h1>只有大标题</h1></body></html>",
        "<html><body>   &nbsp; <div> </div></body></html>",
    ],
)
def test_html_without_text(tmp_path: Path, page: str) -> None:
    path = tmp_path / "empty.html"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(BadFileError, match="no article text found"):
        open_source(path)


def test_markdown(tmp_path: Path, simplified_samples: dict[str, str]) -> None:
    title, first, second, *_ = [p for p in simplified_samples["cctv"].splitlines() if p]
    text = (
        f"---\ndate: 2023-01-05\nauthor: 本报记者 张  三\n---\n\n# {title}\n\n"
        f"![配图](http://example.com/p.jpg)\n**{first[:10]}**{first[10:20]}\n"
        f"[{first[20:30]}](http://example.com){first[30:]}\n\n"
        f"## 小标题\n\n> {second}\n\n- 列表项 *一*\n- 列表项 `二`\n"
    )
    path = tmp_path / "note.md"
    path.write_bytes(text.encode("gb18030"))
    draft, encoding = one(path)
    assert encoding == "gb18030"
    assert draft.title == title
    assert draft.paragraphs == (first, second, "列表项 一", "列表项 二")
    assert draft.section_heads == (SectionHead("小标题", 1),)
    assert draft.bylines == (Byline("reporter", "张三"),)
    assert draft.date == "2023-01-05"


def test_markdown_one_paragraph_per_line_and_setext(tmp_path: Path) -> None:
    path = tmp_path / "lines.markdown"
    path.write_text("标题\n====\n\n第一句。\n第二句！\n第三句\n\nplain\nwrapped line\n", "utf-8")
    draft, _ = one(path)
    assert draft.title == "标题"
    assert draft.paragraphs == ("第一句。", "第二句！", "第三句", "plain wrapped line")


def test_markdown_without_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_text("# 只有标题\n\n![图](x.png)\n", encoding="utf-8")
    with pytest.raises(BadFileError, match="no article text found"):
        open_source(path)


def _fits_big5(text: str) -> bool:
    try:
        text.encode("big5")
    except UnicodeEncodeError:
        return False
    return True
