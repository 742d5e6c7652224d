"""The window's side of the newsroom hub: when to sync, what the status bar says, join and resolve.

A library tied to a hub syncs when the window opens, a few seconds after each local change
(debounced: a burst of tagging is one sync) and every minute. Every sync, join and resolve runs
through Ops, like every other write: on its one worker thread with the worker's own Library, one
job at a time, so it is serialised with tagging and never blocks the window. A sync's progress
crosses back to the main thread through a queued signal.

The status bar's hub button says where the library stands:

    Synced at 11:42                      the last sync reached the hub
    Offline since 11:40 · 3 changes waiting   the hub could not be reached (or refused the login)
    … · 2 conflicts                      changes that lost to the hub's: click to resolve them

A password typed into File → Join a newsroom archive… lives in the worker library's memory for
this session only (HubManager.password); libpq finds it otherwise (~/.pgpass, PGPASSFILE).
A library tied to no hub shows no button and never loads psycopg.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QToolButton

from newsdesk.changes import ARTICLES, PASSAGES, TAGS, Changes
from newsdesk.errors import LibraryBusyError
from newsdesk.sync.report import SyncProgress, SyncReport
from newsdesk.ui import plain

if TYPE_CHECKING:
    from newsdesk.library import Library
    from newsdesk.sync.manager import HubStatus
    from newsdesk.ui.mainwindow import MainWindow
    from newsdesk.ui.widgets.conflicts import ConflictDialog
    from newsdesk.ui.widgets.join_dialog import JoinDialog

DEBOUNCE_MS = 3000  # after a local change: a burst of tagging is one sync
INTERVAL_MS = 60_000  # every minute, to pull what others did
BUSY_RETRY_MS = 15_000  # another process holds the writer lock (an import): try again soon
SHOW_PROGRESS_OVER = 200  # changes: a sync that moves fewer is not worth a progress line
STAMP = "%Y-%m-%dT%H:%M:%SZ"  # the store's ISO UTC stamps (last_sync)


def local_time(stamp: str | None) -> str:
    """HH:MM (today) or YYYY-MM-DD HH:MM, local time, of an ISO UTC stamp as the store writes it."""
    if not stamp:
        return ""
    try:
        when = datetime.strptime(stamp, STAMP).replace(tzinfo=UTC).astimezone()
    except ValueError:
        return stamp
    if when.date() == datetime.now().astimezone().date():
        return when.strftime("%H:%M")
    return when.strftime("%Y-%m-%d %H:%M")


def changes_of(report: SyncReport) -> Changes:
    """What a sync changed in this library (pulled, put back after a refusal, or lost a conflict)."""
    out = Changes()
    kinds = {k for k, n in report.pulled.items() if n}
    kinds |= {r["kind"] + "s" for r in report.rejected}
    if report.new_conflicts:
        kinds |= {str(c["kind"]) + "s" for c in report.conflicts}
    if kinds & {"articles", "edits"}:
        out = out | ARTICLES
    if "passages" in kinds:
        out = out | PASSAGES
    if "tags" in kinds:
        out = out | TAGS
    return out


class SyncController(QObject):
    """See the module docstring."""

    status_shown = Signal(str)  # the hub button's text, whenever it changes
    synced = Signal(object)  # SyncReport: a sync or join finished
    sync_failed = Signal(str)  # the reason a sync or join did not reach the hub
    joined = Signal(object)  # SyncReport: File → Join… tied the library and pulled everything
    join_failed = Signal(str)  # why it could not
    _progressed = Signal(object)  # SyncProgress, from the worker thread

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.button = QToolButton(window)
        self.button.setObjectName("hub_status")
        self.button.setAutoRaise(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.button.clicked.connect(self._clicked)
        self.button.hide()
        window.statusBar().addPermanentWidget(self.button)
        self.status: HubStatus | None = None
        self.offline_since: str | None = None  # ISO UTC stamp of the first failure in a row
        self.reason = ""  # why the last sync failed
        self.running = False
        self.progress: SyncProgress | None = None
        self._again = False
        self._quiet_changes = False  # broadcasting a sync's own changes: not a local change
        self.conflict_dialog: ConflictDialog | None = None
        self.join_dialog: JoinDialog | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.sync_now)
        self._every = QTimer(self)
        self._every.setInterval(INTERVAL_MS)
        self._every.timeout.connect(self.sync_now)
        self._progressed.connect(self._show_progress)
        window.changed.connect(self._changed)

    # -- when to sync ---------------------------------------------------------------------------

    def start(self) -> None:
        """Show where the library stands and, if it is tied to a hub, sync now and every minute."""
        self.refresh()
        if self.status is not None:
            self.sync_now()
            self._every.start()

    def stop(self) -> None:
        self._debounce.stop()
        self._every.stop()

    @property
    def tied(self) -> bool:
        return self.status is not None

    def _changed(self, changes: Changes) -> None:
        if self._quiet_changes or not self.tied:
            return
        self.refresh()  # "N changes waiting" while offline
        self._debounce.start()

    def sync_now(self) -> None:
        """Sync in the background (if one runs, once more when it ends)."""
        self._debounce.stop()
        if not self.tied:
            return
        if self.running:
            self._again = True
            return
        self.running = True
        self.progress = None
        self._show()
        report = self._progress_reporter()
        self.w.ops.run(lambda lib: lib.hub.sync(progress=report), done=self._finished, failed=self._failed)

    def sync_asked(self) -> None:
        """File → Sync (F9): sync now, or say why there is nothing to sync with."""
        if self.tied:
            self.sync_now()
        else:
            self.w.show_status(
                self.tr("This library is not part of a newsroom archive: File → Join a newsroom archive…")
            )

    def join(self, url: str, password: str | None) -> None:
        """Tie the library to a hub and pull everything (File → Join a newsroom archive…)."""
        self._debounce.stop()
        self.running = True
        self.progress = SyncProgress("connecting")
        self._show()
        report = self._progress_reporter()

        def work(lib: Library) -> SyncReport:
            return lib.hub.join(url, password=password or None, progress=report)

        def failed(exc: BaseException) -> None:
            self._failed(exc)
            self.join_failed.emit(str(exc))

        self.w.ops.run(work, done=self._joined, failed=failed)

    def _progress_reporter(self) -> Any:
        def report(p: SyncProgress) -> None:  # on the worker thread: a copy crosses over
            self._progressed.emit(SyncProgress(p.phase, p.done, p.total))

        return report

    # -- outcomes (main thread) -----------------------------------------------------------------

    def _joined(self, report: SyncReport) -> None:
        self._every.start()
        self._finished(report)
        self.joined.emit(report)

    def _finished(self, report: SyncReport) -> None:
        self.running = False
        self.progress = None
        self.offline_since = None
        self.reason = ""
        self._quiet_changes = True
        try:
            self.w.broadcast(changes_of(report))
        finally:
            self._quiet_changes = False
        self.refresh()
        self.synced.emit(report)
        if self.conflict_dialog is not None and self.conflict_dialog.isVisible():
            self.conflict_dialog.reload()
        if self._again:
            self._again = False
            self._debounce.start()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.progress = None
        if isinstance(exc, LibraryBusyError):
            self.reason = str(exc)
            self._debounce.start(BUSY_RETRY_MS)
        else:  # the hub is unreachable, refused the login, or is not a hub: offline
            if self.offline_since is None:
                self.offline_since = datetime.now(UTC).strftime(STAMP)
            self.reason = str(exc)
        self.refresh()
        self.sync_failed.emit(self.reason)
        if self._again:
            self._again = False
            self._debounce.start()

    # -- what the status bar says ---------------------------------------------------------------

    def refresh(self) -> None:
        """Read the tie (a quick read on the window's own connection) and show it."""
        self.status = self.w.library.hub.status()
        self._show()

    def _show_progress(self, p: SyncProgress) -> None:
        if self.running:
            self.progress = p
            self._show()

    def text(self) -> str:
        """What the hub button says now ("" when the library is tied to no hub)."""
        s = self.status
        p = self.progress
        first = s is None or s.last_sync is None
        if p is not None and p.phase != "done" and (first or p.total >= SHOW_PROGRESS_OVER):
            return self._progress_text(p)
        if s is None:
            return ""
        if self.offline_since is not None:
            since = local_time(self.offline_since)
            if s.pending == 1:
                text = self.tr("Offline since {time} with 1 change waiting").format(time=since)
            elif s.pending:
                text = self.tr("Offline since {time} with {count} changes waiting").format(
                    time=since, count=f"{s.pending:,}"
                )
            else:
                text = self.tr("Offline since {time}").format(time=since)
        elif s.last_sync:
            text = self.tr("Synced at {time}").format(time=local_time(s.last_sync))
        else:
            text = self.tr("Not synced yet")
        if s.conflicts == 1:
            text += " · " + self.tr("1 conflict")
        elif s.conflicts:
            text += " · " + self.tr("{count} conflicts").format(count=s.conflicts)
        return text

    def _progress_text(self, p: SyncProgress) -> str:
        labels = {
            "connecting": self.tr("Connecting to the newsroom archive…"),
            "pushing": self.tr("Sending changes {done} of {total}…"),
            "pulling": self.tr("Receiving changes {done} of {total}…"),
            "indexing": self.tr("Indexing articles {done} of {total}…"),
        }
        return labels.get(p.phase, self.tr("Syncing…")).format(done=f"{p.done:,}", total=f"{p.total:,}")

    def _show(self) -> None:
        text = self.text()
        self.button.setVisible(bool(text))
        self.button.setText(text)
        s = self.status
        tip = []
        if s is not None:
            roles = {"archivist": self.tr("archivist"), "reporter": self.tr("reporter")}
            tip.append(
                self.tr("Newsroom archive: {url}\nYou are {user} ({role}).").format(
                    url=s.url, user=s.user, role=roles.get(s.role, s.role)
                )
            )
            if self.reason:
                tip.append(self.reason)
                if "password" in self.reason:
                    tip.append(self.tr("Give the password in File → Join a newsroom archive…"))
            tip.append(
                self.tr("Click to resolve the conflicts.") if s.conflicts else self.tr("Click to sync now.")
            )
        self.button.setToolTip(plain.tip("\n".join(tip)))
        if self.offline_since is not None or (s is not None and s.conflicts):
            self.button.setStyleSheet("color: #b3261e")
        else:
            self.button.setStyleSheet("")
        self.status_shown.emit(text)

    # -- dialogs --------------------------------------------------------------------------------

    def _clicked(self) -> None:
        if self.status is not None and self.status.conflicts:
            self.show_conflicts()
        else:
            self.sync_now()

    def show_conflicts(self) -> None:
        from newsdesk.ui.widgets.conflicts import ConflictDialog

        if self.conflict_dialog is None:
            self.conflict_dialog = ConflictDialog(self)
        self.conflict_dialog.reload()
        self.conflict_dialog.show()
        self.conflict_dialog.raise_()

    def resolve(self, conflict_id: int, keep: str, done: Any) -> None:
        """Settle a conflict in the background; `done()` after (then a sync pushes "mine")."""

        def finished(settled: Any) -> None:
            # A local change (the debounce pushes it when "mine" was kept).
            self.w.broadcast({"article": ARTICLES, "edit": ARTICLES, "tag": TAGS}.get(settled.kind, PASSAGES))
            self.refresh()
            done()

        self.w.ops.run(
            lambda lib: lib.hub.resolve(conflict_id, keep),
            done=finished,
            failed=lambda exc: self.w.show_error(str(exc)),
        )

    def show_join(self) -> None:
        from newsdesk.ui.widgets.join_dialog import JoinDialog

        if self.join_dialog is None:
            self.join_dialog = JoinDialog(self)
        self.join_dialog.prepare(self.status.url if self.status is not None else "")
        self.join_dialog.show()
        self.join_dialog.raise_()
