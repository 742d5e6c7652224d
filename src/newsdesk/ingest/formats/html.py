"""An HTML page -> one article: `<h1>`/`<title>` as title, main text as paragraphs.

The main text is the `<article>` element with the most text, else `<main>`, else the block
whose paragraphs score highest (a paragraph's length counts fully for its nearest enclosing
block and half for the one above, as readability tools do). script/style/nav/header/footer/
aside/form and kin are dropped; `<p>`, `<br>` and block elements end paragraphs; `<h2>`-`<h6>`
inside the text become section heads. Standard library only (html.parser).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from newsdesk.domain import ArticleDraft, SectionHead
from newsdesk.ingest.formats import clean_line
from newsdesk.ingest.formats.records import author_bylines
from newsdesk.ingest.meta import parse_date

SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template",
        "svg", "iframe", "button", "select", "textarea", "object", "canvas", "head", "menu"}  # fmt: skip
CONTAINERS = {"article", "main", "section", "div", "td", "body", "blockquote", "li", "dd"}
BLOCKS = CONTAINERS | {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr", "table",
                       "ul", "ol", "dl", "dt", "figcaption", "figure", "address", "center"}  # fmt: skip
VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source",
        "track", "wbr", "param"}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_DATE_META = ("article:published_time", "pubdate", "publishdate", "og:pubdate", "dc.date", "date")
_CJK = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef"
_NEWLINE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_CJK}])")
_ASCII_SPACE = re.compile(r"[ \t\r\n\f]+")
_TITLE_SEPARATORS = re.compile(r"\s+[-|–—]\s+|_|\s*\|\s*")


@dataclass
class _Block:
    """One paragraph of text, the open containers around it, and its heading level if any."""

    text: str
    containers: tuple[int, ...]
    heading: int = 0


class _Page(HTMLParser):
    """Collects text blocks with the containers around them; keeps <title> and <meta>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = []
        self.title = ""
        self.meta: dict[str, str] = {}
        self.kinds: dict[int, str] = {}  # container id -> tag
        self._stack: list[tuple[str, int]] = []  # (tag, container id or -1)
        self._skip = 0
        self._in_title = False
        self._title_seen = False
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = dict(attrs)
            key = (values.get("name") or values.get("property") or "").lower()
            if key and values.get("content"):
                self.meta.setdefault(key, values["content"] or "")
            return
        if tag == "title":
            self._in_title = not self._title_seen  # only the first: <svg> has titles too
            self._title_seen = True
            return
        if tag in BLOCKS:
            self._flush()
        if tag in VOID:
            return
        if self._skip or tag in SKIP:
            self._skip += 1
        cid = -1
        if tag in CONTAINERS:
            cid = len(self.kinds)
            self.kinds[cid] = tag
        self._stack.append((tag, cid))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if tag not in {t for t, _ in self._stack}:
            return  # a stray end tag
        if tag in BLOCKS:
            self._flush(heading=int(tag[1]) if tag in HEADINGS else 0)
        while self._stack:
            open_tag, _ = self._stack.pop()
            if self._skip:
                self._skip -= 1
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self, heading: int = 0) -> None:
        raw = "".join(self._buffer)
        self._buffer.clear()
        text = _collapse(raw)
        if text:
            containers = tuple(cid for _, cid in self._stack if cid >= 0)
            self.blocks.append(_Block(text, containers, heading))


def _collapse(raw: str) -> str:
    """HTML whitespace: a line break between CJK characters vanishes, other runs become one space."""
    text = _NEWLINE_BETWEEN_CJK.sub("", raw)
    return clean_line(_ASCII_SPACE.sub(" ", text))


def read_html(text: str) -> ArticleDraft | None:
    """The page's article, or None when it has no body text (a headline alone is not one)."""
    page = _Page()
    page.feed(text)
    page.close()
    blocks = _main_blocks(page)
    if not blocks:
        return None
    page_title = clean_line(_collapse(page.title))
    h1 = next((b.text for b in blocks if b.heading == 1), None) or next(
        (b.text for b in page.blocks if b.heading == 1 and b.text in page_title), None
    )
    title = h1 or _clean_title(page_title)
    paragraphs: list[str] = []
    heads: list[SectionHead] = []
    subtitle = None
    for block in blocks:
        if block.heading == 1 and block.text == title:
            continue
        if block.heading and not paragraphs and subtitle is None and block.heading == 2:
            subtitle = block.text
        elif block.heading:
            heads.append(SectionHead(block.text, len(paragraphs)))
        else:
            paragraphs.append(block.text)
    heads = [h for h in heads if h.paragraph < len(paragraphs)]
    if not paragraphs:
        return None
    date = next((parse_date(page.meta[k]) for k in _DATE_META if k in page.meta), None)
    return ArticleDraft(
        paragraphs=tuple(paragraphs),
        title=title,
        subtitle=subtitle,
        bylines=author_bylines(page.meta.get("author")),
        section_heads=tuple(heads),
        date=date,
    )


def _main_blocks(page: _Page) -> list[_Block]:
    """The blocks of the element holding the article text."""
    if not page.blocks:
        return []
    for kind in ("article", "main"):
        of_kind = {cid for cid, tag in page.kinds.items() if tag == kind}
        best = _best_container(page, of_kind.__contains__, whole=True)
        if best is not None:
            return [b for b in page.blocks if best in b.containers]
    best = _best_container(page, lambda _cid: True, whole=False)
    if best is None:
        return page.blocks
    return [b for b in page.blocks if best in b.containers]


def _best_container(page: _Page, wanted: Callable[[int], bool], *, whole: bool) -> int | None:
    """The container with the highest text score among those `wanted` accepts."""
    scores: dict[int, float] = {}
    for block in page.blocks:
        if whole:
            for cid in block.containers:
                scores[cid] = scores.get(cid, 0) + len(block.text)
        elif block.containers:
            scores[block.containers[-1]] = scores.get(block.containers[-1], 0) + len(block.text)
            if len(block.containers) > 1:
                parent = block.containers[-2]
                scores[parent] = scores.get(parent, 0) + len(block.text) / 2
    candidates = [(score, -cid) for cid, score in scores.items() if wanted(cid)]
    return -max(candidates)[1] if candidates else None


def _clean_title(title: str) -> str:
    """`标题_新闻_某某网` / `Headline - Site`: keep the headline part."""
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) > 1 and len(parts[0].strip()) >= 2:
        return parts[0].strip()
    return title
