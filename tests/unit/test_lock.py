"""The writer lock on filelock's native primitive: one writer, who holds it, re-entrance, and a
holder killed outright leaves no stale lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newsdesk.errors import LibraryBusyError
from newsdesk.lock import WriteLock


def test_a_second_lock_object_is_told_who_holds_it(tmp_path: Path) -> None:
    import os

    first, second = WriteLock(tmp_path / "write.lock"), WriteLock(tmp_path / "write.lock")
    with first.held("reindex"):
        with pytest.raises(
            LibraryBusyError, match=rf"^library is busy \(reindex in progress by PID {os.getpid()}\)$"
        ):
            second.acquire("import")
        assert not second.held_here
    with second.held("import"):  # released: the other may take it
        assert second.held_here


def test_the_lock_is_re_entrant_within_one_object(tmp_path: Path) -> None:
    lock, other = WriteLock(tmp_path / "write.lock"), WriteLock(tmp_path / "write.lock")
    with lock.held("import"), lock.held("tag"):
        assert lock.held_here
    assert not lock.held_here
    other.acquire("import")  # the nested release did not leave it held
    other.release()


_HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from newsdesk.lock import WriteLock
    lock = WriteLock(Path(sys.argv[1]))
    lock.acquire("import")
    print("held", flush=True)
    time.sleep(120)
    """
)


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    path = tmp_path / "write.lock"
    with subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path)], stdout=subprocess.PIPE, text=True
    ) as proc:
        try:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
            with pytest.raises(LibraryBusyError, match=f"import in progress by PID {proc.pid}"):
                WriteLock(path).acquire("import")
        finally:
            proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no cleanup runs
            proc.wait(30)
    if sys.platform != "win32":
        import signal

        assert proc.returncode == -signal.SIGKILL
    lock = WriteLock(path)
    lock.acquire("reindex")  # taken over at once, no waiting for a timeout
    assert lock.held_here
    assert "reindex in progress by PID" in path.read_text("utf-8")
    lock.release()
