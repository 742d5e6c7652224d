"""Text for a terminal: control characters in archive text are shown, never obeyed.

Titles, file names and notes come from files a user imported, so they may hold ESC, BEL or the
C1 controls that terminals act on (colours, cursor moves, a changed window title). `safe_output`
wraps stdout and stderr so that everything the command line prints shows such characters as
escapes (`\\x1b`); JSON output keeps them valid JSON (`\\u009b`: json.dumps escapes C0 itself).
Line feeds and tabs stay as they are: text output is made of lines and columns.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

_C0 = [c for c in range(0x20) if c not in (0x09, 0x0A)]
_C1 = [0x7F, *range(0x80, 0xA0)]
TEXT_TABLE = {c: f"\\x{c:02x}" for c in (*_C0, *_C1)}
JSON_TABLE = {c: f"\\u{c:04x}" for c in _C1}


class SafeStream(io.TextIOBase):
    """A text stream that writes through to `raw`, control characters escaped by `table` and
    bytes that were not UTF-8 (lone surrogates) as backslash escapes."""

    def __init__(self, raw: TextIO, table: dict[int, str]) -> None:
        self.raw = raw
        self.table = table

    def write(self, text: str) -> int:
        self.raw.write(text.translate(self.table).encode("utf-8", "backslashreplace").decode("utf-8"))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.raw.encoding


@contextmanager
def safe_output(*, json_output: bool) -> Iterator[None]:
    """While inside, stdout and stderr are safe for whatever archive text is printed to them."""
    saved = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, SafeStream):
        sys.stdout = SafeStream(sys.stdout, JSON_TABLE if json_output else TEXT_TABLE)
    if not isinstance(sys.stderr, SafeStream):
        sys.stderr = SafeStream(sys.stderr, TEXT_TABLE)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def raw(stream: TextIO) -> TextIO:
    """The stream under a SafeStream (for output that is newsdesk's own, such as a progress
    bar redrawn with carriage returns), or the stream itself."""
    return stream.raw if isinstance(stream, SafeStream) else stream
