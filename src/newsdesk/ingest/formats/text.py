"""Plain text: a People's Daily crawler file, or else a newspaper page for pages.split_page.

A page may hold one article or many; the page splitter decides, and the text it finds
belongs to no article (editor credits, ads) comes back as page_meta. A page number the page
prints in its header (page_meta["page"], "05") becomes the articles' page ("5"), ahead of
whatever the path says.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from newsdesk.domain import ArticleDraft
from newsdesk.ingest import pages
from newsdesk.ingest.formats.crawler import looks_like_crawler, read_crawler


@dataclass
class TextRead:
    """The result of reading one text file: its format, articles and page-level text."""

    format: str
    articles: tuple[ArticleDraft, ...]
    page_meta: dict[str, object] = field(default_factory=dict)


def read_plain_text(text: str) -> TextRead:
    """Read decoded text (any line endings) as a crawler file or a page."""
    text = text.removeprefix("\ufeff")
    if looks_like_crawler(text):
        crawled = read_crawler(text)
        return TextRead("crawler", tuple(crawled.articles), crawled.page_meta)
    split = pages.split_page(text.replace("\r\n", "\n").replace("\r", "\n"))
    articles = split.articles
    header_page = split.page_meta.get("page")  # `第05版` in the page's own header
    if isinstance(header_page, str) and header_page.isdigit() and int(header_page):
        number = str(int(header_page))
        articles = tuple(a if a.page else dataclasses.replace(a, page=number) for a in articles)
    return TextRead("page", tuple(articles), dict(split.page_meta))
