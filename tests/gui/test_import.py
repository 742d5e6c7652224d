"""Import from the window: a worker process, progress, failures listed, cancel keeps the rest."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import record, write_jsonl

from newsdesk.ui.models.articles import TITLE


def _folder(root: Path, files: int, per_file: int) -> Path:
    for f in range(files):
        write_jsonl(
            root / f"batch-{f:03d}.jsonl",
            [
                record(
                    f"imp-{f}-{i}",
                    f"导入测试第{f}批第{i}篇",
                    f"第{f}批第{i}篇的正文，提到宁波港。",
                    date=f"2021-05-{1 + i % 28:02d}",
                )
                for i in range(per_file)
            ],
        )
    return root


def test_import_folder_through_the_dialog(qtbot, empty_library, make_window, tmp_path) -> None:
    src = _folder(tmp_path / "src", files=3, per_file=4)
    (src / "notes.txt").write_text("江边的早晨\n\n　　江边的早晨很安静，渔船陆续出港。\n", encoding="utf-8")
    (src / "broken.jsonl").write_bytes(b"\xff\xfe\x00garbage that is not json\n")
    lib = empty_library
    w = make_window(lib)
    assert w.model.rowCount() == 0
    with qtbot.waitSignal(w.imports.finished, timeout=120000) as blocker:
        assert w.imports.start_paths([str(src)])
        assert w.imports.dialog is not None and w.imports.dialog.isVisible()
        assert not w.menus.import_files.isEnabled()
    report = blocker.args[0]
    assert report["added"] == 13 and not report["cancelled"]
    assert [Path(f["path"]).name.split(":")[0] for f in report["failed"]] == ["broken.jsonl"]
    qtbot.waitUntil(lambda: w.model.rowCount() == 13, timeout=5000)
    titles = {w.model.index(r, TITLE).data() for r in range(13)}
    assert "江边的早晨" in titles
    assert w.imports.dialog is None and w.menus.import_files.isEnabled()
    dialog = w.imports.report_dialog
    assert dialog.failures.topLevelItemCount() == 1
    assert dialog.failures.topLevelItem(0).text(1)  # the reason is shown
    w.search.set_query("宁波港")
    qtbot.waitUntil(lambda: w.search.last_result is not None and not w.ops.busy, timeout=10000)
    assert w.search.last_result.total == 12
    qtbot.waitUntil(lambda: "13" in w.library_label.text(), timeout=5000)


def test_cancel_keeps_what_was_imported(qtbot, empty_library, make_window, tmp_path) -> None:
    src = _folder(tmp_path / "src", files=150, per_file=20)
    lib = empty_library
    w = make_window(lib)
    progressed: list[dict] = []

    def on_progress(p: dict) -> None:
        progressed.append(p)
        if p.get("files_done", 0) >= 2 and w.imports.dialog is not None:
            w.imports.dialog.cancel_button.click()

    w.imports.progressed.connect(on_progress)
    with qtbot.waitSignal(w.imports.finished, timeout=120000) as blocker:
        w.imports.start_paths([str(src)])
    report = blocker.args[0]
    assert report["cancelled"]
    assert 0 < report["added"] < 150 * 20
    assert lib.stats()["articles"] == report["added"]  # kept, not rolled back
    qtbot.waitUntil(lambda: w.model.rowCount() == report["added"], timeout=5000)
    assert (
        "cancelled" in w.imports.report_dialog.findChild(type(w.status_label)).text().lower()
        or "取消" in w.imports.report_dialog.findChild(type(w.status_label)).text()
    )


def test_a_crashing_worker_is_reported_not_hung(qtbot, empty_library, make_window, tmp_path) -> None:
    lib = empty_library
    w = make_window(lib)
    with qtbot.waitSignal(w.imports.failed, timeout=60000) as blocker:
        w.imports.start_paths([str(tmp_path / "does-not-exist")])
        w.imports._process.kill()
    kind, message, _ = blocker.args
    assert kind == "bug" and "stopped unexpectedly" in message
    w.last_bug_box.close()


def test_the_dialog_shows_one_bar_over_every_stage_with_the_stage_named(qtbot) -> None:  # type: ignore[no-untyped-def]
    from newsdesk.ui.widgets.import_dialog import ImportProgressDialog

    dialog = ImportProgressDialog()
    qtbot.addWidget(dialog)
    dialog.update_progress({"phase": "reading", "bytes_done": 10, "bytes_total": 100, "fraction": 0.1})
    assert dialog.bar.value() == 100 and dialog.phase_label.text() == "Reading files…"
    dialog.update_progress(
        {"phase": "indexing", "indexed": 50, "to_index": 100, "articles": 100, "fraction": 0.5}
    )
    assert dialog.bar.value() == 500 and "Indexing" in dialog.phase_label.text()
    assert "indexed: 50 of 100" in dialog.articles_label.text()
    dialog.update_progress(
        {"phase": "settling", "settled": 3, "to_settle": 4, "indexed": 100, "to_index": 100, "fraction": 0.85}
    )
    assert dialog.bar.value() == 850
    assert dialog.phase_label.text() == "Optimising the index for search…"
    dialog.update_progress({"phase": "indexing", "fraction": 0.3})  # (never shown going back)
    assert dialog.bar.value() == 850
    dialog.update_progress({"phase": "done", "fraction": 1.0})
    assert dialog.bar.value() == 1000 and dialog.phase_label.text() == "Finishing…"
