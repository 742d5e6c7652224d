"""An import's cost is bounded by its input: memory by the largest article (not by its square, nor
by the number of bad lines), failures counted with the first ones kept, a file of bad lines
refused early, special files never read forever, and Ctrl+C always stops an import."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from tests.unit.hardening.conftest import corpus_records, import_process
from tests.unit.hardening.test_limits import run_child

from newsdesk import Library, paths
from newsdesk.cli import main
from newsdesk.importer import CHUNK, FAILED_KEPT
from newsdesk.zh.normalize import find_spans


def _one_line(corpora: Path, chars: int) -> str:
    text = "".join(str(r["body"]).replace("\n", "") for r in corpus_records(corpora, 400))
    return (text * (chars // len(text) + 1))[:chars]


def test_a_long_one_line_text_imports_in_memory_bounded_by_its_size(corpora: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    data = _one_line(corpora, 1_000_000).encode("utf-8")
    (folder / "long.txt").write_bytes(data)
    report = run_child(tmp_path / "lib", folder, "import")
    assert (report["added"], report["failed"]) == (1, 0)
    # (per character: its grams, characters and words with their positions, as arrays)
    assert report["rss_growth_kib"] * 1024 < 40 * len(data), report


def test_millions_of_bad_lines_cost_no_memory_and_print_no_flood(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with gzip.open(folder / "bad.jsonl.gz", "wb") as f:
        f.write(b"[]\n" * 300_000)
    report = run_child(tmp_path / "lib", folder, "import")
    assert (report["added"], report["failed"], report["failed_count"]) == (0, 1, 1)
    assert report["rss_growth_kib"] < 32 * 1024, report


def test_failures_are_counted_and_the_first_kept(
    corpora: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = [json.dumps(r, ensure_ascii=False) for r in corpus_records(corpora, 3)]
    bad = ["[]", "{", '{"x": 1}', "not json"] * 600
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(good + bad) + "\n", "utf-8")
    library = tmp_path / "lib"
    assert main(["--library", str(library), "import", str(path), "--json"]) == 1
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["added"] == 3 and out["failed_count"] == len(bad)
    assert len(out["failed"]) == FAILED_KEPT
    assert out["failed"][0] == {
        "path": f"{path}:line 4",
        "error": "not a JSON object but an array",
        "code": "bad-record",
    }
    assert captured.err.count("could not import") == FAILED_KEPT
    assert f"and {len(bad) - FAILED_KEPT} more failures" in captured.err
    assert main(["--library", str(library), "import", str(path)]) == 0  # (unchanged: not read again)
    path.write_text("\n".join(good + bad[:7]) + "\n", "utf-8")
    assert main(["--library", str(library), "import", str(path)]) == 1
    assert "0 updated, 3 unchanged, 0 removed, 0 duplicates, 7 failed" in capsys.readouterr().out


def test_a_file_of_only_bad_lines_is_refused_at_its_first_chunk(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"x": 1}\n' * (CHUNK * 3), "utf-8")
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([path])
        assert report.failed_count == 1 and "refused: its first 1000 records" in report.failed[0]["error"]
        assert "record has no title or body text" in report.failed[0]["error"]
        assert not lib.store.has_sources()


def test_devices_pipes_and_endless_proc_files_in_a_folder_never_block(corpora: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.jsonl").write_text(json.dumps(corpus_records(corpora, 1)[0], ensure_ascii=False), "utf-8")
    os.symlink("/dev/zero", folder / "zero.txt")
    os.symlink("/dev/urandom", folder / "random.jsonl")
    os.mkfifo(folder / "pipe.txt")
    os.symlink("/proc/self/pagemap", folder / "pagemap.jsonl")  # a "regular file" of size 0, endless
    os.symlink("/proc/self/status", folder / "status.txt")
    library = tmp_path / "lib"
    done = subprocess.run(
        [sys.executable, "-m", "newsdesk", "--library", str(library), "import", str(folder), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["added"] == 1
    refused = {Path(f["path"]).name: f["error"] for f in report["failed"]}
    assert set(refused) == {"pagemap.jsonl", "status.txt"}
    assert all("more bytes than its size says" in e for e in refused.values())


def _articles(library: Path) -> int:
    try:
        with sqlite3.connect(f"file:{paths.db_path(library)}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("interrupts", [1, 2])
def test_ctrl_c_stops_an_import_and_keeps_what_was_imported(
    corpora: Path, tmp_path: Path, interrupts: int
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    records = corpus_records(corpora, 1500)
    for i in range(0, len(records), 3):
        lines = (json.dumps(r, ensure_ascii=False) for r in records[i : i + 3])
        (folder / f"{i:05d}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    library = tmp_path / "lib"
    with import_process(library, folder) as proc:
        try:
            deadline = time.monotonic() + 60
            while _articles(library) < 30 and time.monotonic() < deadline:
                time.sleep(0.05)
            for _ in range(interrupts):
                proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
    kept = _articles(library)
    assert 30 <= kept < len(records)
    if interrupts == 1:
        assert proc.returncode in (0, 1), err
        assert json.loads(out)["cancelled"] is True
    else:
        assert proc.returncode in (0, 1, 130), err
    with Library.open(library) as lib:  # what was kept is whole and searchable; the rest follows
        assert lib.check().ok or lib.index_lag()
        report = lib.import_paths([folder])
        assert report.added == len(records) - kept and not report.cancelled
        assert len(lib.article_ids()) == len(records) and lib.check().ok


def test_finding_spans_in_a_long_text_keeps_its_offset_maps_compact(corpora: Path) -> None:
    # A zero-width space is dropped by folding, so the text gets per-character offset maps.
    text = _one_line(corpora, 1_000_000).replace("，", "，\u200b")
    find_spans("热身，\u200b的" * 100, ["的"])  # (the folding tables filled first)
    tracemalloc.start()
    try:
        spans = find_spans(text, ["的"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(spans) > 1000 and all(text[s:e] == "的" for s, e in spans[:100])
    assert peak < 40 * len(text)  # (about 25 bytes a character; Python ints in lists took 88)
