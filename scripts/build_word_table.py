"""Write `src/newsdesk/zh/data/jieba-words.bin`: jieba's dictionary and HMM as one table that
`newsdesk.zh.word_table` reads in place, so a query's words need not load rjieba (0.1 s).

    python scripts/build_word_table.py --hmm-model jieba-rs/jieba-macros/src/hmm.model

The dictionary is the one rjieba segments with: jieba-rs embeds its `dict.txt` as a zstd frame,
which this script finds in the installed rjieba library and unpacks with the `zstd` command (or
give `--dict dict.txt`). The HMM's tables are compiled into rjieba, so they come from jieba-rs's
`jieba-macros/src/hmm.model` (unchanged since 2024). Both are jieba-rs's, MIT
(`data/LICENSE-jieba-rs.txt`). Run it again when rjieba's pin changes; the tests check the table
against rjieba.

Layout (little-endian): magic, word count n, HMM character count m, total frequency; then
u32 offsets[n + 1] into the words' UTF-8 bytes, u32 frequencies[n], the bytes (words sorted by
their UTF-8 bytes); then f64 start[4], f64 trans[4][4], u32 characters[m] (sorted), f64
emit[m][4] (states B, E, M, S; absent: jieba's -3.14e100).
"""

from __future__ import annotations

import argparse
import struct
import subprocess
import sys
from array import array
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "newsdesk" / "zh" / "data" / "jieba-words.bin"
MAGIC = b"NDJIEBA1"
ZSTD_FRAME = b"\x28\xb5\x2f\xfd"
MIN_FLOAT = -3.14e100


def dict_from_rjieba() -> str:
    """jieba-rs's dict.txt, out of the installed rjieba library (its zstd frame starting "1号店")."""
    import rjieba

    lib = next(p for p in Path(rjieba.__file__).parent.iterdir() if p.name.startswith("rjieba."))
    data = lib.read_bytes()
    at = data.find(ZSTD_FRAME)
    while at >= 0:
        run = subprocess.run(["zstd", "-dc"], input=data[at:], capture_output=True)
        text = run.stdout.decode("utf-8", "replace")
        if text.startswith("1号店 "):
            return text[: text.rfind("\n") + 1]
        at = data.find(ZSTD_FRAME, at + 1)
    sys.exit(f"no dictionary found in {lib}")


def read_dict(text: str) -> dict[str, int]:
    """word -> frequency, as jieba-rs's `load_dict` reads them (a later line's frequency wins)."""
    words: dict[str, int] = {}
    for line in text.splitlines():
        parts = line.split()
        if parts:
            words[parts[0]] = int(parts[1]) if len(parts) > 1 else 0
    return words


def read_hmm(path: Path) -> tuple[list[float], list[list[float]], dict[str, list[float]]]:
    """Start and transition log-probabilities and per-character emissions, as jieba-macros reads
    hmm.model (states in the order B, E, M, S)."""
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    start = [float(x) for x in lines[0].split(" ")]
    trans = [[float(x) for x in line.split(" ")] for line in lines[1:5]]
    emit: dict[str, list[float]] = {}
    for state, line in enumerate(lines[5:9]):
        for pair in line.split(","):
            ch, prob = pair.split(":")
            emit.setdefault(ch[0], [MIN_FLOAT] * 4)[state] = float(prob)
    return start, trans, emit


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hmm-model", type=Path, required=True, help="jieba-rs's jieba-macros/src/hmm.model")
    ap.add_argument("--dict", type=Path, help="jieba-rs's dict.txt (default: out of rjieba)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    words = read_dict(args.dict.read_text(encoding="utf-8") if args.dict else dict_from_rjieba())
    start, trans, emit = read_hmm(args.hmm_model)
    order = sorted(words, key=lambda w: w.encode())
    offsets, blob = array("I", [0]), bytearray()
    for w in order:
        blob += w.encode()
        offsets.append(len(blob))
    freqs = array("I", (words[w] for w in order))
    chars = sorted(emit, key=ord)
    with open(args.out, "wb") as f:
        f.write(MAGIC + struct.pack("<IIQ", len(order), len(chars), sum(words.values())))
        f.write(offsets.tobytes() + freqs.tobytes() + bytes(blob))
        f.write(b"\0" * (-f.tell() % 8))
        f.write(struct.pack("<20d", *start, *(p for row in trans for p in row)))
        f.write(array("I", map(ord, chars)).tobytes())
        f.write(b"\0" * (-f.tell() % 8))
        f.write(array("d", (p for ch in chars for p in emit[ch])).tobytes())
    print(f"{args.out}: {len(order):,} words, {len(chars):,} characters, {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
