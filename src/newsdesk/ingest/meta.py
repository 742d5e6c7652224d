"""Date, page, source and section read from a file's path and from sidecar files beside it.

Where each comes from (the file name first, then its folders, nearest first, up to the root
the file was found under; for a file named on its own, its own folder only):

- date: `2023-01-01` (also `_` or `.`), `20230101`, `2023年1月1日`, or folders `2023/01/01`;
  only real calendar dates between 1800 and 2199.
- page: `-p05`/`_p5`/`page05`, `第05版`/`第五版`, a crawler name `YYYYMMDD-PP-NN`, a folder
  `p05`; stored as the number without zeros, "5", as cited in GB/T 7714 (`2023-01-01(5)`).
- source and section: a sidecar `newsdesk.json` (`{"source": .., "section": ..}`) or
  `source.txt` (its first line) in the file's folder or a folder above it up to the root,
  nearest first; else the source is the nearest folder name that is not generic (raw, pages,
  data, txt ...), with dates and page numbers removed from it (`rmrb_20230101` -> `rmrb`) and
  a few well-known newspaper abbreviations spelled out (`rmrb` -> 人民日报).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from newsdesk import jsontext
from newsdesk.errors import BadFileError
from newsdesk.ingest.encoding import decode_bytes

SIDECAR_JSON = "newsdesk.json"
SIDECAR_TEXT = "source.txt"
SIDECARS = (SIDECAR_JSON, SIDECAR_TEXT)
SIDECAR_SAMPLE = 4096  # bytes of source.txt read for its first line

_GENERIC = """raw pages page data txt text texts article articles html htm md markdown json jsonl
ndjson files file docs doc input inputs import imports download downloads news corpus corpora
archive archives tmp temp src out output export exports seed sample samples test tests fixtures
misc other new old backup 新建文件夹 数据 文章 新闻 报纸 版面 原始"""
GENERIC_FOLDERS = frozenset(_GENERIC.split())
NEWSPAPER_ABBREVIATIONS = {
    "rmrb": "人民日报",
    "gmrb": "光明日报",
    "jjrb": "经济日报",
    "jfjb": "解放军报",
    "zgqnb": "中国青年报",
    "xhs": "新华社",
    "cctv": "中央广播电视总台",
    "xwlb": "《新闻联播》",
    "ckxx": "参考消息",
    "hqsb": "环球时报",
}

_YMD_SEP = re.compile(r"(?<!\d)(\d{4})[-_.](\d{1,2})[-_.](\d{1,2})(?!\d)")
_YMD_CJK = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YMD_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_YMD_FOLDERS = re.compile(r"(?:^|/)(\d{4})/(\d{1,2})/(\d{1,2})(?=/|$)")
_CRAWLER_NAME = re.compile(r"^(\d{8})-(\d{1,2})-(\d{1,3})$")
_PAGE_LATIN = re.compile(r"(?:^|[-_\s.(\[])(?:p|pg|page)[-_\s]?(\d{1,3})(?=$|[-_\s.)\]])", re.I)
_PAGE_CJK = re.compile(r"第\s*(\d{1,3}|[〇零一二三四五六七八九十百]{1,4})\s*版")
_PAGE_FOLDER = re.compile(r"^(?:p|pg|page)[-_]?(\d{1,3})$", re.I)
_CJK_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}


@dataclass(frozen=True)
class PathMeta:
    """What a file's path says about the articles in it; None where it says nothing."""

    date: str | None = None
    page: str | None = None
    source: str | None = None
    section: str | None = None


def path_meta(path: Path, root: Path | None = None) -> PathMeta:
    """Date, page, source and section for a file found under `root` (see module docstring)."""
    folders = _folders(path, root)
    names = [_stem(path.name), *(f.name for f in folders)]
    date = next((d for d in map(parse_date, names) if d), None)
    if date is None:
        date = _folder_date(path, folders)
    page = _page_from_name(names[0])
    if page is None:
        page = next((p for p in map(_page_from_folder, names[1:]) if p), None)
    source, section = _sidecar(folders)
    if source is None:
        source = next((s for s in map(source_from_folder, names[1:]) if s), None)
    return PathMeta(date, page, source, section)


def parse_date(text: str) -> str | None:
    """The first real date written in `text`, as YYYY-MM-DD."""
    for pattern in (_YMD_SEP, _YMD_CJK, _YMD_COMPACT):
        for match in pattern.finditer(text):
            date = _valid_date(*match.groups())
            if date:
                return date
    return None


def source_from_folder(name: str) -> str | None:
    """A folder name as a source name, or None for generic folders (`raw`, `2023`, `p05`)."""
    cleaned = _YMD_COMPACT.sub("", _YMD_SEP.sub("", _YMD_CJK.sub("", name)))
    cleaned = re.sub(r"(?<![A-Za-z])(?:p|page)\d{1,3}(?![A-Za-z])", "", cleaned, flags=re.I)
    cleaned = _PAGE_CJK.sub("", cleaned)
    cleaned = cleaned.strip(" -_.()[]（）【】")
    if not cleaned or cleaned.isdigit() or cleaned.startswith("."):
        return None
    key = cleaned.lower()
    if key in GENERIC_FOLDERS:
        return None
    return NEWSPAPER_ABBREVIATIONS.get(key, cleaned)


def _folders(path: Path, root: Path | None) -> list[Path]:
    """The file's folders, nearest first, up to and including root (only its own if no root)."""
    parent = path.parent
    if root is None or root == path or not path.is_relative_to(root):
        return [parent]
    out = [parent]
    while out[-1] != root and out[-1] != out[-1].parent:
        out.append(out[-1].parent)
    return out


def _stem(name: str) -> str:
    for suffix in (".jsonl.gz", ".ndjson.gz"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name.rsplit(".", 1)[0] if "." in name[1:] else name


def _valid_date(year: str, month: str, day: str) -> str | None:
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return date.isoformat() if 1800 <= date.year < 2200 else None


def _folder_date(path: Path, folders: list[Path]) -> str | None:
    """`2023/01/01/x.txt`: a date spelled as three nested folders."""
    if len(folders) < 3:
        return None
    top = folders[-1]
    rel = path.parent.relative_to(top).as_posix() if path.is_relative_to(top) else ""
    chain = f"{top.name}/{rel}" if rel != "." else top.name
    hits = [_valid_date(*m.groups()) for m in _YMD_FOLDERS.finditer(chain)]
    return next((h for h in reversed(hits) if h), None)


def _page_from_name(stem: str) -> str | None:
    crawler = _CRAWLER_NAME.match(stem)
    if crawler:
        return _page_number(crawler.group(2))
    for pattern in (_PAGE_LATIN, _PAGE_CJK):
        match = pattern.search(stem)
        if match:
            return _page_number(match.group(1))
    return None


def _page_from_folder(name: str) -> str | None:
    match = _PAGE_CJK.search(name) or _PAGE_FOLDER.match(name)
    return _page_number(match.group(1)) if match else None


def _page_number(text: str) -> str | None:
    number = int(text) if text.isdigit() else _cjk_number(text)
    return str(number) if number and number > 0 else None


def _cjk_number(text: str) -> int | None:
    """一 .. 九十九 (and 一百): page numbers written in Chinese numerals."""
    if text in ("百", "一百"):
        return 100
    if "十" not in text:
        return _CJK_DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    tens_value = _CJK_DIGITS.get(tens, -1) if tens else 1
    ones_value = _CJK_DIGITS.get(ones, -1) if ones else 0
    if tens_value < 0 or ones_value < 0:
        return None
    return tens_value * 10 + ones_value


def _sidecar(folders: list[Path]) -> tuple[str | None, str | None]:
    """Source and section from the nearest sidecar; a nearer one wins field by field."""
    source: str | None = None
    section: str | None = None
    for folder in folders:
        values = _read_sidecars(folder)
        source = source or values.get("source")
        section = section or values.get("section")
        if source and section:
            break
    return source, section


def _read_sidecars(folder: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    try:
        data = jsontext.loads((folder / SIDECAR_JSON).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        data = None
    if isinstance(data, dict):
        for key in ("source", "section"):
            if isinstance(data.get(key), str) and data[key].strip():
                values[key] = data[key].strip()
    if "source" not in values:
        try:
            with (folder / SIDECAR_TEXT).open("rb") as f:
                head = f.read(SIDECAR_SAMPLE)
                partial = len(head) == SIDECAR_SAMPLE  # may end inside a character
                text = decode_bytes(head, folder / SIDECAR_TEXT, partial=partial).text
        except (OSError, BadFileError):
            text = ""
        first = text.strip().splitlines()
        if first and first[0].strip():
            values["source"] = first[0].strip()
    return values
