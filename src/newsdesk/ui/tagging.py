"""Tagging from the window: Tag…, number keys, edit/remove, undo, copy with citation, export.

Every write runs on the Ops worker (its own library, the writer lock held only for the call),
so a busy library (an import in another process) never freezes the window. A write that finds
the library busy is kept, in order, and tried again every RETRY_MS and when an import of this
window ends, until the lock frees; the status bar says how many wait (closing the window waits
up to CLOSE_WAIT_S for them, then says what could not be saved). Each action reports what it
changed and pushes an undo step:

    added   (a new passage)            → undo deletes it
    edited  (tags/note of an existing) → undo puts the previous tags and note back
    removed (a deleted passage)        → undo restores it (same id, times, tags, note)

After a write the window broadcasts what changed (`newsdesk.changes`): the open article's
passages are read again (a quick read on the UI thread's connection; WAL readers never wait for
the writer) and repainted, and every other view refreshes itself from the same broadcast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMenu

from newsdesk.changes import PASSAGES, Changes
from newsdesk.errors import LibraryBusyError, UserError
from newsdesk.tags.cite import quote_with_citation
from newsdesk.tags.model import Passage
from newsdesk.ui.widgets.tag_dialog import TagDialog

if TYPE_CHECKING:
    from newsdesk.library import Library
    from newsdesk.ui.mainwindow import MainWindow

EXPORT_SUFFIXES = {"csv": "csv", "json": "json", "md": "md"}
RETRY_MS = 1000  # how often a write kept while the library was busy is tried again
CLOSE_WAIT_S = 5.0


@dataclass(frozen=True)
class Step:
    """One undoable tagging action: kind is "added", "edited" or "removed"."""

    kind: str
    before: Passage | None
    after: Passage | None


class TaggingController(QObject):
    """See the module docstring."""

    undo_available = Signal(bool)
    waiting_changed = Signal(int)  # writes kept while the library is busy

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.undo_stack: list[Step] = []
        self.dialog: TagDialog | None = None
        view = window.reader.view
        view.digit_pressed.connect(self.apply_most_used)
        view.clicked_at.connect(self._clicked)
        view.menu_requested.connect(self.fill_context_menu)
        # (work, done, fail) of writes that found the library busy, oldest first
        self.waiting: list[
            tuple[Callable[[Any], Any], Callable[[Any], None], Callable[[BaseException], None]]
        ] = []
        self._retrying = False
        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(RETRY_MS)
        self.retry_timer.timeout.connect(self.retry_waiting)

    # -- reading -------------------------------------------------------------------------------

    def passages_of(self, article_id: str) -> tuple[list[Passage], dict[str, str]]:
        lib = self.w.library
        return lib.passages.find(article_id=article_id), lib.tags.colours()

    def apply_changes(self, changes: Changes) -> None:
        """Repaint the open article when its passages, their tags or its text may have changed."""
        if changes.passages or changes.tags or changes.articles:
            self.refresh_article()

    def refresh_article(self) -> None:
        """Repaint the open article's passages; after an import that changed the article, show
        it anew (its old hits no longer fit), or nothing if it is gone."""
        reader = self.w.reader
        if reader.article is None:
            return
        try:
            article = self.w.library.article(reader.article.id)
        except UserError:
            reader.clear()
            return
        passages, colours = self.passages_of(article.id)
        if article == reader.article:
            reader.set_passages(passages, colours)
        else:
            reader.show_article(article, passages=passages, colours=colours)

    def _article_and_span(self) -> tuple[str, int, int] | None:
        reader = self.w.reader
        span = reader.selection_span()
        if reader.article is None or span is None:
            self.w.show_status(self.tr("Select some text of the article first."))
            return None
        return reader.article.id, span[0], span[1]

    # -- actions -------------------------------------------------------------------------------

    def tag_selection(self) -> TagDialog | None:
        """Open the Tag… dialog for the selection (not modal: the window stays usable)."""
        target = self._article_and_span()
        if target is None:
            return None
        aid, start, end = target
        assert self.w.reader.article is not None
        dialog = TagDialog(
            quote=self.w.reader.article.text[start:end], names=self.w.library.tags.names(), parent=self.w
        )
        dialog.accepted.connect(
            lambda: self.add(aid, start, end, dialog.tags(), note=dialog.note(), colour=dialog.colour)
        )
        self._show(dialog)
        return dialog

    def apply_most_used(self, number: int) -> None:
        """Number keys 1–9: the number-th most used tag onto the selection."""
        names = self.w.library.tags.most_used(9)
        if number > len(names):
            self.w.show_status(
                self.tr("No tag on key {number} yet: tag a few passages first.").format(number=number)
            )
            return
        target = self._article_and_span()
        if target is not None:
            self.add(*target, [names[number - 1]])

    def add(
        self,
        article_id: str,
        start: int,
        end: int,
        tags: Sequence[str],
        *,
        note: str | None = None,
        colour: str | None = None,
    ) -> None:
        """Tag text[start:end] (adding to the passage on exactly that span if there is one)."""

        def work(lib: Library) -> Step:
            before = next(
                (p for p in lib.passages.find(article_id=article_id) if (p.start, p.end) == (start, end)),
                None,
            )
            known = set(lib.tags.names())
            after = lib.passages.tag(article_id, start, end, list(tags), note)
            if colour:
                for t in after.tags:
                    if t not in known:
                        lib.tags.set_colour(t, colour)
            return Step("edited" if before else "added", before, after)

        self._write(
            work, lambda step: self.tr("Passage tagged: {tags}").format(tags=", ".join(step.after.tags))
        )

    def current_passage(self) -> Passage | None:
        reader = self.w.reader
        p = reader.passage(reader.current_passage)
        if p is None:
            self.w.show_status(self.tr("Click a tagged passage first."))
        return p

    def edit_passage(self) -> TagDialog | None:
        p = self.current_passage()
        if p is None:
            return None
        dialog = TagDialog(
            quote=p.quote,
            names=self.w.library.tags.names(),
            tags=p.tags,
            note=p.note,
            editing=True,
            parent=self.w,
        )
        dialog.accepted.connect(lambda: self.edit(p, dialog.tags(), dialog.note(), dialog.colour))
        self._show(dialog)
        return dialog

    def edit(self, p: Passage, tags: Sequence[str], note: str | None, colour: str | None = None) -> None:
        def work(lib: Library) -> Step:
            known = set(lib.tags.names())
            if not tags and note is None:  # nothing left to keep: the passage goes
                return Step("removed", lib.passages.delete(p.id), None)
            after = lib.passages.update(p.id, tags=list(tags), note=note)
            if colour:
                for t in after.tags:
                    if t not in known:
                        lib.tags.set_colour(t, colour)
            return Step("edited", p, after)

        self._write(work, lambda step: self.tr("Passage changed."))

    def remove_passage(self) -> None:
        p = self.current_passage()
        if p is not None:
            self._write(
                lambda lib: Step("removed", lib.passages.delete(p.id), None),
                lambda s: self.tr("Passage removed."),
            )

    def undo(self) -> None:
        if not self.undo_stack:
            self.w.show_status(self.tr("Nothing to undo."))
            return
        step = self.undo_stack.pop()
        self.undo_available.emit(bool(self.undo_stack))

        def work(lib: Library) -> None:
            if step.kind == "added":
                assert step.after is not None
                lib.passages.delete(step.after.id)
            elif step.kind == "removed":
                assert step.before is not None
                lib.passages.restore(step.before)
            else:
                assert step.before is not None
                lib.passages.update(step.before.id, tags=list(step.before.tags), note=step.before.note)

        def failed() -> None:  # e.g. the library was busy: the step can be undone later
            self.undo_stack.append(step)
            self.undo_available.emit(True)

        self._write(work, lambda _: self.tr("Undone."), undoable=False, failed=failed)

    def copy_with_citation(self) -> None:
        """The selected quote (or the clicked passage's) and the article's GB/T 7714 citation."""
        reader = self.w.reader
        article = reader.article
        if article is None:
            self.w.show_status(self.tr("Open an article first."))
            return
        span = reader.selection_span()
        if span is not None:
            quote = article.text[span[0] : span[1]]
        elif (p := reader.passage(reader.current_passage)) is not None:
            quote = p.quote
        else:
            self.w.show_status(self.tr("Select some text of the article first."))
            return
        QGuiApplication.clipboard().setText(quote_with_citation(quote, article))
        self.w.show_status(self.tr("Copied the quote with its citation."))

    def export(self, format: str, tag: str | None = None, path: str | None = None) -> None:
        """Export all passages (or a tag's) as csv, json or md to a file chosen in a dialog."""
        if path is None:
            name = (tag or self.tr("passages")).replace("/", "-") + "." + EXPORT_SUFFIXES[format]
            path, _ = QFileDialog.getSaveFileName(self.w, self.tr("Export passages"), name)
            if not path:
                return
        target = Path(path)

        def work(lib: Library) -> Path:
            text = lib.passages.export(format, tag)
            try:
                with open(target, "w", encoding="utf-8", newline="") as f:
                    f.write(text)
            except OSError as exc:
                raise UserError(f"{target}: cannot write the export ({exc.strerror})") from exc
            return target

        self.w.ops.run(
            work,
            done=lambda p: self.w.show_status(self.tr("Exported to {path}").format(path=p)),
            failed=lambda e: self.w.show_error(str(e)),
        )

    # -- the reading pane ------------------------------------------------------------------------

    def _clicked(self, position: int) -> None:
        reader = self.w.reader
        p = reader.passage_at(position)
        if p is None:
            reader.current_passage = None
            return
        reader.select_passage(p.id)
        text = "  ".join(p.tags) + (f"  —  {p.note}" if p.note else "")
        self.w.show_status(self.tr("Passage: {text}").format(text=text))

    def fill_context_menu(self, menu: QMenu, position: int) -> None:
        reader = self.w.reader
        p = reader.passage_at(position)
        if p is not None and not reader.view.textCursor().hasSelection():
            reader.select_passage(p.id)
        menu.addSeparator()
        tag = menu.addAction(self.tr("Tag…"), self.tag_selection)
        tag.setEnabled(reader.selection_span() is not None)
        if p is not None or reader.passage(reader.current_passage) is not None:
            menu.addAction(self.tr("Edit tags…"), self.edit_passage)
            menu.addAction(self.tr("Remove passage"), self.remove_passage)
        menu.addAction(self.tr("Copy with citation"), self.copy_with_citation)

    # -- plumbing ------------------------------------------------------------------------------

    def _show(self, dialog: TagDialog) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()
        dialog.tags_edit.setFocus()

    def _write(
        self,
        work: Callable[[Any], Any],
        message: Callable[[Any], str],
        *,
        undoable: bool = True,
        failed: Callable[[], None] | None = None,
    ) -> None:
        def done(result: Any) -> None:
            if undoable and isinstance(result, Step):
                self.undo_stack.append(result)
                self.undo_available.emit(True)
            self.w.show_status(message(result))
            self.w.broadcast(PASSAGES)

        def fail(exc: BaseException) -> None:
            self.w.show_error(str(exc))
            if failed is not None:
                failed()

        self._run(work, done, fail)

    def _run(
        self,
        work: Callable[[Any], Any],
        done: Callable[[Any], None],
        fail: Callable[[BaseException], None],
    ) -> None:
        """Run a write; one that finds the library busy waits (after those already waiting)."""

        def failed(exc: BaseException) -> None:
            if isinstance(exc, LibraryBusyError):
                self._keep(work, done, fail, front=True)
                self.w.show_error(
                    self.tr("{reason}: kept, and saved when the library is free ({count} waiting)").format(
                        reason=str(exc), count=len(self.waiting)
                    )
                )
            else:
                fail(exc)

        def finished(result: Any) -> None:
            done(result)
            if self.waiting:  # the lock is free now: the next one
                self.retry_waiting()

        if self.waiting and not self._retrying:
            self._keep(work, done, fail, front=False)
            return
        self.w.ops.run(work, done=finished, failed=failed)

    def _keep(
        self,
        work: Callable[[Any], Any],
        done: Callable[[Any], None],
        fail: Callable[[BaseException], None],
        *,
        front: bool,
    ) -> None:
        entry = (work, done, fail)
        if front:
            self.waiting.insert(0, entry)
        else:
            self.waiting.append(entry)
        self._retrying = False
        self.retry_timer.start()
        self.waiting_changed.emit(len(self.waiting))

    def retry_waiting(self) -> None:
        """Try the oldest write kept while the library was busy (the rest follow in turn)."""
        if not self.waiting or self._retrying:
            return
        work, done, fail = self.waiting.pop(0)
        self._retrying = True
        self.waiting_changed.emit(len(self.waiting))
        if not self.waiting:
            self.retry_timer.stop()

        def done_then(result: Any) -> None:
            self._retrying = False
            done(result)
            self.retry_waiting()

        def failed(exc: BaseException) -> None:
            self._retrying = False
            if isinstance(exc, LibraryBusyError):
                self._keep(work, done, fail, front=True)
            else:
                fail(exc)
                self.retry_waiting()

        self.w.ops.run(work, done=done_then, failed=failed)

    def show_waiting(self, count: int) -> None:
        label = self.w.waiting_label
        text = self.tr("{count} tagging(s) waiting for the library to be free").format(count=count)
        label.setText(text if count else "")
        label.setVisible(bool(count))

    def save_waiting_before_close(self) -> None:
        """The window closes: save what waits if the library frees in time, else say so."""
        if self.waiting and (left := self.flush_waiting()):
            from newsdesk.ui import plain

            plain.message(
                self.w,
                self.tr("Tagging not saved"),
                self.tr(
                    "The library stayed busy: {count} tagging(s) made while it was busy could not be "
                    "saved. Tag them again once the import has finished."
                ).format(count=left),
            ).exec()

    def flush_waiting(self, timeout: float = CLOSE_WAIT_S) -> int:
        """Before the window closes: keep trying the waiting writes for up to `timeout`
        seconds; returns how many could not be saved."""
        import time

        deadline = time.monotonic() + timeout
        while (self.waiting or self._retrying) and time.monotonic() < deadline:
            self.retry_waiting()
            self.w.ops.wait()
            QCoreApplication.processEvents()
            if self.waiting and not self._retrying:
                time.sleep(0.1)
        return len(self.waiting)
