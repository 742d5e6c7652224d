"""The research desk in the window: refine chips, saved searches with new hits, timeline,
batch, concordance, export of all results, PDF; each checked against the library's own answers."""

from __future__ import annotations

import csv
import io

from PySide6.QtCore import Qt
from tests.helpers import record, write_jsonl

from newsdesk.ui.widgets.batch import TOTAL, BatchModel
from newsdesk.ui.widgets.kwic import KwicModel
from newsdesk.ui.widgets.refinebar import join_steps


def _settled(qtbot, w, query):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: w.search.query == query and w.search.last_result is not None, timeout=10000)
    w.ops.wait()


def test_a_new_period_replaces_date_terms() -> None:
    from newsdesk.ui.widgets.timeline import without_dates

    assert without_dates("经济 date:2019 title:date:x date:2019..2020 发展") == "经济 title:date:x 发展"


def test_join_steps_groups_all_but_single_terms() -> None:
    assert join_steps(["经济"]) == "经济"
    assert join_steps(["经济 发展", "date:2019", "一带 OR 一路"]) == "经济 发展 date:2019 (一带 OR 一路)"


def test_refine_adds_steps_as_chips_with_counts_and_removes_them(qtbot, window, library) -> None:
    window.search.set_query("上海")
    _settled(qtbot, window, "上海")
    assert window.refine.isVisible() and window.refine.chip_texts() == []
    window.refine.field.setText("浦东")
    window.refine.button.click()
    _settled(qtbot, window, "上海 浦东")
    qtbot.waitUntil(lambda: "(" in "".join(window.refine.chip_texts()), timeout=10000)
    totals = [library.search(q, limit=0).total for q in ("上海", "上海 浦东")]
    assert window.refine.chip_texts() == [f"上海 ({totals[0]:,})  ×", f"浦东 ({totals[1]:,})  ×"]
    assert window.model.rowCount() == totals[1]
    assert window.bar.history[0] == "上海 浦东"  # one search in the history
    window.refine.step_removed.emit(0)
    _settled(qtbot, window, "浦东")
    assert window.refine.chip_texts() == []


def test_saved_search_shows_new_hits_after_an_import(qtbot, empty_library, make_window, tmp_path) -> None:
    lib = empty_library
    lib.import_paths([write_jsonl(tmp_path / "a.jsonl", [record("a1", "经济新闻", "经济发展")])])
    w = make_window(lib)
    w.search.set_query("经济")
    _settled(qtbot, w, "经济")
    w.research.save_search("经济观察")
    w.ops.wait()
    qtbot.waitUntil(lambda: w.saved_panel.names() == ["经济观察"], timeout=10000)
    lib.import_paths(
        [write_jsonl(tmp_path / "b.jsonl", [record("b1", "經濟", "又一篇經濟", date="2024-01-01")])]
    )
    w.research.reload_saved()
    w.ops.wait()
    item = w.saved_panel.list.item(0)
    assert "1" in item.text().split("·")[-1] and item.font().bold()
    w.search.set_query("")
    w.saved_panel.opened.emit("经济观察")
    _settled(qtbot, w, "经济")
    w.ops.wait()
    assert w.model.rowCount() == 2
    assert not w.saved_panel.list.item(0).font().bold()
    assert [(s.name, s.new) for s in lib.saved.list()] == [("经济观察", 0)]


def test_timeline_dialog_counts_filters_and_saves(qtbot, window, library, tmp_path) -> None:
    window.search.set_query("上海")
    _settled(qtbot, window, "上海")
    d = window.research.show_timeline()
    d.queries.setPlainText("上海\n浦东")
    d.refresh()
    window.ops.wait()
    assert [s.total for s in d.timeline.series] == [
        library.search(q, limit=0).total for q in ("上海", "浦东")
    ]
    assert d.timeline.periods == ["2022", "2023"]
    d.filter_to("2022")
    _settled(qtbot, window, "上海 date:2022")
    assert window.model.rowCount() == library.search("上海 date:2022", limit=0).total
    d.region.setRegion((0.6, 1.4))  # as a drag over the second year ends
    _settled(qtbot, window, "上海 date:2023..2023")
    d.save_png(str(tmp_path / "t.png"))
    d.save_csv(str(tmp_path / "t.csv"))
    assert (tmp_path / "t.png").stat().st_size > 1000
    rows = list(csv.reader(io.StringIO((tmp_path / "t.csv").read_text("utf-8-sig"))))
    assert rows[0][:4] == ["period", "上海 count", "上海 articles", "上海 per 1000"] and len(rows) == 3
    d.measure.setCurrentIndex(1)
    d.close()


def test_batch_dialog_table_opens_searches(qtbot, qtmodeltester, window, library, tmp_path) -> None:
    d = window.research.show_batch()
    d.terms.setPlainText("上海\n(坏\n浦东\n熊猫")
    d.run()
    window.ops.wait()
    assert [r.term for r in d.model.rows] == ["上海", "浦东", "熊猫"]
    for r in d.model.rows:
        assert r.total == library.search(r.term, limit=0).total
    assert "line 2" in d.status.text()
    qtmodeltester.check(d.model)
    d.table.sortByColumn(TOTAL, Qt.SortOrder.DescendingOrder)
    first = d.proxy.index(0, 0).data()
    assert first == "上海"
    d._open_row(d.proxy.index(2, 0))
    _settled(qtbot, window, "熊猫")
    d.save_csv(str(tmp_path / "b.csv"))
    assert (tmp_path / "b.csv").read_text("utf-8-sig").splitlines()[1].startswith("上海,")
    assert isinstance(d.model, BatchModel)


def test_kwic_dialog_first_screen_count_and_open(qtbot, qtmodeltester, window, library, tmp_path) -> None:
    window.search.set_query("熊猫")
    _settled(qtbot, window, "熊猫")
    d = window.research.show_kwic()
    window.ops.wait()
    qtbot.waitUntil(lambda: d.occurrences is not None, timeout=10000)
    expected = library.research.kwic("熊猫", limit=None)
    assert d.occurrences == expected.occurrences == len(d.model.lines) == 3
    assert isinstance(d.model, KwicModel)
    qtmodeltester.check(d.model)
    line = d.model.lines[1]
    assert d.model.index(1, 1).data() == "熊猫"
    d.open_line(d.model.index(1, 0))
    window.ops.wait()
    assert window.reader.article.id == line.id
    assert window.reader.selected_text() == "熊猫"
    d.sort.setCurrentIndex(2)  # by right context: every line read at once
    window.ops.wait()
    assert [x.right for x in d.model.lines] == sorted(x.right for x in d.model.lines)
    d.save_csv(str(tmp_path / "k.csv"))
    window.ops.wait()
    assert len((tmp_path / "k.csv").read_text("utf-8-sig").splitlines()) == 4


def test_export_results_writes_every_hit(qtbot, window, library, tmp_path) -> None:
    window.search.set_query("上海")
    _settled(qtbot, window, "上海")
    path = tmp_path / "hits.ris"
    window.research.export_results(str(path))
    window.ops.wait()
    ids = {line[6:] for line in path.read_text("utf-8").splitlines() if line.startswith("ID  - ")}
    assert len(ids) == library.search("上海", limit=0).total > 20
    assert window.research.last_export == path


def test_save_article_as_pdf_from_the_window(qtbot, window, tmp_path) -> None:
    window.search.set_query("熊猫")
    _settled(qtbot, window, "熊猫")
    window.open_row(0, focus=False)
    window.research.save_pdf(str(tmp_path / "a.pdf"))
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")


def test_print_article_to_a_printer(qtbot, window, tmp_path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    window.search.set_query("熊猫")
    _settled(qtbot, window, "熊猫")
    window.open_row(0, focus=False)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert window.research.print_article(printer)
    del printer
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")
