"""Crash safety: a child process importing, re-indexing or tagging is SIGKILLed at random
(seeded) points; afterwards the library opens, everything the child reported done is there and
searchable at once, the index agrees with the record, `check --repair` ends ok, and the work
can be re-run to completion.

Bounded by default (5 kills per test); NEWSDESK_KILL_LOOPS=50 runs a longer version by hand.
What the child reports, and when, is described in killchild.py.
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tests.unit.hardening.conftest import kill_loops

from newsdesk import Library

CHILD = Path(__file__).with_name("killchild.py")
TIMEOUT = 120.0


def run_child(args: list[str], rng: random.Random, kill_after: int | None) -> tuple[list[str], bool]:
    """Run the child; SIGKILL it (by its PID) once it has printed `kill_after` lines and a
    random short moment more. Returns the lines it printed and whether it was killed."""
    lines: list[str] = []
    killed = False
    with subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    ) as proc:
        guard = threading.Timer(TIMEOUT, proc.kill)
        guard.start()
        try:
            assert proc.stdout is not None and proc.stderr is not None
            if kill_after == 0:
                time.sleep(rng.uniform(0.0, 1.5))  # during start-up, or the first batch
                proc.kill()
                killed = True
            for line in proc.stdout:
                lines.append(line.rstrip("\n"))
                if not killed and kill_after is not None and len(lines) >= kill_after:
                    time.sleep(rng.uniform(0.0, 0.2))
                    proc.kill()
                    killed = True
            err = proc.stderr.read()
            proc.wait()
        finally:
            guard.cancel()
            if proc.poll() is None:
                proc.kill()
    assert killed or proc.returncode == 0, err
    assert killed or "Traceback" not in err, err
    return lines, killed and proc.returncode != 0


def assert_consistent(folder: Path, expect_ids: set[str]) -> None:
    """The library opens; reported articles are searchable at once; check is ok."""
    with Library.open(folder) as lib:
        lib.search("的", limit=1)  # brings a lagging index up to date
        in_index = lib.open_index().ids()
        assert expect_ids <= set(lib.article_ids())
        assert expect_ids <= in_index
        assert lib.open_index().doc_count() == lib.stats()["articles"]
        report = lib.check()
        assert report.ok, report.problems
        assert lib.check(repair=True).ok
        for aid in sorted(expect_ids)[:3]:
            title = lib.article(aid).title
            words = "".join(ch for ch in title if "\u4e00" <= ch <= "\u9fff")[:4]
            if len(words) >= 2:
                assert aid in {h.id for h in lib.search(words, limit=1000).hits}


@pytest.mark.slow
def test_killed_import_loses_nothing_reported(article_files, tmp_path: Path) -> None:
    folder, ids_of = article_files
    rng = random.Random(7)
    everything = {i for ids in ids_of.values() for i in ids}
    for loop in range(kill_loops()):
        library = tmp_path / f"lib{loop}"
        lines, _ = run_child(["import", str(library), str(folder)], rng, rng.randint(0, len(ids_of)))
        reported = {i for line in lines if line.startswith("file ") for i in ids_of[line[5:]]}
        assert_consistent(library, reported)
        lines, killed = run_child(["import", str(library), str(folder)], rng, None)
        assert not killed and lines[-1] == "finished 0"
        assert_consistent(library, everything)


@pytest.fixture
def imported(article_files, tmp_path: Path) -> Path:
    folder, _ = article_files
    library = tmp_path / "lib"
    with Library.open(library) as lib:
        report = lib.import_paths([folder])
    assert not report.failed
    return library


@pytest.mark.slow
def test_killed_reindex_leaves_a_searchable_library(imported: Path) -> None:
    rng = random.Random(11)
    with Library.open(imported) as lib:
        everything = set(lib.article_ids())
    for _ in range(kill_loops()):
        run_child(["reindex", str(imported)], rng, 0)
        assert_consistent(imported, everything)
    _, killed = run_child(["reindex", str(imported)], rng, None)
    assert not killed
    assert_consistent(imported, everything)


@pytest.mark.slow
def test_killed_tag_loop_keeps_every_reported_passage(imported: Path) -> None:
    rng = random.Random(13)
    reported: list[str] = []
    with Library.open(imported) as lib:
        everything = set(lib.article_ids())
    for loop in range(kill_loops()):
        lines, killed = run_child(["tag", str(imported), str(loop)], rng, rng.randint(1, 30))
        assert killed
        reported += [line[8:] for line in lines if line.startswith("passage ")]
        assert_consistent(imported, everything)
        with Library.open(imported) as lib:
            for pid in reported:
                p = lib.passages.get(pid)
                assert lib.article(p.article_id).text[p.start : p.end] == p.quote
    assert reported
