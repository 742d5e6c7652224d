"""Timeline and batch search against brute force over the same library."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.research.batch import parse_terms, read_terms
from newsdesk.research.timeline import period_range
from newsdesk.zh.normalize import normalize_term

from .conftest import brute_ids

QUERIES = ["经济", "經濟", "台湾", "习近平", "慈善", "王珏", "的", "会议"]


@pytest.mark.parametrize("by", ["year", "month"])
def test_timeline_counts_equal_brute_force(research_lib, every_article, by: str) -> None:
    tl = research_lib.research.timeline(QUERIES[:6], by=by)
    assert [s.query for s in tl.series] == QUERIES[:6]
    cut = 4 if by == "year" else 7
    library = Counter(a.date[:cut] for a in every_article.values() if a.date)
    for s in tl.series:
        ids = brute_ids(every_article, normalize_term(s.query))
        expected = Counter(every_article[i].date[:cut] for i in ids if every_article[i].date)
        assert s.total == len(ids) == research_lib.search(s.query, limit=0).total
        assert sum(p.count for p in s.points) + s.undated == s.total  # counts sum to the total
        assert s.undated == sum(1 for i in ids if not every_article[i].date)
        assert {p.period: p.count for p in s.points if p.count} == dict(expected)
        assert all(p.articles == library.get(p.period, 0) for p in s.points)
    periods = tl.periods
    assert periods == sorted(periods) and len(periods) == len(set(periods))


def test_month_ranges_wrap_years() -> None:
    assert period_range(201911, 202002, "month") == [201911, 201912, 202001, 202002]
    assert period_range(2019, 2021, "year") == [2019, 2020, 2021]


def test_timeline_cli_json_and_limits(research_lib, capsys) -> None:
    lib = str(research_lib.folder)
    assert main(["--library", lib, "timeline", "经济", "台湾", "--by", "month", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["by"] == "month" and [s["query"] for s in out["series"]] == ["经济", "台湾"]
    point = out["series"][0]["points"][0]
    assert set(point) == {"period", "count", "articles"} and len(point["period"]) == 7
    assert main(["--library", lib, "timeline", *QUERIES[:7]]) == 2
    assert "at most 6 queries" in capsys.readouterr().err
    assert main(["--library", lib, "timeline", "经济 (", "--json"]) == 2
    assert "bad query '经济 ('" in capsys.readouterr().err


def test_batch_totals_equal_search_totals(research_lib, every_article) -> None:
    terms = parse_terms("\n".join(QUERIES) + "\n\n(坏\n经济 date:2019\n")
    result = research_lib.research.batch(terms, years=True)
    assert [t.term for t in result.terms] == [*QUERIES, "经济 date:2019"]
    assert result.errors[0][:2] == (10, "(坏")
    for row in result.terms:
        assert row.total == research_lib.search(row.term, limit=0).total
    for row in result.terms[:-1]:
        ids = brute_ids(every_article, normalize_term(row.term))
        dates = sorted(every_article[i].date for i in ids if every_article[i].date)
        assert row.total == len(ids)
        assert (row.first, row.last) == ((dates[0], dates[-1]) if dates else (None, None))
        assert sum(row.years.values()) == len(dates)


def test_batch_cli_reports_bad_lines_and_runs_the_rest(research_lib, tmp_path: Path, capsys) -> None:
    f = tmp_path / "names.txt"
    f.write_text("\ufeff经济\n\ntitle:\n台湾\n", encoding="utf-8")
    code = main(["--library", str(research_lib.folder), "batch", str(f), "--json"])
    captured = capsys.readouterr()
    assert code == 1
    out = json.loads(captured.out)
    assert [t["term"] for t in out["terms"]] == ["经济", "台湾"]
    assert set(out["terms"][0]) == {"term", "total", "first", "last"}
    assert f"{f}:3: bad query 'title:'" in captured.err
    assert out["errors"][0]["line"] == 3


def test_batch_bad_files_are_named(tmp_path: Path, capsys) -> None:
    lib = str(tmp_path / "lib")
    assert main(["--library", lib, "batch", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt: no such file" in capsys.readouterr().err
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02")
    assert main(["--library", lib, "batch", str(binary)]) == 2
    assert "x.bin: not a text file" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_text("\n  \n", encoding="utf-8")
    assert main(["--library", lib, "batch", str(empty)]) == 2
    assert "empty.txt: holds no terms" in capsys.readouterr().err
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("经济\n台湾\n".encode("gb18030"))
    assert [t for _, t in read_terms(gbk)] == ["经济", "台湾"]
