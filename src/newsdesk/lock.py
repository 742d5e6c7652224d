"""The library's writer lock: one writing process at a time, readers never wait for it."""

from __future__ import annotations

import os
import re
from pathlib import Path
from types import TracebackType

from filelock import lock_descriptor, unlock_descriptor

from newsdesk.errors import LibraryBusyError, LibraryError
from newsdesk.language import N_, _

# The lock's primitive holds byte 0 of the file (Windows' LockFileEx locks just that byte, and
# other processes cannot read a locked byte there); the holder's note starts after it.
_NOTE_AT = 1
_OPEN_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
# The holder's note is written in English ("import in progress by PID 12"), whatever language the
# holder speaks, and worded in the reader's language when read back.
_NOTE = re.compile(r"(?P<what>.+) in progress by PID (?P<pid>\d+)")
WORK = (  # what holds the lock, as `Library._writing` names it: the English words
    N_("import"),
    N_("index"),
    N_("reindex"),
    N_("check --repair"),
    N_("correction"),
    N_("tag"),
    N_("tag import"),
    N_("save search"),
    N_("remove saved search"),
    N_("mark saved search seen"),
)


class WriteLock:
    """An exclusive OS lock on the library's lock file, naming the holder's PID and work.

    The lock is filelock's native one (flock on Unix, LockFileEx on Windows) on a descriptor of
    our own, so the operating system releases it when the holder dies: a killed import never
    leaves a stale lock behind. Re-entrant within one process: nested `with` blocks share it.
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
            fd = os.open(self.path, _OPEN_FLAGS, 0o644)
        except OSError as exc:
            raise LibraryError(
                _("{folder}: library folder is not writable ({detail})").format(
                    folder=self.path.parent, detail=exc.strerror
                )
            ) from exc
        try:
            locked = lock_descriptor(fd, blocking=False)
        except OSError as exc:
            os.close(fd)
            raise LibraryError(
                _("{path}: cannot lock the library ({detail})").format(
                    path=self.path, detail=exc.strerror or exc
                )
            ) from exc
        if not locked:
            holder = _read_holder(fd)
            os.close(fd)
            raise LibraryBusyError(busy_message(holder)) from None
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, b"\n" + f"{what} in progress by PID {os.getpid()}".encode())
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
            try:
                unlock_descriptor(self._fd)
            finally:
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
        os.lseek(fd, _NOTE_AT, os.SEEK_SET)
        text = os.read(fd, 200).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text


def busy_message(note: str) -> str:
    """The busy message in the user's language, from the note of the lock's holder."""
    found = _NOTE.fullmatch(note)
    if found is not None:
        what = found["what"]
        work = _(what) if what in WORK else what
        return _("library is busy ({work} in progress by PID {pid})").format(work=work, pid=found["pid"])
    if note:
        return _("library is busy ({note})").format(note=note)
    return _("library is busy (another newsdesk process is writing to it)")
