"""The library's writer lock: one writing process at a time, readers never wait for it."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from newsdesk.errors import LibraryBusyError, LibraryError


class WriteLock:
    """An exclusive flock on the library's lock file, naming the holder's PID and work.

    flock is released by the kernel when the holder dies, so a killed import never leaves a
    stale lock behind. Re-entrant within one process: nested `with` blocks share the lock.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._depth = 0

    def acquire(self, what: str) -> None:
        if self._depth:
            self._depth += 1
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise LibraryError(
                f"{self.path.parent}: library folder is not writable ({exc.strerror})"
            ) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise LibraryBusyError(f"library is busy ({holder})") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{what} in progress by PID {os.getpid()}".encode())
        self._fd = fd
        self._depth = 1

    @property
    def held_here(self) -> bool:
        """True while this lock object is held (by some thread of this process)."""
        return self._depth > 0

    def release(self) -> None:
        if not self._depth:
            return
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def held(self, what: str) -> _Held:
        return _Held(self, what)


class _Held:
    def __init__(self, lock: WriteLock, what: str) -> None:
        self.lock = lock
        self.what = what

    def __enter__(self) -> WriteLock:
        self.lock.acquire(self.what)
        return self.lock

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.lock.release()


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 200).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "another newsdesk process is writing to it"
