"""The reading pane: every hit highlighted at the search API's offsets, F3, font, copy, safety."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from tests.gui.helpers import highlighted_others, highlighted_spans

from newsdesk.domain import Article, Marks, SectionHead
from newsdesk.index.snippets import part_marks


def _search_and_open(qtbot, w, query, article_id):  # type: ignore[no-untyped-def]
    w.search.set_query(query)
    qtbot.waitUntil(
        lambda: w.search.query == query and w.search.last_result is not None and not w.ops.busy, timeout=10000
    )
    row = w.model.row_of(article_id)
    assert row is not None, f"{article_id} not in the results of {query!r}"
    w.list.selectRow(row)
    w.open_row(row, focus=True)
    return w.model.hit(row)


def test_every_hit_is_highlighted_at_the_api_offsets_even_after_non_bmp(qtbot, window, library) -> None:
    hit = _search_and_open(qtbot, window, "牛肉饭 上海", "t-jiye")
    article = library.article("t-jiye")
    assert "𠮷" in article.text and hit.spans and hit.title_spans
    text_spans, title_spans = highlighted_spans(window.reader)
    assert text_spans == sorted(hit.spans)
    assert title_spans == sorted(hit.title_spans)
    assert {article.text[s:e] for s, e in text_spans} == {"牛肉饭", "上海"}
    assert {article.title[s:e] for s, e in title_spans} == {"上海"}
    assert window.reader.hit_count == len(hit.spans) + len(hit.title_spans)


def test_highlights_match_the_api_for_every_result(qtbot, window, library) -> None:
    result = library.search("上海", limit=50)
    assert result.total > 20
    for hit in result.hits:
        window.reader.show_article(
            library.article(hit.id), marks=Marks(text=hit.spans, title=hit.title_spans)
        )
        assert highlighted_spans(window.reader) == (sorted(hit.spans), sorted(hit.title_spans))


def test_heads_dateline_and_captions_are_marked_with_the_hits_needles(qtbot, window) -> None:
    article = Article(
        id="x-heads",
        title="五星支部",
        kicker="𠮷引题：五星支部",
        subtitle="——副题",
        dateline="本报讯（五星支部）",
        text="第一段。\n第二段提到五星支部。\n第三段。",
        section_heads=(SectionHead("深耕细作 抓实“五星”支部创建", 1), SectionHead("结语：五星 支部", 3)),
        captions=("图为五星支部活动。",),
        photo_credits=("五星支部 摄",),
    )
    reader = window.reader
    at = article.text.index("五星支部")
    others = part_marks(article, text=["五星支部"])
    reader.show_article(article, marks=replace(others, text=((at, at + 4),), title=((0, 4),)))
    assert highlighted_spans(reader) == ([(at, at + 4)], [(0, 4)])
    # in document order; the quote and the space normalising skips inside a match are covered
    assert highlighted_others(reader) == [
        ("𠮷引题：五星支部", "五星支部"),
        ("本报讯（五星支部）", "五星支部"),
        ("深耕细作 抓实“五星”支部创建", "五星”支部"),
        ("结语：五星 支部", "五星 支部"),
    ]
    assert reader.hit_count == 6 and reader.built.hits == sorted(reader.built.hits)
    order = [reader.built.doc.findBlock(s).text() for s, _ in reader.built.hits]
    assert order[:3] == [article.kicker, article.title, article.dateline]
    assert order[3:] == ["深耕细作 抓实“五星”支部创建", "第二段提到五星支部。", "结语：五星 支部"]

    # captions and photo credits take the needles of `caption:` terms and field-less ones
    reader.show_article(article, marks=part_marks(article, caption=["五星支部"]))
    assert highlighted_others(reader) == [("图为五星支部活动。", "五星支部"), ("五星支部 摄", "五星支部")]
    assert highlighted_spans(reader) == ([], [])


def test_a_hit_in_a_section_head_is_marked_from_the_search_to_the_reading_pane(
    qtbot, make_window, tmp_path
) -> None:
    from pathlib import Path

    from newsdesk.library import Library

    sample = Path(__file__).resolve().parents[2] / "src/newsdesk/data/sample/zhengzhou-special-page.txt"
    with Library.open(tmp_path / "lib") as lib:
        assert not lib.import_paths([sample]).failed
        w = make_window(lib)
        (aid,) = [
            h.id
            for h in lib.search("五星 支部", limit=50).hits
            if any("抓实“五星”支部" in s.text for s in lib.article(h.id).section_heads)
        ]
        _search_and_open(qtbot, w, "五星 支部", aid)
        marked = highlighted_others(w.reader)
        assert ("深耕细作 抓实“五星”支部创建", "五星") in marked
        assert ("深耕细作 抓实“五星”支部创建", "支部") in marked


def test_opens_scrolled_to_the_first_hit_and_f3_moves_between_hits(qtbot, window) -> None:
    hit = _search_and_open(qtbot, window, "熊猫", "t-long")
    reader = window.reader
    assert reader.hit_count == len(hit.spans) == 3
    assert reader.current == 0
    bar = reader.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=2000)  # the first hit is far down

    def current_hit_visible() -> bool:
        c = QTextCursor(reader.built.doc)
        c.setPosition(reader.built.hits[reader.current][0])
        rect = reader.view.cursorRect(c)
        return rect.top() >= 0 and rect.bottom() <= reader.view.viewport().height()

    qtbot.waitUntil(current_hit_visible, timeout=2000)

    def selected_hit() -> tuple[int, int]:
        selections = reader.view.extraSelections()
        c = QTextCursor(selections[0].cursor)
        return c.selectionStart(), c.selectionEnd()

    assert selected_hit() == reader.built.hits[0]
    qtbot.keyClick(reader.view, Qt.Key.Key_F3)
    assert reader.current == 1 and selected_hit() == reader.built.hits[1]
    qtbot.keyClick(reader.view, Qt.Key.Key_F3)
    assert reader.current == 2
    qtbot.waitUntil(current_hit_visible, timeout=2000)
    qtbot.keyClick(reader.view, Qt.Key.Key_F3)
    assert reader.current == 0  # wraps around
    qtbot.keyClick(reader.view, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert reader.current == 2
    qtbot.mouseClick(reader.prev_button, Qt.MouseButton.LeftButton)
    assert reader.current == 1
    assert reader.hit_label.text() in ("Hit 2 of 3", "第 2 处，共 3 处")


def test_f3_works_from_the_list_too(qtbot, window) -> None:
    _search_and_open(qtbot, window, "熊猫", "t-long")
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_F3)
    assert window.reader.current == 1


def test_reading_layout_kicker_title_subtitle_bylines_and_paragraph_blocks(qtbot, window, library) -> None:
    article = library.article("t-long")
    window.reader.show_article(article)
    doc = window.reader.built.doc
    blocks = []
    b = doc.begin()
    while b.isValid():
        blocks.append(b.text())
        b = b.next()
    assert blocks[:3] == [article.kicker, article.title, article.subtitle]
    assert any("李华" in t and "赵六" in t for t in blocks[3:6])
    assert blocks[-len(article.paragraphs) :] == article.paragraphs


def test_article_text_is_never_rendered_as_html(qtbot, window, library) -> None:
    article = library.article("t-html")
    window.reader.show_article(article)
    plain = window.reader.view.toPlainText()
    assert "<b>不应</b>" in plain and '<img src="http://example.com/x.png">' in plain
    assert "<a href=" in plain
    assert window.reader.view.loadResource(0, "http://example.com/x.png") is None


def test_copy_is_plain_text(qtbot, window, library) -> None:
    window.reader.show_article(library.article("t-jiye"), marks=Marks(text=((0, 1),)))
    view = window.reader.view
    c = view.textCursor()
    c.select(QTextCursor.SelectionType.Document)
    view.setTextCursor(c)
    mime = view.createMimeDataFromSelection()
    assert mime.formats() == ["text/plain"]
    assert "𠮷野家今天在上海开设新店" in mime.text()
    window.reader.copy_article()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("𠮷野家在上海开设新店") and "本报记者" not in copied.split("\n")[0]


def test_font_size_keys_change_and_remember_the_size(qtbot, window, library) -> None:
    window.reader.show_article(library.article("t-jiye"))
    before = window.reader.font_size
    qtbot.keyClick(window.reader.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.reader.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.font_size == before + 2
    assert window.settings.get("reader/font_size") == before + 2
    qtbot.keyClick(window.reader.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.font_size == before + 1
    window.close()
    from newsdesk.ui.settings import Settings

    assert Settings().get("reader/font_size") == before + 1


def test_selected_text_and_ctrl_shift_f_searches_it(qtbot, window, library) -> None:
    article = library.article("t-jiye")
    window.reader.show_article(article)
    doc = window.reader.built.doc
    start = window.reader.built.paragraph_positions[0]
    c = QTextCursor(doc)
    c.setPosition(start + 2)  # 𠮷 is two UTF-16 units: this is after "𠮷"
    c.setPosition(start + 4, QTextCursor.MoveMode.KeepAnchor)
    window.reader.view.setTextCursor(c)
    window.reader.view.setFocus()
    qtbot.keyClick(
        window.reader.view,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.bar.field.text() == "野家"
    qtbot.waitUntil(
        lambda: (
            window.search.query == "野家" and window.search.last_result is not None and not window.ops.busy
        ),
        timeout=10000,
    )
    assert window.model.rowCount() == 1
