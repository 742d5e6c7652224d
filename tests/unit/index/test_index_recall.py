"""Recall and precision against brute force on real articles (CCTV Simplified, Apple Daily
Traditional): the result set of every random 1–6 character substring equals the set of articles
whose normalised text contains it; spans cover exactly the matching characters."""

from __future__ import annotations

import random

import pytest

from newsdesk.domain import Article
from newsdesk.index.schema import group_texts
from newsdesk.zh.normalize import fold, normalize_term

pytestmark = pytest.mark.slow

SEED = 20230101
SAMPLES = 300


def haystacks(article: Article) -> list[str]:
    """Everything an unfielded query searches, each value in search form."""
    out = [fold(t) for t in group_texts(article).values()]
    out += [fold(b.name) for b in article.bylines]
    if article.section:
        out.append(fold(article.section))
    return out


@pytest.fixture(scope="module")
def brute(corpus):
    _, articles, _ = corpus
    return {a.id: haystacks(a) for a in articles}


def brute_force(brute: dict[str, list[str]], needle: str) -> set[str]:
    return {aid for aid, hays in brute.items() if any(needle in h for h in hays)}


def random_substrings(articles: list[Article], rng: random.Random, n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        a = rng.choice(articles)
        source = rng.choice([a.title, *a.paragraphs]) if a.text else a.title
        size = rng.randint(1, 6)
        if len(source) < size:
            continue
        start = rng.randrange(len(source) - size + 1)
        s = source[start : start + size]
        if '"' in s or not normalize_term(s):
            continue
        out.append(s)
    return out


def search_ids(ix, fetch, needle: str) -> tuple[int, set[str]]:
    r = ix.search('"' + needle + '"', fetch=fetch, limit=1000)
    return r.total, {h.id for h in r.hits}


def test_random_substrings_equal_brute_force(corpus, brute) -> None:
    ix, articles, fetch = corpus
    rng = random.Random(SEED)
    misses, extras = [], []
    for s in random_substrings(articles, rng, SAMPLES):
        needle = normalize_term(s)
        expected = brute_force(brute, needle)
        total, got = search_ids(ix, fetch, s)
        assert total == len(got) or total > 1000
        if total <= 1000:
            if expected - got:
                misses.append((s, len(expected - got)))
            if got - expected:
                extras.append((s, len(got - expected)))
        else:
            assert total == len(expected), s
    assert misses == [] and extras == []  # recall and precision: 100%


def test_traditional_and_simplified_find_each_other(corpus, brute) -> None:
    ix, articles, fetch = corpus
    # A Traditional spelling of a Simplified string: each character's first Traditional source
    # in OpenCC's table (what the old test asked OpenCC's s2t for, without the package).
    from newsdesk.zh.normalize import _ts_table

    to_trad: dict[str, str] = {}
    for trad, simp in sorted(_ts_table().items()):
        to_trad.setdefault(simp, trad)
    rng = random.Random(SEED + 1)
    simplified = [a for a in articles if a.id.startswith("xwlb-")]
    traditional = [a for a in articles if a.id.startswith("appledaily-")]
    assert traditional, "the corpus sample must hold Apple Daily articles"
    checked = 0
    for s in random_substrings(traditional, rng, 40) + random_substrings(simplified, rng, 40):
        if len(normalize_term(s)) < 2:
            continue
        other = fold(s) if s != fold(s) else "".join(to_trad.get(ch, ch) for ch in s)
        total_a, ids_a = search_ids(ix, fetch, s)
        total_b, ids_b = search_ids(ix, fetch, other)
        assert (total_a, ids_a) == (total_b, ids_b), (s, other)
        expected = brute_force(brute, normalize_term(s))
        assert total_a == len(expected)
        if total_a <= 1000:
            assert ids_a == expected
        checked += 1
    assert checked > 40
    # A Simplified query finds Traditional text.
    assert any(
        i.startswith("appledaily-")
        for i in search_ids(ix, fetch, "经济")[1] | search_ids(ix, fetch, "医院")[1]
    )


def test_spans_cover_exactly_the_matching_characters(corpus) -> None:
    ix, articles, fetch = corpus
    rng = random.Random(SEED + 2)
    by_id = {a.id: a for a in articles}
    checked = 0
    for s in random_substrings(articles, rng, 40):
        needle = normalize_term(s)
        for hit in ix.search('"' + s + '"', fetch=fetch, limit=5).hits:
            article = by_id[hit.id]
            for text, spans in ((article.text, hit.spans), (article.title, hit.title_spans)):
                norm_text = fold(text)
                # as many spans as non-overlapping runs of occurrences, each folding to runs
                # of the needle, and none missed
                covered = "".join(fold(text[a:b]) for a, b in spans)
                assert covered.count(needle) >= len(spans)
                for a, b in spans:
                    piece = fold(text[a:b])
                    assert piece.startswith(needle) and piece.endswith(needle), (s, piece)
                assert (norm_text.count(needle) > 0) == bool(spans)
                checked += 1
    assert checked > 40


def test_pieces_of_bylines_and_sections_equal_brute_force(corpus, brute) -> None:
    """A short term is often in many reporters' names or sections at once: each one counts."""
    ix, articles, fetch = corpus
    rng = random.Random(SEED + 3)
    names = sorted({b.name for a in articles for b in a.bylines} | {a.section for a in articles if a.section})
    assert len(names) > 20
    checked = 0
    while checked < 60:
        name = rng.choice(names)
        size = rng.randint(1, min(3, len(name)))
        start = rng.randrange(len(name) - size + 1)
        s = name[start : start + size]
        if '"' in s or not normalize_term(s):
            continue
        expected = brute_force(brute, normalize_term(s))
        total, got = search_ids(ix, fetch, s)
        assert total == len(expected), s
        assert total > 1000 or got == expected, s
        checked += 1
