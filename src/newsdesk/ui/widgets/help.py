"""The "?" window: the query language in one table, with examples that can be tried."""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

# (example, what it finds); the examples are query syntax and stay untranslated.
ROWS = (
    ("上海 浦东", QT_TRANSLATE_NOOP("QueryHelp", "Articles containing both, anywhere (AND).")),
    (
        "王珏",
        QT_TRANSLATE_NOOP(
            "QueryHelp", "Exact text; spaces and quotation marks inside it do not matter (王  珏)."
        ),
    ),
    ('"Hong Kong"', QT_TRANSLATE_NOOP("QueryHelp", "A phrase that keeps its spaces.")),
    ("台风 OR 暴雨", QT_TRANSLATE_NOOP("QueryHelp", "Either term.")),
    ("改革 -国企   改革 NOT 国企", QT_TRANSLATE_NOOP("QueryHelp", "Leave out articles with a term.")),
    ("(台风 OR 暴雨) 广东", QT_TRANSLATE_NOOP("QueryHelp", "Group with parentheses.")),
    (
        "title:改革",
        QT_TRANSLATE_NOOP(
            "QueryHelp", "Only in titles. Other fields: author:, source:, section:, page:, caption:."
        ),
    ),
    ("author:陆娅楠", QT_TRANSLATE_NOOP("QueryHelp", "By a reporter (any byline).")),
    (
        "date:2023   date:2023-01..2023-06   date:>=2022-12-01",
        QT_TRANSLATE_NOOP("QueryHelp", "Dates: a year, a range, a bound."),
    ),
)


class QueryHelp(QDialog):
    """A small non-modal window with the syntax."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Query syntax"))
        view = QTextBrowser(self)
        view.setOpenLinks(False)
        rows = "".join(
            f"<tr><td style='padding:4px 12px 4px 0'><code>{html.escape(q)}</code></td>"
            f"<td style='padding:4px 0'>{html.escape(self.tr(what))}</td></tr>"
            for q, what in ROWS
        )
        modes = html.escape(
            self.tr(
                "Exact mode (default) finds every article containing the text as written, ignoring "
                "full/half width, case and Traditional/Simplified differences. Words mode (模糊) "
                "matches the query's words in any order and proximity."
            )
        )
        keys = html.escape(
            self.tr(
                "Keys: Enter searches now · Esc clears · ↑/↓ move in the list · Ctrl+↑/↓ history · "
                "F3/Shift+F3 next/previous hit · Ctrl+Shift+F searches the selected text."
            )
        )
        view.setHtml(f"<table>{rows}</table><p>{modes}</p><p>{keys}</p>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        self.resize(640, 420)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
