"""No network, ever: importing, searching, tagging, exporting and opening the window (with an
article holding remote images and links shown) make no connection and resolve no host name.

Every way Python opens an internet socket or looks up a name is replaced by one that records
the attempt and raises; Unix sockets and pipes (multiprocessing) are left alone. Of Qt's own
networking (QtNetwork) nothing is used but the local socket that keeps one window per library
(QLocalServer/QLocalSocket: a Unix socket or a Windows named pipe, never the network).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from tests.helpers import record, write_jsonl

from newsdesk import Library

INET = (socket.AF_INET, socket.AF_INET6)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(what: str):  # type: ignore[no-untyped-def]
        def call(*args: object, **kwargs: object) -> object:
            attempts.append(f"{what}{args!r}")
            raise OSError(f"network disabled in this test: {what}")

        return call

    real_socket = socket.socket

    class GuardedSocket(real_socket):  # type: ignore[misc,valid-type]
        def __init__(self, family: int = -1, *args: object, **kwargs: object) -> None:
            if family in INET or family == -1:
                attempts.append(f"socket({family!r})")
                raise OSError("network disabled in this test: socket")
            super().__init__(family, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "getnameinfo"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


def test_import_search_tag_and_window_make_no_connection(
    no_network: list[str], qtbot, make_window, tmp_path: Path
) -> None:
    write_jsonl(
        tmp_path / "in" / "net.jsonl",
        [
            record(
                "n-1",
                "远程图片<img src='http://example.com/a.png'>",
                '正文<img src="https://example.com/x.png">和<a href="http://example.com">链接</a>。\n第二段。',
            ),
            record("n-2", "普通文章", "上海今天发布消息。"),
        ],
    )
    (tmp_path / "in" / "page.html").write_text(
        '<html><head><link rel="stylesheet" href="http://example.com/s.css"></head><body>'
        '<h1>网页标题</h1><p>网页正文<img src="http://example.com/p.png">，上海。</p></body></html>',
        "utf-8",
    )
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([tmp_path / "in"])
        assert report.added >= 2, report.failed
        assert lib.search("上海").total >= 1
        lib.passages.tag("n-2", 0, 2, ["地点"], note="无网络")
        assert lib.search("tag:地点").total == 1
        lib.passages.export("json")
        lib.backup(tmp_path / "backup.sqlite3")
        assert lib.check(repair=True).ok
        w = make_window(lib)
        w.search.set_query("正文")
        qtbot.waitUntil(lambda: not w.ops.busy, timeout=10000)
        assert w.open_article("n-1")
        qtbot.wait(200)
        w.close()
    assert no_network == []
    assert qtnetwork_names_used() == {"QLocalServer", "QLocalSocket"}


def qtnetwork_names_used() -> set[str]:
    """Every name of QtNetwork that newsdesk's code imports or reaches (a whole-module import
    counts as '*')."""
    import ast

    names: set[str] = set()
    for path in (Path(__file__).resolve().parents[2] / "src" / "newsdesk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "PySide6.QtNetwork":
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module == "PySide6":
                names.update("*" for a in node.names if a.name == "QtNetwork")
            elif isinstance(node, ast.Import):
                names.update("*" for a in node.names if a.name == "PySide6.QtNetwork")
    return names


def test_the_guard_catches_an_attempt(no_network: list[str]) -> None:
    with pytest.raises(OSError):
        socket.create_connection(("example.com", 80))
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    a, b = socket.socketpair()  # a Unix socket pair is not the network
    a.close()
    b.close()
    assert len(no_network) == 2
