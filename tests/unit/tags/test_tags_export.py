"""Export (CSV, W3C-style JSON, Markdown), the JSON round trip, and GB/T 7714 citations."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
from tests.helpers import record, write_jsonl

from newsdesk.domain import Article, Byline
from newsdesk.errors import UserError
from newsdesk.library import Library
from newsdesk.tags.cite import citation
from newsdesk.tags.export import neutralise

BODY_1 = "本报北京12月31日电 𠮷野家在郑州开店。\n郑州高新区首个主题公园迎来荷花盛开的季节。"
BODY_2 = '=HYPERLINK("http://example.com") 是一个公式。\n+1 与 -2 以及 @SUM 都会被当成公式。'


def _source(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "in" / "a.jsonl",
        [
            record(
                "r-1", "推动经济运行整体好转", BODY_1, author="本报记者 陆娅楠", source="人民日报", page="05"
            ),
            record("r-2", "公式", BODY_2, date="2023-01-02"),
        ],
    )


def _tag(lib: Library, aid: str, quote: str, tags: list[str], note: str | None = None):  # type: ignore[no-untyped-def]
    start = lib.article(aid).text.index(quote)
    return lib.passages.tag(aid, start, start + len(quote), tags, note)


@pytest.fixture
def tagged(lib: Library, tmp_path: Path) -> Library:
    lib.import_paths([_source(tmp_path)])
    _tag(lib, "r-1", "𠮷野家在郑州开店", ["地区/郑州", "店铺"], note="开店的消息")
    _tag(lib, "r-1", "主题公园", ["地区/郑州/高新区"])
    _tag(lib, "r-2", '=HYPERLINK("http://example.com")', ["-负面", "@提及"], note="+备注")
    _tag(lib, "r-2", "+1 与 -2", ["=公式"], note="-2")
    lib.tags.set_colour("地区", "#cc0000")
    return lib


def test_json_export_follows_the_web_annotation_model(tagged: Library) -> None:
    doc = json.loads(tagged.passages.export("json"))
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationCollection" and doc["total"] == 4
    first = doc["first"]["items"][0]
    p = tagged.passages.find()[0]
    assert first["type"] == "Annotation" and first["id"].endswith(p.id)
    assert {"type": "TextualBody", "purpose": "tagging", "value": "地区/郑州"} in first["body"]
    assert {b["value"] for b in first["body"] if b["purpose"] == "commenting"} == {"开店的消息"}
    quote_sel, pos_sel = first["target"]["selector"]
    assert quote_sel == {
        "type": "TextQuoteSelector",
        "exact": p.quote,
        "prefix": p.prefix,
        "suffix": p.suffix,
    }
    assert pos_sel == {"type": "TextPositionSelector", "start": p.start, "end": p.end}
    assert (
        first["newsdesk"]["article"]["citation"]
        == "陆娅楠. 推动经济运行整体好转[N]. 人民日报, 2023-01-01(5)."
    )


def test_json_round_trip_into_a_fresh_library(tagged: Library, tmp_path: Path) -> None:
    exported = tagged.passages.export("json")
    with Library.open(tmp_path / "fresh") as fresh:
        fresh.import_paths([_source(tmp_path)])
        report = fresh.passages.import_json(exported)
        assert (report.added, report.updated, report.unchanged, report.orphaned) == (4, 0, 0, 0)
        assert fresh.passages.find(orphans=True) == tagged.passages.find(orphans=True)
        assert fresh.tags.colours() == tagged.tags.colours() == {"地区": "#cc0000"}
        assert fresh.tags.tree() == tagged.tags.tree()
        again = fresh.passages.import_json(exported)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
        # The `tag list --json` shape reads back too.
        listed = json.dumps([p.to_json() for p in tagged.passages.find()], ensure_ascii=False)
        assert fresh.passages.import_json(listed).unchanged == 4


def test_import_without_the_articles_keeps_orphans(tagged: Library, tmp_path: Path) -> None:
    exported = tagged.passages.export("json", tag="地区")
    with Library.open(tmp_path / "empty") as empty:
        report = empty.passages.import_json(exported)
        assert (report.added, report.orphaned) == (2, 2)
        assert [p.quote for p in empty.passages.orphans()] == ["𠮷野家在郑州开店", "主题公园"]
        # Importing their articles places them (the import retries every orphan).
        assert empty.import_paths([_source(tmp_path)]).passages_moved == 2
        assert empty.passages.retry_orphans() == (0, 0)
        placed = empty.passages.find()
        # (placing an orphan again is a change: its `modified` is the import's time)
        assert all(
            p.modified >= q.modified for p, q in zip(placed, tagged.passages.find(tag="地区"), strict=True)
        )
        same = [dataclasses.replace(p, modified="") for p in placed]
        assert same == [dataclasses.replace(p, modified="") for p in tagged.passages.find(tag="地区")]


@pytest.mark.parametrize(
    "text",
    ["not json", "{}", '[{"id": "x"}]', '{"type": "AnnotationCollection", "first": {"items": [1]}}'],
)
def test_bad_import_is_a_user_error(lib: Library, text: str) -> None:
    with pytest.raises(UserError, match="not a newsdesk passage export"):
        lib.passages.import_json(text)


def test_csv_cells_that_start_a_formula_are_neutralised(tagged: Library) -> None:
    rows = list(csv.DictReader(io.StringIO(tagged.passages.export("csv"))))
    assert len(rows) == 4
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    formula = next(r for r in rows if "HYPERLINK" in r["quote"])
    assert formula["quote"] == '\'=HYPERLINK("http://example.com")'
    assert (formula["note"], formula["tags"]) == ("'+备注", "'-负面; @提及")
    plus = next(r for r in rows if r["tags"] == "'=公式")
    assert (plus["quote"], plus["note"]) == ("'+1 与 -2", "'-2")
    assert rows[0]["citation"] == "陆娅楠. 推动经济运行整体好转[N]. 人民日报, 2023-01-01(5)."
    assert [neutralise(c) for c in ("\tx", "\rx", "＝1", "a=b", None)] == ["'\tx", "'\rx", "'＝1", "a=b", ""]


def test_markdown_groups_by_tag_with_citations(tagged: Library) -> None:
    md = tagged.passages.export("md", tag="地区")
    assert md.startswith("# 标注摘录\n")
    assert md.index("## 地区/郑州（1）") < md.index("## 地区/郑州/高新区（1）")
    assert "> 𠮷野家在郑州开店\n>\n> —— 陆娅楠. 推动经济运行整体好转[N]. 人民日报, 2023-01-01(5).\n" in md
    assert "备注：开店的消息" in md and "店铺" not in md and "公式" not in md
    full = tagged.passages.export("md")
    assert "## 店铺（1）" in full and "## =公式（1）" in full
    with pytest.raises(UserError, match="unknown export format"):
        tagged.passages.export("xlsx")


def _article(*bylines: Byline, page: str | None = "05", source: str | None = "人民日报") -> Article:
    return Article(
        id="x",
        title="推动经济运行整体好转",
        text="",
        bylines=bylines,
        date="2023-01-01",
        source=source,
        page=page,
    )


def test_citation_format() -> None:
    reporter = Byline("reporter", "陆娅楠")
    assert citation(_article(reporter)) == "陆娅楠. 推动经济运行整体好转[N]. 人民日报, 2023-01-01(5)."
    two = (Byline("reporter", "王  珏"), Byline("correspondent", "贾霖"), Byline("photographer", "郭威"))
    assert citation(_article(*two)) == "王珏, 贾霖. 推动经济运行整体好转[N]. 人民日报, 2023-01-01(5)."
    many = [Byline("reporter", n) for n in ("甲一", "乙二", "丙三", "丁四")]
    assert citation(_article(*many)).startswith("甲一, 乙二, 丙三, 等. ")
    assert citation(_article(page=None)) == "推动经济运行整体好转[N]. 人民日报, 2023-01-01."
    assert citation(_article(reporter, page="A12")).endswith("2023-01-01(A12).")


def test_library_citation_and_copy_with_citation(tagged: Library) -> None:
    assert tagged.citation("r-1") == "陆娅楠. 推动经济运行整体好转[N]. 人民日报, 2023-01-01(5)."
    p = tagged.passages.find(tag="地区/郑州/高新区")[0]
    assert (
        tagged.passages.cite(p.id) == "“主题公园”\n陆娅楠. 推动经济运行整体好转[N]. 人民日报, 2023-01-01(5)."
    )
