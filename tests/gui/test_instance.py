"""One window per library: a second launch on the same library brings the first window forward
and exits; another library, or --new-window, opens its own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from newsdesk.ui.instance import SingleInstance, server_name


def test_the_name_follows_the_librarys_resolved_path(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a" / ".." / "a")
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")


def test_a_second_launch_asks_the_first_to_come_forward(qtbot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path / "lib")
    assert first.listen()
    try:
        with qtbot.waitSignal(first.activation_requested, timeout=5000):
            assert SingleInstance(tmp_path / "lib").signal_running()
        assert not SingleInstance(tmp_path / "other").signal_running()
    finally:
        first.close()
    assert not SingleInstance(tmp_path / "lib").signal_running()  # closed: nobody answers


def test_the_newsdesk_command_brings_the_open_window_forward(qtbot, tmp_path: Path) -> None:
    """The real second launch (`newsdesk --library L`) finds the first and exits 0 at once."""
    library = tmp_path / "lib"
    first = SingleInstance(library)
    assert first.listen()
    env = {**os.environ, "NEWSDESK_CONFIG_DIR": str(tmp_path / "config"), "QT_QPA_PLATFORM": "offscreen"}
    activated = []
    first.activation_requested.connect(lambda: activated.append(True))
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsdesk", "--library", str(library), "gui"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            qtbot.wait(20)  # the first instance's event loop answers the connection
        out, err = proc.communicate(timeout=10)
        qtbot.waitUntil(lambda: bool(activated), timeout=5000)
    finally:
        first.close()
    assert proc.returncode == 0, err
    assert "already open on this library" in out
    assert not (library / "library.sqlite3").exists()  # it never opened the library


def test_the_window_comes_forward_when_asked(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMainWindow

    from newsdesk.ui.app import bring_forward

    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    bring_forward(window)
    assert window.isVisible() and not window.isMinimized()
