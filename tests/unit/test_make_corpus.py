"""The benchmarks' stand-in corpus (benchmarks/make_corpus.py): deterministic, real-valued,
importable, and searchable with the same answers as a scan of its records."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest
from benchmarks import make_corpus

from newsdesk.library import Library
from newsdesk.zh.normalize import fold, normalize_term


@pytest.fixture(scope="module")
def pool(corpora: Path) -> make_corpus.Pool:
    return make_corpus.load_pool(corpora)


def _lines(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_same_seed_same_bytes_other_seed_other_bytes(pool: make_corpus.Pool, tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz", tmp_path / "c.jsonl.gz"
    assert make_corpus.write(a, make_corpus.generate(pool, 300, seed=7))[0] == 300
    make_corpus.write(b, make_corpus.generate(pool, 300, seed=7))
    make_corpus.write(c, make_corpus.generate(pool, 300, seed=8))
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    assert len(_lines(a)) == 300
    # a longer file of the same seed starts with the shorter one's articles
    longer = list(make_corpus.generate(pool, 400, seed=7))
    assert longer[:300] == _lines(a)


def test_articles_are_real_paragraphs_with_real_values(pool: make_corpus.Pool) -> None:
    records = list(make_corpus.generate(pool, 2000, seed=3))
    assert len({r["id"] for r in records}) == 2000
    first, first_title = pool.traditional_from
    real_simplified = set(pool.paragraphs[:first]) | set(pool.titles[:first_title])
    real_traditional = set(pool.paragraphs[first:]) | set(pool.titles[first_title:])
    apple_simplified = {p.translate(pool.to_simplified) for p in real_traditional}
    # (a few Simplified texts hold characters the table would turn: compared turned too)
    turned = {chr(c) for c in pool.to_simplified}
    real_simplified |= {p.translate(pool.to_simplified) for p in real_simplified if not turned.isdisjoint(p)}
    metas = {m[:3] for m in pool.simplified_meta + pool.traditional_meta}
    traditional = 0
    for r in records:
        body = str(r["body"]).split("\n")
        assert make_corpus.MIN_PARAGRAPHS <= len(body) <= make_corpus.MAX_PARAGRAPHS
        assert 1990 <= int(str(r["date"])[:4]) <= 2025
        assert (r["source"], r["section"], r["author"]) in metas
        is_traditional = r["source"] == "蘋果日報（台灣）"
        traditional += is_traditional
        # each paragraph and the title a real one, as written or turned into the article's script
        for p in [str(r["title"]), *body]:
            if is_traditional:
                assert p in real_traditional or p.translate(pool.to_simplified) in real_simplified
                assert p.translate(pool.to_traditional) == p or p in real_traditional
            else:
                assert p in real_simplified or p in apple_simplified
        if "page" in r:
            assert r["page"] in pool.pages
    assert 0.03 < traditional / len(records) < 0.07
    years = {int(str(r["date"])[:4]) for r in records}
    assert min(years) < 1995 and max(years) > 2020


def test_simplified_text_turned_traditional_reads_back_the_same(pool: make_corpus.Pool) -> None:
    text = "国家邮政局发布最新数据，我国邮政行业寄递业务量累计完成，发展后劲足"
    turned = text.translate(pool.to_traditional)
    assert turned != text
    assert "國家" in turned and "發" in turned and "後" in turned
    assert fold(turned) == fold(text)


def test_a_generated_file_imports_and_searches_like_a_scan(pool: make_corpus.Pool, tmp_path: Path) -> None:
    path = tmp_path / "stand-in.jsonl.gz"
    make_corpus.write(path, make_corpus.generate(pool, 150, seed=11))
    records = _lines(path)
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([path])
        assert report.added == 150 and not report.failed
        haystacks = {
            str(r["id"]): fold(f"{r['title']}\n{r['body']}\n{r['author'] or ''}\n{r['section'] or ''}")
            for r in records
        }
        rng = random.Random(2)
        for _ in range(6):
            r = rng.choice(records)
            paragraph = rng.choice(str(r["body"]).split("\n"))
            start = rng.randrange(max(1, len(paragraph) - 4))
            phrase = normalize_term(paragraph[start : start + 4])
            if len(phrase) < 2 or '"' in phrase:
                continue
            expected = {i for i, hay in haystacks.items() if phrase in hay}
            result = lib.search(f'"{phrase}"', limit=200)
            assert result.total == len(expected), phrase
            assert {h.id for h in result.hits} == expected, phrase
