"""Date, page, source and section from paths and sidecars."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.ingest.meta import PathMeta, parse_date, path_meta, source_from_folder


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2023-01-01", "2023-01-01"),
        ("rmrb_20230101", "2023-01-01"),
        ("20230101-01-02", "2023-01-01"),
        ("news_2023_1_5", "2023-01-05"),
        ("2023.12.31-p5", "2023-12-31"),
        ("2023年1月1日", "2023-01-01"),
        ("人民日报2023年12月3日第05版", "2023-12-03"),
        ("2023-02-30", None),  # not a real date
        ("20231301", None),
        ("12345678", None),
        ("id-120230101999", None),  # digits inside a longer number
        ("no date here", None),
    ],
)
def test_parse_date(text: str, date: str | None) -> None:
    assert parse_date(text) == date


@pytest.mark.parametrize(
    ("rel", "page"),
    [
        ("a-p05.txt", "5"),
        ("a_p5.txt", "5"),
        ("rmrb-20230101-p08.txt", "8"),
        ("page-12.txt", "12"),
        ("第05版.txt", "5"),
        ("人民日报第十二版.txt", "12"),
        ("20230101-04-01.txt", "4"),
        ("p03/x.txt", "3"),
        ("第3版/x.txt", "3"),
        ("2023/01/05/x.txt", None),  # date folders are not pages
        ("top-10.txt", None),
        ("help.txt", None),
    ],
)
def test_pages(tmp_path: Path, rel: str, page: str | None) -> None:
    assert path_meta(tmp_path / rel, tmp_path).page == page


def test_date_from_nested_folders(tmp_path: Path) -> None:
    assert path_meta(tmp_path / "2023/01/05/p3.txt", tmp_path).date == "2023-01-05"
    assert path_meta(tmp_path / "2023年1月5日/a.txt", tmp_path).date == "2023-01-05"
    # the file name wins over its folders
    assert path_meta(tmp_path / "2023-01-05/2024-02-03.txt", tmp_path).date == "2024-02-03"


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("rmrb_20230101", "人民日报"),
        ("南方日报", "南方日报"),
        ("南方日报-2023-01-05", "南方日报"),
        ("Guardian p5", "Guardian"),
        ("raw", None),
        ("pages", None),
        ("2023", None),
        ("20230101", None),
        ("p05", None),
        ("第05版", None),
        ("seed", None),
    ],
)
def test_source_from_folder(name: str, source: str | None) -> None:
    assert source_from_folder(name) == source


def test_corpora_layout(corpora: Path) -> None:
    raw = corpora / "rmrb_20230101/raw/20230101-03-07.txt"
    assert path_meta(raw, corpora) == PathMeta("2023-01-01", "3", "人民日报", None)
    page = corpora / "rmrb_20230101/pages/rmrb-20230101-p04.txt"
    assert path_meta(page, corpora / "rmrb_20230101") == PathMeta("2023-01-01", "4", "人民日报")
    seed = corpora / "seed/zhengzhou-special-page.txt"
    assert path_meta(seed, corpora) == PathMeta()  # seed/ and corpora/ are generic
    # a file named on its own: only its own folder counts, and raw/ says nothing
    assert path_meta(raw, raw).source is None


def test_folder_names_stop_at_the_root(tmp_path: Path) -> None:
    path = tmp_path / "南方日报/raw/2023-01-05.txt"
    assert path_meta(path, tmp_path).source == "南方日报"
    assert path_meta(path, tmp_path / "南方日报/raw").source is None


def test_sidecars_nearest_wins(tmp_path: Path) -> None:
    top = tmp_path / "archive"
    inner = top / "2023" / "raw"
    inner.mkdir(parents=True)
    (top / "newsdesk.json").write_text(
        json.dumps({"source": "广州日报", "section": "要闻"}, ensure_ascii=False), encoding="utf-8"
    )
    path = inner / "2023-01-05-p2.txt"
    assert path_meta(path, tmp_path) == PathMeta("2023-01-05", "2", "广州日报", "要闻")
    # a nearer source.txt (GB18030, as a Windows editor may save it) overrides the source only
    (top / "2023" / "source.txt").write_bytes("羊城晚报\n第二行不算\n".encode("gb18030"))
    assert path_meta(path, tmp_path) == PathMeta("2023-01-05", "2", "羊城晚报", "要闻")
    # sidecars above the root are not consulted
    assert path_meta(path, inner).source is None


def test_broken_sidecars_are_ignored(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir()
    (root / "newsdesk.json").write_text("{not json", encoding="utf-8")
    (root / "source.txt").write_bytes(b"")
    assert path_meta(root / "南方日报" / "a.txt", root).source == "南方日报"
    (root / "newsdesk.json").write_text('["a list"]', encoding="utf-8")
    assert path_meta(root / "a.txt", root).source is None


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "big5"])
@pytest.mark.parametrize("pad", [0, 1, 2])
def test_a_long_source_sidecar_is_read_whatever_the_cut(tmp_path: Path, encoding: str, pad: int) -> None:
    # The sidecar is read by its first 4 KiB: a cut inside a character must not lose it (#18).
    name = "蘋果日報" if encoding == "big5" else "南方日报"
    filler = ("說明" if encoding == "big5" else "说明") * 3000
    (tmp_path / "source.txt").write_bytes(f"{name}\n{'x' * pad}{filler}\n".encode(encoding))
    assert path_meta(tmp_path / "a.txt", tmp_path).source == name
