"""The search bar: the query field, exact/words toggle, history menu and the "?" syntax help.

Chinese arrives through an input method in committed words: a commit searches at once, while
keystrokes typed directly (Latin, digits, operators) wait for a short pause (the debounce).
Keys in the field: Enter runs the query now, Esc clears it, ↑/↓ and PageUp/PageDown move in the
article list (the field keeps focus, as in a launcher), Ctrl+↑/↓ step through history and
Alt+↓ opens the history menu.

A query that cannot be read is shown under the field, in the bar: the query with the character
where reading failed marked, and why (not in the status bar, where it went unseen).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from newsdesk.ui.colours import marking

NAVIGATION_KEYS = {
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_PageUp: -10,
    Qt.Key.Key_PageDown: 10,
}


class SearchField(QLineEdit):
    """The query line; see the module docstring for its keys."""

    submitted = Signal()
    committed = Signal()  # an input method committed text: a finished word, search at once
    navigated = Signal(int)  # rows to move in the list
    history_stepped = Signal(int)  # -1 older, +1 newer
    history_menu_requested = Signal()

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        super().inputMethodEvent(event)
        if event.commitString():
            self.committed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
            return
        if key == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier:
            self.history_menu_requested.emit()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and mods & Qt.KeyboardModifier.ControlModifier:
            self.history_stepped.emit(-1 if key == Qt.Key.Key_Up else 1)
            return
        if key in NAVIGATION_KEYS and not mods & ~Qt.KeyboardModifier.KeypadModifier:
            self.navigated.emit(NAVIGATION_KEYS[key])
            return
        super().keyPressEvent(event)


class SearchBar(QWidget):
    """Field, mode toggle, history button and help button in one row."""

    mode_changed = Signal(str)
    help_requested = Signal()
    history_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history: list[str] = []
        self._history_pos = -1

        self.field = SearchField(self)
        self.field.setObjectName("search_field")
        self.field.setClearButtonEnabled(True)
        self.field.setAcceptDrops(False)  # dropped files go to the window: they are imports
        self.field.setPlaceholderText(
            self.tr('Search: 上海 浦东   "phrase with spaces"   title:改革   date:2023   (Ctrl+F)')
        )
        self.exact_button = self._toggle(
            self.tr("E&xact"), self.tr("Exact: each term must occur as written (substring)")
        )
        self.words_button = self._toggle(
            self.tr("&Words"), self.tr("Words: the query's words in any order (模糊)")
        )
        group = QButtonGroup(self)
        group.setExclusive(True)
        group.addButton(self.exact_button)
        group.addButton(self.words_button)
        self.exact_button.setChecked(True)
        self.exact_button.toggled.connect(self._mode_toggled)

        self.history_button = QToolButton(self)
        self.history_button.setText(self.tr("History"))
        self.history_button.setToolTip(self.tr("Earlier searches (Alt+↓)"))
        self.history_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.history_menu = QMenu(self)
        self.history_menu.aboutToShow.connect(self._fill_history_menu)
        self.history_button.setMenu(self.history_menu)
        self.help_button = QToolButton(self)
        self.help_button.setText("?")
        self.help_button.setToolTip(self.tr("Query syntax (F1)"))
        self.help_button.clicked.connect(self.help_requested)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("query_error")
        self.error_label.setTextFormat(Qt.TextFormat.RichText)
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.error_position: int | None = None

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field, 1)
        for w in (self.exact_button, self.words_button, self.history_button, self.help_button):
            row.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(3)
        layout.addLayout(row)
        layout.addWidget(self.error_label)

        self.field.history_stepped.connect(self._step_history)
        self.field.history_menu_requested.connect(self._popup_history)
        self.field.textEdited.connect(self._forget_history_position)

    def _toggle(self, text: str, tip: str) -> QToolButton:
        b = QToolButton(self)
        b.setText(text)
        b.setToolTip(tip)
        b.setCheckable(True)
        b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return b

    # -- a query that cannot be read ----------------------------------------------------------

    def show_error(self, message: str, query: str = "", position: int | None = None) -> None:
        """Show why the query cannot be read under the field, the failing character marked."""
        self.error_position = position
        scheme = marking(self.palette())
        red = scheme.list_hit.name()
        shown = ""
        if query:
            at = min(max(position, 0), len(query)) if position is not None else None
            if at is None:
                shown = html.escape(query)
            else:
                bad = query[at : at + 1] or "␣"  # the end of the query: mark where it stops
                shown = (
                    html.escape(query[:at])
                    + f'<span style="background:{red}; color:{scheme.base.name()}">'
                    + html.escape(bad)
                    + "</span>"
                    + html.escape(query[at + 1 :])
                )
            shown = f"<code>{shown}</code>&nbsp;&nbsp;"
        self.error_label.setText(f'{shown}<span style="color:{red}">{html.escape(message)}</span>')
        self.error_label.show()
        self.field.setStyleSheet(f"QLineEdit {{ border: 1px solid {red}; }}")

    def clear_error(self) -> None:
        if self.error_label.isVisible() or self.error_position is not None:
            self.error_label.hide()
            self.error_label.clear()
            self.error_position = None
            self.field.setStyleSheet("")

    # -- mode ---------------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        return "exact" if self.exact_button.isChecked() else "words"

    def set_mode(self, mode: str) -> None:
        (self.words_button if mode == "words" else self.exact_button).setChecked(True)

    def _mode_toggled(self, exact: bool) -> None:
        self.mode_changed.emit("exact" if exact else "words")

    # -- history ------------------------------------------------------------------------------

    def remember(self, query: str, limit: int) -> None:
        query = query.strip()
        if not query:
            return
        self.history = [query, *[q for q in self.history if q != query]][:limit]
        self._history_pos = -1

    def _forget_history_position(self) -> None:
        self._history_pos = -1

    def _step_history(self, step: int) -> None:
        if not self.history:
            return
        pos = max(-1, min(len(self.history) - 1, self._history_pos - step))
        self._history_pos = pos
        self.field.setText("" if pos < 0 else self.history[pos])

    def _fill_history_menu(self) -> None:
        self.history_menu.clear()
        if not self.history:
            a = self.history_menu.addAction(self.tr("No earlier searches"))
            a.setEnabled(False)
            return
        for q in self.history:
            a = QAction(q.replace("&", "&&"), self.history_menu)
            a.triggered.connect(lambda _=False, q=q: self.history_chosen.emit(q))
            self.history_menu.addAction(a)

    def _popup_history(self) -> None:
        self.history_button.showMenu()
