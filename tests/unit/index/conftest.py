"""Index fixtures: hand-made articles in a temporary index, and the corpus index (built once)."""

from __future__ import annotations

import gzip
import itertools
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from newsdesk.domain import Article, Byline, SectionHead
from newsdesk.index import SearchIndex

Fetch = Callable[[Sequence[str]], Mapping[str, Article]]


def fetcher(articles: Sequence[Article]) -> Fetch:
    store = {a.id: a for a in articles}
    return lambda ids: {i: store[i] for i in ids if i in store}


SAMPLE = (
    Article(
        id="rmrb-1",
        title="推动经济运行整体好转",
        kicker="中央经济工作会议精神解读——",
        subtitle="——访国家发展改革委副主任",
        text="本报北京12月31日电  记者王  珏报道。\n“五星”支部在2023年建成5G网络，覆盖1.4万个村。\n"
        "经济运行整体好转。",
        bylines=(Byline("reporter", "王  珏"), Byline("reporter", "陆娅楠")),
        section_heads=(SectionHead("深学彻悟 筑牢思想根基", 1),),
        captions=("经开区潮河办事处蝶湖美景",),
        date="2023-01-01",
        source="人民日报",
        page="05",
        section="要闻",
    ),
    Article(
        id="tw-1",
        title="臺灣經濟發展",
        text="蘋果日報報導，經濟發展很快。\n「神明呀！」她說。",
        bylines=(Byline("reporter", "韓旭爾"),),
        date="2012-05-03",
        source="蘋果日報（台灣）",
        section="暖流",
    ),
    Article(
        id="en-1",
        title="Xi Jinping meets APEC leaders",
        text="Xi  Jinping said 1.4 billion people; COVID-19 is over.",
        date=None,
        source="Wire",
    ),
    Article(
        id="xwlb-1",
        title="经济发展新闻",
        text="央视网消息（新闻联播）：经济发展，经济发展，经济发展。",
        date="2020-06-15",
        source="中央广播电视总台《新闻联播》(央视网文字稿)",
        section="国内",
        page="A3",
    ),
    Article(
        id="xwlb-2",
        title="经济新闻",
        text="央视网消息（新闻联播）：经济发展。",
        date="2021-06-15",
        source="中央广播电视总台《新闻联播》(央视网文字稿)",
        section="国内",
    ),
)


@pytest.fixture
def sample_index(tmp_path: Path) -> Iterator[tuple[SearchIndex, Fetch]]:
    ix = SearchIndex.open(tmp_path / "index")
    with ix.writer() as w:
        w.add(SAMPLE)
    yield ix, fetcher(SAMPLE)
    ix.close()


def _records(path: Path, every: int, limit: int) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in itertools.islice(f, 0, None, every):
            yield json.loads(line)
            limit -= 1
            if not limit:
                return


def corpus_articles(corpora: Path, cctv: int, cctv_every: int, apple: int) -> list[Article]:
    """Real articles spread over the years: every n-th CCTV record, then Apple Daily ones."""
    out = []
    for path, every, limit in (
        (corpora / "cctv_xwlb" / "articles.jsonl.gz", cctv_every, cctv),
        (corpora / "appledaily_tw_charity" / "articles.jsonl.gz", 3, apple),
    ):
        for r in _records(path, every, limit):
            out.append(
                Article(
                    id=r["id"],
                    title=r["title"] or "",
                    text=r["body"] or "",
                    date=r["date"],
                    source=r["source"],
                    section=r["section"],
                    bylines=(Byline("author", r["author"]),) if r["author"] else (),
                )
            )
    return out


@pytest.fixture(scope="session")
def corpus(corpora: Path, tmp_path_factory: pytest.TempPathFactory):
    """About 1,450 real articles (Simplified and Traditional) in one index, built once."""
    articles = corpus_articles(corpora, cctv=1200, cctv_every=62, apple=250)
    ix = SearchIndex.open(tmp_path_factory.mktemp("corpus") / "index")
    with ix.writer() as w:
        w.add(articles)
    yield ix, articles, fetcher(articles)
    ix.close()
