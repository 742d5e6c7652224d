"""No display, or Qt's system libraries missing: one line naming what is missing, exit 2, never
Qt's abort (exit 134) nor a traceback."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.ui import display


def _gui(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "NEWSDESK_CONFIG_DIR": str(tmp_path / "config"), **env}
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", "--library", str(tmp_path / "lib"), "gui"],
        env=full,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_xcb_without_a_display_says_so_in_one_line_and_exits_2(tmp_path: Path) -> None:
    proc = _gui(tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY="")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines() == [
        "newsdesk: the window cannot open (QT_QPA_PLATFORM=xcb): no X display (DISPLAY is not set)"
    ]
    assert proc.stdout == ""


def test_qts_own_choice_without_any_display_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["NEWSDESK_CONFIG_DIR"] = str(tmp_path / "config")
    env["XDG_SESSION_TYPE"] = "tty"
    proc = subprocess.run(
        [sys.executable, "-m", "newsdesk", "--library", str(tmp_path / "lib")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "newsdesk: the window cannot open (Qt's platform): no X display (DISPLAY is not set)"
    ]


def test_a_display_with_no_server_behind_it_is_named(tmp_path: Path) -> None:
    proc = _gui(tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=":97")
    assert proc.returncode == 2, proc.stderr
    (line,) = proc.stderr.splitlines()
    assert line.startswith("newsdesk: the window cannot open (QT_QPA_PLATFORM=xcb): ")
    if display._plugin_problem("xcb") is None:  # CI installs the xcb libraries: the server is missing
        assert line.endswith("cannot connect to the X display ':97'")
    else:  # a machine without them: the missing library is named instead
        assert "is missing" in line


def test_a_missing_library_is_named_with_its_package(monkeypatch: pytest.MonkeyPatch) -> None:
    def cdll(name: str, *a: object, **k: object) -> None:
        raise OSError("libxcb-cursor.so.0: cannot open shared object file: No such file or directory")

    monkeypatch.setattr(ctypes, "CDLL", cdll)
    reason = display.problem({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"})
    assert reason == (
        "the window cannot open (QT_QPA_PLATFORM=xcb): Qt's xcb plugin cannot load: "
        "libxcb-cursor.so.0 is missing (Debian/Ubuntu: apt install libxcb-cursor0)"
    )


def test_wayland_then_xcb_are_both_named_when_neither_is_there(tmp_path: Path) -> None:
    env = {"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path)}
    assert display.problem(env) == (
        f"the window cannot open (Qt's platform): no Wayland display ({tmp_path}/wayland-9 does not "
        "exist); no X display (DISPLAY is not set)"
    )
    assert display.problem({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_qt_that_cannot_load_is_one_line_naming_the_library(tmp_path: Path) -> None:
    """PySide6's import failing (as it does without libEGL) is a user's error, not a bug."""
    code = (
        "import sys, builtins\n"
        "real = builtins.__import__\n"
        "def fake(name, *a, **k):\n"
        "    if name.startswith('PySide6.QtWidgets'):\n"
        "        raise ImportError(\n"
        "            'libEGL.so.1: cannot open shared object file: No such file or directory')\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = fake\n"
        "from newsdesk.cli import main\n"
        "sys.exit(main(['--library', sys.argv[1], 'gui']))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "lib")], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "newsdesk: the window cannot start: libEGL.so.1: cannot open shared object file: No such file or "
        "directory (Debian/Ubuntu: apt install libegl1)"
    ]
