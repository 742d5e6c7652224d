"""Resource limits: huge files are refused unread with a clear message, a single very long line
and a folder of very many tiny files import in bounded memory. (The gzip bomb, a `.jsonl.gz`
expanding past its limit, is tested in tests/unit/ingest/test_ingest_jsonl.py.)

The many-files tests walk NEWSDESK_MANY_FILES files (default 20,000) and import a twentieth of that;
NEWSDESK_MANY_FILES=100000 NEWSDESK_MANY_IMPORT=100000 runs the full-size version by hand.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.unit.hardening.conftest import corpus_records

from newsdesk import Library
from newsdesk.errors import BadFileError
from newsdesk.ingest.sources import open_source

CHILD = Path(__file__).with_name("manyfiles.py")
MANY = int(os.environ.get("NEWSDESK_MANY_FILES", 20_000))
MANY_IMPORT = int(os.environ.get("NEWSDESK_MANY_IMPORT", MANY // 20))


@pytest.mark.parametrize("name", ["huge.txt", "huge.html", "huge.json", "huge.md"])
def test_a_200_mb_file_is_refused_unread(tmp_path: Path, monkeypatch, name: str) -> None:
    big = tmp_path / "in" / name
    big.parent.mkdir()
    with big.open("wb") as f:
        f.truncate(200 * 2**20)  # sparse: costs no disk
    with pytest.raises(BadFileError, match=r"file too large: 200\.0 MiB"):
        open_source(big, big.parent)
    import newsdesk.importer

    def no_hashing(path: Path) -> str:
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(newsdesk.importer, "sha256_file", no_hashing)
    t0 = time.monotonic()
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([big.parent])
    assert time.monotonic() - t0 < 10
    assert [f["error"] for f in report.failed] == [
        "file too large: 200.0 MiB, the limit for text files is 64 MiB"
    ]


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["txt", "jsonl"])
def test_a_single_5_mb_line_imports(corpora: Path, tmp_path: Path, suffix: str) -> None:
    text = "".join(str(r["body"]).replace("\n", "") for r in corpus_records(corpora, 40))
    line = (text * (5 * 2**20 // len(text.encode()) + 1))[: 5 * 2**20 // 3]
    path = tmp_path / "in" / f"long.{suffix}"
    path.parent.mkdir()
    if suffix == "txt":
        path.write_text("长文\n\n" + line + "\n", "utf-8")
    else:
        path.write_text(json.dumps({"id": "long-1", "title": "长文", "body": line}, ensure_ascii=False))
    assert path.stat().st_size >= 5 * 10**6
    t0 = time.monotonic()
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([path])
        assert not report.failed, report.failed
        assert report.added >= 1
        assert lib.search(line[1000:1012]).total >= 1
    assert time.monotonic() - t0 < 120


def run_child(library: Path, folder: Path, mode: str) -> dict[str, int]:
    proc = subprocess.run(
        [sys.executable, str(CHILD), str(library), str(folder), mode],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def tiny_files(folder: Path, n: int) -> Path:
    for i in range(n):
        d = folder / f"d{i // 1000:03d}"
        if i % 1000 == 0:
            d.mkdir(parents=True)
        (d / f"{i:06d}.txt").write_text(f"标题{i}\n\n这是第{i}篇很短的文章。\n", "utf-8")
    return folder


@pytest.mark.slow
def test_many_tiny_files_walk_and_import_in_bounded_memory(tmp_path: Path) -> None:
    walked = run_child(tmp_path / "lib-walk", tiny_files(tmp_path / "many", MANY), "walk")
    assert walked["files"] == MANY
    assert walked["rss_growth_kib"] < 64 * 1024 + MANY // 4  # a few hundred bytes a file at most
    few = tiny_files(tmp_path / "few", MANY_IMPORT)
    report = run_child(tmp_path / "lib", few, "import")
    assert (report["added"], report["failed"], report["files"]) == (MANY_IMPORT, 0, MANY_IMPORT)
    assert report["rss_growth_kib"] < 128 * 1024 + MANY_IMPORT // 2
