"""Concurrent use: a CLI import in one process while another searches the same library in a
loop. Searches never raise (no "database is locked"), a second writer is told who is busy."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.unit.hardening.conftest import import_process

from newsdesk import Library, paths
from newsdesk.errors import LibraryBusyError


@pytest.mark.slow
def test_search_during_a_cli_import_never_fails(article_files, tmp_path: Path) -> None:
    folder, ids_of = article_files
    library = tmp_path / "lib"
    lock = paths.lock_path(library)
    with Library.open(library) as lib:
        lib.search("的")  # an empty library searches fine
        with import_process(library, folder) as proc:
            searches, busy, totals = 0, None, []
            while proc.poll() is None:
                totals.append(lib.search("的", limit=5).total)  # must never raise
                searches += 1
                if busy is None and lock.exists() and "import in" in lock.read_text(errors="replace"):
                    with pytest.raises(LibraryBusyError) as exc:
                        lib.passages.tag("no-such-article", 0, 1, ["x"])
                    busy = str(exc.value)
                    with pytest.raises(LibraryBusyError):
                        lib.import_paths([folder])
                time.sleep(0.01)
            _, err = proc.communicate()
        assert proc.returncode == 0, err
        assert "Traceback" not in err and "locked" not in err
        assert searches > 1
        assert busy is not None and f"import in progress by PID {proc.pid}" in busy
        assert busy.startswith("library is busy (")
        assert totals == sorted(totals)  # never went backwards
        assert lib.check().ok
        assert set(lib.article_ids()) == {i for ids in ids_of.values() for i in ids}


def test_second_cli_writer_is_told_the_library_is_busy(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    with Library.open(library) as lib, lib._writing("import"):
        proc = subprocess.run(
            [sys.executable, "-m", "newsdesk", "--library", str(library), "reindex"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 2
    assert f"library is busy (import in progress by PID {os.getpid()})" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_search_catches_up_a_lagging_index_only_when_no_one_writes(tmp_path: Path) -> None:
    from tests.helpers import record, write_jsonl

    src = write_jsonl(
        tmp_path / "in" / "a.jsonl", [record(f"c-{i}", f"标题{i}", "上海新闻。") for i in range(3)]
    )
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([src])
        # What a killed import leaves: the record ahead of the index.
        with lib.open_index().writer() as w:
            w.delete(["c-0", "c-1"])
        lib.store.mark_unindexed(["c-0", "c-1"])
        with Library.open(tmp_path / "lib") as other, other._writing("import"):
            t0 = time.monotonic()
            assert lib.search("上海").total == 1  # busy: searched what is there, without waiting
            assert time.monotonic() - t0 < 5
            assert lib.index_lag() == 2
        assert lib.search("上海").total == 3
        assert lib.index_lag() == 0 and lib.check().ok
