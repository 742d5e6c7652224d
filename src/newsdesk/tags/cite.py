"""GB/T 7714-2015 citations of newspaper articles: `作者. 题名[N]. 报纸名, 日期(版次).`"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from newsdesk.domain import Byline

# Roles whose people are the article's authors (主要责任者); photographers and editors are not.
AUTHOR_ROLES = ("reporter", "correspondent", "commentator", "author")
MAX_AUTHORS = 3  # GB/T 7714: list the first three, then ", 等"
NO_TITLE = "无题"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_SPACE_IN_NAME = re.compile(f"(?<=[{_HAN}·])\\s+(?=[{_HAN}·])")
_SPACES = re.compile(r"\s+")
_PAGE = re.compile(r"^0*(\d+)$")


class Citable(Protocol):
    """What a citation needs: Article and ArticleSummary both have it."""

    @property
    def title(self) -> str: ...
    @property
    def date(self) -> str | None: ...
    @property
    def source(self) -> str | None: ...
    @property
    def page(self) -> str | None: ...
    @property
    def bylines(self) -> tuple[Byline, ...]: ...


def author_name(name: str) -> str:
    """A byline name as cited: `王  珏` → `王珏` (padding between Han characters dropped)."""
    return _SPACES.sub(" ", _SPACE_IN_NAME.sub("", name)).strip()


def authors(bylines: Iterable[Byline]) -> list[str]:
    """The cited authors, in byline order, without repeats."""
    names = [author_name(b.name) for b in bylines if b.role in AUTHOR_ROLES]
    return list(dict.fromkeys(n for n in names if n))


def page_number(page: str | None) -> str | None:
    """`05` → `5`; other page labels (`A05`, `要闻`) as they are."""
    if page is None or not page.strip():
        return None
    m = _PAGE.match(page.strip())
    return m.group(1) if m else page.strip()


def citation(article: Citable) -> str:
    """`陆娅楠. 推动经济运行整体好转[N]. 人民日报, 2023-01-01(5).` — missing parts are left out."""
    names = authors(article.bylines)
    head = ", ".join(names[:MAX_AUTHORS]) + (", 等" if len(names) > MAX_AUTHORS else "")
    title = _SPACES.sub(" ", article.title or "").strip() or NO_TITLE
    parts = [f"{head}. " if head else "", f"{title}[N]."]
    where = ", ".join(x for x in ((article.source or "").strip(), (article.date or "").strip()) if x)
    page = page_number(article.page)
    if where:
        parts.append(f" {where}" + (f"({page})" if page and article.date else "") + ".")
    return "".join(parts)


def quote_with_citation(quote: str, article: Citable) -> str:
    """What "Copy with citation" puts on the clipboard: the quote in quotation marks, then its source."""
    return f"“{quote}”\n{citation(article)}"
