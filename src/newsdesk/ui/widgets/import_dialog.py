"""The import progress dialog (one bar over every stage, the stage named; Cancel) and the failures dialog."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from newsdesk.ui import plain


class ImportProgressDialog(QDialog):
    """Non-modal: the window stays usable while a worker process imports."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_progress")
        self.setWindowTitle(self.tr("Importing"))
        self.setModal(False)
        self.phase_label = QLabel(self.tr("Looking for files…"), self)
        self.files_label = QLabel(self)
        self.articles_label = QLabel(self)
        self.path_label = QLabel(self)
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.path_label.setMinimumWidth(420)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self._shown = 0  # the bar's value in thousandths: it only moves forward
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(self.tr("Stop after the current file; what was imported is kept"))
        self.cancel_button.clicked.connect(self._cancel)
        layout = QVBoxLayout(self)
        for w in (self.phase_label, self.bar, self.files_label, self.articles_label, self.path_label):
            layout.addWidget(w)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(buttons)

    def update_progress(self, p: Mapping[str, object]) -> None:
        phase = str(p.get("phase", ""))
        files_done, files_total = int(p.get("files_done", 0)), int(p.get("files_total", 0))  # type: ignore[call-overload]
        articles = int(p.get("articles", 0))  # type: ignore[call-overload]
        indexed, to_index = int(p.get("indexed", 0)), int(p.get("to_index", 0))  # type: ignore[call-overload]
        if self.cancel_button.isEnabled():
            self.phase_label.setText(
                {
                    "scanning": self.tr("Looking for files…"),
                    "reading": self.tr("Reading files…"),
                    "indexing": self.tr("Indexing for search…"),
                    "settling": self.tr("Optimising the index for search…"),
                    "done": self.tr("Finishing…"),
                }.get(phase, phase)
            )
        self.files_label.setText(
            self.tr("Files: {done} of {total}").format(done=f"{files_done:,}", total=f"{files_total:,}")
        )
        text = self.tr("Articles read: {count}").format(count=f"{articles:,}")
        if to_index:
            text += "   " + self.tr("indexed: {done} of {total}").format(
                done=f"{indexed:,}", total=f"{to_index:,}"
            )
        self.articles_label.setText(text)
        path = str(p.get("path", ""))
        self.path_label.setText(
            self.path_label.fontMetrics().elidedText(
                path, Qt.TextElideMode.ElideMiddle, max(200, self.path_label.width())
            )
        )
        # One bar over reading, indexing and settling (the core's `fraction`, which never goes
        # back); busy until the files are counted.
        fraction = float(p.get("fraction", 0.0))  # type: ignore[arg-type]
        if phase != "scanning" or fraction > 0:
            self.bar.setRange(0, 1000)
            self._shown = max(self._shown, min(int(1000 * fraction), 1000))
            self.bar.setValue(self._shown)

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.phase_label.setText(self.tr("Cancelling: finishing the current file…"))
        self.cancel_requested.emit()

    def reject(self) -> None:  # Esc or the close button cancel the import
        if self.cancel_button.isEnabled():
            self._cancel()


class ImportReportDialog(QDialog):
    """What an import changed, and every file that failed with its reason."""

    def __init__(
        self, summary: str, failed: Sequence[Mapping[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import_report")
        self.setWindowTitle(
            self.tr("Import finished with problems") if failed else self.tr("Import finished")
        )
        label = plain.label(summary, self)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self.failures = QTreeWidget(self)
        self.failures.setHeaderLabels([self.tr("File"), self.tr("Reason")])
        self.failures.setRootIsDecorated(False)
        for f in failed:
            item = QTreeWidgetItem([str(f.get("path", "")), str(f.get("error", ""))])
            item.setToolTip(0, plain.tip(item.text(0)))
            item.setToolTip(1, plain.tip(item.text(1)))
            self.failures.addTopLevelItem(item)
        self.failures.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.failures.setColumnWidth(0, 380)
        self.failures.setVisible(bool(failed))
        layout.addWidget(self.failures, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(720, 420 if failed else 160)
