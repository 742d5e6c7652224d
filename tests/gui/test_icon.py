"""The app icon: every PNG size rendered from the SVG, a window and taskbar icon built from them."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from newsdesk import resources
from newsdesk.desktop import ICON_SIZES


def test_each_png_is_its_size_and_not_blank() -> None:
    for size in ICON_SIZES:
        image = QImage.fromData(resources.read_bytes(resources.ICONS, f"newsdesk-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        centre = image.pixelColor(size // 2, size // 2)
        assert centre.alpha() == 255 and image.pixelColor(0, 0).alpha() < 255  # drawn, rounded corners


def test_the_app_icon_offers_every_size(qapp) -> None:
    from newsdesk.ui.icons import app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert {QSize(s, s) for s in ICON_SIZES} <= set(icon.availableSizes())
    assert icon.pixmap(512, 512).width() == 512  # the SVG scales past the largest PNG


def test_the_window_carries_the_icon(qtbot, tmp_path) -> None:
    """`newsdesk gui` sets the application icon, which every window (and its taskbar entry) uses."""
    import argparse

    from PySide6.QtWidgets import QApplication

    from newsdesk.ui.app import run

    shot = tmp_path / "w.png"
    args = argparse.Namespace(
        library=str(tmp_path / "lib"), lang="en", screenshot=str(shot), query=None, open=None, size="640x400"
    )
    assert run(args) == 0
    assert not QApplication.windowIcon().isNull()
    assert set(QApplication.windowIcon().availableSizes()) >= {QSize(16, 16), QSize(256, 256)}
