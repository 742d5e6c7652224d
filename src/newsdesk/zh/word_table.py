"""jieba's precise-mode cut (with its HMM) of a short query, from a table read in place.

rjieba builds its dictionary (349,045 words) when it is imported: about 0.1 s, holding the GIL,
which a library opened for one search would pay before its first page. A query's words need
only the dictionary entries its own substrings are, so this module binary-searches them in
`data/jieba-words.bin` (written by `scripts/build_word_table.py` from the dictionary and HMM
rjieba uses), mapped, and cuts as jieba-rs's `Jieba::cut(text, hmm=true)` does:

- the text splits into runs of CJK ideographs, ASCII letters and digits and `+#&._%-`, which
  are segmented, and the characters between them, each its own word;
- a run's words are the route of greatest summed log-frequency through every dictionary word
  starting at each character (a character no word starts at counts as frequency 1), ties going
  to the longer word;
- consecutive one-character steps of that route are joined and, unless the join is one
  character or a dictionary word (then it stays characters), cut by the HMM's Viterbi path
  (B, E, M, S states) over its runs of Han characters U+4E00-U+9FD5; the rest of the join is
  split at `[a-zA-Z0-9]+(?:.\\d+)?%?`.

The tests compare it with rjieba over every dictionary word and many substrings of real text.
"""

from __future__ import annotations

import atexit
import bisect
import math
import mmap
import re
import struct
from contextlib import ExitStack
from functools import cache
from importlib import resources
from pathlib import Path

__all__ = ["cut", "prefault"]

_MAGIC = b"NDJIEBA1"
_MIN_FLOAT = -3.14e100
_kept = ExitStack()
atexit.register(_kept.close)
_B, _E, _M, _S = range(4)
_PREV = ((_E, _S), (_B, _M), (_M, _B), (_S, _E))  # states that may precede B, E, M, S
_SEGMENTED = re.compile(
    "[0-9A-Za-z+#&._%\\-\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0002a6df\U0002a700-\U0002ebef\U0002f800-\U0002fa1f]+"
)
_HMM_HAN = re.compile("[\u4e00-\u9fd5]+")
_SKIP = re.compile(r"[a-zA-Z0-9]+(?:[-._][a-zA-Z0-9]+)*%?")


class _Table:
    """The mapped table: words (sorted by UTF-8 bytes) with their frequencies, and the HMM."""

    def __init__(self, data: mmap.mmap) -> None:
        if data[:8] != _MAGIC:
            raise ValueError("not a jieba word table")
        self._data = data
        n, m, self.total = struct.unpack_from("<IIQ", data, 8)
        view = memoryview(data)
        at = 24
        self._offsets = view[at : at + 4 * (n + 1)].cast("I")
        at += 4 * (n + 1)
        self._freqs = view[at : at + 4 * n].cast("I")
        at += 4 * n
        self._blob = at
        at += self._offsets[n]
        at += -at % 8
        probs = struct.unpack_from("<20d", data, at)
        self.start, self.trans = probs[:4], (probs[4:8], probs[8:12], probs[12:16], probs[16:20])
        at += 160
        self._chars = view[at : at + 4 * m].cast("I")
        at += 4 * m
        at += -at % 8
        self._emit = view[at : at + 32 * m].cast("d")
        self.n = n
        self.logtotal = math.log(self.total)

    def _word(self, i: int) -> bytes:
        return self._data[self._blob + self._offsets[i] : self._blob + self._offsets[i + 1]]

    def _lower_bound(self, key: bytes, lo: int) -> int:
        return bisect.bisect_left(range(self.n), key, lo, key=self._word)

    def find(self, word: str) -> int:
        """The frequency of a dictionary word, or -1."""
        key = word.encode()
        i = self._lower_bound(key, 0)
        return self._freqs[i] if i < self.n and self._word(i) == key else -1

    def edges(self, text: str, start: int) -> list[tuple[int, int]]:
        """(end, frequency) of every dictionary word `text[start:end]`, shortest first."""
        found = []
        lo = 0
        key = b""
        for end in range(start + 1, len(text) + 1):
            key += text[end - 1].encode()
            lo = self._lower_bound(key, lo)
            if lo == self.n:
                break
            word = self._word(lo)
            if word == key:
                found.append((end, self._freqs[lo]))
            elif not word.startswith(key):
                break  # (no word goes on from here)
        return found

    def emit(self, state: int, ch: str) -> float:
        code = ord(ch)
        i = bisect.bisect_left(self._chars, code)
        return self._emit[4 * i + state] if i < len(self._chars) and self._chars[i] == code else _MIN_FLOAT


@cache
def _path() -> Path:
    """A real path to the table (from a zipped package, a copy kept until the process exits)."""
    return _kept.enter_context(resources.as_file(resources.files("newsdesk.zh") / "data" / "jieba-words.bin"))


@cache
def _table() -> _Table:
    """The table, mapped once for the process (a package file: never deleted while in use)."""
    with open(_path(), "rb") as f:
        return _Table(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))


def prefault() -> None:
    """Map the table and read its file through once, into the page cache (a window's warm-up),
    so that a first query does not read its pages one by one."""
    _table()
    with open(_path(), "rb") as f:
        while f.read(1 << 20):
            pass


def cut(text: str) -> list[str]:
    """jieba's precise-mode words of `text` (HMM on), as `rjieba.cut(text)` gives them."""
    words: list[str] = []
    at = 0
    for m in _SEGMENTED.finditer(text):
        _between(text[at : m.start()], words)
        _cut_block(_table(), m.group(), words)
        at = m.end()
    _between(text[at:], words)
    return words


def _between(text: str, words: list[str]) -> None:
    """Characters outside the segmented runs: each its own word ("\\r\\n" one)."""
    i = 0
    while i < len(text):
        n = 2 if text.startswith("\r\n", i) else 1
        words.append(text[i : i + n])
        i += n


def _route(table: _Table, block: str) -> list[int]:
    """Where the best route from each character goes next (jieba-rs's `calc`)."""
    n = len(block)
    best = [0.0] * (n + 1)
    nxt = list(range(1, n + 2))
    logtotal = table.logtotal
    for i in range(n - 1, -1, -1):
        edges = table.edges(block, i)
        if not edges:
            best[i] = 0.0 - logtotal + best[i + 1]
            continue
        top, to = -math.inf, i + 1
        for end, freq in edges:
            score = (math.log(freq) if freq else -math.inf) - logtotal + best[end]
            if score >= top:  # (a tie goes to the later, longer word, as Rust's max_by)
                top, to = score, end
        best[i], nxt[i] = top, to
    return nxt


def _cut_block(table: _Table, block: str, words: list[str]) -> None:
    """One segmented run's words (jieba-rs's `cut_dag_hmm`)."""
    nxt = _route(table, block)
    x, left = 0, -1
    while x < len(block):
        y = nxt[x]
        if y - x == 1:
            if left < 0:
                left = x
        else:
            if left >= 0:
                _flush(table, block[left:x], words)
                left = -1
            words.append(block[x:y])
        x = y
    if left >= 0:
        _flush(table, block[left:], words)


def _flush(table: _Table, run: str, words: list[str]) -> None:
    """A run of one-character steps: itself, its characters (a dictionary word), or the HMM's."""
    if len(run) == 1:
        words.append(run)
    elif table.find(run) >= 0:
        words.extend(run)
    else:
        at = 0
        for m in _HMM_HAN.finditer(run):
            _skip_split(run[at : m.start()], words)
            if len(m.group()) > 1:
                _viterbi_cut(table, m.group(), words)
            else:
                words.append(m.group())
            at = m.end()
        _skip_split(run[at:], words)


def _skip_split(text: str, words: list[str]) -> None:
    """Text between Han runs, split at letters-and-digits matches (the HMM's `RE_SKIP`)."""
    at = 0
    for m in _SKIP.finditer(text):
        if m.start() > at:
            words.append(text[at : m.start()])
        words.append(m.group())
        at = m.end()
    if at < len(text):
        words.append(text[at:])


def _viterbi_cut(table: _Table, text: str, words: list[str]) -> None:
    """Words of a Han run by the HMM's most likely B/E/M/S path (jieba-rs's `viterbi`)."""
    emit = table.emit
    v = [table.start[y] + emit(y, text[0]) for y in range(4)]
    back: list[list[int]] = []
    for ch in text[1:]:
        row, prev = [0.0] * 4, [0] * 4
        for y in (_B, _M, _E, _S):
            em = emit(y, ch)
            top, arg = -math.inf, -1
            for y0 in _PREV[y]:
                p = v[y0] + table.trans[y0][y] + em
                if p > top or (p == top and y0 > arg):  # (a tie to the later state: B < E < M < S)
                    top, arg = p, y0
            row[y], prev[y] = top, arg
        v = row
        back.append(prev)
    state = _S if v[_S] >= v[_E] else _E
    path = [state]
    for prev in reversed(back):
        state = prev[state]
        path.append(state)
    path.reverse()
    begin = nxt = 0
    for i, state in enumerate(path):
        if state == _B:
            begin = i
        elif state in (_E, _S):
            start = begin if state == _E else i
            words.append(text[start : i + 1])
            nxt = i + 1
    if nxt < len(text):
        words.append(text[nxt:])
