"""Hostile input, fuzzed with Hypothesis: every format reader on arbitrary bytes, and the query
parser and search on arbitrary text, return a result or a user error — nothing else — in
bounded time. (The gzip bomb is in tests/unit/ingest/test_ingest_jsonl.py.)"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.helpers import record, write_jsonl

from newsdesk import Library
from newsdesk.domain import ArticleDraft
from newsdesk.errors import BadFileError, QueryError
from newsdesk.index.query import parse
from newsdesk.ingest import RecordProblem
from newsdesk.ingest.sources import open_source

# NEWSDESK_FUZZ_EXAMPLES=500 runs a longer version by hand.
EXAMPLES = int(os.environ.get("NEWSDESK_FUZZ_EXAMPLES", 25))
FUZZ = settings(max_examples=EXAMPLES, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = ["txt", "jsonl", "json", "html", "md", "dat", "ndjson"]
# fmt: off
NASTY = [
    "\x00", "\ufeff", "\u3000", "\r", "\u2028", "{", "[", "<", '"', "“", "第1版", "\n\n", "本报讯",
    "\\ud800",
]
# fmt: on

# Bytes that look like the formats: arbitrary bytes, text around format markers, and JSON
# lines carrying control characters and unpaired surrogates.
texts = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(NASTY)), max_size=30).map("".join)
json_lines = st.lists(
    st.dictionaries(
        st.sampled_from(["id", "title", "body", "date", "source", "author", "section", "x"]),
        st.one_of(st.text(max_size=30), st.integers(), st.none(), st.lists(st.integers(), max_size=3)),
        max_size=7,
    ),
    max_size=5,
).map(lambda rows: "\n".join(json.dumps(r) for r in rows).replace("a", "\\ud800"))
payloads = st.one_of(
    st.binary(max_size=2000),
    texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
    texts.map(lambda t: t.encode("gb18030", "replace")),
    json_lines.map(lambda t: t.encode()),
)


def read_all(path: Path) -> list[object]:
    """Every record the reader yields, or the BadFileError it raised."""
    try:
        src = open_source(path, path.parent)
        return list(src)
    except BadFileError as exc:
        return [exc]


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(data=payloads)
def test_format_readers_take_any_bytes(suffix: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"20230101-01-01.{suffix}"
        path.write_bytes(data)
        t0 = time.monotonic()
        out = read_all(path)
        assert time.monotonic() - t0 < 5
        for item in out:
            assert isinstance(item, ArticleDraft | RecordProblem | BadFileError), item
            if isinstance(item, RecordProblem):
                assert item.message()


@FUZZ
@given(data=payloads)
def test_gzipped_jsonl_takes_any_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, body in (("a.jsonl.gz", gzip.compress(data)), ("b.jsonl.gz", data)):
            path = Path(tmp) / name
            path.write_bytes(body)
            for item in read_all(path):
                assert isinstance(item, ArticleDraft | RecordProblem | BadFileError), item


# -- queries ---------------------------------------------------------------------------------

# fmt: off
QUERY_BITS = [
    '"', "“", "”", "(", ")", "[", "]", "AND", "OR", "NOT", " ", "-", "+", "*", "?", ":",
    "title:", "date:", "date:2023-13-45..1999", "page:", "source:", "tag:", "note:", "..",
    "\x00", "\ud800", "新华社", "北京", "a", "~", "^", "'",
]
# fmt: on
queries = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(QUERY_BITS), max_size=40).map("".join),
    st.lists(st.sampled_from(QUERY_BITS), max_size=40).map(" ".join),
)

# fmt: off
HOSTILE = [
    '"', "“", "(", ")", "((", "[", "]", "AND", "OR", "NOT", "AND OR NOT", "NOT NOT NOT", "title:",
    "title:()", 'title:""', "title: ", "date:", "date:..", "date:2023-02-30", "date:9999-99-99..0000-00-00",
    "date:2024..2023", "date:-5", "date:20231301", "page:", "page:-1", "page:99999999999999999999",
    "source:", "tag:", "note:", "\x00", "\ud800", "*", "?", "-", "- -", "a:b:c:d", "新华社" * 400,
    "x" * 100_000, "(" * 10_000 + "a" + ")" * 10_000, "(" * 10_000, ")" * 10_000,
    " OR ".join(["北京"] * 500), '"' * 999,
]
# fmt: on


@pytest.fixture(scope="module")
def small_lib(tmp_path_factory: pytest.TempPathFactory) -> Library:
    folder = tmp_path_factory.mktemp("fuzzlib")
    src = write_jsonl(
        folder / "in" / "a.jsonl",
        [
            record("q-1", "新华社北京电", "新华社北京1月1日电 今天天气很好。\n第二段。"),
            record("q-2", "郑州新闻", "郑州高新区首个主题公园。", date="2022-12-31", author="记者 张三"),
        ],
    )
    with Library.open(folder / "lib") as lib:
        lib.import_paths([src])
        yield lib


def search_or_query_error(lib: Library, q: str) -> None:
    t0 = time.monotonic()
    for mode in ("exact", "words"):
        try:
            result = lib.search(q, mode=mode, facets=True)
            assert result.total >= 0
            lib.explain(q, mode=mode)
        except QueryError as exc:
            assert str(exc).startswith("bad query")
    assert time.monotonic() - t0 < 5


@pytest.mark.parametrize("q", HOSTILE, ids=lambda q: repr(q[:20]) + f"/{len(q)}")
def test_hostile_queries_answer_or_say_why(small_lib: Library, q: str) -> None:
    search_or_query_error(small_lib, q)


@FUZZ
@given(q=queries)
def test_any_query_parses_or_raises_query_error(q: str) -> None:
    with contextlib.suppress(QueryError):
        parse(q, extra_fields=("tag", "note"))


@settings(
    max_examples=EXAMPLES + 15, deadline=3000, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=queries)
def test_any_query_searches_or_raises_query_error(small_lib: Library, q: str) -> None:
    search_or_query_error(small_lib, q)
