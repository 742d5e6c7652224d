"""Exports hold every hit (not a page), in each format; CSV is BOM'd and formula-safe."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.zh.normalize import normalize_term

from .conftest import brute_ids


@pytest.mark.parametrize("ext", ["csv", "md", "ris", "txt"])
def test_export_holds_every_hit(research_lib, every_article, tmp_path: Path, capsys, ext: str) -> None:
    path = tmp_path / f"hits.{ext}"
    assert main(["--library", str(research_lib.folder), "search", "的", "--export", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    expected = brute_ids(every_article, normalize_term("的"))
    assert len(expected) > 20  # more than a page
    assert out == {"exported": len(expected), "path": str(path)}
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    if ext == "csv":
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == [
            "id",
            "title",
            "date",
            "source",
            "page",
            "bylines",
            "snippet",
            "citation",
            "note",
            "author_note",
        ]
        assert {r[0] for r in rows[1:]} == expected and len(rows) == len(expected) + 1
    elif ext == "md":
        ids = {line.split(" | ")[0].lstrip("| ") for line in text.splitlines()[4:]}
        assert ids == expected
    elif ext == "ris":
        ids = {line[6:] for line in text.splitlines() if line.startswith("ID  - ")}
        assert ids == expected and text.count("TY  - NEWS") == len(expected)
    else:
        lines = text.splitlines()
        assert len(lines) == len(expected) and lines[0].startswith("[1] ") and "[N]" in lines[0]


def test_csv_is_formula_safe_with_snippet_and_citation(research_lib, tmp_path: Path) -> None:
    path = tmp_path / "made.csv"
    n = research_lib.research.export("title:公式 OR title:台湾观察", path)
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
    assert n == len(rows) == 2
    titles = {r["title"] for r in rows}
    assert titles == {"'=经济 公式", "'@台湾观察"}
    made = next(r for r in rows if r["id"] == "made-1")
    assert made["bylines"] == "王珏" and "经济" in made["snippet"] and "«" not in made["snippet"]
    assert made["citation"].startswith("王珏. =经济 公式[N].")


def test_export_mistakes_are_named(research_lib, tmp_path: Path, capsys) -> None:
    lib = str(research_lib.folder)
    assert main(["--library", lib, "search", "经济", "--export", str(tmp_path / "x.docx")]) == 2
    assert "x.docx: cannot tell the export format" in capsys.readouterr().err
    assert main(["--library", lib, "search", "经济", "--export", str(tmp_path / "nowhere" / "x.csv")]) == 2
    assert "x.csv: cannot write the export" in capsys.readouterr().err
    path = tmp_path / "list.out"
    assert main(["--library", lib, "search", "经济", "--export", str(path), "--format", "gbt"]) == 0
    assert path.read_text("utf-8").startswith("[1] ")


def test_first_spans_are_the_spans_of_the_text_up_to_the_first_cluster() -> None:
    from newsdesk.index.snippets import spans
    from newsdesk.research.export import PREFIX, first_spans

    text = "无关的话。" * 200 + "经济 发展，經濟。\n" + "经济" * 5
    assert len(text) > 2 * PREFIX
    got = first_spans(text, ["经济"])
    every = spans(text, ["经济"])
    assert got == every[: len(got)] and got[0] == (1000, 1002) and (1006, 1008) in got
    assert first_spans("经济" * 1000, ["经济"])[0] == (0, 2)
    assert first_spans("没有", ["经济"]) == ()
