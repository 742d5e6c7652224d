"""Search as you type: input-method queries fill the list; Esc, Enter, facets, bad queries."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from tests.gui.helpers import commit_text

from newsdesk.ui.models.articles import TITLE


def _wait_results(qtbot, w, query):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: (
            w.search.query == query
            and w.model.mode == "results"
            and w.search.last_result is not None
            and not w.ops.busy
        ),
        timeout=10000,
    )


def test_ime_committed_chinese_query_fills_the_list(qtbot, window, library) -> None:
    field = window.bar.field
    field.setFocus()
    assert window.model.mode == "library"
    library_rows = window.model.rowCount()
    commit_text(field, "上海", preedit="shanghai")
    assert field.text() == "上海"
    _wait_results(qtbot, window, "上海")
    expected = library.search("上海", limit=1)
    assert window.model.rowCount() == expected.total < library_rows
    titles = {window.model.index(r, TITLE).data() for r in range(window.model.rowCount())}
    assert "𠮷野家在上海开设新店" in titles
    assert window.status_label.text().startswith(("Results: ", "结果"))


def test_preedit_alone_does_not_search(qtbot, window) -> None:
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(window.bar.field, QInputMethodEvent("shang", []))
    qtbot.wait(window.search.timer.interval() + 50)
    assert window.search.query == "" and window.model.mode == "library"


def test_typing_fast_shows_only_the_last_query(qtbot, window, library) -> None:
    field = window.bar.field
    field.setFocus()
    for text in ("浦", "东", "新", "区"):
        commit_text(field, text)
    _wait_results(qtbot, window, "浦东新区")
    assert window.model.rowCount() == library.search("浦东新区", limit=1).total == 30


def test_esc_clears_and_enter_runs_now(qtbot, window) -> None:
    field = window.bar.field
    field.setFocus()
    commit_text(field, "熊猫")
    qtbot.keyClick(field, Qt.Key.Key_Return)  # no debounce wait
    assert window.search.query == "熊猫"
    _wait_results(qtbot, window, "熊猫")
    assert window.model.rowCount() == 1
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.model.mode == "library", timeout=5000)
    assert field.text() == ""


def test_arrow_keys_in_the_field_move_in_the_list_and_enter_opens(qtbot, window) -> None:
    field = window.bar.field
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Down)
    qtbot.keyClick(field, Qt.Key.Key_Down)
    assert window.list.currentIndex().row() == 1
    qtbot.keyClick(window.list, Qt.Key.Key_Return)
    assert window.reader.article is not None
    assert window.reader.article.id == window.model.article_id(1)
    qtbot.keyClick(window.reader.view, Qt.Key.Key_Escape)
    assert field.hasFocus() or qtbot.waitUntil(field.hasFocus, timeout=2000) is None


def test_facet_click_adds_the_filter_and_a_second_click_clears_it(qtbot, window) -> None:
    window.search.set_query("上海")
    _wait_results(qtbot, window, "上海")
    qtbot.waitUntil(lambda: "source" in window.facets_model.group_names(), timeout=5000)
    window.search.toggle_facet("source", "样例晚报")
    assert window.bar.field.text() == "上海 source:样例晚报"
    _wait_results(qtbot, window, "上海 source:样例晚报")
    sources = {window.model.hit(r).source for r in range(window.model.rowCount())}
    assert sources == {"样例晚报"}
    window.search.toggle_facet("source", "样例晚报")
    assert window.bar.field.text() == "上海"


def test_facet_tokens() -> None:
    from newsdesk.ui.search import active_facets, facet_token, toggle_token

    assert facet_token("year", "2023") == "date:2023"
    assert facet_token("month", "2023-01") == "date:2023-01"
    assert facet_token("author", "王  珏") == 'author:"王  珏"'
    assert toggle_token("a date:2023 b", "date:2023") == "a b"
    assert active_facets('x source:人民日报 date:2023-01 author:"王 珏"') == {
        ("source", "人民日报"),
        ("month", "2023-01"),
        ("author", "王 珏"),
    }


def test_a_bad_query_is_shown_in_the_search_bar_at_its_position(qtbot, window) -> None:
    window.search.set_query("经济 (发展")
    qtbot.waitUntil(lambda: bool(window.search.last_error), timeout=5000)
    label = window.bar.error_label
    assert label.isVisibleTo(window) and window.bar.error_position == 3
    assert "parenthesis" in label.text() or "括号" in label.text()
    assert ">(</span>" in label.text()  # the character where reading failed is marked
    plain = re.sub(r"<[^>]+>", "", label.text())
    assert plain.count("经济") == 1, plain  # the query is shown once, marked, not again in the message
    assert not hasattr(window, "last_bug_box")
    window.search.set_query("经济")
    qtbot.waitUntil(lambda: not window.search.last_error and window.model.mode == "results", timeout=5000)
    assert not label.isVisibleTo(window) and window.bar.error_position is None


def test_history_remembers_opened_queries(qtbot, window) -> None:
    window.search.set_query("熊猫")
    _wait_results(qtbot, window, "熊猫")
    window.open_row(0, focus=True)
    assert window.bar.history[0] == "熊猫"
    window.bar.field.clear()
    window.bar.field.setFocus()
    qtbot.keyClick(window.bar.field, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert window.bar.field.text() == "熊猫"


def test_an_index_that_cannot_catch_up_is_said_in_the_status_bar(qtbot, tmp_path, make_window) -> None:
    # The record ahead of the index, on a database file nobody may write (chattr +i): the window
    # answers from the index as it is and says how far behind it is. (A full disk and a
    # read-only mount are tested through the command line: tests/unit/hardening/test_environment.py.)
    import subprocess

    import pytest
    from tests.gui.conftest import records
    from tests.helpers import write_jsonl

    from newsdesk.library import Library

    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        lib.import_paths([write_jsonl(tmp_path / "src" / "a.jsonl", records()[:5])])
        lib.store.mark_all_unindexed()
    db = folder / "library.sqlite3"
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not supported here")
    try:
        with Library.open(folder) as lib:
            w = make_window(lib)
            w.search.set_query("上海")
            _wait_results(qtbot, w, "上海")
            assert w.search.last_result.total >= 1  # answered from the index as it is
            assert "5 articles behind" in w.status_label.text()
            assert "read-only" in w.status_label.text()
            w.close()
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)
