"""Fixtures for the ingest tests: the shared corpora (skipped when absent) and real samples.

Samples are read from ../shared/corpora at test time and transcoded in memory or into
tmp_path; no corpus text is ever written into the repository.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

CORPORA = Path(
    os.environ.get("NEWSDESK_CORPORA") or Path(__file__).resolve().parents[3].parent / "shared" / "corpora"
).resolve()


def first_records(path: Path, count: int, *, skip: int = 0) -> list[dict[str, object]]:
    """The first `count` records (after `skip`) of a corpora JSON Lines file, gzip'd or not."""
    opener = gzip.open if path.suffix == ".gz" else open
    out: list[dict[str, object]] = []
    with opener(path, "rt", encoding="utf-8") as f:
        for number, line in enumerate(f):
            if number < skip:
                continue
            if len(out) >= count:
                break
            out.append(json.loads(line))
    return out


def record_text(record: dict[str, object]) -> str:
    return f"{record['title']}\n{record['body']}\n"


@pytest.fixture(scope="session")
def corpora() -> Path:
    if not (CORPORA / "README.md").is_file():
        pytest.skip(f"corpora not found at {CORPORA} (set NEWSDESK_CORPORA)")
    return CORPORA


@pytest.fixture(scope="session")
def simplified_samples(corpora: Path) -> dict[str, str]:
    """Real Simplified Chinese text: CCTV records, a People's Daily crawl file, the seed page."""
    cctv = "".join(record_text(r) for r in first_records(corpora / "cctv_xwlb/articles.jsonl.gz", 4))
    raw = (corpora / "rmrb_20230101/raw/20230101-01-06.txt").read_bytes().decode("utf-8")
    seed = (corpora / "seed/zhengzhou-special-page.txt").read_text(encoding="utf-8")
    return {"cctv": cctv, "rmrb_raw": raw, "seed": seed}


@pytest.fixture(scope="session")
def apple_records(corpora: Path) -> list[dict[str, object]]:
    """The first 300 Apple Daily Taiwan records (Traditional Chinese)."""
    return first_records(corpora / "appledaily_tw_charity/articles.jsonl.gz", 300)


@pytest.fixture(scope="session")
def traditional_sample(apple_records: list[dict[str, object]]) -> str:
    """Real Traditional Chinese (Apple Daily Taiwan) that Big5 can represent."""
    texts = [record_text(r) for r in apple_records[:60]]
    fits = [t for t in texts if _encodes(t, "big5")]
    assert len(fits) >= 3, "expected Apple Daily records that fit in Big5"
    return "".join(fits[:3])


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
