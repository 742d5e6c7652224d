"""The Tag… dialog: pick or type several tags (with completion), a note, a colour for new tags.

Tags are separated by commas (, ， 、 ；) or blanks; `地区/郑州` is one hierarchical tag. The
completer offers the library's tags for the word being typed, matching anywhere in the path.
Ctrl+Enter confirms from either field (Enter alone starts a new line of the note).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QColorDialog,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

_SEPARATORS = re.compile(r"[,，、;；\s]+")
QUOTE_SHOWN = 120  # characters of the quote shown above the fields


def split_tags(text: str) -> list[str]:
    """`地区/郑州, 政策 人物` → ["地区/郑州", "政策", "人物"], without repeats."""
    return list(dict.fromkeys(t for t in _SEPARATORS.split(text) if t))


class TagsEdit(QLineEdit):
    """A line of tags whose last word completes from the known tag names."""

    def __init__(self, names: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.completer_ = QCompleter(QStringListModel(list(names), self), self)
        self.completer_.setWidget(self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer_.activated.connect(self.insert_completion)
        self.textEdited.connect(self._edited)

    def _last_word(self) -> str:
        text = self.text()[: self.cursorPosition()]
        return _SEPARATORS.split(text)[-1] if text else ""

    def _edited(self, _text: str) -> None:
        word = self._last_word()
        if not word:
            self.completer_.popup().hide()
            return
        self.completer_.setCompletionPrefix(word)
        if self.completer_.completionCount():
            self.completer_.complete()
        else:
            self.completer_.popup().hide()

    def insert_completion(self, name: str) -> None:
        """Replace the word being typed by `name` and start the next one."""
        before = self.text()[: self.cursorPosition()]
        after = self.text()[self.cursorPosition() :]
        word = self._last_word()
        head = before[: len(before) - len(word)] + name + ", "
        self.setText(head + after.lstrip(", ，"))
        self.setCursorPosition(len(head))


class TagDialog(QDialog):
    """Tags, note and a colour for a new passage, or for editing one's tags and note."""

    def __init__(
        self,
        *,
        quote: str,
        names: Sequence[str],
        tags: Sequence[str] = (),
        note: str | None = None,
        editing: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit tags") if editing else self.tr("Tag passage"))
        self.known = set(names)
        self.colour: str | None = None
        shown = quote if len(quote) <= QUOTE_SHOWN else quote[:QUOTE_SHOWN] + "…"
        self.quote_label = QLabel("“" + shown.replace("\n", " ¶ ") + "”", self)
        self.quote_label.setTextFormat(Qt.TextFormat.PlainText)
        self.quote_label.setWordWrap(True)
        self.tags_edit = TagsEdit(names, self)
        self.tags_edit.setPlaceholderText(self.tr("e.g. 地区/郑州, 政策"))
        self.tags_edit.setText(", ".join(tags))
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setPlaceholderText(self.tr("Optional note"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlainText(note or "")
        self.note_edit.setFixedHeight(self.note_edit.fontMetrics().lineSpacing() * 4)
        self.colour_button = QPushButton(self.tr("Colour for new tags…"), self)
        self.colour_button.clicked.connect(self.choose_colour)
        self.colour_swatch = QLabel(self)
        self.colour_swatch.setFixedWidth(24)
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour_button)
        colour_row.addWidget(self.colour_swatch)
        colour_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("&Tags:"), self.tags_edit)
        form.addRow(self.tr("&Note:"), self.note_edit)
        form.addRow("", colour_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quote_label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setToolTip(self.tr("Save (Ctrl+Enter)"))
        for w in (self.tags_edit, self.note_edit):
            w.installEventFilter(self)
        self.resize(460, self.sizeHint().height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept()
                return True
        return super().eventFilter(watched, event)

    def tags(self) -> list[str]:
        return split_tags(self.tags_edit.text())

    def note(self) -> str | None:
        return self.note_edit.toPlainText().strip() or None

    def new_tags(self) -> list[str]:
        return [t for t in self.tags() if t not in self.known]

    def choose_colour(self) -> None:
        colour = QColorDialog.getColor(QColor(self.colour or "#4e79a7"), self, self.tr("Colour for new tags"))
        if colour.isValid():
            self.set_colour(colour.name())

    def set_colour(self, colour: str | None) -> None:
        self.colour = colour
        self.colour_swatch.setStyleSheet(f"background: {colour};" if colour else "")
