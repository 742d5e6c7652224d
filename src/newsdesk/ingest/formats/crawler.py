"""People's Daily e-paper crawler files: `kicker<TAB>title<TAB>subtitle`, then the body.

The layout (from the widely copied caspiankexin crawler): line 1 holds the three heads,
empty ones allowed; line 2 is blank; each paragraph is indented with two U+3000; when the
e-paper shows a byline, a blank line and the unindented byline end the file. Lines end CRLF.

Page furniture that is no article goes to page_meta: a file whose only head is a page credit
(`本版责编：…`) or the `广告` placeholder yields no draft, and credit lines ending an article
(`版式设计：…`, `本版策划：…`) are lifted out of its body. The keys are those pages.split_page
uses: `credits` and `dropped`, each a list of verbatim lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsdesk.domain import ArticleDraft, Byline
from newsdesk.ingest.bylines import credit_bylines, parse_byline, parse_dateline
from newsdesk.ingest.credits import PAGE_CREDIT
from newsdesk.ingest.formats import clean_line, clean_paragraphs

CREDIT = PAGE_CREDIT
ADVERTISEMENT = ("广告", "廣告")
_MAX_HEAD = 200
_MAX_BYLINE = 60


@dataclass
class CrawlerPage:
    """What one crawler file holds: at most one article, and page-level text."""

    articles: list[ArticleDraft]
    page_meta: dict[str, object] = field(default_factory=dict)


def looks_like_crawler(text: str) -> bool:
    """A first line of exactly three tab-separated heads, followed by a blank line or nothing."""
    lines = text.split("\n", 2)
    heads = lines[0].rstrip("\r").split("\t")
    if len(heads) != 3 or not any(h.strip() for h in heads):
        return False
    if any(len(h) > _MAX_HEAD for h in heads):
        return False
    return len(lines) == 1 or not lines[1].strip()


def read_crawler(text: str) -> CrawlerPage:
    """Parse one crawler file (text already decoded; CRLF or LF)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kicker, title, subtitle = (clean_line(h) or None for h in [*lines[0].split("\t"), "", ""][:3])
    body_lines = lines[1:]
    page = CrawlerPage([])
    heads = [h for h in (kicker, title, subtitle) if h]
    if len(heads) == 1 and not clean_paragraphs(body_lines):
        if CREDIT.match(heads[0]):
            page.page_meta["credits"] = heads
            return page
        if heads[0] in ADVERTISEMENT:
            page.page_meta["dropped"] = heads  # the key pages.split_page uses for adverts
            return page
    bylines, body_lines = _split_byline(body_lines)
    paragraphs = list(clean_paragraphs(body_lines))
    bylines = bylines or credit_bylines(paragraphs)
    credits: list[str] = []
    while paragraphs and CREDIT.match(paragraphs[-1]):
        credits.insert(0, paragraphs.pop())
    if credits:
        page.page_meta["credits"] = credits
    if not title and kicker:  # no headline: the kicker is the nearest thing to one
        title, kicker = kicker, None
    elif not title and subtitle:
        title, subtitle = subtitle, None
    if not paragraphs and not title:
        return page
    page.articles.append(
        ArticleDraft(
            paragraphs=tuple(paragraphs),
            title=title or "",
            kicker=kicker,
            subtitle=subtitle,
            bylines=bylines,
            dateline=parse_dateline(paragraphs[0]) if paragraphs else None,
        )
    )
    return page


def _split_byline(lines: list[str]) -> tuple[tuple[Byline, ...], list[str]]:
    """The unindented last line after a blank line is the byline; parse it into roles."""
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    if len(lines) < 2 or lines[-2].strip():
        return (), lines
    last = lines[-1]
    if last[:1] in ("\u3000", " ", "\t", "\xa0") or len(last.strip()) > _MAX_BYLINE:
        return (), lines
    parsed = parse_byline(last)
    if parsed is None:
        if CREDIT.match(last.strip()) or re.search(r"[。！？；]", last):
            return (), lines
        parsed = (Byline("author", " ".join(last.split())),)
    return parsed, lines[:-1]
