"""`newsdesk gui --screenshot` renders the window offscreen, writes the PNG and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QImage


def test_screenshot_with_query_and_open(library_dir, tmp_path) -> None:
    out = tmp_path / "shot.png"
    env = {**os.environ, "NEWSDESK_CONFIG_DIR": str(tmp_path / "config")}
    env.pop("QT_QPA_PLATFORM", None)  # --screenshot must choose offscreen by itself
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsdesk",
            "--library",
            str(library_dir),
            "--lang",
            "zh_CN",
            "gui",
            "--screenshot",
            str(out),
            "--query",
            "牛肉饭",
            "--open",
            "t-jiye",
            "--size",
            "1100x700",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1100, 700)
    assert "Traceback" not in proc.stderr


def test_screenshot_of_a_missing_article_fails_cleanly(library_dir, tmp_path) -> None:
    env = {**os.environ, "NEWSDESK_CONFIG_DIR": str(tmp_path / "config")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsdesk",
            "--library",
            str(library_dir),
            "gui",
            "--screenshot",
            str(tmp_path / "x.png"),
            "--open",
            "no-such-id",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "no-such-id" in proc.stderr and "Traceback" not in proc.stderr
