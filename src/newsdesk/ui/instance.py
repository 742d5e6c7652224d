"""One window per library: a second launch on the same library brings the first window forward.

The first window listens on a QLocalServer named from the user and the library's resolved path
(a Unix socket or a Windows named pipe); a later launch connects, says "activate" and exits.
`--new-window` skips both. A socket left by a crashed window is removed before listening.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

_MESSAGE = b"activate\n"


def server_name(library: Path) -> str:
    """The local server's name for a library: the same for every launch by this user on it."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = ""
    key = f"{user}\0{Path(library).expanduser().resolve()}".encode()
    return "newsdesk-" + hashlib.sha256(key).hexdigest()[:24]


class SingleInstance(QObject):
    """The running window's side (listen, `activation_requested`) and a new launch's (`signal_running`)."""

    activation_requested = Signal()

    def __init__(self, library: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(library)
        self._server: QLocalServer | None = None

    def signal_running(self, timeout_ms: int = 1000) -> bool:
        """Ask a window already open on this library to come forward; True if one answered."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(_MESSAGE)
        sent = socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        return sent

    def listen(self) -> bool:
        """Become the library's window; False if the name cannot be taken (then run anyway)."""
        QLocalServer.removeServer(self.name)  # a stale socket from a window that crashed
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._accept)
        if not server.listen(self.name):
            return False
        self._server = server
        return True

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def _accept(self) -> None:
        assert self._server is not None
        while (conn := self._server.nextPendingConnection()) is not None:
            # The caller writes its line right after connecting: read it here, briefly blocking,
            # rather than keep sockets and their slots alive across the event loop.
            if conn.bytesAvailable() or conn.waitForReadyRead(500):
                message = bytes(conn.readAll().data())
                if message.startswith(_MESSAGE.strip()):
                    self.activation_requested.emit()
            conn.disconnectFromServer()
            conn.deleteLater()
