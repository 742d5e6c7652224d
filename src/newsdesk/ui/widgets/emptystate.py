"""What the list's place shows when it has nothing to list: how to fill an empty library, or
what to try when a query finds nothing (the words mode, dropping the last filter)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """A message and up to three buttons, centred; the window says which case applies."""

    import_files = Signal()
    import_folder = Signal()
    words_mode = Signal()
    drop_filter = Signal(str)  # the filter term to take out of the query

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("empty_state")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.title = QLabel(self)
        self.title.setObjectName("empty_title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.detail = QLabel(self)
        self.detail.setObjectName("empty_detail")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.files_button = QPushButton(self.tr("Import files…"), self)
        self.folder_button = QPushButton(self.tr("Import a folder…"), self)
        self.words_button = QPushButton(self.tr("Search in words mode (模糊)"), self)
        self.filter_button = QPushButton(self)
        self._filter = ""
        self.files_button.clicked.connect(self.import_files)
        self.folder_button.clicked.connect(self.import_folder)
        self.words_button.clicked.connect(self.words_mode)
        self.filter_button.clicked.connect(lambda: self.drop_filter.emit(self._filter))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.files_button, self.folder_button, self.words_button, self.filter_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addSpacing(8)
        layout.addWidget(self.detail)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addStretch(2)
        self.case = ""

    def show_empty_library(self, *, writable: bool) -> None:
        """The library holds no article yet: how to import (buttons, and dropping files)."""
        self.case = "library"
        self.title.setText(self.tr("The library is empty"))
        if writable:
            self.detail.setText(
                self.tr(
                    "Import newspaper pages, articles or JSON Lines files: use the buttons below "
                    "(File → Import, Ctrl+O), or drag files or folders onto this window."
                )
            )
        else:
            self.detail.setText(self.tr("This library is read-only: nothing can be imported into it."))
        self._buttons(files=writable, words=False, filter_term="")

    def show_no_hits(self, query: str, *, exact: bool, last_filter: str) -> None:
        """A query found nothing: say so and offer what might find something."""
        self.case = "no-hits"
        self.title.setText(self.tr("No articles match “{query}”").format(query=query))
        tips = []
        if exact:
            tips.append(self.tr("The words mode (模糊) finds the query's words in any order."))
        if last_filter:
            tips.append(
                self.tr("Without the filter {term} the query may find articles.").format(term=last_filter)
            )
        if not tips:
            tips.append(self.tr("Check the spelling, or try fewer or shorter terms."))
        self.detail.setText("\n".join(tips))
        self._buttons(files=False, words=exact, filter_term=last_filter)

    def _buttons(self, *, files: bool, words: bool, filter_term: str) -> None:
        self.files_button.setVisible(files)
        self.folder_button.setVisible(files)
        self.words_button.setVisible(words)
        self._filter = filter_term
        self.filter_button.setVisible(bool(filter_term))
        self.filter_button.setText(self.tr("Remove {term}").format(term=filter_term.replace("&", "&&")))
