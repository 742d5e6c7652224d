"""A library on a medium that cannot be written, or on a full disk, is still read; writes say why
(exit 2) and nothing saved is lost (#18).

These run the real command in a private mount namespace (`unshare -rm`): a read-only bind mount
and a small tmpfs that fills up, so the operating system itself refuses the writes. An immutable
database file (`chattr +i`) stands for a file the user may not write. Each test skips only where
the machine cannot make that situation (no user namespaces, a file system without attributes).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.helpers import record, write_jsonl

from newsdesk import Library

BODY = "郑州市委书记在调研时强调，要坚持以人民为中心的发展思想，推动经济社会高质量发展。"
READING = [
    ["stats"],
    ["list"],
    ["search", "郑州"],
    ["check"],
    ["show", "r1"],
    ["tag", "list"],
    ["tag", "export", "--format", "json"],
]


def _can_unshare() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0


needs_unshare = pytest.mark.skipif(not _can_unshare(), reason="no user/mount namespaces here")


def _newsdesk(library: Path, *args: str) -> str:
    return shlex.join([sys.executable, "-m", "newsdesk", "--library", str(library), *args])


def _script(lines: list[str]) -> list[dict[str, object]]:
    """Run shell lines inside a private mount namespace; each `run CMD` records its result."""
    prelude = (
        "set -u\n"
        'run() { out=$("$@" 2>/tmp/nd-err-$$); rc=$?; '
        'python3 -c \'import json,sys; print(json.dumps({"cmd": sys.argv[1], "rc": int(sys.argv[2]), '
        '"out": sys.argv[3], "err": open(sys.argv[4]).read()}))\' "$*" "$rc" "$out" /tmp/nd-err-$$; }\n'
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run(
        ["unshare", "-rm", "bash", "-c", prelude + "\n".join(lines)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def _small_library(folder: Path, tmp_path: Path) -> Path:
    src = write_jsonl(tmp_path / "src" / "a.jsonl", [record("r1", "郑州调研", BODY * 3)])
    with Library.open(folder) as lib:
        lib.import_paths([src])
        lib.passages.tag("r1", 0, 4, ["地名"], note="原有的摘录")
    return src


def _assert_read_but_not_written(results: list[dict[str, object]], reason: str) -> None:
    """The first results are READING's commands, the rest writes."""
    reads, writes = results[: len(READING)], results[len(READING) :]
    assert len(reads) == len(READING) and writes
    for result in reads:
        assert result["rc"] == 0, result
        assert "internal error" not in str(result["err"]), result
    for result in writes:
        assert result["rc"] == 2, result
        assert reason in str(result["err"]), result
        assert "internal error" not in str(result["err"]), result


@needs_unshare
def test_a_library_on_a_read_only_mount_is_read_and_writes_say_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    src = _small_library(folder, tmp_path)
    q = shlex.quote(str(folder))
    results = _script(
        [
            f"mount --bind {q} {q} && mount -o remount,bind,ro {q} || exit 3",
            *(f"run {_newsdesk(folder, *args)}" for args in READING),
            f"run {_newsdesk(folder, 'import', str(src))}",
            f"run {_newsdesk(folder, 'tag', 'add', 'r1', '--start', '0', '--end', '2', '--tag', 'x')}",
        ]
    )
    _assert_read_but_not_written(results, "library is read-only")
    search = next(r for r in results if "search" in str(r["cmd"]))
    assert "郑州调研" in str(search["out"])


def test_an_immutable_database_is_read_and_writes_say_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    src = _small_library(folder, tmp_path)
    db = folder / "library.sqlite3"
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not supported here")
    try:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        for args in READING:
            proc = subprocess.run(
                [sys.executable, "-m", "newsdesk", "--library", str(folder), *args],
                capture_output=True,
                text=True,
                env=env,
            )
            assert proc.returncode == 0, (args, proc.stderr)
        for args in (["import", str(src)], ["tag", "add", "r1", "--start", "0", "--end", "2", "--tag", "x"]):
            proc = subprocess.run(
                [sys.executable, "-m", "newsdesk", "--library", str(folder), *args],
                capture_output=True,
                text=True,
                env=env,
            )
            assert proc.returncode == 2, (args, proc.stderr)
            assert "library is read-only" in proc.stderr
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)
    with Library.open(folder) as lib:  # nothing was lost
        assert [p.note for p in lib.passages.find()] == ["原有的摘录"]


@needs_unshare
def test_a_full_disk_says_disk_full_keeps_what_was_saved_and_search_still_answers(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    folder = disk / "lib"
    first = write_jsonl(tmp_path / "src" / "first.jsonl", [record("r1", "郑州调研", BODY * 3)])
    many = write_jsonl(
        tmp_path / "src" / "many.jsonl",
        [record(f"m{i}", f"第{i}篇", f"{i}号{BODY * 12}") for i in range(3000)],
    )
    d, lib_ = shlex.quote(str(disk)), folder
    results = _script(
        [
            f"mount -t tmpfs -o size=6m tmpfs {d} || exit 3",
            f"run {_newsdesk(lib_, 'import', str(first))}",
            f"run {_newsdesk(lib_, 'import', str(many))}",  # the disk fills during this one
            f"run {_newsdesk(lib_, 'search', '郑州', '--json')}",
            f"run {_newsdesk(lib_, 'stats', '--json')}",
            f"run {_newsdesk(lib_, 'tag', 'add', 'r1', '--start', '0', '--end', '2', '--tag', 'x')}",
            f"run {_newsdesk(lib_, 'list', '--limit', '1')}",
            f"rm -f {d}/filler; dd if=/dev/zero of={d}/filler bs=64k 2>/dev/null",  # fill what is left
            f"run {_newsdesk(lib_, 'search', '郑州', '--json')}",
            f"run {_newsdesk(lib_, 'import', str(first))}",
        ]
    )
    first_import, big_import, search, stats, tag_add, listing, search_full, again = results
    assert first_import["rc"] == 0, first_import
    assert big_import["rc"] == 2 and "disk full" in str(big_import["err"]), big_import
    for r in (search, stats, listing, search_full):
        assert r["rc"] == 0 and "internal error" not in str(r["err"]), r
    kept = json.loads(str(stats["out"]))["articles"]
    assert 1 < kept < 3001  # what was saved before the disk filled is kept
    found = json.loads(str(search_full["out"]))
    assert found["total"] >= 1 and found["hits"][0]["id"] == "r1"
    assert found["index_behind"] > 0 and "behind" in str(search_full["err"])
    assert "disk full" in str(search_full["err"])
    for r in (tag_add, again):
        assert r["rc"] in (0, 2), r  # refused with "disk full" when the disk has no room left
        if r["rc"] == 2:
            assert "disk full" in str(r["err"]), r
