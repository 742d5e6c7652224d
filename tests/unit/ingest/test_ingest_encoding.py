"""Encoding detection on real corpus text transcoded in memory, and the bad-input cases."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest

from newsdesk.errors import BadFileError
from newsdesk.ingest import encoding
from newsdesk.ingest.encoding import decode_bytes, decode_html, read_text
from newsdesk.ingest.sources import open_source

# (codec to write with, BOM to prepend, what detection must report)
SIMPLIFIED_CASES = [
    ("utf-8", b"", "utf-8"),
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
    ("gb18030", b"", "gb18030"),
    ("gbk", b"", "gb18030"),
    ("utf-16-le", b"", "utf-16-le"),
    ("utf-16-be", b"", "utf-16-be"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
]
TRADITIONAL_CASES = [
    ("big5", b"", "big5"),
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
    ("gb18030", b"", "gb18030"),  # GB18030 covers Traditional characters too
    ("utf-16-le", b"", "utf-16-le"),
    ("utf-16-be", b"", "utf-16-be"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
]


@pytest.mark.parametrize("sample", ["cctv", "rmrb_raw", "seed"])
@pytest.mark.parametrize(("codec", "bom", "expected"), SIMPLIFIED_CASES)
def test_simplified_text_round_trips(
    simplified_samples: dict[str, str], sample: str, codec: str, bom: bytes, expected: str
) -> None:
    text = simplified_samples[sample]
    if codec == "gbk":
        text = text.replace("\xa0", " ")  # GBK has no NBSP; GB18030 has every code point
    decoded = decode_bytes(bom + text.encode(codec), "sample")
    assert decoded.encoding == expected
    assert decoded.text.removeprefix("\ufeff") == text


@pytest.mark.parametrize(("codec", "bom", "expected"), TRADITIONAL_CASES)
def test_traditional_text_round_trips(traditional_sample: str, codec: str, bom: bytes, expected: str) -> None:
    decoded = decode_bytes(bom + traditional_sample.encode(codec), "sample")
    assert decoded.encoding == expected
    assert decoded.text.removeprefix("\ufeff") == traditional_sample


def test_short_lines_choose_the_right_legacy_codec(
    simplified_samples: dict[str, str], traditional_sample: str
) -> None:
    """Single headlines: little text to go on, still decoded right in both directions."""
    simplified = [line for line in simplified_samples["cctv"].splitlines() if line][:4]
    traditional = [line for line in traditional_sample.splitlines() if line][:4]
    for line in simplified:
        assert decode_bytes(line.encode("gbk"), "x").text == line
    for line in traditional:
        assert decode_bytes(line.encode("big5"), "x").text == line


def test_legacy_scores_separate_right_from_wrong(traditional_sample: str) -> None:
    right = encoding.score_text(traditional_sample)
    wrong = encoding.score_text(traditional_sample.encode("big5").decode("gb18030", "replace"))
    assert right > 0.4
    assert wrong < 0.15


def test_file_reader_reports_encoding(tmp_path: Path, simplified_samples: dict[str, str]) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(simplified_samples["seed"].encode("gb18030"))
    source = open_source(path, tmp_path)
    assert source.encoding == "gb18030"
    assert source.format == "page"


def test_undecodable_bytes(simplified_samples: dict[str, str]) -> None:
    good = simplified_samples["cctv"].encode("gbk")
    with pytest.raises(BadFileError, match="cannot decode: not UTF-8, GB18030, Big5 or UTF-16"):
        decode_bytes(good[:600] + b"\x80\x80" + good[600:], "bad.txt")


def test_text_in_an_unsupported_encoding_is_refused_not_garbled() -> None:
    japanese = "日本語の新聞記事です。東京で会議が開かれました。" * 5
    with pytest.raises(BadFileError, match="cannot decode"):
        decode_bytes(japanese.encode("shift_jis"), "ja.txt")
    latin = "Le café est fermé à cause de la grève générale. " * 5
    with pytest.raises(BadFileError, match="cannot decode"):
        decode_bytes(latin.encode("latin-1"), "fr.txt")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20,
        bytes(range(256)) * 8,
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(200, 256)) * 10,
    ],
    ids=["png", "all-bytes", "zip"],
)
def test_binary_files(data: bytes) -> None:
    with pytest.raises(BadFileError, match="binary file, not text"):
        decode_bytes(data, "x.bin")


@pytest.mark.parametrize("data", [b"", b"   \r\n\t\n", "\u3000\n".encode("utf-16")])
def test_empty_files(data: bytes) -> None:
    with pytest.raises(BadFileError, match="empty file"):
        decode_bytes(data, "empty.txt")


def test_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(encoding.MAX_TEXT_BYTES + 1)  # sparse: instant, takes no disk
    started = time.perf_counter()
    with pytest.raises(BadFileError) as caught:
        read_text(path)
    assert time.perf_counter() - started < 0.5
    assert "64.0 MiB" in caught.value.reason and "limit" in caught.value.reason
    assert str(path) in str(caught.value)


def test_html_meta_charset_is_used(simplified_samples: dict[str, str]) -> None:
    body = simplified_samples["cctv"].splitlines()[1]
    page = f'<html><head><meta charset="gb2312"><title>t</title></head><p>{body}</p></html>'
    decoded = decode_html(page.encode("gbk"), "x.html")
    assert decoded.encoding == "gb18030"
    assert body in decoded.text


def test_html_bom_beats_a_wrong_meta_charset(traditional_sample: str) -> None:
    line = traditional_sample.splitlines()[0]
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5">'
        f"</head><body><p>{line}</p></body></html>"
    )
    decoded = decode_html(codecs.BOM_UTF8 + page.encode("utf-8"), "x.html")
    assert decoded.encoding == "utf-8-sig"
    assert line in decoded.text


def test_html_utf8_beats_a_legacy_meta_charset(simplified_samples: dict[str, str]) -> None:
    body = simplified_samples["cctv"].splitlines()[1]
    page = f'<html><head><meta charset="gb2312"></head><body><p>{body}</p></body></html>'
    decoded = decode_html(page.encode("utf-8"), "x.html")
    assert decoded.encoding == "utf-8"
    assert body in decoded.text


def test_html_meta_charset_that_does_not_fit_falls_back_to_detection(
    traditional_sample: str,
) -> None:
    line = traditional_sample.splitlines()[1]
    page = f'<html><head><meta charset="utf-8"></head><body><p>{line}</p></body></html>'
    decoded = decode_html(page.encode("big5"), "x.html")
    assert decoded.encoding == "big5"
    assert line in decoded.text
