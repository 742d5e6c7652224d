"""Newspaper page text -> articles (placeholder: the whole page is one article)."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsdesk.domain import ArticleDraft


@dataclass(frozen=True)
class PageSplit:
    """The articles found on a page, and page-level text that belongs to no article."""

    articles: tuple[ArticleDraft, ...]
    page_meta: dict[str, object] = field(default_factory=dict)


def split_page(text: str) -> PageSplit:
    """Split a page's text into articles (to be replaced by the real splitter)."""
    paras = tuple(p.strip() for p in text.splitlines() if p.strip())
    if not paras:
        return PageSplit(())
    return PageSplit((ArticleDraft(title=paras[0], paragraphs=paras[1:]),))
