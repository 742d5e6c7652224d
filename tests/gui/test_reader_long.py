"""The reading pane on long paragraphs with many hits: work bounded by the text, not by text ×
hits (each UTF-16 map built once, a long paragraph laid out in pieces), marks capped and the cap
said, and offsets still exact across pieces (hits, selections, passages)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QTextCursor
from tests.gui.helpers import highlighted_spans, painted_spans

from newsdesk.domain import Article
from newsdesk.index.snippets import part_marks, spans_many
from newsdesk.tags.model import Passage
from newsdesk.ui.textmap import Utf16Map
from newsdesk.ui.widgets import document
from newsdesk.ui.widgets.reader import ReadingPane

SENTENCE = "经济发展的重要任务是推动高质量的增长，𠮷野家说"  # (a non-BMP character in each)


def _article(chars: int, paragraphs: int = 1) -> Article:
    body = (SENTENCE * (chars // len(SENTENCE) + 1))[:chars]
    return Article(id="long", title="长段落的标题", text="\n".join([body] * paragraphs))


@pytest.fixture
def pane(qtbot) -> ReadingPane:  # type: ignore[no-untyped-def]
    p = ReadingPane(12)
    qtbot.addWidget(p)
    p.resize(700, 500)
    return p


@pytest.fixture
def maps(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the UTF-16 maps the document builds, by the length of the text each maps."""
    made: list[int] = []

    class Counted(Utf16Map):
        def __init__(self, text: str) -> None:
            made.append(len(text))
            super().__init__(text)

    monkeypatch.setattr(document, "Utf16Map", Counted)
    return made


def test_a_long_paragraph_with_many_hits_maps_each_piece_once(pane, maps) -> None:
    article = _article(25_000)
    spans = spans_many([article.text], ["的"])[0]
    assert len(spans) > 1500
    pane.show_article(article, marks=replace(part_marks(article, text=["的"]), text=spans))
    pieces = len(pane.built.pieces[0])
    assert pieces >= 12  # (a long paragraph is laid out in pieces of about document.PIECE)
    # one map per piece and one for the title: not one per hit over the whole paragraph
    assert len(maps) <= pieces + 1
    assert sum(maps) <= len(article.text) + len(article.title)
    assert highlighted_spans(pane) == (sorted(spans), [])
    assert pane.hit_count == len(spans) and pane.built.capped == 0
    # the pieces hold the paragraph, in order, and nothing else
    doc, text = pane.built.doc, []
    block = doc.begin()
    while block.isValid():
        if block.userState() == 0:
            text.append(block.text())
        block = block.next()
    assert "".join(text) == article.text and len(text) == pieces


def test_marks_past_the_cap_are_left_unmarked_and_the_pane_says_so(pane, monkeypatch) -> None:
    monkeypatch.setattr(document, "MAX_MARKS", 40)
    article = _article(3_000, paragraphs=2)
    spans = spans_many([article.text], ["的"])[0]
    title_spans = [(article.title.index("的"), article.title.index("的") + 1)]
    marks = replace(part_marks(article, text=["的"]), text=spans, title=tuple(title_spans))
    pane.show_article(article, marks=marks)
    assert pane.hit_count == 40
    assert pane.built.capped == len(spans) - 39  # (the title's hit comes first)
    marked, title = highlighted_spans(pane)
    assert title == title_spans and marked == sorted(spans)[:39]
    label = pane.hit_label.text()
    assert "Hit 1 of 40" in label and "first 40 marks" in label and f"{pane.built.capped} more" in label
    pane.previous_hit()
    assert pane.current == 39


def test_selections_and_passages_keep_their_offsets_across_pieces(pane) -> None:
    article = _article(9_000)
    pane.show_article(article)
    built = pane.built
    cuts = [at for at, _ in built.pieces[0]]
    assert len(cuts) > 3
    for cut in cuts[1:]:
        start, end = cut - 7, cut + 5  # across the cut between two pieces
        (s0, _), (_, e1) = built.text_to_document(start, end)
        c = QTextCursor(built.doc)
        c.setPosition(s0)
        c.setPosition(e1, QTextCursor.MoveMode.KeepAnchor)
        pane.view.setTextCursor(c)
        assert pane.selection_span() == (start, end)
    a, b = cuts[1] - 30, cuts[3] + 30
    p = Passage("p1", "long", a, b, article.text[a:b], "", "", ("t",), None, "", "")
    pane.set_passages([p], {})
    assert painted_spans(pane) == {"p1": (a, b)}


def test_a_selection_across_pieces_copies_the_text_as_it_is(pane) -> None:
    article = _article(9_000, paragraphs=2)
    pane.show_article(article)
    built = pane.built
    cut = built.pieces[0][1][0]
    start, end = cut - 10, len(article.paragraphs[0]) + 1 + 20  # across a cut and a paragraph
    ranges = built.text_to_document(start, end)
    c = QTextCursor(built.doc)
    c.setPosition(ranges[0][0])
    c.setPosition(ranges[-1][1], QTextCursor.MoveMode.KeepAnchor)
    pane.view.setTextCursor(c)
    assert pane.selected_text() == article.text[start:end]
    assert pane.view.createMimeDataFromSelection().text() == article.text[start:end]


def test_an_article_past_what_opens_in_a_second_shows_its_beginning_and_says_so(
    pane, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (the limit made small: the real one, 4 million characters, keeps opening under a second)
    from newsdesk.ui.widgets import reader

    monkeypatch.setattr(reader, "SHOWN_CHARS", 600)
    article = _article(2_000)
    spans = spans_many([article.text], ["经济"])[0]
    early = article.text.index("的")
    passage = Passage("p1", "long", early, early + 1, "的", "", "", ("标",), None, "t", "t")
    late = Passage("p2", "long", 1500, 1501, article.text[1500], "", "", ("标",), None, "t", "t")
    pane.show_article(article, marks=replace(part_marks(article), text=spans), passages=[passage, late])
    shown, _ = highlighted_spans(pane)
    assert shown == [s for s in spans if s[1] <= 600] and len(shown) < len(spans)
    assert len(pane.built.doc.toPlainText()) < 600 + 100  # the title, the meta line and 600 characters
    assert pane.hidden_chars == 1400 and "600 of 2,000 characters" in pane.hit_label.text()
    assert set(painted_spans(pane)) == {"p1"}  # the passage past the shown text is not painted
    pane.show_article(_article(500))  # a short one: all of it, no note
    assert pane.hidden_chars == 0 and "characters" not in pane.hit_label.text()
