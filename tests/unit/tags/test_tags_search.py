"""tag: and note: in the query language, combined with the rest of it."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import record, write_jsonl

from newsdesk.library import Library


def test_tag_and_note_filters(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths(
            [
                write_jsonl(
                    tmp_path / "a.jsonl",
                    [
                        record("a1", "郑州高新区", "郑州高新区建设主题公园。\n公园占地二百亩。"),
                        record("a2", "郑州经开区", "经开区建设新城。\n新城有公园。"),
                        record("a3", "北京新闻", "北京的公园很多。"),
                    ],
                )
            ]
        )
        t1 = lib.article("a1").text
        lib.passages.tag(
            "a1",
            t1.index("主题公园"),
            t1.index("主题公园") + 4,
            ["地区/郑州/高新区"],
            note="重要：数字待核实",
        )
        t2 = lib.article("a2").text
        lib.passages.tag("a2", t2.index("新城"), t2.index("新城") + 2, ["地区/郑州/经开区"])
        ids = lambda q: sorted(h.id for h in lib.search(q, limit=50).hits)  # noqa: E731
        assert ids("公园") == ["a1", "a2", "a3"]
        assert ids("公园 tag:地区") == ["a1", "a2"]  # the parent includes its children
        assert ids("tag:地区/郑州/高新区") == ["a1"]
        assert ids("公园 -tag:地区/郑州/经开区") == ["a1", "a3"]
        assert ids("note:待核实") == ["a1"]
        assert ids("note:待核实 OR tag:地区/郑州/经开区") == ["a1", "a2"]
        assert lib.search("tag:没有这个标签").total == 0
