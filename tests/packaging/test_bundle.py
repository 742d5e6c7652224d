"""The PyInstaller one-folder app (`make bundle`, packaging/newsdesk.spec) runs on its own:
--version, the Chinese window on a fresh default library with the sample, stats, search, show."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.packaging.installed import ROOT, check_first_use, clean_env, run

pytestmark = pytest.mark.slow


def test_the_bundle_runs_without_the_source_tree_or_python(tmp_path: Path) -> None:
    pytest.importorskip("PyInstaller")  # `make test` and CI install it (the `bundle` extra)
    dist = tmp_path / "dist"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(tmp_path / "build"),
            str(ROOT / "packaging" / "newsdesk.spec"),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    app = dist / "newsdesk"
    exe = app / ("newsdesk.exe" if sys.platform == "win32" else "newsdesk")
    assert (
        exe.is_file()
        and (app / ("newsdesk-gui.exe" if sys.platform == "win32" else "newsdesk-gui")).is_file()
    )
    home = tmp_path / "home"
    home.mkdir()
    report = check_first_use([str(exe)], home, data_root=app)
    assert all(Path(t).resolve().is_relative_to(app.resolve()) for t in report["translations"])
    if sys.platform.startswith("linux"):  # its desktop entry starts the bundle itself
        run([str(exe), "desktop-install"], clean_env(home), home)
        entry = (home / "data" / "applications" / "newsdesk.desktop").read_text("utf-8")
        assert f"\nExec={exe.resolve()} gui\n" in entry
