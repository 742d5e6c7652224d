"""The list as results and as the library, the reading pane following the query, empty states,
typed filters in the facets, the title (#22 points 1, 2, 3, 4, 7)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMenu

from newsdesk.ui.models.articles import CARD_ROLE, DATE, SOURCE, TITLE
from newsdesk.ui.models.facets import FIELD_ROLE
from newsdesk.ui.settings import Settings

H = Qt.Orientation.Horizontal


def _results(qtbot, w, query: str) -> None:  # type: ignore[no-untyped-def]
    w.search.set_query(query)
    qtbot.waitUntil(
        lambda: w.search.query == query and w.model.mode == "results" and not w.ops.busy and w.search.idle,
        timeout=10000,
    )
    qtbot.waitUntil(lambda: not w.ops.busy, timeout=10000)


def _facet_rows(w) -> dict[tuple[str, str], tuple[bool, str]]:  # type: ignore[no-untyped-def]
    """{(field, value): (ticked, count)} of every value row in the facet tree."""
    model, out = w.facets_model, {}
    for g in range(model.rowCount()):
        group = model.item(g, 0)
        for r in range(group.rowCount()):
            item, number = group.child(r, 0), group.child(r, 1)
            ticked = item.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
            out[tuple(item.data(FIELD_ROLE))] = (ticked, number.text())
    return out


def test_results_are_two_line_rows_and_the_library_a_compact_table(qtbot, window) -> None:
    library_height = window.list.verticalHeader().defaultSectionSize()
    assert not window.list.cards and not window.list.isColumnHidden(DATE)
    _results(qtbot, window, "上海")
    lst = window.list
    assert lst.cards and lst.verticalHeader().defaultSectionSize() >= 2 * library_height
    # the date, source and page are in the row itself, not in columns pushed off to the right
    assert lst.isColumnHidden(DATE) and lst.isColumnHidden(SOURCE)
    hit = window.model.hit(0)
    title, _, meta, snippet, marks = window.model.index(0, TITLE).data(CARD_ROLE)
    assert title == hit.title and hit.date in meta and hit.source in meta
    assert snippet == hit.snippet and list(marks) == list(hit.snippet_spans)
    assert window.model.index(0, TITLE).data(CARD_ROLE) is not None
    window.bar.field.clear()
    qtbot.waitUntil(lambda: window.model.mode == "library", timeout=5000)
    assert window.model.index(0, TITLE).data(CARD_ROLE) is None
    assert lst.verticalHeader().defaultSectionSize() == library_height


def test_the_header_menu_chooses_columns_and_remembers_them(qtbot, window) -> None:
    menu = window.list.header_menu()
    date = next(a for a in menu.actions() if a.text() == window.model.headerData(DATE, H))
    assert date.isChecked()
    date.toggle()
    assert window.list.isColumnHidden(DATE)
    assert "date" not in Settings().get("list/columns").split(",")
    _results(qtbot, window, "上海")
    menu = window.list.header_menu()
    texts = [a.text() for a in menu.actions()]
    assert any("relevance" in t or "相关" in t for t in texts)  # results: the order too
    source = next(a for a in menu.actions() if a.text() == window.model.headerData(SOURCE, H))
    assert not source.isChecked()
    source.toggle()
    assert not window.list.isColumnHidden(SOURCE)
    assert Settings().get("list/result_columns") == "source"


def test_the_reading_pane_follows_the_query(qtbot, window) -> None:
    _results(qtbot, window, "牛肉饭")
    window.open_row(0, focus=False)
    assert window.reader.article.id == "t-jiye"
    before = window.reader.marked().text
    _results(qtbot, window, "上海")  # still in the results: marked for the new query
    assert window.reader.article.id == "t-jiye"
    text = window.reader.article.text
    after = window.reader.marked().text
    assert after != before and all(text[s:e] == "上海" for s, e in after)
    window.bar.field.clear()  # the library: the article stays, unmarked
    qtbot.waitUntil(lambda: window.model.mode == "library", timeout=5000)
    assert window.reader.article.id == "t-jiye" and not window.reader.marked().text
    _results(qtbot, window, "熊猫")  # no longer among the results: the pane is cleared
    assert window.reader.article is None and window.reader.hit_count == 0


def test_a_query_without_hits_says_so_and_offers_the_words_mode_and_fewer_filters(qtbot, window) -> None:
    _results(qtbot, window, "上海 浦东居民 source:样例晚报")
    assert window.model.rowCount() == 0
    empty = window.empty
    assert empty.isVisibleTo(window) and not window.list.isVisibleTo(window)
    assert empty.case == "no-hits" and "上海 浦东居民" in empty.title.text()
    assert empty.filter_button.isVisibleTo(window) and "source:样例晚报" in empty.filter_button.text()
    empty.filter_button.click()
    qtbot.waitUntil(lambda: window.search.query == "上海 浦东居民" and not window.ops.busy, timeout=5000)
    _results(qtbot, window, "浦东居民 第1号")
    assert empty.words_button.isVisibleTo(window)
    empty.words_button.click()
    qtbot.waitUntil(lambda: window.search.mode == "words" and not window.ops.busy, timeout=5000)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=5000)
    assert not empty.isVisibleTo(window) and window.list.isVisibleTo(window)
    window.bar.set_mode("exact")


def test_an_empty_library_says_how_to_import(qtbot, empty_library, make_window) -> None:
    w = make_window(empty_library)
    qtbot.waitUntil(lambda: w.empty.case == "library" and w.empty.isVisibleTo(w), timeout=5000)
    assert w.empty.files_button.isVisibleTo(w) and w.empty.folder_button.isVisibleTo(w)
    assert "drag" in w.empty.detail.text() or "拖" in w.empty.detail.text()


def test_a_typed_filter_ticks_the_values_it_matches_without_a_phantom(qtbot, window) -> None:
    _results(qtbot, window, "上海 source:測試")  # traditional characters, part of the name
    qtbot.waitUntil(lambda: any(f == "source" for f, _ in _facet_rows(window)), timeout=5000)
    rows = {k: v for k, v in _facet_rows(window).items() if k[0] == "source"}
    assert rows[("source", "测试日报")][0] is True
    assert ("source", "測試") not in rows  # no "測試 0" beside the real value
    window.search.toggle_facet("source", "测试日报")  # unticking takes the typed filter out
    assert window.bar.field.text() == "上海"
    _results(qtbot, window, "上海 source:没有这家报")  # a filter matching nothing stays visible
    qtbot.waitUntil(lambda: ("source", "没有这家报") in _facet_rows(window), timeout=5000)
    assert _facet_rows(window)[("source", "没有这家报")] == (True, "0")


def test_the_title_says_newsdesk_once(window) -> None:
    shown = window.shown_title()
    assert shown.count("newsdesk") == 1
    assert str(window.library.folder) in shown


class _Opened(QObject):
    """Catches the file: URLs the window asks the desktop to open (Qt's own handler hook)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toLocalFile())


def test_the_list_has_a_context_menu(qtbot, window) -> None:
    _results(qtbot, window, "牛肉饭")
    menu = QMenu(window)
    window.list.context_menu_requested.emit(menu, 0)
    actions = [a for a in menu.actions() if not a.isSeparator()]
    assert len(actions) == 5  # open, copy citation, tag…, open the source file, show in folder
    citation = next(a for a in actions if "itation" in a.text() or "出处" in a.text())
    citation.trigger()
    assert "𠮷野家在上海开设新店" in QGuiApplication.clipboard().text()
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        assert window.list_menu.open_source("t-jiye", folder=False)
        assert window.list_menu.open_source("t-jiye", folder=True)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    source = window.library.article("t-jiye").sources[0].path
    assert opened.urls == [source, str(Path(source).parent)]


def test_tagging_the_article_from_the_list_selects_its_whole_text(qtbot, window) -> None:
    _results(qtbot, window, "牛肉饭")
    window.list_menu.tag_article(0)
    dialog = window.tagging.dialog
    assert dialog is not None and dialog.isVisible()
    text = window.library.article("t-jiye").text
    assert window.reader.selection_span() == (0, len(text))
    dialog.reject()
