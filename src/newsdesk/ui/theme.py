"""Light or dark: the window follows the system's colour scheme (Qt 6's QStyleHints.colorScheme).

Where the platform's style already paints the scheme (macOS, Windows 11's style, a dark GNOME
or KDE theme) its palette is kept. Where the system asks for dark but the style's palette is
light (Qt's older Windows style, a desktop without a theme plugin), the Fusion style is given a
dark palette; when the system turns light again, the style's own palette comes back. A change
while the window is open repaints everything: the list and the cards read the palette as they
paint, and the reading pane rebuilds its article (its marks are colours in the document).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from newsdesk.ui.colours import is_dark

_DARK = {
    QPalette.ColorRole.Window: "#383838",
    QPalette.ColorRole.WindowText: "#e8e8e8",
    QPalette.ColorRole.Base: "#1f1f1f",
    QPalette.ColorRole.AlternateBase: "#282828",
    QPalette.ColorRole.Text: "#e8e8e8",
    QPalette.ColorRole.Button: "#424242",
    QPalette.ColorRole.ButtonText: "#e8e8e8",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: "#2f65ca",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#353535",
    QPalette.ColorRole.ToolTipText: "#e8e8e8",
    QPalette.ColorRole.PlaceholderText: "#8c8c8c",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.Light: "#4a4a4a",
    QPalette.ColorRole.Midlight: "#3c3c3c",
    QPalette.ColorRole.Mid: "#464646",
    QPalette.ColorRole.Dark: "#1a1a1a",
    QPalette.ColorRole.Shadow: "#000000",
}
_DISABLED = {
    QPalette.ColorRole.WindowText: "#7a7a7a",
    QPalette.ColorRole.Text: "#7a7a7a",
    QPalette.ColorRole.ButtonText: "#7a7a7a",
}


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style."""
    p = QPalette()
    for role, colour in _DARK.items():
        p.setColor(role, QColor(colour))
    for role, colour in _DISABLED.items():
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return p


class _State:
    own_dark = False  # whether the dark palette in use is ours (to take back when light returns)
    light_style = ""


def apply(app: QApplication, scheme: Qt.ColorScheme) -> None:
    """Give the application a palette that matches `scheme` (see the module docstring)."""
    if scheme == Qt.ColorScheme.Dark and not is_dark(app.palette()):
        _State.light_style = app.style().name()
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
        _State.own_dark = True
    elif scheme != Qt.ColorScheme.Dark and _State.own_dark:
        _State.own_dark = False
        if _State.light_style:
            app.setStyle(_State.light_style)
        app.setPalette(app.style().standardPalette())


def follow_system(app: QApplication) -> None:
    """Match the system's colour scheme now and whenever it changes."""
    hints = app.styleHints()
    apply(app, hints.colorScheme())
    hints.colorSchemeChanged.connect(lambda scheme: apply(app, scheme))
