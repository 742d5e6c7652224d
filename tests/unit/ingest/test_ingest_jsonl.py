"""JSON Lines and JSON readers: corpora records, streaming, and every kind of damage."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from newsdesk.domain import ArticleDraft, Byline
from newsdesk.errors import BadFileError
from newsdesk.ingest import RecordProblem
from newsdesk.ingest.formats import jsonl
from newsdesk.ingest.sources import open_source

Item = ArticleDraft | RecordProblem


def read(path: Path, root: Path | None = None) -> tuple[list[ArticleDraft], list[RecordProblem]]:
    items = list(open_source(path, root))
    return (
        [i for i in items if isinstance(i, ArticleDraft)],
        [i for i in items if isinstance(i, RecordProblem)],
    )


def lines_of(records: Sequence[Mapping[str, object]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def test_cctv_corpus_streams_completely(corpora: Path) -> None:
    path = corpora / "cctv_xwlb/articles.jsonl.gz"
    source = open_source(path, corpora)
    assert (source.format, source.encoding) == ("jsonl", "utf-8")
    count = problems = 0
    first = last = None
    for item in source:
        if isinstance(item, RecordProblem):
            problems += 1
            continue
        count += 1
        first = first or item
        last = item
    assert (count, problems) == (74_545, 0)
    assert first is not None and last is not None
    assert str(first.external_id).startswith("xwlb-")
    assert str(last.external_id).startswith("xwlb-")
    assert first.source == "中央广播电视总台《新闻联播》(央视网文字稿)"  # the record's own wins
    assert first.date == "2012-07-02"
    assert all(p and p == p.strip() for p in first.paragraphs)


def test_rmrb_records(corpora: Path) -> None:
    drafts, problems = read(corpora / "rmrb_20230101/articles.jsonl", corpora)
    assert len(drafts) == 12 and not problems
    first = drafts[0]
    assert first.external_id == "rmrb-20230101-01-01"
    assert first.title == "国家主席习近平发表二〇二三年新年贺词"
    assert (first.date, first.source, first.section, first.page) == (
        "2023-01-01",
        "人民日报",
        "第01版",
        "1",
    )
    raw = json.loads((corpora / "rmrb_20230101/articles.jsonl").read_text("utf-8").split("\n")[0])
    assert first.text == "\n".join(p.strip() for p in raw["body"].split("\n") if p.strip())
    roles = {b.role for d in drafts for b in d.bylines}
    assert roles and roles <= {"reporter", "commentator"}


def test_apple_daily_bylines_have_roles(corpora: Path) -> None:
    drafts, problems = read(corpora / "appledaily_tw_charity/articles.jsonl.gz")
    assert len(drafts) == 1588 and not problems
    assert drafts[0].bylines == (Byline("reporter", "韓旭爾"), Byline("photographer", "韓旭爾"))
    assert drafts[0].section == "暖流/頭條要聞"


def test_path_meta_fills_only_the_gaps(tmp_path: Path) -> None:
    folder = tmp_path / "南方日报"
    folder.mkdir()
    path = folder / "2023-01-05-p3.jsonl"
    path.write_bytes(
        lines_of(
            [
                {"id": 1, "title": "甲", "body": "正文", "date": None, "source": None},
                {"id": "b", "title": "乙", "body": "正文", "date": "2020-02-02", "source": "X报"},
            ]
        )
    )
    drafts, _ = read(path, tmp_path)
    assert [(d.external_id, d.date, d.source, d.page) for d in drafts] == [
        ("1", "2023-01-05", "南方日报", "3"),
        ("b", "2020-02-02", "X报", "3"),
    ]


def test_body_paragraphs_and_author_fallback(tmp_path: Path) -> None:
    path = tmp_path / "a.ndjson"
    body = "\u3000\u3000第一段。\n\n\xa0\xa0第二段  内部空格保留。  \n\u3000\n"
    path.write_bytes(lines_of([{"title": " 标题 ", "body": body, "author": "王  珏"}]))
    [draft], _ = read(path)
    assert draft.paragraphs == ("第一段。", "第二段  内部空格保留。")
    assert draft.title == "标题"
    assert draft.bylines == (Byline("author", "王珏"),)


def test_bad_lines_are_problems_and_the_rest_imports(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"title": "好", "body": "正文"}, ensure_ascii=False)
    path.write_bytes(
        "\n".join(
            [
                good,
                "[1, 2]",
                "not json",
                '"a string"',
                '{"title": "", "body": " "}',
                '{"title": "x", "body": 5}',
                "",
                good,
            ]
        ).encode("utf-8")
        + b"\n\xff\xfe{}\n"
    )
    drafts, problems = read(path)
    assert len(drafts) == 2
    assert [p.where.rsplit(":", 1)[1] for p in problems] == [
        "line 2",
        "line 3",
        "line 4",
        "line 5",
        "line 6",
        "line 9",
    ]
    assert "not a JSON object but an array" in problems[0].reason
    assert "not valid JSON" in problems[1].reason
    assert "no title or body" in problems[3].reason
    assert "not valid utf-8" in problems[5].reason
    assert all(p.where.startswith(str(path)) for p in problems)


def test_unpaired_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_bytes(b'{"title": "a\\ud800b", "body": "\\udc00x\\ud83d\\ude00", "author": "\\uD83D"}\n')
    [draft], problems = read(path)
    assert not problems
    assert draft.title == "a\ufffdb"
    assert draft.paragraphs == ("\ufffdx\U0001f600",)
    for text in (draft.title, draft.text, *(b.name for b in draft.bylines)):
        text.encode("utf-8")  # must not raise


def test_gb18030_and_utf16_json_lines(tmp_path: Path, simplified_samples: dict[str, str]) -> None:
    body = simplified_samples["cctv"].split("\n", 2)[1]
    records = [{"title": "一", "body": body}, {"title": "二", "body": body}]
    text = lines_of(records).decode("utf-8")
    for codec, expected in (("gb18030", "gb18030"), ("utf-16", "utf-16"), ("utf-8-sig", "utf-8")):
        path = tmp_path / f"{codec}.jsonl"
        path.write_bytes(text.encode(codec))
        source = open_source(path)
        items = list(source)
        assert source.encoding == expected
        assert [i.title for i in items if isinstance(i, ArticleDraft)] == ["一", "二"], codec


def test_truncated_gzip_keeps_records_before_the_damage(
    tmp_path: Path, apple_records: list[dict[str, object]]
) -> None:
    data = gzip.compress(lines_of(apple_records[:200]))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    drafts, problems = read(path)
    assert 20 < len(drafts) < 200
    assert drafts[0].external_id == apple_records[0]["id"]
    [problem] = problems
    assert "damaged gzip data" in problem.reason and "stopped" in problem.reason


def test_corrupt_gzip_keeps_records_before_the_damage(
    tmp_path: Path, apple_records: list[dict[str, object]]
) -> None:
    data = bytearray(gzip.compress(lines_of(apple_records[:200])))
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(bytes(data))
    drafts, problems = read(path)
    assert drafts and len(drafts) < 200
    assert problems and "damaged gzip data" in problems[-1].reason


def test_not_a_gzip_file(tmp_path: Path) -> None:
    path = tmp_path / "fake.jsonl.gz"
    path.write_bytes(b'{"title": "t", "body": "b"}\n')
    with pytest.raises(BadFileError, match="not a gzip file"):
        open_source(path)


def test_a_gzipped_file_is_not_cut_at_any_expanded_size(tmp_path: Path) -> None:
    """Two million articles are 3.4 GiB of JSON Lines (1.6 GB gzip'd): an import stopped at a
    2 GiB cap with 1,167,544 of them. Only the expansion ratio stops a gzip'd file, as nothing
    stops a plain one: here 3 GiB counted at 3:1 goes on, and the file is read whole."""
    line = b'{"title": "t", "body": "' + "经济".encode() * 500 + b'"}\n'
    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(gzip.compress(line * 2000))
    stream = jsonl._Stream(path)
    try:
        stream.expanded = 3 << 30

        class _Far:  # the compressed bytes read so far, as at 3 GiB expanded
            def __init__(self, raw) -> None:  # type: ignore[no-untyped-def]
                self.raw = raw

            def tell(self) -> int:
                return 1 << 30

            def __getattr__(self, name):  # type: ignore[no-untyped-def]
                return getattr(self.raw, name)

        stream.raw = _Far(stream.raw)  # type: ignore[assignment]
        assert stream._count(b"x" * 100) == b"x" * 100
    finally:
        stream.close()
    drafts, problems = read(path)
    assert len(drafts) == 2000 and problems == []


def test_gzip_bomb_stops_at_the_ratio_limit_with_default_limits(tmp_path: Path) -> None:
    """80 MiB of blanks in ~80 KB: stopped once past the grace size, memory stays bounded."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip container
    data = compressor.compress(b'{"title": "t", "body": "b"}\n')
    chunk = b" " * (1 << 20)
    for _ in range(80):
        data += compressor.compress(chunk)
    data += compressor.flush()
    path = tmp_path / "blanks.jsonl.gz"
    path.write_bytes(data)
    assert len(data) < 200_000
    drafts, problems = read(path)
    assert [d.title for d in drafts] == ["t"]
    [problem] = problems
    assert "gzip bomb" in problem.reason and f"{jsonl.MAX_RATIO}:1" in problem.reason


def test_overlong_line_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 1 << 20)
    path = tmp_path / "long.jsonl"
    good = b'{"title": "t", "body": "b"}\n'
    path.write_bytes(good + b'{"title": "' + b"x" * (3 << 20) + b'"}\n' + good)
    drafts, problems = read(path)
    assert len(drafts) == 2
    assert [p.where.rsplit(":", 1)[1] for p in problems] == ["line 2"]
    assert "longer than 1 MiB" in problems[0].reason


def test_overlong_line_in_utf16_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 1 << 20)
    path = tmp_path / "long16.jsonl"
    good = '{"title": "t", "body": "正文"}\n'
    path.write_bytes((good + '{"title": "' + "长" * (3 << 20) + '"}\n' + good).encode("utf-16"))
    drafts, problems = read(path)
    assert len(drafts) == 2
    assert [p.where.rsplit(":", 1)[1] for p in problems] == ["line 2"]


def test_deeply_nested_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000 + b'\n{"title": "t", "body": "b"}\n')
    drafts, problems = read(path)
    assert len(drafts) == 1
    assert [p.reason for p in problems] == ["not valid JSON: nested deeper than 200 levels"]


def test_large_json_lines_are_exempt_from_the_text_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    record = b'{"title": "t", "body": "b"}\n'
    with path.open("wb") as f:
        f.write(record)
        for _ in range(65):
            f.write(b" " * (1 << 20) + b"\n")
        f.write(record)
    assert path.stat().st_size > 64 * 2**20
    drafts, problems = read(path)
    assert len(drafts) == 2 and not problems


def test_empty_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"\n  \n")
    with pytest.raises(BadFileError, match="empty file"):
        open_source(path)


def test_json_document_single_and_list(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": "x1", "title": "标题", "body": "一\n二"}), encoding="utf-8")
    [draft], _ = read(one)
    assert (draft.external_id, draft.paragraphs) == ("x1", ("一", "二"))
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"title": "a", "body": "b"}, 7, {"title": "c", "body": "d"}]))
    drafts, problems = read(many)
    assert [d.title for d in drafts] == ["a", "c"]
    assert [p.where for p in problems] == [f"{many}:item 2"]


def test_json_that_is_not_an_article(tmp_path: Path, corpora: Path) -> None:
    with pytest.raises(BadFileError, match="not an article record"):
        open_source(corpora / "seed/zhengzhou-special-page.truth.json")
    for text in ('{"name": "settings"}', "[1, 2, 3]", "42"):
        path = tmp_path / "x.json"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(BadFileError, match="not an article record"):
            open_source(path)
    path = tmp_path / "broken.json"
    path.write_text('{"title": ', encoding="utf-8")
    with pytest.raises(BadFileError, match="not valid JSON"):
        open_source(path)
