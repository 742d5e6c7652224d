"""The application's icon (window and taskbar), from the PNG sizes and SVG in the package's data."""

from __future__ import annotations

import contextlib
import sys

from PySide6.QtGui import QIcon

from newsdesk import resources
from newsdesk.desktop import APP_ID, ICON_SIZES


def app_icon() -> QIcon:
    """newsdesk's icon at every shipped size (the SVG scales past the largest)."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resources.file_path(resources.ICONS, f"{APP_ID}-{size}.png")))
    icon.addFile(str(resources.file_path(resources.ICONS, f"{APP_ID}.svg")))
    return icon


def set_taskbar_identity() -> None:
    """On Windows, group the window under newsdesk's own taskbar button and icon, not python's."""
    if sys.platform == "win32":
        import ctypes

        with contextlib.suppress(AttributeError, OSError):
            ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID("newsdesk.newsdesk")
