"""GUI tests: offscreen Qt (settings already redirected by tests/conftest.py), small libraries.

The articles here are written for the tests (never copied from the corpora): short texts with
the features the window must handle — several hits per paragraph, a character outside the BMP
(𠮷) before a hit, kicker/subtitle/bylines, two sources and two years for the facets.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before anything imports Qt

import pytest
from tests.helpers import write_jsonl

from newsdesk.library import Library

LONG_FILLER = "这一段文字只是为了让文章足够长，使阅读窗格需要滚动才能看到后面的内容。"


def records() -> list[dict[str, object]]:
    """The test library's articles as corpus-format records."""
    out: list[dict[str, object]] = [
        {
            "id": "t-jiye",
            "title": "𠮷野家在上海开设新店",
            "date": "2023-03-02",
            "source": "测试日报",
            "author": "本报记者 王小明",
            "section": "经济",
            "body": "𠮷野家今天在上海开设新店，牛肉饭很受欢迎。\n"
            "店长说：“𠮷野家的牛肉饭，上海的顾客最喜欢。”𠮷𠮷牛肉饭售价不变。\n"
            "记者在现场看到，排队买牛肉饭的人很多。",
        },
        {
            "id": "t-long",
            "title": "长文章里的远处命中",
            "kicker": "测试引题：",
            "subtitle": "——副题用于检查版式",
            "date": "2022-11-20",
            "source": "样例晚报",
            "author": "本报记者 李华 通讯员 赵六",
            "section": "社会",
            "body": "\n".join(
                [LONG_FILLER * 3] * 12
                + ["远处的熊猫在这里出现，熊猫吃竹子。"]
                + [LONG_FILLER] * 2
                + ["最后一段又提到熊猫。"]
            ),
        },
        {
            "id": "t-html",
            "title": "标签<b>不应</b>被渲染",
            "date": "2023-01-01",
            "source": "测试日报",
            "body": '正文里有<img src="http://example.com/x.png">和<a href="http://example.com">链接</a>。',
        },
    ]
    for i in range(30):
        out.append(
            {
                "id": f"t-{i:03d}",
                "title": f"上海新闻第{i}号",
                "date": f"{2022 + i % 2}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "source": "测试日报" if i % 3 else "样例晚报",
                "author": f"本报记者 记者{i % 4}",
                "section": "要闻",
                "body": f"上海今天发布第{i}号消息。\n浦东新区的居民对此表示关注。\n第{i}号消息全文完。",
            }
        )
    return out


@pytest.fixture(scope="session")
def library_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library folder holding records(), imported and indexed once per session."""
    folder = tmp_path_factory.mktemp("library")
    src = write_jsonl(tmp_path_factory.mktemp("src") / "articles.jsonl", records())
    with Library.open(folder) as lib:
        report = lib.import_paths([src])
    assert not report.failed, report.failed
    return folder


@pytest.fixture
def library(library_dir: Path) -> Iterator[Library]:
    with Library.open(library_dir) as lib:
        yield lib


@pytest.fixture
def make_window(qtbot, qapp):  # type: ignore[no-untyped-def]
    """Build a MainWindow on a library; closed (state saved, workers stopped) at teardown."""
    from newsdesk.ui import fonts
    from newsdesk.ui.mainwindow import MainWindow
    from newsdesk.ui.settings import Settings, WindowState

    fonts.apply(qapp)
    made = []

    def make(lib: Library, *, show: bool = True, size: tuple[int, int] | None = (1200, 800)) -> MainWindow:
        w = MainWindow(lib, settings=Settings(), state=WindowState())
        qtbot.addWidget(w)
        if size is not None:  # None: keep the geometry the window restored
            w.resize(*size)
        if show:
            w.show()
            qtbot.waitExposed(w)
        w.ops.wait()
        made.append(w)
        return w

    yield make
    for w in made:
        w.close()


@pytest.fixture
def empty_library(tmp_path: Path) -> Iterator[Library]:
    """A new library of its own (request it before make_window: it must close after the window)."""
    with Library.open(tmp_path / "lib") as lib:
        yield lib


@pytest.fixture
def window(library, make_window):  # type: ignore[no-untyped-def]
    # `library` first: fixtures are torn down in reverse, so the window closes before it.
    return make_window(library)
