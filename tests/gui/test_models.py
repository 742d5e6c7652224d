"""Every model passes qtmodeltester; the lazy list fetches rows only when asked."""

from __future__ import annotations

from PySide6.QtCore import Qt

from newsdesk.ui.models.articles import (
    HIT_ROLE,
    ID_ROLE,
    MARKS_ROLE,
    SNIPPET,
    TITLE,
    ArticleListModel,
)
from newsdesk.ui.models.facets import FIELD_ROLE, FacetsModel


def test_article_model_library_mode(qtmodeltester, library) -> None:
    model = ArticleListModel(library.summaries)
    model.show_library(library.article_ids())
    qtmodeltester.check(model)
    assert model.rowCount() == 33
    assert model.index(0, TITLE).data(ID_ROLE) == model.article_id(0)


def test_article_model_results_mode_with_pages(qtmodeltester, library) -> None:
    model = ArticleListModel(library.summaries)
    first = library.search("上海", limit=10)
    rows = library.summaries([h.id for h in first.hits])
    model.show_results(1, first.total, first.hits, {i: s.bylines for i, s in rows.items()}, page_size=10)
    requested: list[int] = []
    model.page_needed.connect(requested.append)
    qtmodeltester.check(model)
    assert model.rowCount() == first.total > 10
    assert model.index(10, TITLE).data() == "…"  # not fetched yet
    assert requested == [1]
    second = library.search("上海", limit=10, offset=10)
    model.add_page(1, 1, second.hits, {})
    assert model.index(10, TITLE).data() == second.hits[0].title
    model.add_page(0, 2, second.hits, {})  # an older search's page is ignored
    assert model.index(20, TITLE).data() == "…"
    hit = model.index(0, TITLE).data(HIT_ROLE)
    assert hit.id == first.hits[0].id
    text = model.index(0, SNIPPET).data()
    marks = model.index(0, SNIPPET).data(MARKS_ROLE)
    assert marks and all(text[s:e] == "上海" for s, e in marks)
    qtmodeltester.check(model)


def test_library_mode_fetches_summaries_in_blocks(library) -> None:
    calls: list[int] = []

    def summaries(ids):  # type: ignore[no-untyped-def]
        calls.append(len(ids))
        return library.summaries(ids)

    model = ArticleListModel(summaries)
    model.show_library(library.article_ids())
    assert calls == []  # nothing fetched before a row is shown
    for r in range(model.rowCount()):
        model.index(r, TITLE).data()
    assert calls == [33]


def test_facets_model(qtmodeltester, library) -> None:
    model = FacetsModel()
    facets = library.search("上海", limit=1, facets=True).facets
    model.set_facets(facets, {("source", "测试日报"), ("author", "不在结果里")})
    qtmodeltester.check(model)
    groups = model.group_names()
    assert groups[:2] == ["source", "year"]
    src = model.index(0, 0)
    values = {
        model.index(r, 0, src).data(): model.index(r, 0, src).data(Qt.ItemDataRole.CheckStateRole)
        for r in range(model.rowCount(src))
    }
    assert values["测试日报"] == Qt.CheckState.Checked
    assert values["样例晚报"] == Qt.CheckState.Unchecked
    author = model.index(groups.index("author"), 0)
    kept = [model.index(r, 0, author).data(FIELD_ROLE) for r in range(model.rowCount(author))]
    assert ("author", "不在结果里") in kept  # an active filter stays visible to be cleared
    model.set_facets(None, set())
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_a_snippet_is_shown_with_the_spans_it_carries() -> None:
    # The list paints the hit's own spans: text that itself holds « » is shown as it is.
    from newsdesk.domain import Hit

    hit = Hit(
        "x", "题", None, None, None, 1.0, "…前«引号»里的上海后 ¶ 浦东", snippet_spans=((8, 10), (14, 16))
    )
    model = ArticleListModel(lambda ids: {})
    model.show_results(1, 1, (hit,), {}, page_size=10)
    assert model.index(0, SNIPPET).data() == "…前«引号»里的上海后 ¶ 浦东"
    assert model.index(0, SNIPPET).data(MARKS_ROLE) == [(8, 10), (14, 16)]
