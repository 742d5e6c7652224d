"""Everything a person reads in the Chinese window is Chinese (#22): the core's messages (a query
error, why files failed in the import process, a busy or read-only library) and Qt's own file
dialog. Each kind is triggered for real and read back from the widget that shows it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QTreeView
from tests.helpers import english_left, record, write_jsonl

from newsdesk import language, paths
from newsdesk.library import Library
from newsdesk.lock import WriteLock
from newsdesk.ui import i18n

BODY = "郑州市委书记在调研时强调，要坚持以人民为中心的发展思想，推动经济社会高质量发展。"
SHOTS = Path(os.environ.get("NEWSDESK_SHOTS", "")) if os.environ.get("NEWSDESK_SHOTS") else None


@pytest.fixture
def chinese(qapp):  # type: ignore[no-untyped-def]
    translators = i18n.install(qapp, "zh_CN")
    yield translators
    i18n.uninstall(qapp, translators)


def _chinese(text: str) -> None:
    assert text.strip(), "nothing shown"
    assert english_left(text) == [], text


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS is not None:  # (NEWSDESK_SHOTS=folder: keep pictures to look at)
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


def test_the_window_switches_the_core_to_chinese_and_back(qapp) -> None:  # type: ignore[no-untyped-def]
    translators = i18n.install(qapp, "zh_CN")
    assert language.current() == "zh_CN"
    i18n.uninstall(qapp, translators)
    assert language.current() == "en"


def test_a_query_error_is_chinese_and_says_where(chinese, library, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    import html
    import re

    w = make_window(library, size=(1366, 768))
    w.search.set_query('上海 AND "熊猫')
    qtbot.waitUntil(lambda: w.search.last_error is not None and not w.ops.busy, timeout=10000)
    label = w.bar.error_label  # (under the search field, the failing character marked)
    assert label.isVisible() and w.bar.error_position == 7
    shown = html.unescape(re.sub(r"<[^>]+>", "", label.text())).replace("\xa0", " ")
    assert "这个引号没有闭合" in shown and "在位置 7" in shown, shown
    assert shown.count("上海") == 1, shown  # the query once (marked), not again in the message
    _chinese(shown)
    _shot(w, "query-error-zh")


def test_import_failures_from_the_import_process_are_chinese(  # type: ignore[no-untyped-def]
    chinese, empty_library, make_window, qtbot, tmp_path
) -> None:
    src = tmp_path / "src"
    write_jsonl(src / "good.jsonl", [record("r1", "好的一篇", BODY)])
    (src / "binary.txt").write_bytes(b"\x00\x01\x02\x03\xff\xfe" * 200)
    (src / "empty.txt").write_bytes(b"")
    (src / "undecodable.txt").write_bytes(bytes(range(0x80, 0x100)) * 40)
    with (src / "good.jsonl").open("a", encoding="utf-8") as f:
        f.write("[1, 2]\n")
    w = make_window(empty_library, size=(1366, 768))
    with qtbot.waitSignal(w.imports.finished, timeout=120000):
        assert w.imports.start_paths([str(src)])
    dialog = w.imports.report_dialog
    assert dialog is not None and dialog.windowTitle() == "导入完成，但有问题"
    reasons = [dialog.failures.topLevelItem(i).text(1) for i in range(dialog.failures.topLevelItemCount())]
    assert sorted(reasons) == sorted(
        [
            "二进制文件，不是文本",
            "空文件",
            "无法解码：不是 UTF-8、GB18030、Big5 或 UTF-16 编码",
            "不是 JSON 对象，而是数组",
        ]
    )
    assert any(
        dialog.failures.topLevelItem(i).text(0).endswith("good.jsonl：第 2 行")
        for i in range(dialog.failures.topLevelItemCount())
    )
    for text in [*reasons, *(label.text() for label in dialog.findChildren(QLabel))]:
        _chinese(text)
    _shot(dialog, "import-failures-zh")


def test_a_busy_library_is_chinese_when_an_import_cannot_start(  # type: ignore[no-untyped-def]
    chinese, empty_library, make_window, qtbot, tmp_path
) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", [record("r1", "标题", BODY)])
    w = make_window(empty_library)
    holder = WriteLock(paths.lock_path(empty_library.folder)).held("reindex")
    with holder, qtbot.waitSignal(w.imports.failed, timeout=60000) as blocker:
        assert w.imports.start_paths([str(src)])
    kind, message, _ = blocker.args
    assert kind == "user" and message == f"资料库正忙（进程 {os.getpid()} 正在重建索引）"
    box = w.imports.error_box
    assert f"资料库正忙（进程 {os.getpid()} 正在重建索引）" in box.text()
    _chinese(box.text())
    _shot(box, "busy-zh")
    box.close()


def test_a_read_only_library_is_chinese(chinese, tmp_path, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        lib.import_paths(
            [write_jsonl(tmp_path / "a.jsonl", [record(f"r{i}", f"上海{i}", BODY) for i in range(3)])]
        )
        lib.store.mark_all_unindexed()
    db = folder / "library.sqlite3"
    if (
        shutil.which("chattr") is None
        or subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode
    ):
        pytest.skip("chattr +i is not supported here")
    try:
        with Library.open(folder) as lib:
            w = make_window(lib)
            w.search.set_query("上海")
            qtbot.waitUntil(lambda: w.search.last_result is not None and not w.ops.busy, timeout=10000)
            shown = w.status_label.text()
            assert "资料库是只读的" in shown and "3" in shown, shown
            _chinese(shown)
            w.close()
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)


@pytest.mark.parametrize("mode", [QFileDialog.FileMode.ExistingFiles, QFileDialog.FileMode.Directory])
def test_qts_file_dialog_is_all_chinese(chinese, qtbot, tmp_path, mode) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "folder").mkdir()
    (tmp_path / "a.txt").write_text("文", "utf-8")
    dialog = QFileDialog(None, "导入文件", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # (Qt's own, as on a desktop without a portal)
    dialog.setFileMode(mode)
    qtbot.addWidget(dialog)
    dialog.resize(900, 560)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog.findChild(QTreeView, "treeView")
    model = view.model()
    qtbot.waitUntil(lambda: model.rowCount(view.rootIndex()) >= 1, timeout=5000)
    texts = [label.text().replace("&", "") for label in dialog.findChildren(QLabel)]
    texts += [b.text().replace("&", "") for b in dialog.findChildren(QAbstractButton) if b.text()]
    texts += [b.toolTip() for b in dialog.findChildren(QAbstractButton) if b.toolTip()]
    texts += [model.headerData(c, view.header().orientation()) for c in range(model.columnCount())]
    folders = [
        model.index(r, 2, view.rootIndex()).data()
        for r in range(model.rowCount(view.rootIndex()))
        if model.isDir(model.index(r, 0, view.rootIndex()))
    ]
    assert folders == ["文件夹"]
    assert "查找范围(L)：" in texts
    leaks = [t for t in texts if english_left(t) or (t.strip().isascii() and any(c.isalpha() for c in t))]
    assert leaks == []
    _shot(dialog, f"file-dialog-{mode.name}-zh")


def test_a_damaged_library_is_chinese_when_the_window_opens_it(qapp, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from newsdesk import cli

    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "library.sqlite3").write_bytes(b"this is not a database, only words " * 200)
    code = cli.main(
        ["--library", str(folder), "--lang", "zh_CN", "gui", "--screenshot", str(tmp_path / "x.png")]
    )
    err = capsys.readouterr().err
    assert code == 2 and ("不是 newsdesk 资料库的数据库" in err or "已损坏" in err), err
    assert english_left(err.split("（")[0]) == [], err  # (SQLite's own words stand in brackets)
