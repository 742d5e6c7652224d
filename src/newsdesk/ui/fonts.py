"""CJK fonts chosen explicitly: Chinese must never fall back to a Japanese face or to boxes.

Qt picks a fallback for Han characters from the system locale; on a machine whose locale is
not Chinese that is often the JP face of a CJK family (different glyph shapes for 骨, 直, 海)
or nothing at all. So every font the window uses names its families, Simplified Chinese first.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Noto Sans CJK TC",  # Traditional text in a Traditional face beats boxes
)


def families() -> list[str]:
    """The CJK families to ask for, installed ones first, in preference order."""
    installed = set(QFontDatabase.families())
    present = [f for f in CJK_FAMILIES if f in installed]
    if not present:
        log.warning("no Simplified Chinese font found (install fonts-noto-cjk): Chinese may render as boxes")
    return present + [f for f in CJK_FAMILIES if f not in installed]


def apply(app: QApplication) -> None:
    """Make the CJK family list the application's font (keeping the platform's size)."""
    font = QFont(app.font())
    font.setFamilies(families())
    app.setFont(font)


def reading_font(point_size: int) -> QFont:
    """The reading pane's body font."""
    font = QFont()
    font.setFamilies(families())
    font.setPointSize(point_size)
    return font
