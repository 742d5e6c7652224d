"""open_source dispatch, sniffing of unknown extensions, hashing, and whole-file failures."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from newsdesk.domain import ArticleDraft
from newsdesk.errors import BadFileError
from newsdesk.ingest import RecordProblem
from newsdesk.ingest.sources import open_source, sha256_file
from newsdesk.ingest.walk import iter_files


def test_sha256_is_streamed_and_correct(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    data = bytes(range(256)) * 10_000  # > 1 MiB chunk
    path.write_bytes(data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()
    with pytest.raises(FileNotFoundError):
        sha256_file(tmp_path / "missing")


def test_missing_path_and_folder(tmp_path: Path) -> None:
    with pytest.raises(BadFileError, match="no such file or folder"):
        open_source(tmp_path / "missing.txt")
    with pytest.raises(BadFileError, match="is a folder"):
        open_source(tmp_path)
    with pytest.raises(BadFileError, match="not a regular file"):
        open_source(Path("/dev/zero"))


def test_explicit_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4)
    with pytest.raises(BadFileError, match="binary file, not text") as caught:
        open_source(path)
    assert caught.value.path == str(path)


def test_other_gzip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "page.txt.gz"
    path.write_bytes(gzip.compress("正文".encode()))
    with pytest.raises(BadFileError, match=r"only \.jsonl\.gz"):
        open_source(path)


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("page.dat", "<!DOCTYPE html><html><body><p>正文一段。</p></body></html>", "html"),
        ("feed.log", '{"title": "甲", "body": "一"}\n{"title": "乙", "body": "二"}\n', "jsonl"),
        ("one.data", '{"title": "甲", "body": "一"}', "json"),
        ("note", "\t标题\t\r\n\r\n\u3000\u3000正文。\r\n", "crawler"),
        ("page.csv", "标题\n\n正文第一段。\n", "page"),
    ],
)
def test_unknown_extensions_go_by_content(tmp_path: Path, name: str, content: str, fmt: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    source = open_source(path)
    assert source.format == fmt
    assert [d for d in source if isinstance(d, ArticleDraft)]


def test_source_can_be_read_twice(corpora: Path) -> None:
    source = open_source(corpora / "rmrb_20230101/articles.jsonl")
    assert len(list(source)) == len(list(source)) == 12
    assert "jsonl" in repr(source)


def test_whole_corpora_opens(corpora: Path) -> None:
    """Every corpus file opens; only the truth file is refused, as not an article record."""
    failed = {}
    formats = {}
    for item in iter_files([corpora]):
        assert item.problem is None
        try:
            source = open_source(item.path, item.root)
        except BadFileError as exc:
            failed[item.path.name] = exc.reason
            continue
        formats[item.path.relative_to(corpora).parts[0]] = source.format
        if "cctv" not in item.path.parts[-2]:  # streamed fully in test_ingest_jsonl
            assert not [x for x in source if isinstance(x, RecordProblem)]
    assert list(failed) == ["zhengzhou-special-page.truth.json"]
    assert "not an article record" in failed["zhengzhou-special-page.truth.json"]
    assert formats == {
        "appledaily_tw_charity": "jsonl",
        "cctv_xwlb": "jsonl",
        "rmrb_20230101": "crawler",
        "seed": "page",
    }
