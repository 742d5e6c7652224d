"""File → Join a newsroom archive…: the hub's URL and a password for this session only.

The password goes to libpq for this session (the worker library's memory) and is never written
anywhere; the dialog says how to keep it in ~/.pgpass instead. The join runs through the sync
controller (Ops): the dialog stays open with its progress, shows a refusal in place (a wrong
password, an unreachable hub) and closes when the library is tied and everything is pulled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from newsdesk.ui import plain

if TYPE_CHECKING:
    from newsdesk.sync.report import SyncReport
    from newsdesk.ui.syncing import SyncController

EXAMPLE_URL = "postgresql://name@archive.example.org/newsroom?sslmode=verify-full"


class JoinDialog(QDialog):
    """See the module docstring."""

    def __init__(self, sync: SyncController) -> None:
        super().__init__(sync.w)
        self.sync = sync
        self.joining = False
        self.setObjectName("join_hub")
        self.setWindowTitle(self.tr("Join a newsroom archive"))
        self.url = QLineEdit(self)
        self.url.setPlaceholderText(EXAMPLE_URL)
        self.url.setMinimumWidth(460)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("empty: libpq looks in ~/.pgpass"))
        form = QFormLayout()
        form.addRow(self.tr("Archive &URL:"), self.url)
        form.addRow(self.tr("&Password:"), self.password)
        self.help = plain.label(
            self.tr(
                "Your archivist gives you the URL and your user name in it. The password is used "
                "for this session only and never stored. To sync without typing it, keep it in "
                "~/.pgpass (on Windows %APPDATA%\\postgresql\\pgpass.conf), one line per archive:\n"
                "host:port:database:user:password"
            ),
            self,
        )
        self.help.setWordWrap(True)
        self.state = plain.label("", self)
        self.state.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.join_button = QPushButton(self.tr("&Join"), self)
        self.join_button.setDefault(True)
        self.buttons.addButton(self.join_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.help)
        layout.addWidget(self.state)
        layout.addWidget(self.buttons)
        sync.status_shown.connect(self._progress)
        sync.joined.connect(self._joined)
        sync.join_failed.connect(self._refused)

    def prepare(self, url: str) -> None:
        """Ready for a new attempt (`url`: the tied hub's, to give its password again)."""
        if self.joining:
            return
        if url:
            self.url.setText(url)
        self.password.clear()
        self._set_state("", error=False)
        (self.password if url else self.url).setFocus()

    def start(self) -> None:
        url = self.url.text().strip()
        if not url:
            self._set_state(self.tr("Enter the archive's URL."), error=True)
            self.url.setFocus()
            return
        self.joining = True
        self._enable(False)
        self._set_state(self.tr("Connecting…"), error=False)
        self.sync.join(url, self.password.text())
        self.password.clear()  # the worker holds it now; the dialog does not keep it

    def reject(self) -> None:
        if not self.joining:  # a join runs to its end (it is resumable, but not cancellable)
            super().reject()

    # -- outcomes -----------------------------------------------------------------------------------

    def _progress(self, text: str) -> None:
        if self.joining and text:
            self._set_state(text, error=False)

    def _joined(self, report: SyncReport) -> None:
        if not self.joining:
            return
        self.joining = False
        self._enable(True)
        self.accept()

    def _refused(self, reason: str) -> None:
        if not self.joining:
            return
        self.joining = False
        self._enable(True)
        self._set_state(reason, error=True)
        self.password.setFocus()

    def _enable(self, on: bool) -> None:
        for w in (self.url, self.password, self.join_button):
            w.setEnabled(on)

    def _set_state(self, text: str, *, error: bool) -> None:
        self.state.setText(text)
        self.state.setVisible(bool(text))
        self.state.setStyleSheet("color: #b3261e" if error else "")
