"""Qt's own strings that its qtbase_zh_CN leaves in English, translated in our catalogue instead.

Qt asks every installed translator in turn, so a string Qt's own file lacks is found in ours
(newsdesk_<lang>.ts under Qt's context). Found by opening Qt's file dialog in the Chinese window
and reading every label (tests/gui/test_messages_zh.py does so): "Look in:" and "Files of type:"
were English, and so was "Folder" in its type column.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

FILE_DIALOG = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)


def _marked_for_lupdate() -> tuple[str, ...]:
    """Strings Qt translates with a disambiguation (lupdate reads them from these calls)."""
    return (
        QCoreApplication.translate("QAbstractFileIconProvider", "Folder", "All other platforms"),
        QCoreApplication.translate("QAbstractFileIconProvider", "File Folder", "Match Windows Explorer"),
    )
