"""The two kinds of failure: the user's data or environment (UserError) and bugs (anything else).

A UserError carries a one-line message meant for a person ("could not read X: reason"). The
CLI and the window show it as it is and never a traceback; every other exception is a bug.
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base of every error newsdesk raises on purpose."""


class UserError(NewsdeskError):
    """Bad input or environment: a file, a query, a locked or unwritable library."""

    exit_code = 2


class BadFileError(UserError):
    """One input file cannot be imported; the message names the file and the reason."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class QueryError(UserError):
    """A search query that cannot be read; `position` is the code-point offset, if known."""

    def __init__(self, query: str, reason: str, position: int | None = None) -> None:
        where = f" at position {position}" if position is not None else ""
        shown = query if len(query) <= 60 else query[:57] + "..."
        super().__init__(f"bad query {shown!r}{where}: {reason}")
        self.query = query
        self.reason = reason
        self.position = position


class LibraryBusyError(UserError):
    """Another process holds the library's write lock."""


class LibraryError(UserError):
    """The library folder cannot be opened or written (permissions, not a library, newer schema)."""


class IndexDamaged(LibraryError):
    """A search index file is missing, cut short or holds other bytes than were written (the
    user's concern only where the library cannot rebuild the index: read-only, or busy)."""


class NotFoundError(UserError):
    """An article, passage or tag id that does not exist."""


class Cancelled(NewsdeskError):
    """Long work stopped because the caller asked it to; what was finished is kept."""
