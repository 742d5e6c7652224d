"""What a person does first with an installed newsdesk (a wheel in a fresh venv, or the bundle),
run outside the source tree on a fresh default library; shared by the wheel and bundle tests."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def clean_env(home: Path) -> dict[str, str]:
    """An environment with a fresh home and no trace of the source tree or of a Python setup."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "NEWSDESK_", "VIRTUAL_ENV", "QT_", "XDG_"))
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        NEWSDESK_CONFIG_DIR=str(home / "config" / "newsdesk"),
        PATH="/usr/bin:/bin",
    )
    return env


def run(cmd: list[str], env: dict[str, str], cwd: Path, timeout: float = 180) -> str:
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd}: {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout


def picture_is_not_empty(path: Path, size: tuple[int, int]) -> None:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert (image.width(), image.height()) == size
    colours = {image.pixel(x, y) for x in range(0, size[0], 7) for y in range(0, size[1], 7)}
    assert len(colours) > 20, "the screenshot is blank"


def check_first_use(newsdesk: list[str], home: Path, data_root: Path) -> dict[str, object]:
    """--version, the Chinese window on a fresh default library (sample imported), stats, search
    in both modes, show. `data_root`: where the translations must come from (not the source tree)."""
    env = clean_env(home)
    cwd = home  # outside the source tree
    assert run([*newsdesk, "--version"], env, cwd).strip().startswith("newsdesk ")
    shot = home / "shot.png"
    report = json.loads(
        run(
            [*newsdesk, "--lang", "zh_CN", "gui", "--screenshot", str(shot), "--size", "1000x640", "--json"],
            env,
            cwd,
        )
    )
    assert report["lang"] == "zh_CN"
    ours = [t for t in report["translations"] if t.endswith("newsdesk_zh_CN.qm")]
    assert ours and Path(ours[0]).resolve().is_relative_to(data_root.resolve()), report["translations"]
    assert not Path(ours[0]).resolve().is_relative_to(ROOT / "src")
    assert any(t.endswith("qtbase_zh_CN.qm") for t in report["translations"])  # Qt's own buttons
    assert report["menus"][0] == "文件(&F)" and "新闻资料库" in report["title"]
    assert report["articles"] >= 2  # the sample, imported into the new default library
    picture_is_not_empty(shot, (1000, 640))
    stats = json.loads(run([*newsdesk, "stats", "--json"], env, cwd))
    assert stats["articles"] >= 2 and stats["newspapers"][0]["source"] == "郑州专版（样例）"
    found = json.loads(run([*newsdesk, "search", "五星 支部", "--json"], env, cwd))
    assert found["total"] >= 1
    exact = json.loads(run([*newsdesk, "search", "党建工作", "--json"], env, cwd))
    words = json.loads(run([*newsdesk, "search", "--words", "党建工作", "--json"], env, cwd))
    assert words["total"] > exact["total"] >= 1  # jieba cut it into 党建 + 工作: its dictionary is there
    traditional = json.loads(run([*newsdesk, "search", "黨旗", "--json"], env, cwd))
    assert traditional["total"] >= 1  # OpenCC's table is there (黨 folds to 党)
    shown = json.loads(run([*newsdesk, "show", found["hits"][0]["id"], "--json"], env, cwd))
    assert "五星" in shown["text"]
    zh = {**env, "LANGUAGE": "zh_CN"}  # the core's messages: its gettext catalogue is there
    proc = subprocess.run(
        [*newsdesk, "search", '"未闭合'], env=zh, cwd=cwd, capture_output=True, text=True, timeout=180
    )
    assert proc.returncode == 2 and "这个引号没有闭合" in proc.stderr, proc.stderr
    return report
