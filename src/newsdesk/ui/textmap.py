"""Offsets at the UI edge: Python code points (the core's unit) <-> Qt's UTF-16 positions.

Characters outside the Basic Multilingual Plane (𠮷, most of CJK Extension B) are one code point
but two UTF-16 units; everything else is one of each. Qt-free so that it can be tested alone.
"""

from __future__ import annotations

from bisect import bisect_left


class Utf16Map:
    """Converts offsets within one string; cheap when the string is all BMP (the usual case)."""

    __slots__ = ("_astral", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # Code-point indices of the astral characters, ascending.
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []

    def to_utf16(self, offset: int) -> int:
        """The UTF-16 position of code-point `offset`."""
        if not self._astral:
            return offset
        return offset + bisect_left(self._astral, offset)

    def to_code_point(self, position: int) -> int:
        """The code-point offset of UTF-16 `position` (a position inside a pair maps to its start)."""
        if not self._astral:
            return position
        lo, hi = 0, len(self.text)
        while lo < hi:  # smallest offset whose UTF-16 position is >= position
            mid = (lo + hi) // 2
            if self.to_utf16(mid) < position:
                lo = mid + 1
            else:
                hi = mid
        return lo if self.to_utf16(lo) == position else lo - 1


def utf16_len(text: str) -> int:
    """The length of `text` as Qt counts it."""
    return len(text.encode("utf-16-le")) // 2
