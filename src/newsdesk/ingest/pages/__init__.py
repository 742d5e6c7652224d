"""Newspaper pages: a page's text (as extracted from print layout) -> the articles on it.

One module per step of `split.split_page`: `lines` classifies every line, `bylines` reads byline
and credit lines (on the vocabulary of `ingest.credits`), `join` measures the layout and rejoins
paragraphs cut by a column change, `runs` reads runs of non-body lines, `drafts` assembles the
articles.
"""

from newsdesk.ingest.pages.split import PageSplit, split_page

__all__ = ["PageSplit", "split_page"]
