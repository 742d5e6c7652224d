"""Valid text is never refused: records far longer than any encoding sample, in every reader and
every supported encoding, with the sample's cut landing at every byte of a character (#18).

A reader that decides the encoding from a sample (JSON Lines reads the first 64 KiB) must cut the
sample on a character boundary; a reader that scores a decoded sample must score the whole
characters of it. Each case writes one long article (tens of thousands of characters, one line)
after a prefix of 0-3 ASCII bytes, so the sample ends at each offset inside a multi-byte
character, and checks the article comes back whole.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsdesk import resources
from newsdesk.ingest import RecordProblem
from newsdesk.ingest.formats.jsonl import SAMPLE_BYTES
from newsdesk.ingest.sources import open_source

SIMPLIFIED = "郑州市委书记在调研时强调，要坚持以人民为中心的发展思想，推动经济社会高质量发展。"
TRADITIONAL = "臺灣蘋果日報報導，慈善捐款幫助病患家庭度過難關，社工每週訪視並協助申請補助。"
# One paragraph well past the 64 KiB sample in every encoding (3 bytes a character in UTF-8).
REPEATS = SAMPLE_BYTES // len(SIMPLIFIED.encode("gb18030")) * 2

ENCODINGS = {
    "utf-8": SIMPLIFIED,
    "utf-8-sig": SIMPLIFIED,
    "gb18030": SIMPLIFIED,
    "gbk": SIMPLIFIED,
    "big5": TRADITIONAL,
    "utf-16": SIMPLIFIED,  # with its byte-order mark
    "utf-16-le": SIMPLIFIED,  # without one
}


def _body(sentence: str, pad: int) -> str:
    return "a" * pad + sentence * REPEATS


def _write(path: Path, data: str, encoding: str) -> Path:
    raw = data.encode(encoding)
    if path.name.endswith(".gz"):
        raw = gzip.compress(raw)
    path.write_bytes(raw)
    return path


def _files(tmp: Path, sentence: str, pad: int, encoding: str) -> dict[str, tuple[Path, str]]:
    """One file per reader, each holding one article whose text holds the long body."""
    body = _body(sentence, pad)
    title = sentence[:8]
    record = {"id": "long-1", "title": title, "date": "2023-01-01", "source": "Daily", "body": body}
    line = json.dumps(record, ensure_ascii=False) + "\n"
    wide = encoding.startswith("utf-16")
    charset = "utf-8" if wide or encoding == "utf-8-sig" else encoding
    html = (
        f'<html><head><meta charset="{charset}"><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>\n"
    )
    crawler = f"{sentence[:2]}\t{title}\tsub\r\n\r\n\u3000\u3000{body}\r\n"
    return {
        "jsonl": (_write(tmp / "a.jsonl", line + line.replace("long-1", "long-2"), encoding), body),
        "jsonl.gz": (_write(tmp / "a.jsonl.gz", line, encoding), body),
        "json": (_write(tmp / "a.json", json.dumps(record, ensure_ascii=False), encoding), body),
        "html": (_write(tmp / "a.html", html, encoding), body),
        "markdown": (_write(tmp / "a.md", f"# {title}\n\n{body}\n", encoding), body),
        "crawler": (_write(tmp / "a.txt", crawler, encoding), body),
    }


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("pad", [0, 1, 2, 3])
def test_a_record_longer_than_any_sample_is_read_whole(tmp_path: Path, encoding: str, pad: int) -> None:
    for fmt, (path, body) in _files(tmp_path, ENCODINGS[encoding], pad, encoding).items():
        src = open_source(path, tmp_path)
        drafts = list(src)
        problems = [d for d in drafts if isinstance(d, RecordProblem)]
        assert not problems, (fmt, encoding, pad, [p.message() for p in problems])
        assert drafts, (fmt, encoding, pad)
        assert any(body.strip() in d.text for d in drafts), (fmt, encoding, pad, src.encoding)


@pytest.mark.parametrize("pad", range(8))
def test_a_page_text_longer_than_the_sample_is_read_whole(tmp_path: Path, pad: int) -> None:
    text = resources.read_bytes("sample", "zhengzhou-special-page.txt").decode("utf-8")
    long_paragraph = "a" * pad + SIMPLIFIED * REPEATS
    lines = text.splitlines()
    # A very long paragraph inside the first article's body (after its first long paragraph).
    first_body = next(i for i, ln in enumerate(lines) if len(ln) > 60)
    lines.insert(first_body + 1, long_paragraph)
    for encoding in ("utf-8", "gb18030", "utf-16"):
        path = tmp_path / f"page-{encoding}.txt"
        path.write_bytes("\n".join(lines).encode(encoding))
        drafts = [d for d in open_source(path, tmp_path) if not isinstance(d, RecordProblem)]
        assert any(SIMPLIFIED * REPEATS in d.text for d in drafts), encoding
