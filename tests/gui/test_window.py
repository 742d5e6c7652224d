"""Window-level behaviour: remembered state, sorting, word mode, drops, keyboard focus."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from newsdesk.ui.models.articles import DATE, SNIPPET, TITLE


def _settle(qtbot, w):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not w.ops.busy, timeout=10000)


def test_state_is_remembered_between_runs(qtbot, library, make_window) -> None:
    w = make_window(library)
    w.resize(700, 550)  # inside the offscreen screen (800x600), which restoring clamps to
    w.list.setColumnWidth(TITLE, 321)
    w.splitter.setSizes([150, 300, 250])
    sizes = w.splitter.sizes()
    w.search.set_query("熊猫")
    _settle(qtbot, w)
    w.reader.set_font_size(19)
    w.close()
    w2 = make_window(library, size=None)
    assert (w2.width(), w2.height()) == (700, 550)
    assert w2.list.columnWidth(TITLE) == 321
    assert w2.splitter.sizes() == sizes
    assert w2.bar.field.text() == "熊猫"
    _settle(qtbot, w2)
    assert w2.model.mode == "results" and w2.model.rowCount() == 1  # the last query runs again
    assert w2.reader.font_size == 19
    config = Path(os.environ["NEWSDESK_CONFIG_DIR"])
    assert {p.name for p in config.iterdir()} >= {"settings.ini", "state.ini"}


def test_a_remembered_query_counts_the_library_without_reading_every_id(
    qtbot, library, make_window, monkeypatch
) -> None:
    # Shown with a remembered query, the window never loads the library's ids; the status bar
    # still says how many articles it holds, counted, not read (a million ids: 0.5 s of the
    # one worker every search waits for, and 80 MB).
    w = make_window(library)
    w.search.set_query("熊猫")
    _settle(qtbot, w)
    w.close()
    read: list[str] = []
    real = type(library).article_ids
    monkeypatch.setattr(type(library), "article_ids", lambda lib, **kw: read.append("ids") or real(lib, **kw))
    w2 = make_window(library)
    _settle(qtbot, w2)
    count = library.article_count()
    assert count == len(real(library)) > 1
    qtbot.waitUntil(lambda: f"{count:,}" in w2.library_label.text(), timeout=5000)
    assert w2.model.mode == "results" and not read


def test_library_sorts_by_column_and_results_by_date_or_relevance(qtbot, window) -> None:
    header = window.list.horizontalHeader()
    assert window.model.mode == "library"
    assert header.sortIndicatorSection() == DATE
    dates = [window.model.index(r, DATE).data() for r in range(window.model.rowCount())]
    assert dates == sorted(dates, reverse=True)
    window.follow.header_clicked(TITLE)
    _settle(qtbot, window)  # the ids of the new order load off the UI thread
    titles = [window.model.index(r, TITLE).data() for r in range(window.model.rowCount())]
    assert titles == sorted(titles)
    assert header.sortIndicatorSection() == TITLE
    window.search.set_query("上海")
    _settle(qtbot, window)
    assert window.list.cards and window.list.isColumnHidden(SNIPPET)  # the snippet is in the rows
    assert header.sortIndicatorSection() == -1  # results come by relevance
    window.follow.header_clicked(TITLE)  # a small result: all fetched and sorted here
    _settle(qtbot, window)
    titles = [window.model.index(r, TITLE).data() for r in range(window.model.rowCount())]
    assert len(titles) == window.search.last_result.total and titles == sorted(titles)
    assert header.sortIndicatorSection() == TITLE
    window.follow.header_clicked(DATE)
    _settle(qtbot, window)
    dates = [window.model.index(r, DATE).data() for r in range(window.model.rowCount())]
    assert dates == sorted(dates, reverse=True)
    window.search.sort_by_relevance()
    _settle(qtbot, window)
    assert window.search.sort_state() is None
    scores = [window.model.hit(r).score for r in range(window.model.rowCount())]
    assert scores == sorted(scores, reverse=True)
    window.bar.field.clear()
    qtbot.waitUntil(lambda: window.model.mode == "library", timeout=5000)
    assert not window.list.cards and window.list.isColumnHidden(SNIPPET)


def test_words_mode_toggle_searches_again(qtbot, window) -> None:
    window.search.set_query("居民 关注")
    _settle(qtbot, window)
    exact = window.model.rowCount()
    window.bar.words_button.click()
    assert window.search.mode == "words"
    _settle(qtbot, window)
    assert window.model.mode == "results" and window.model.rowCount() >= exact
    assert window.settings.get("search/mode") == "words"


def test_dropping_files_starts_an_import(qtbot, empty_library, make_window, tmp_path) -> None:
    from tests.helpers import record, write_jsonl

    src = write_jsonl(tmp_path / "drop.jsonl", [record("d1", "拖放导入", "拖放进窗口的文件。")])
    w = make_window(empty_library)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(src))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(w.imports.finished, timeout=60000) as blocker:
        w.dropEvent(event)
    assert blocker.args[0]["added"] == 1
    qtbot.waitUntil(lambda: w.model.rowCount() == 1, timeout=5000)


def test_keyboard_reaches_every_pane(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.list.hasFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.facets.hasFocus()
    qtbot.keyClick(window.facets, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.view.hasFocus()
    qtbot.keyClick(window.reader.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.bar.field.hasFocus()
    qtbot.keyClick(window.bar.field, Qt.Key.Key_F1)
    assert window._help is not None and window._help.isVisible()
    window._help.close()


def test_a_bug_in_background_work_is_logged_and_shown_briefly(qtbot, window, caplog) -> None:
    from newsdesk.errors import UserError

    with qtbot.waitSignal(window.ops.bug, timeout=5000):
        window.ops.run(lambda lib: 1 / 0)
    box = window.last_bug_box
    assert box.isVisible() and "ZeroDivisionError" in box.text()
    assert "Traceback" in box.detailedText()
    assert "ZeroDivisionError" in caplog.text
    box.close()

    def user_mistake(lib):  # type: ignore[no-untyped-def]
        raise UserError("that file is not a newspaper")

    with qtbot.waitSignal(window.ops.user_error, timeout=5000):
        window.ops.run(user_mistake)
    assert window.status_label.text() == "that file is not a newspaper"


def test_stale_search_results_are_dropped(qtbot, window) -> None:
    shown: list[str] = []
    window.search.results_shown.connect(lambda: shown.append(window.search.query))
    for q in ("上海", "浦东", "熊猫"):
        window.search.set_query(q)
    _settle(qtbot, window)
    assert shown == ["熊猫"]
    assert window.model.rowCount() == 1
