"""The two kinds of failure: the user's data or environment (UserError) and bugs (anything else).

A UserError carries a one-line message meant for a person ("could not read X: reason"). The
CLI and the window show it as it is and never a traceback; every other exception is a bug,
except the environment's failures that `as_user_error` recognises by their codes (a full disk,
a read-only medium, a damaged database: never matched by message text).
"""

from __future__ import annotations

import errno
import os

from newsdesk.language import N_, _

SHOWN_CHARS = 40  # a value quoted back in a message is cut to this many characters


def shown(value: str, limit: int = SHOWN_CHARS) -> str:
    """A value a user typed, quoted for a message and cut if long (never echoed whole)."""
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


def is_text(name: str) -> bool:
    """Whether a name (a file name, an argument) is valid text: not bytes that were not UTF-8,
    which Python carries as lone surrogates and which cannot be stored, printed or shown."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_path(path: object) -> str:
    """A path as text that can always be printed and stored: bytes of a name that are not UTF-8
    are written as escapes (\\xff), the rest as it is."""
    text = str(path)
    if is_text(text):
        return text
    try:
        raw = os.fsencode(text)
    except UnicodeError:
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


class NewsdeskError(Exception):
    """Base of every error newsdesk raises on purpose."""


class UserError(NewsdeskError):
    """Bad input or environment: a file, a query, a locked or unwritable library. The message is
    in the user's language (newsdesk.language); `code` names the kind for machines and stays."""

    exit_code = 2
    code = "error"


class BadFileError(UserError):
    """One input file cannot be imported; the message names the file and the reason."""

    code = "bad-file"

    def __init__(self, path: object, reason: str, code: str = "bad-file") -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason  # (in the user's language, as every message)
        self.code = code  # why, for machines: binary, undecodable, empty, too-large, ...


class QueryError(UserError):
    """A search query that cannot be read; `position` is the code-point offset, if known."""

    code = "bad-query"

    def __init__(self, query: str, reason: str, position: int | None = None) -> None:
        if position is None:
            text = _("bad query {query}: {reason}")
        else:
            text = _("bad query {query} at position {position}: {reason}")
        super().__init__(text.format(query=shown(query, 60), position=position, reason=reason))
        self.query = query
        self.reason = reason
        self.position = position

    @property
    def detail(self) -> str:
        """What is wrong without the query itself (shown beside the query, its fault marked)."""
        if self.position is None:
            return self.reason
        return _("at position {position}: {reason}").format(position=self.position, reason=self.reason)


class LibraryBusyError(UserError):
    """Another process holds the library's write lock."""

    code = "busy"


class LibraryError(UserError):
    """The library folder cannot be opened or written (permissions, not a library, newer schema)."""

    code = "library"


class LibraryReadOnlyError(LibraryError):
    """A write asked of a library that cannot be written (read-only medium, folder or file)."""

    code = "read-only"


class DiskFullError(UserError):
    """The disk (or the user's quota) is full: what was saved before is kept."""

    code = "disk-full"


class LibraryDamagedError(LibraryError):
    """The library's database is damaged or is not a database (restore a backup)."""

    code = "damaged"


class IndexDamaged(LibraryError):
    """A search index file is missing, cut short or holds other bytes than were written (the
    user's concern only where the library cannot rebuild the index: read-only, or busy)."""

    code = "index-damaged"


class NotFoundError(UserError):
    """An article, passage or tag id that does not exist."""

    code = "not-found"


class Cancelled(NewsdeskError):
    """Long work stopped because the caller asked it to; what was finished is kept."""


# SQLite's primary result codes (sqlite3.Error.sqlite_errorcode & 0xFF), as in sqlite3.h.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}

READ_ONLY = N_("library is read-only")  # (translated where used: _(READ_ONLY))


def as_user_error(exc: BaseException, where: object = "library") -> UserError | None:
    """The UserError that `exc` stands for when the environment, not newsdesk, failed; None
    when it is a bug. SQLite errors are told apart by their result code (busy, read-only,
    full, damaged, cannot open, I/O), OS errors by errno (disk full, read-only or denied, I/O).
    """
    if isinstance(exc, UserError):
        return exc
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _sqlite_error(code & 0xFF, where, exc)
    if isinstance(exc, OSError):
        return _os_error(exc, where)
    return None


def _sqlite_error(code: int, where: object, exc: BaseException) -> UserError | None:
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return LibraryBusyError(
            _("{where}: library is busy (another newsdesk is writing to it); try again").format(where=where)
        )
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return read_only(where)
    if code == SQLITE_FULL:
        return disk_full(where)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return LibraryDamagedError(
            _(
                "{where}: the library database is damaged ({detail}); restore a backup "
                "(newsdesk backup) or import the files again into a new library"
            ).format(where=where, detail=exc)
        )
    if code == SQLITE_CANTOPEN:
        return LibraryError(
            _("{where}: cannot open the library database ({detail})").format(where=where, detail=exc)
        )
    if code == SQLITE_IOERR:
        if _no_space_left(where):
            return disk_full(where)
        return LibraryError(
            _("{where}: the disk could not be read or written ({detail})").format(where=where, detail=exc)
        )
    return None


def read_only(where: object) -> LibraryReadOnlyError:
    """The library (or its file `where`) cannot be written."""
    return LibraryReadOnlyError(f"{where}: {_(READ_ONLY)}")


def disk_full(where: object) -> DiskFullError:
    """The disk holding `where` is full."""
    return DiskFullError(_("{where}: disk full; what was saved before is kept").format(where=where))


def _inside(place: object, folder: object) -> bool:
    """Whether the path `place` is `folder` or lies in it (False when either is no path)."""
    from pathlib import Path

    try:
        inner, outer = Path(str(place)).absolute(), Path(str(folder)).absolute()
    except (TypeError, ValueError):
        return False
    return inner == outer or outer in inner.parents


def _no_space_left(where: object) -> bool:
    """Whether the disk holding `where` (a path) has next to no room left: SQLite reports a
    failed write as an I/O error when it cannot grow its shared-memory or journal file."""
    import shutil
    from pathlib import Path

    try:
        folder = Path(str(where))
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        return shutil.disk_usage(folder).free < 1 << 20
    except (OSError, ValueError):
        return False


def _os_error(exc: OSError, where: object) -> UserError | None:
    place = exc.filename if exc.filename is not None else where
    if exc.errno in _FULL_ERRNOS:
        return disk_full(place)
    if exc.errno in _DENIED_ERRNOS or exc.errno == errno.EROFS:
        if _inside(place, where):  # a file of the library: the library cannot be written
            return read_only(place)
        # an export target...
        return UserError(_("{where}: cannot be written ({detail})").format(where=place, detail=exc.strerror))
    if exc.errno == errno.EIO:
        return LibraryError(
            _("{where}: the disk could not be read or written ({detail})").format(
                where=place, detail=exc.strerror
            )
        )
    return None
