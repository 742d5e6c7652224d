"""The query language: what each construct parses to, and every bad query as a QueryError."""

from __future__ import annotations

import time

import pytest

from newsdesk.errors import QueryError
from newsdesk.index.query import (
    MAX_CHARS,
    And,
    DateRange,
    Not,
    Or,
    PageMatch,
    Resolved,
    Term,
    parse,
)


def T(text: str, field: str | None = None, phrase: bool = False, pos: int = 0) -> Term:
    return Term(text, field, phrase, pos)


def test_space_means_and() -> None:
    assert parse("经济 发展") == And((T("经济"), T("发展", pos=3)))
    assert parse("经济 AND 发展") == And((T("经济"), T("发展", pos=7)))


def test_or_binds_tighter_than_and() -> None:
    assert parse("习近平 会见 OR 会谈") == And((T("习近平"), Or((T("会见", pos=4), T("会谈", pos=10)))))


def test_not_and_minus() -> None:
    assert parse("经济 -台湾") == And((T("经济"), Not(T("台湾", pos=4), 3)))
    assert parse("NOT 台湾") == Not(T("台湾", pos=4), 0)
    assert parse("COVID-19") == T("COVID-19")  # a hyphen inside a word is text


def test_parentheses_and_field_groups() -> None:
    assert parse("(a OR b) c") == And((Or((T("a", pos=1), T("b", pos=6))), T("c", pos=9)))
    assert parse("title:(经济 OR 金融)") == Or((T("经济", "title", pos=7), T("金融", "title", pos=13)))


def test_phrases_keep_spaces() -> None:
    assert parse('"Xi Jinping"') == T("Xi Jinping", phrase=True)
    assert parse("＂王 珏＂") == T("王 珏", phrase=True)
    assert parse("“王 珏”") == T("王 珏", phrase=True)
    # Curly quotes that do not close a token are text.
    assert parse("“五星”支部") == T("“五星”支部")


def test_fields() -> None:
    assert parse("title:经济") == T("经济", "title", pos=6)
    assert parse("TITLE：经济") == T("经济", "title", pos=6)  # full-width colon, any case
    assert parse('author:"王 珏"') == T("王 珏", "author", True, 7)
    assert parse("caption:蝶湖 source:人民日报 section:要闻") == And(
        (T("蝶湖", "caption", pos=8), T("人民日报", "source", pos=18), T("要闻", "section", pos=31))
    )
    assert parse("http://x.cn") == T("http://x.cn")  # an unknown field is text


@pytest.mark.parametrize(
    ("query", "low", "high"),
    [
        ("date:2023", 20230101, 20231231),
        ("date:2024-02", 20240201, 20240229),
        ("date:2023-01-05", 20230105, 20230105),
        ("date:2023/1/5", 20230105, 20230105),
        ("date:2023-01..2023-06", 20230101, 20230630),
        ("date:2023..", 20230101, None),
        ("date:..2022", None, 20221231),
        ("date:>=2022-12-01", 20221201, None),
        ("date:>2022-12", 20230101, None),
        ("date:<2022", None, 20211231),
        ("date:<=2022-06", None, 20220630),
    ],
)
def test_dates(query: str, low: int | None, high: int | None) -> None:
    node = parse(query)
    assert isinstance(node, DateRange)
    assert (node.low, node.high) == (low, high)


def test_pages_and_registered_fields() -> None:
    assert parse("page:5") == PageMatch(5, 5, None, 5)
    assert parse("page:1..4") == PageMatch(1, 4, None, 5)
    assert parse("page:A5") == PageMatch(None, None, "A5", 5)
    assert parse("tag:地区/郑州", extra_fields=["tag"]) == Resolved("tag", "地区/郑州", 4)
    assert parse("tag:地区") == T("tag:地区")  # not registered: text


@pytest.mark.parametrize(
    ("query", "position", "words"),
    [
        ('"王珏', 0, "never closed"),
        ('经济 "王珏', 3, "never closed"),
        ("(经济 发展", 0, "never closed"),
        ("经济) 发展", 2, "no opening"),
        ("title:", 0, "after it"),
        ("经济 title: ", 3, "after it"),
        ("title:)", 0, "after it"),
        ("AND OR NOT", 0, "before it"),
        ("OR", 0, "before it"),
        ("经济 OR", 3, "after it"),
        ("经济 AND", 3, "after it"),
        ("NOT", 0, "after it"),
        ("-", None, None),
        ("()", 1, "nothing"),
        ("   ", 0, "nothing"),
        ("date:2023-13", 5, "no month 13"),
        ("date:2023-02-30", 5, "no day 30"),
        ("date:2024..2023", 5, "after it ends"),
        ("date:yesterday", 5, "not a date"),
        ("date:..", 5, "at least one side"),
        ("date:>=", 5, "needs a date"),
        ("page:5..1", 5, "after it ends"),
        ("page:a..b", 5, "page numbers"),
        ('ab"c', 2, "inside a word"),
    ],
)
def test_bad_queries(query: str, position: int | None, words: str | None) -> None:
    if words is None:  # "-" alone is an ordinary one-character term
        assert parse(query) == T("-")
        return
    with pytest.raises(QueryError) as e:
        parse(query)
    assert e.value.position == position
    assert words in e.value.reason


def test_huge_and_deep_queries_fail_fast() -> None:
    start = time.perf_counter()
    with pytest.raises(QueryError, match="at most"):
        parse("经济 " * 50_000)  # 100 kB+
    with pytest.raises(QueryError, match="nested"):
        parse("(" * 300 + "a" + ")" * 300)
    with pytest.raises(QueryError, match="nested"):
        parse("NOT " * 200 + "a")
    with pytest.raises(QueryError, match="more than"):
        parse(" ".join(["a"] * 100))
    with pytest.raises(QueryError):
        parse("(" * (MAX_CHARS - 1))
    assert time.perf_counter() - start < 1.0


def test_error_message_says_what_and_where() -> None:
    with pytest.raises(QueryError) as e:
        parse("经济 (发展")
    assert str(e.value) == "bad query '经济 (发展' at position 3: this parenthesis is never closed"
