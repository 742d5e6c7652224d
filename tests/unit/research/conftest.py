"""A library of real articles (CCTV Simplified, Apple Daily Traditional) plus a few made ones
(undated, padded, formula-like titles), built once; and brute force over the same articles."""

from __future__ import annotations

import gzip
import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.helpers import record, write_jsonl
from tests.unit.index.test_index_recall import haystacks

from newsdesk import Library
from newsdesk.domain import Article

MADE = [
    record("made-1", "=经济 公式", "经济经济经济。\n王  珏说经济发展。", date=None, author="王珏"),
    record("made-2", "经濟雜談", "「經濟」與经济，ＡＰＥＣ經濟體。", date="2019-03-02", source="测试日报"),
    record("made-3", "@台湾观察", "台湾 经济\n没有别的。", date="2019-12-31"),
]


def _sample(corpora: Path) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for path, every, limit in (
        (corpora / "cctv_xwlb" / "articles.jsonl.gz", 190, 400),
        (corpora / "appledaily_tw_charity" / "articles.jsonl.gz", 5, 300),
    ):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            out += [json.loads(line) for line in itertools.islice(f, 0, None, every)][:limit]
    return out + MADE


@pytest.fixture(scope="session")
def research_lib(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """About 700 articles in one library, imported once for every research test."""
    root = tmp_path_factory.mktemp("research")
    src = write_jsonl(root / "in" / "sample.jsonl", _sample(corpora))
    with Library.open(root / "lib") as lib:
        report = lib.import_paths([src])
        assert not report.failed
        yield lib


@pytest.fixture(scope="session")
def every_article(research_lib: Library) -> dict[str, Article]:
    return research_lib.store.articles_by_id(research_lib.article_ids())


def brute_ids(articles: dict[str, Article], needle: str) -> set[str]:
    """Ids of the articles whose search form holds the normalised needle anywhere (brute force)."""
    return {aid for aid, a in articles.items() if any(needle in h for h in haystacks(a))}


def date_int(date: str | None) -> int:
    return int(date.replace("-", "")) if date else 0
