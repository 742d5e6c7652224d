"""Text from the archive or from people, shown in widgets as written: never read as markup.

Qt guesses: a tooltip, a QLabel or a QMessageBox whose text "might be rich text" is rendered as
HTML, so a title `<h1 style=…>` would show as a headline and a note `<img src="file:///…">`
(which can arrive with someone else's passage export) would load a local file. Everything that
carries such text goes through here: `tip` for tooltips (escaped, so Qt's guess is harmless),
`label` and `message` for widgets that take a text format.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def tip(text: str | None) -> str:
    """A tooltip that shows `text` exactly, line breaks kept ("" for no tooltip)."""
    if not text:
        return ""
    return "<p style='white-space:pre-wrap'>" + html.escape(text, quote=False) + "</p>"


def label(text: str, parent: QWidget | None = None) -> QLabel:
    """A QLabel showing `text` as plain text."""
    widget = QLabel(parent)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setText(text)
    return widget


def message(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
) -> QMessageBox:
    """A message box whose text is plain; the caller opens or execs it."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box
