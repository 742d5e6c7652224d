#!/usr/bin/env python3
"""Render the app icon's PNG sizes from its SVG source, with Qt offscreen (run after editing the SVG).

    .venv/bin/python scripts/build_icons.py

The SVG (src/newsdesk/data/icons/newsdesk.svg) is the source; the PNGs it writes beside it are
committed, so that building a wheel or a bundle needs no Qt tools.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "src" / "newsdesk" / "data" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication(sys.argv[:1])  # noqa: F841  (QPainter needs an application)
    renderer = QSvgRenderer(str(ICONS / "newsdesk.svg"))
    if not renderer.isValid():
        sys.exit("build_icons: newsdesk.svg does not parse")
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        out = ICONS / f"newsdesk-{size}.png"
        if not image.save(str(out), "PNG"):
            sys.exit(f"build_icons: cannot write {out}")
        print(out.relative_to(ICONS.parents[3]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
