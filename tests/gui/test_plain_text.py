"""Nothing a user imports is interpreted as markup (#18): titles, sources, bylines, tags and notes
full of HTML reach every widget that shows them — the result list and its tooltips, facets, the
reading pane and its passage tooltip, the tags panel, the passages list, dialogs and message
boxes — and each shows the text as written. The check is structural: a widget that may render
rich text must get the text escaped (or be set to plain text), whatever Qt would guess.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QMessageBox, QToolTip, QWidget
from tests.helpers import write_jsonl

from newsdesk.library import Library

# Markup that would show, load or link something if rendered (each opens a tag Qt knows).
TITLE = '<h1 style="color:red">大标题</h1><img src="file:///etc/hostname">上海'
SOURCE = "<b>源报</b>"
AUTHOR = "本报记者 <i>王五</i>"
NOTE = '<img src="file:///etc/passwd"><a href="file:///">点我</a>'
TAG = "<u>标</u>"
RAW = re.compile(r"<(h1|img|b|i|a|u)[\s>]")


def _raw_markup(text: object) -> bool:
    return isinstance(text, str) and RAW.search(text) is not None


@pytest.fixture
def hostile_lib(tmp_path: Path):  # type: ignore[no-untyped-def]
    src = write_jsonl(
        tmp_path / "src" / "a.jsonl",
        [
            {
                "id": "h-1",
                "title": TITLE,
                "date": "2023-03-02",
                "source": SOURCE,
                "author": AUTHOR,
                "section": "<b>要闻</b>,经济",
                "body": "上海今天有新闻。<b>这不是粗体</b>，上海的居民关注。",
            }
        ],
    )
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([src])
        text = lib.article("h-1").text
        start = text.index("上海的居民")
        lib.passages.tag("h-1", start, start + 5, [TAG, "地名/<b>城</b>"], note=NOTE)
        lib.saved.add("<b>我的</b>检索", '上海 -"<img src=x>"')
        yield lib


def _model_values(view: QAbstractItemView) -> list[tuple[int, object]]:
    model = view.model()
    if model is None:
        return []
    out: list[tuple[int, object]] = []
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        try:  # the models of item widgets (QListWidget) keep these private
            rows, cols = model.rowCount(parent), model.columnCount(parent)
        except TypeError:
            rows, cols = model.rowCount(parent), 1
        for row in range(min(rows, 200)):
            for col in range(cols):
                index = model.index(row, col, parent)
                for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DisplayRole):
                    out.append((int(role), model.data(index, role)))
                if col == 0 and model.rowCount(index) > 0:
                    stack.append(index)
    return out


def _check_widgets(root: QWidget) -> int:
    """Every tooltip escaped, every label showing archive text plain; returns what was checked."""
    checked = 0
    for widget in [root, *root.findChildren(QWidget)]:
        assert not _raw_markup(widget.toolTip()), (widget, widget.toolTip())
        if isinstance(widget, QLabel | QMessageBox) and _raw_markup(widget.text()):
            assert widget.textFormat() == Qt.TextFormat.PlainText, (widget, widget.text())
            checked += 1
        if isinstance(widget, QAbstractItemView):
            for role, value in _model_values(widget):
                if role == int(Qt.ItemDataRole.ToolTipRole):
                    assert not _raw_markup(value), (widget, value)
                    checked += isinstance(value, str) and "&lt;" in value
    return checked


def test_markup_from_the_archive_and_from_notes_is_shown_as_written(qtbot, hostile_lib, make_window) -> None:
    w = make_window(hostile_lib)
    w.show_saved_panel()
    w.ops.wait()
    w.search.set_query("上海")
    qtbot.waitUntil(
        lambda: w.search.last_result is not None and w.search.last_result.total == 1, timeout=5000
    )
    w.search.toggle_facet("source", SOURCE)
    w.ops.wait()
    assert w.open_article("h-1")
    w.ops.wait()
    qtbot.wait(50)
    # The results' title tooltip holds the title, escaped: visible as written.
    title_tip = w.model.data(w.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;h1" in title_tip and "&lt;img" in title_tip
    # The reading pane's passage tooltip (hover).
    view = w.reader.view
    found = w.reader.built.doc.find("居民")
    c = QTextCursor(w.reader.built.doc)
    c.setPosition(found.selectionStart())
    rect = view.cursorRect(c)
    point = QPoint(rect.right() + 2, rect.center().y())
    QApplication.sendEvent(
        view.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    )
    shown = QToolTip.text()
    assert "&lt;img" in shown and not _raw_markup(shown), shown
    # The reading pane shows the title as text, never as a headline or an image.
    assert TITLE in w.reader.built.doc.toPlainText()
    assert w.reader.built.doc.toHtml().count("<img") == 0
    checked = _check_widgets(w)
    assert checked >= 3  # result tooltips, facets, tag tree and passages were all looked at
    # A confirmation that names a tag, and the import report that names files, are plain too.
    box = w.tags_panel.ask_delete(TAG)
    assert box.textFormat() == Qt.TextFormat.PlainText and TAG in box.text()
    box.reject()
    from newsdesk.ui.widgets.import_dialog import ImportReportDialog

    report = ImportReportDialog(
        "1 <b>failed</b>", [{"path": "/in/<img src=x>.txt", "error": "<b>binary</b> file"}], w
    )
    qtbot.addWidget(report)
    _check_widgets(report)
    item = report.failures.topLevelItem(0)
    assert "&lt;img" in item.toolTip(0) and "&lt;b&gt;" in item.toolTip(1)
