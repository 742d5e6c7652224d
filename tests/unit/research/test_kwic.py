"""The concordance against brute force: every occurrence of the normalised needles counted,
each line's `start` an offset into the article's text where the match stands."""

from __future__ import annotations

import json

import pytest

from newsdesk.cli import main
from newsdesk.zh.normalize import fold, normalize_term

from .conftest import brute_ids


def plain_count(hay: str, needle: str) -> int:
    """Occurrences of needle in hay, overlapping ones included (brute force, one by one)."""
    return sum(1 for i in range(len(hay) - len(needle) + 1) if hay.startswith(needle, i))


@pytest.mark.parametrize("query", ["经济", "經濟", "王珏", "台湾", "的", "APEC", "会议"])
def test_occurrences_equal_a_plain_count_of_the_needle(research_lib, every_article, query: str) -> None:
    needle = normalize_term(query)
    ids = brute_ids(every_article, needle)
    expected = sum(plain_count(fold(every_article[i].text), needle) for i in ids)
    result = research_lib.research.kwic(query, limit=None)
    assert result.occurrences == expected == len(result.lines)
    for line in result.lines:
        text = every_article[line.id].text
        assert text[line.start : line.start + len(line.match)] == line.match
        assert normalize_term(line.match) == needle
        assert line.date == every_article[line.id].date


def test_two_terms_count_both_needles(research_lib, every_article) -> None:
    result = research_lib.research.kwic("经济 发展", limit=None)
    ids = {h.id for h in research_lib.search("经济 发展", limit=1000).hits}
    expected = sum(plain_count(fold(every_article[i].text), n) for i in ids for n in ("经济", "发展"))
    assert result.occurrences == expected == len(result.lines)


def test_sorts_and_pages(research_lib) -> None:
    by_date = research_lib.research.kwic("经济", limit=None)
    dated = [x.date for x in by_date.lines if x.date]
    assert dated == sorted(dated)
    first = research_lib.research.kwic("经济", limit=5)
    assert first.lines == by_date.lines[:5] and first.occurrences == by_date.occurrences
    left = research_lib.research.kwic("经济", sort="left", limit=None).lines
    assert [x.left[::-1] for x in left] == sorted(x.left[::-1] for x in left)
    right = research_lib.research.kwic("经济", sort="right", width=5, limit=None).lines
    assert [x.right for x in right] == sorted(x.right for x in right)
    assert all(len(x.left) <= 5 and len(x.right) <= 5 for x in right)
    assert "\n" not in "".join(x.left + x.right for x in left)


def test_kwic_cli_json(research_lib, capsys) -> None:
    lib = str(research_lib.folder)
    assert main(["--library", lib, "kwic", "王珏", "--width", "4", "--limit", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["occurrences"] >= 1 and len(out["lines"]) <= 2
    assert set(out["lines"][0]) == {"id", "date", "left", "match", "right", "start"}
    assert out["lines"][0]["match"] == "王  珏"  # the padded byline in the text, as written
    assert main(["--library", lib, "kwic", "经济", "--width", "0"]) == 2
    assert "bad --width 0" in capsys.readouterr().err
