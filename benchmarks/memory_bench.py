"""Memory benchmark: peak memory of importing inputs of awkward shapes, beside baselines.

Usage: .venv/bin/python benchmarks/memory_bench.py [--shapes one-line-20,one-line-60,...] [--keep DIR]

Each shape is written to a temporary folder from the shared corpora, then imported by
`newsdesk import --json` in a fresh process; printed per shape: the file's size, its largest
article (characters), the import's peak RSS and time, the bytes of its JSON report, and, measured
in the same run, two baselines: a fresh process that only starts Python and imports newsdesk
("python"), and one that reads and parses the file with the import's own readers, keeping
nothing ("read+parse"). What the import adds over them is what storing and indexing cost.

Shapes: `one-line-20` / `one-line-60`: a 20 / 60 MB text file of one paragraph (one article);
`brackets`: a .jsonl.gz of three million `[]` lines (every line a failure); `mixed`: a JSON
Lines file of 1,000 articles followed by 300,000 bad lines; `corpus`: 20,000 ordinary articles
(CCTV) as JSON Lines, for scale.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
CCTV = CORPORA / "cctv_xwlb" / "articles.jsonl.gz"
SHAPES = ("one-line-20", "one-line-60", "brackets", "mixed", "corpus")

PARSE_ONLY = """
import sys
from pathlib import Path
from newsdesk.domain import ArticleDraft
from newsdesk.errors import BadFileError
from newsdesk.ingest.sources import open_source
longest = 0
p = Path(sys.argv[1])
try:
    for rec in open_source(p, p.parent):
        if isinstance(rec, ArticleDraft):
            longest = max(longest, len(rec.text))
except BadFileError:
    pass
print(longest)
"""


def records() -> Iterator[dict[str, object]]:
    with gzip.open(CCTV, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def one_line(path: Path, size: int) -> None:
    """`size` bytes of real text (UTF-8) as one line: bodies joined without their breaks."""
    with path.open("w", encoding="utf-8") as out:
        written = 0
        for r in records():
            body = str(r["body"]).replace("\n", "")
            data = body.encode("utf-8")
            if written + len(data) > size:
                out.write(data[: size - written].decode("utf-8", "ignore"))
                return
            out.write(body)
            written += len(data)


def make(shape: str, folder: Path) -> Path:
    if shape.startswith("one-line-"):
        path = folder / f"{shape}.txt"
        one_line(path, int(shape.rsplit("-", 1)[1]) * 1_000_000)
    elif shape == "brackets":
        path = folder / "brackets.jsonl.gz"
        with gzip.open(path, "wb") as f:
            for _ in range(30):
                f.write(b"[]\n" * 100_000)
    elif shape == "mixed":
        path = folder / "mixed.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for r in itertools.islice(records(), 1000):
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
            f.write('{"no": "title or body"}\n' * 300_000)
    else:
        path = folder / "corpus.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for r in itertools.islice(records(), 20_000):
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def run(args: list[str], out: Path) -> tuple[int, float]:
    """(peak RSS in bytes, seconds) of a child process writing its output to `out`.

    The output goes to a file, never through this process: a child's peak RSS counts this
    process's at the moment it was started (Linux carries it across fork and exec), so this
    one must stay small."""
    t0 = time.perf_counter()
    with out.open("wb") as f:
        proc = subprocess.Popen(args, stdout=f, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss * 1024, time.perf_counter() - t0


def summary(out: Path) -> dict[str, object]:
    """Articles added and failures counted, read from an import's JSON report (its tail only,
    where an older newsdesk printed every failure)."""
    with out.open("rb") as f:
        head = f.read(200).decode("utf-8", "replace")
        f.seek(max(0, out.stat().st_size - 400))
        tail = f.read().decode("utf-8", "replace")
    added = re.search(r'"added": (\d+)', head)
    count = re.search(r'"failed_count": (\d+)', tail)
    return {
        "added": int(added.group(1)) if added else None,
        "failed": int(count.group(1)) if count else "(no failed_count)",
    }


def mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated: " + ", ".join(SHAPES))
    ap.add_argument("--keep", type=Path, default=None, help="write the inputs and libraries here")
    opts = ap.parse_args()
    shapes = [s for s in opts.shapes.split(",") if s]
    work = opts.keep or Path(tempfile.mkdtemp(prefix="newsdesk-memory-"))
    work.mkdir(parents=True, exist_ok=True)
    python, _ = run([sys.executable, "-c", "import newsdesk.library, newsdesk.index"], work / "python.out")
    print(f"python + newsdesk imported, nothing read: peak RSS {mb(python)}")
    print(
        f"{'shape':12} {'file':>8} {'longest':>12} {'read+parse':>11} {'import':>9} {'import s':>9} "
        f"{'over parse':>11} {'JSON out':>10}  report"
    )
    for shape in shapes:
        path = make(shape, work)
        size = path.stat().st_size
        parsed = work / f"{shape}.parse.out"
        parse_rss, _ = run([sys.executable, "-c", PARSE_ONLY, str(path)], parsed)
        library = work / f"lib-{shape}"
        out = work / f"{shape}.import.json"
        rss, seconds = run(
            [sys.executable, "-m", "newsdesk", "--library", str(library), "import", str(path), "--json"], out
        )
        longest = int(parsed.read_text() or 0)
        print(
            f"{shape:12} {mb(size):>8} {longest:>9,} ch {mb(parse_rss):>11} {mb(rss):>9} "
            f"{seconds:>8.1f}s {rss / max(parse_rss, 1):>10.1f}x {out.stat().st_size:>9,}B  {summary(out)}",
            flush=True,
        )
    if opts.keep is None:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
