"""List-like section and byline fields count once per item in facets; search still finds a
piece of the whole value."""

from __future__ import annotations

from pathlib import Path

from tests.unit.index.conftest import fetcher

from newsdesk.domain import Article, Byline
from newsdesk.index import SearchIndex
from newsdesk.index.facets import items
from newsdesk.index.schema import fields_of

ARTICLES = (
    Article(
        id="a",
        title="领导人出访",
        text="外交新闻一。",
        date="2020-01-02",
        source="央视",
        section="大国外交,中国领导人",
        bylines=(Byline("reporter", "甲、乙"),),
    ),
    Article(
        id="b",
        title="外交部发布会",
        text="外交新闻二。",
        date="2020-01-03",
        source="央视",
        section="大国外交；国际",
        bylines=(Byline("reporter", "乙"),),
    ),
    Article(id="c", title="外交随笔", text="外交新闻三。", date="2020-01-04", source="央视", section="国际"),
)


def test_the_items_of_a_list_like_value() -> None:
    assert items("大国外交,中国领导人") == ("大国外交", "中国领导人")
    assert items("甲、乙；甲") == ("甲", "乙")
    assert items("要闻") == ("要闻",) and items(",") == (",",)
    _, _, keywords, _ = fields_of(ARTICLES[0])
    assert keywords["section"] == ["大国外交,中国领导人"]  # the index keeps the value whole


def test_facets_count_each_item_once(tmp_path: Path) -> None:
    ix = SearchIndex.open(tmp_path / "ix")
    with ix.writer() as w:
        w.add(ARTICLES)
    r = ix.search("外交", fetch=fetcher(ARTICLES), facets=True)
    assert r.facets is not None
    assert dict(r.facets["section"]) == {"大国外交": 2, "国际": 2, "中国领导人": 1}
    assert dict(r.facets["author"]) == {"乙": 2, "甲": 1}
    assert "大国外交,中国领导人" not in dict(r.facets["section"])
    assert ix.search("section:中国领导人", fetch=fetcher(ARTICLES)).total == 1
    assert ix.search("section:交,中", fetch=fetcher(ARTICLES)).total == 1  # across the comma
    assert dict(r.facets["source"]) == {"央视": 3}
    ix.close()
