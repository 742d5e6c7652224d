"""Make a stand-in corpus of N articles recombined from the shared corpora's real paragraphs.

    python benchmarks/make_corpus.py --articles 250000 --seed 1 /tmp/corpus-250k.jsonl.gz

It is a stand-in for real scale, not a real archive: the words, paragraphs, titles and metadata
are real (read from ../shared/corpora in place; nothing is copied into the repository), their
combinations are not. Each article, in the corpora's JSON Lines record format (so `newsdesk
import` reads it), takes:

- its metadata from one real record drawn at random (the real mix): source, section, byline,
  and its paragraph count, held to 3-30; a Traditional article's record is an Apple Daily one
  (Taiwan), a Simplified article's a CCTV or People's Daily one;
- a title and that many paragraphs drawn from every real title and paragraph alike (so their
  lengths follow the corpora's), each written in the article's script: 5 % of articles are
  Traditional, the Simplified paragraphs turned Traditional with OpenCC's table (`zh/data/`)
  inverted (of several Traditional forms, the one Apple Daily uses most), the rest Simplified
  (Apple Daily's paragraphs through the same table, as search folds them);
- a date over 1990-2025 with the real per-year mix: a real record's date (2008-2025) moved to
  one of the two years its year stands for (2008 -> 1990 or 1991, ..., 2025 -> 2024 or 2025),
  so that the thin early years (Apple Daily alone until CCTV's from mid-2012) and each later
  year's volume keep their shape;
- a page, for an article whose source is a newspaper: one of the People's Daily e-paper's real
  page numbers (as many times as that page has articles); broadcast transcripts have none.

Deterministic for a seed: the same seed and N give the same bytes (gzip without a time stamp),
another seed other bytes. Streamed: the pool of real texts is all it holds (peak RSS 178 MB
for 20,000 articles, 179 MB for 200,000). Ids are `synth-<seed>-<n>`, so files of different
seeds import side by side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.zh.normalize import _ts_table

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
TRADITIONAL_SHARE = 0.05
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 3, 30
FIRST_REAL_YEAR, LAST_REAL_YEAR, FIRST_YEAR = 2008, 2025, 1990
GZIP_LEVEL = 6
PREFIX = "stand-in-"  # the cached files' names
ID_PREFIX = "synth-"


@dataclass
class Pool:
    """The real texts and values articles are drawn from (read once, whatever N)."""

    paragraphs: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    traditional_from: tuple[int, int] = (0, 0)  # first Apple Daily paragraph, title
    # (source, section, author, paragraph count, newspaper) of each real record, by script
    simplified_meta: list[tuple[str | None, str | None, str | None, int, bool]] = field(default_factory=list)
    traditional_meta: list[tuple[str | None, str | None, str | None, int, bool]] = field(default_factory=list)
    dates: list[int] = field(default_factory=list)  # ordinal days of real records, 2008-2025
    pages: list[str] = field(default_factory=list)
    to_simplified: dict[int, str] = field(default_factory=dict)
    to_traditional: dict[int, str] = field(default_factory=dict)


def read(path: Path) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def load_pool(corpora: Path = CORPORA) -> Pool:
    """Read the corpora in place: CCTV and People's Daily (Simplified), then Apple Daily."""
    pool = Pool()
    simplified = [corpora / "cctv_xwlb" / "articles.jsonl.gz", corpora / "rmrb_20230101" / "articles.jsonl"]
    traditional = corpora / "appledaily_tw_charity" / "articles.jsonl.gz"
    apple_chars: Counter[str] = Counter()
    for path in [*simplified, traditional]:
        if path == traditional:
            pool.traditional_from = (len(pool.paragraphs), len(pool.titles))
        meta = pool.traditional_meta if path == traditional else pool.simplified_meta
        for r in read(path):
            paragraphs = [p for p in (r.get("body") or "").split("\n") if p.strip()]
            pool.paragraphs += paragraphs
            if r.get("title"):
                pool.titles.append(r["title"])
            if path == traditional:
                apple_chars.update(r.get("title") or "")
                for p in paragraphs:
                    apple_chars.update(p)
            source = r.get("source")
            newspaper = source is not None and "新闻联播" not in source
            count = min(MAX_PARAGRAPHS, max(MIN_PARAGRAPHS, len(paragraphs)))
            meta.append((source, r.get("section"), r.get("author"), count, newspaper))
            date = r.get("date")
            if date and FIRST_REAL_YEAR <= int(date[:4]) <= LAST_REAL_YEAR:
                pool.dates.append(dt.date.fromisoformat(date).toordinal())
    raw = corpora / "rmrb_20230101" / "raw"
    pool.pages = sorted(str(int(p.stem.split("-")[1])) for p in raw.glob("*-*-*.txt"))
    table = _ts_table()
    pool.to_simplified = {ord(t): s for t, s in table.items()}
    pool.to_traditional = _inverse(table, apple_chars)
    return pool


def _inverse(table: dict[str, str], usage: Counter[str]) -> dict[int, str]:
    """Simplified -> Traditional: of a character's Traditional forms (itself among them, when
    Traditional text uses it as it is: 面, 才), the one `usage` counts most; unseen, the first."""
    forms: dict[str, list[str]] = {}
    for t, s in sorted(table.items()):
        forms.setdefault(s, []).append(t)
    out: dict[int, str] = {}
    for s, ts in forms.items():
        best = max([s, *ts], key=lambda c: (usage[c], c != s, -ord(c)))
        if usage[best] == 0:
            best = ts[0]
        if best != s:
            out[ord(s)] = best
    return out


def _date(pool: Pool, index: int, bit: int) -> str:
    """Real date `index` moved to the first (bit 0) or second of the two years its year stands for."""
    real = dt.date.fromordinal(pool.dates[index])
    year = FIRST_YEAR + 2 * (real.year - FIRST_REAL_YEAR) + bit
    day = min(real.day, 28) if (real.month, real.day) == (2, 29) else real.day
    return real.replace(year=year, day=day).isoformat()


def _in_script(text: str, is_traditional: bool, traditional: bool, table: dict[int, str]) -> str:
    """A real text in the article's script (left as written when it already is)."""
    return text if is_traditional == traditional else text.translate(table)


def generate(pool: Pool, articles: int, seed: int) -> Iterator[dict[str, object]]:
    """N article records, the same for the same seed."""
    rng = random.Random(seed)
    n_par, n_tit, n_dates = len(pool.paragraphs), len(pool.titles), len(pool.dates)
    first_t_par, first_t_title = pool.traditional_from
    for i in range(articles):
        traditional = rng.random() < TRADITIONAL_SHARE
        metas = pool.traditional_meta if traditional else pool.simplified_meta
        source, section, author, count, newspaper = metas[rng.randrange(len(metas))]
        table = pool.to_traditional if traditional else pool.to_simplified
        t = rng.randrange(n_tit)
        title = _in_script(pool.titles[t], t >= first_t_title, traditional, table)
        body = []
        for _ in range(count):
            p = rng.randrange(n_par)
            body.append(_in_script(pool.paragraphs[p], p >= first_t_par, traditional, table))
        date = _date(pool, rng.randrange(n_dates), rng.getrandbits(1))
        record: dict[str, object] = {
            "id": f"{ID_PREFIX}{seed}-{i}",
            "title": title,
            "date": date,
            "source": source,
            "author": author,
            "section": section,
        }
        if newspaper and "版" not in (section or ""):  # (第01版: the page is the section's)
            record["page"] = pool.pages[rng.randrange(len(pool.pages))]
        record["body"] = "\n".join(body)
        yield record


def write(path: Path, records: Iterator[dict[str, object]]) -> tuple[int, int]:
    """Stream records to a gzip'd JSON Lines file (no time stamp: same records, same bytes);
    returns (articles, characters of title and body)."""
    n = chars = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with tmp.open("wb") as raw, gzip.GzipFile("", "wb", GZIP_LEVEL, raw, mtime=0) as gz:
        for r in records:
            gz.write(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n")
            n += 1
            chars += len(r["title"]) + len(r["body"])  # type: ignore[arg-type]
    os.replace(tmp, path)
    return n, chars


def cached(articles: int, seed: int = 1, cache: Path | None = None, corpora: Path = CORPORA) -> Path:
    """The corpus of `articles` for `seed` in the cache folder (outside the repository), made
    the first time it is asked for."""
    folder = cache or Path(tempfile.gettempdir()) / "newsdesk-corpora"
    path = folder / f"{PREFIX}{articles}-seed{seed}.jsonl.gz"
    if not path.exists():
        print(f"making {path} (a stand-in for real scale) ...", file=sys.stderr)
        t = time.perf_counter()
        n, chars = write(path, generate(load_pool(corpora), articles, seed))
        print(f"  {n:,} articles, {chars:,} characters in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("out", type=Path, help="the .jsonl.gz file to write")
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpora", type=Path, default=CORPORA, help="the shared corpora folder")
    args = ap.parse_args()
    t0 = time.perf_counter()
    pool = load_pool(args.corpora)
    t1 = time.perf_counter()
    n, chars = write(args.out, generate(pool, args.articles, args.seed))
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{args.out}: {n:,} articles, {chars:,} characters ({chars / max(n, 1):.0f} a article), "
        f"{args.out.stat().st_size / 1e6:,.1f} MB; a stand-in for real scale. Pool of real texts "
        f"read in {t1 - t0:.1f} s ({len(pool.paragraphs):,} paragraphs, {len(pool.titles):,} titles), "
        f"written in {t2 - t1:.1f} s; peak RSS {peak:,.0f} MB"
    )


if __name__ == "__main__":
    main()
