"""SearchIndex on hand-made articles: every query-language feature, ranking, results, facets."""

from __future__ import annotations

import time

import pytest

from newsdesk.errors import QueryError
from newsdesk.index import SearchIndex
from newsdesk.render import marked

from .conftest import SAMPLE, Fetch

IndexAndFetch = tuple[SearchIndex, Fetch]


def ids(pair: IndexAndFetch, query: str, **kw) -> set[str]:
    ix, fetch = pair
    return {h.id for h in ix.search(query, fetch=fetch, limit=100, **kw).hits}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("王珏", {"rmrb-1"}),  # 王  珏 in the text and the byline
        ("五星支部", {"rmrb-1"}),  # “五星”支部
        ("经济", {"rmrb-1", "tw-1", "xwlb-1", "xwlb-2"}),  # Simplified finds Traditional
        ("經濟", {"rmrb-1", "tw-1", "xwlb-1", "xwlb-2"}),  # and the reverse
        ("济", {"rmrb-1", "tw-1", "xwlb-1", "xwlb-2"}),  # one character
        ("5G", {"rmrb-1"}),
        ("5g", {"rmrb-1"}),
        ("1.4", {"rmrb-1", "en-1"}),
        ("ＡＰＥＣ", {"en-1"}),  # full-width query
        ('"xi jinping"', {"en-1"}),  # a phrase keeps its space (two spaces in the text)
        ("COVID-19", {"en-1"}),
        ("经济发展", {"tw-1", "xwlb-1", "xwlb-2"}),
        ("深学彻悟", {"rmrb-1"}),  # section head
        ("中央经济工作会议", {"rmrb-1"}),  # kicker
        ("访国家发展改革委", {"rmrb-1"}),  # subtitle
        ("蝶湖", {"rmrb-1"}),  # caption
        ("陆娅楠", {"rmrb-1"}),  # byline
        ("要闻", {"rmrb-1"}),  # section
        ("本报北京12月31日电", {"rmrb-1"}),
        ("人民日报", set()),  # the source name is not searched without source:
        ("好转。\n经济", set()),  # nothing matches across a paragraph break
        ("神明呀", {"tw-1"}),  # 「」 quotes are transparent between Han
    ],
)
def test_exact_substrings(sample_index: IndexAndFetch, query: str, expected: set[str]) -> None:
    if "\n" in query:
        query = '"' + query + '"'
    assert ids(sample_index, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("title:经济", {"rmrb-1", "tw-1", "xwlb-1", "xwlb-2"}),
        ("title:发展", {"tw-1", "xwlb-1"}),
        ("author:王珏", {"rmrb-1"}),
        ("author:韩旭尔", {"tw-1"}),
        ("source:人民日报", {"rmrb-1"}),
        ("source:新闻联播", {"xwlb-1", "xwlb-2"}),
        ("source:台湾", {"tw-1"}),
        ("section:国内", {"xwlb-1", "xwlb-2"}),
        ("page:5", {"rmrb-1"}),
        ("page:3", {"xwlb-1"}),
        ("page:1..4", {"xwlb-1"}),
        ("page:a3", {"xwlb-1"}),
        ("caption:蝶湖", {"rmrb-1"}),
        ("caption:经济", set()),
        ("date:2023", {"rmrb-1"}),
        ("date:2020-06", {"xwlb-1"}),
        ("date:2020-01..2021-12", {"xwlb-1", "xwlb-2"}),
        ("date:>=2021-06-15", {"xwlb-2", "rmrb-1"}),
        ("date:<2021-06-15", {"tw-1", "xwlb-1"}),
        ("经济 date:2012..2020", {"tw-1", "xwlb-1"}),
        ("经济 -新闻", {"rmrb-1", "tw-1"}),
        ("经济 NOT 新闻", {"rmrb-1", "tw-1"}),
        ("经济 -发展", set()),  # rmrb-1's subtitle has 发展
        ("经济 -title:发展", {"rmrb-1", "xwlb-2"}),
        ("APEC OR 蝶湖", {"en-1", "rmrb-1"}),
        ("(APEC OR 蝶湖) 5G", {"rmrb-1"}),
        ("title:(台湾 OR 新闻) -date:2021", {"tw-1", "xwlb-1"}),
        ("-经济", {"en-1"}),
        ("经济 AND 发展 AND 新闻", {"xwlb-1", "xwlb-2"}),
    ],
)
def test_query_language(sample_index: IndexAndFetch, query: str, expected: set[str]) -> None:
    assert ids(sample_index, query) == expected


def test_words_mode_matches_words_in_any_order(sample_index: IndexAndFetch) -> None:
    assert ids(sample_index, "发展经济", mode="words") == {"rmrb-1", "tw-1", "xwlb-1", "xwlb-2"}
    assert ids(sample_index, "发展经济") == set()  # exact: no such substring
    assert ids(sample_index, "title:新闻经济", mode="words") == {"xwlb-1", "xwlb-2"}


def test_ranking_title_boost_then_tf_and_ties_newest_first(sample_index: IndexAndFetch) -> None:
    ix, fetch = sample_index
    hits = ix.search("经济发展", fetch=fetch).hits
    # xwlb-1 has it in the title and three times in the text.
    assert hits[0].id == "xwlb-1"
    ties = ix.search("date:2000..2030", fetch=fetch).hits  # all scores 0: newest first
    assert [h.id for h in ties] == ["rmrb-1", "xwlb-2", "xwlb-1", "tw-1"]


def test_sort_by_date(sample_index: IndexAndFetch) -> None:
    ix, fetch = sample_index
    newest = [h.id for h in ix.search("经济", fetch=fetch, sort="-date").hits]
    oldest = [h.id for h in ix.search("经济", fetch=fetch, sort="date").hits]
    assert newest == ["rmrb-1", "xwlb-2", "xwlb-1", "tw-1"]
    assert oldest == ["tw-1", "xwlb-1", "xwlb-2", "rmrb-1"]
    # undated articles come last either way
    assert [h.id for h in ix.search("1.4", fetch=fetch, sort="date").hits][-1] == "en-1"
    assert [h.id for h in ix.search("1.4", fetch=fetch, sort="-date").hits][-1] == "en-1"


def test_exact_total_paging_and_facets_over_the_whole_result(sample_index: IndexAndFetch) -> None:
    ix, fetch = sample_index
    r = ix.search("经济", fetch=fetch, limit=1, offset=1, sort="-date", facets=True)
    assert r.total == 4
    assert [h.id for h in r.hits] == ["xwlb-2"]
    assert r.facets is not None
    assert r.facets["source"] == [
        ("中央广播电视总台《新闻联播》(央视网文字稿)", 2),
        ("人民日报", 1),
        ("蘋果日報（台灣）", 1),
    ]
    assert r.facets["year"] == [("2023", 1), ("2021", 1), ("2020", 1), ("2012", 1)]
    assert r.facets["month"][0] == ("2023-01", 1)
    assert ("王  珏", 1) in r.facets["author"]
    assert r.facets["section"] == [("国内", 2), ("暖流", 1), ("要闻", 1)]
    assert ix.search("经济", fetch=fetch).facets is None


def test_stages_say_where_the_time_went(sample_index: IndexAndFetch) -> None:
    ix, fetch = sample_index

    calls = []

    def slow_fetch(ids):
        calls.append(ids)
        time.sleep(0.03)
        return fetch(ids)

    r = ix.search("经济", fetch=slow_fetch, facets=True)
    assert list(r.stages_ms) == ["parse", "evaluate", "rank", "facets", "fetch", "marks"]
    assert all(v >= 0 for v in r.stages_ms.values())
    assert r.stages_ms["fetch"] >= 30  # (the fetch's own time lands in its stage)
    assert sum(r.stages_ms.values()) == pytest.approx(r.took_ms)
    assert r.to_json()["stages_ms"].keys() == r.stages_ms.keys()
    assert len(calls) == 1
    nothing = ix.search("没有这个词语", fetch=slow_fetch)
    assert nothing.total == 0 and len(calls) == 1 and list(nothing.stages_ms) == list(r.stages_ms)


def test_spans_cover_exactly_the_matched_characters(sample_index: IndexAndFetch) -> None:
    ix, fetch = sample_index
    article = SAMPLE[0]
    (hit,) = ix.search("王珏 五星支部", fetch=fetch).hits
    assert [article.text[s:e] for s, e in hit.spans] == ["王  珏", "五星”支部"]
    (hit,) = ix.search("title:经济运行", fetch=fetch).hits
    assert [article.title[s:e] for s, e in hit.title_spans] == ["经济运行"]
    assert hit.spans == ()  # a title: term marks nothing in the text
    tw = ix.search("经济 source:台湾", fetch=fetch).hits[0]
    assert [SAMPLE[1].text[s:e] for s, e in tw.spans] == ["經濟"]
    assert [SAMPLE[1].title[s:e] for s, e in tw.title_spans] == ["經濟"]
    (neg,) = ix.search("五星 -台湾", fetch=fetch).hits
    assert [article.text[s:e] for s, e in neg.spans] == ["五星"]


def test_hits_carry_what_to_mark_in_the_parts_a_page_does_not_read(sample_index: IndexAndFetch) -> None:
    """A field-less term is marked in the heads, dateline and captions too; `caption:` in the
    captions alone; `title:` in neither; needles are in search form, once each."""
    ix, fetch = sample_index
    (hit,) = ix.search("筑牢思想 蝶湖 “五星”支部 蝶湖 -臺灣", fetch=fetch).hits
    assert hit.needles == hit.caption_needles == ("五星支部", "筑牢思想", "蝶湖")
    (hit,) = ix.search("caption:蝶湖 title:经济运行", fetch=fetch).hits
    assert (hit.needles, hit.caption_needles) == ((), ("蝶湖",))
    (hit,) = ix.search("經濟發展 -title:臺灣 date:2020", fetch=fetch, mode="words").hits
    assert hit.needles == hit.caption_needles == ("发展", "经济")
    assert "needles" not in hit.to_json()


def test_snippet_marks_hits(sample_index: IndexAndFetch) -> None:
    ix, fetch = sample_index
    (hit,) = ix.search("5G", fetch=fetch).hits
    assert [hit.snippet[s:e] for s, e in hit.snippet_spans] == ["5G"]  # spans, never marks in the text
    assert "«" not in hit.snippet and "\n" not in hit.snippet
    assert "«5G»" in marked(hit.snippet, hit.snippet_spans)
    (hit,) = ix.search("title:运行", fetch=fetch).hits
    assert hit.snippet.startswith("本报北京")  # no text hit: the opening of the text


def test_field_resolver(sample_index: IndexAndFetch) -> None:
    ix, _ = sample_index
    tags = {"地区/郑州": {"rmrb-1", "xwlb-2"}}
    ix.set_field_resolver("tag", lambda v: tags.get(v, set()))
    assert ids(sample_index, "tag:地区/郑州") == {"rmrb-1", "xwlb-2"}
    assert ids(sample_index, "经济 tag:地区/郑州 -date:2023") == {"xwlb-2"}
    assert ids(sample_index, "tag:无") == set()


def test_explain(sample_index: IndexAndFetch) -> None:
    ix, _ = sample_index
    text = ix.explain('title:經濟 (a OR "b c") -date:2023 王  珏')
    assert "exact '经济' in the title [one bigram]" in text
    assert "ANY of:" in text and "NOT:" in text
    assert "date 2023-01-01 .. 2023-12-31" in text
    assert "words 中国 + 经济" in ix.explain("中国经济", mode="words")


@pytest.mark.parametrize("query", ['"王珏', "title:", "(a", "AND OR NOT", "x" * 100_000, "“”"])
def test_bad_queries_raise_query_error(sample_index: IndexAndFetch, query: str) -> None:
    ix, fetch = sample_index
    with pytest.raises(QueryError):
        ix.search(query, fetch=fetch)


def test_bad_arguments(sample_index: IndexAndFetch) -> None:
    ix, fetch = sample_index
    with pytest.raises(ValueError):
        ix.search("a", fetch=fetch, sort="newest")
    with pytest.raises(ValueError):
        ix.search("a", fetch=fetch, mode="fuzzy")


def test_phrases_far_into_long_texts_and_overlapping_repeats(tmp_path) -> None:
    from newsdesk.domain import Article

    from .conftest import fetcher

    filler = "一二三四五六七八九十" * 8000  # 80,000 characters: positions need 4 bytes
    articles = [
        Article(id="long", title="", text=filler + "目标短语在这里" + filler[:300] + "目标短语"),
        Article(id="rep", title="", text="哈哈哈哈哈"),
    ]
    ix = SearchIndex.open(tmp_path / "index")
    with ix.writer() as w:
        w.add(articles)
    fetch = fetcher(articles)
    (hit,) = ix.search("目标短语", fetch=fetch).hits
    assert [s for s, _ in hit.spans] == [80_000, 80_307]
    assert ix.search("短语在这", fetch=fetch).total == 1
    assert ix.search("十一二三四五六七", fetch=fetch).total == 1
    (rep,) = ix.search("哈哈哈哈", fetch=fetch).hits
    assert rep.spans == ((0, 5),)  # two overlapping occurrences, one merged span
    ix.close()


def test_word_bonus_whole_words_first_from_the_terms_edge_words_of_two_characters_or_more(tmp_path) -> None:
    from newsdesk.domain import Article
    from newsdesk.index.engine import bonus_words

    from .conftest import fetcher

    articles = [  # same lengths, one occurrence each: only the words differ
        Article(id="word", title="", text="国家安全很重要。", date="2020-01-01"),
        Article(id="inside", title="", text="美国家庭很重要。", date="2021-01-01"),
        Article(id="more-inner", title="", text="经济发展研究。发展", date="2020-01-01"),
        Article(id="plain", title="", text="经济发展研究。进步", date="2021-01-01"),
    ]
    ix = SearchIndex.open(tmp_path / "index")
    with ix.writer() as w:
        w.add(articles)
    fetch = fetcher(articles)
    # 国家 is a word in one text and split across 美国|家庭 in the other (the newer).
    word, inside = ix.search("国家", fetch=fetch).hits
    assert (word.id, inside.id) == ("word", "inside") and word.score > inside.score
    # Inside a phrase a word's neighbours are the phrase's own: only its first and last words
    # can differ between matches, so another 发展 elsewhere earns nothing more.
    assert bonus_words(["经济", "发展", "研究"]) == ["经济", "研究"]
    assert bonus_words(["经济", "发展"]) == ["经济", "发展"]
    # a one-character word at an edge is a piece of a word the phrase cut, or a particle
    assert bonus_words(["号", "下午", "一"]) == [] and bonus_words(["在", "北京"]) == ["北京"]
    assert bonus_words(["在"]) == ["在"]  # (a one-word term keeps its word)
    a, b = ix.search("经济发展研究", fetch=fetch).hits
    assert a.score == b.score and a.score > 0
    assert ix.search("经济发展", fetch=fetch).hits[0].id == "more-inner"  # 发展 an edge word here
    ix.close()


@pytest.mark.parametrize(
    "query",
    [
        "经济",
        "济",
        "经济发展",
        "title:经济",
        "经济 OR 王珏",
        "经济 AND NOT 五星",
        "经济 陆娅楠",
        "1.4",
        "新闻 经济",
    ],
)
@pytest.mark.parametrize("mode", ["exact", "words"])
def test_spans_are_looked_for_only_where_the_index_says_a_needle_is(
    sample_index: IndexAndFetch, monkeypatch: pytest.MonkeyPatch, query: str, mode: str
) -> None:
    from newsdesk.index import snippets
    from newsdesk.index.match import Highlight

    ix, fetch = sample_index
    looked: list[str] = []
    real = snippets.spans_many

    def spans_many(texts: list[str], needles: set[str]):  # type: ignore[no-untyped-def]
        looked.extend(t for t in texts if t)  # ("" stands for a text not searched)
        return real(texts, needles)

    monkeypatch.setattr(snippets, "spans_many", spans_many)
    hits = ix.search(query, fetch=fetch, mode=mode).hits
    searched = len(looked)
    monkeypatch.setattr(Highlight, "may_hold", lambda self, group, docnums: [True] * len(docnums))
    assert ix.search(query, fetch=fetch, mode=mode).hits == hits  # the same hits, spans, snippets
    if mode == "exact":
        # Only texts that hold a needle were searched (none of these matches in a dateline).
        assert hits and searched == sum(bool(h.spans) + bool(h.title_spans) for h in hits)
    else:  # a word may stand in a text whose word index splits it otherwise: every text
        assert searched == 2 * len(hits)
