"""Tagging from the window: Tag…, number keys, edit/remove, undo, copy with citation, export.

Every write runs on the Ops worker (its own library, the writer lock held only for the call),
so a busy library (an import in another process) never freezes the window. A write that finds
the library busy is kept and saved when the lock frees (`ui/pending.py`; a new tagging even
outlives the window); the status bar says how many wait. Each action reports what it changed
and pushes an undo step:

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

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMenu

from newsdesk.changes import PASSAGES, Changes
from newsdesk.errors import UserError
from newsdesk.tags.cite import quote_with_citation
from newsdesk.tags.model import Passage
from newsdesk.ui.pending import PendingWrites, Write
from newsdesk.ui.widgets.tag_dialog import TagDialog

if TYPE_CHECKING:
    from newsdesk.library import Library
    from newsdesk.ui.mainwindow import MainWindow

EXPORT_SUFFIXES = {"csv": "csv", "json": "json", "md": "md"}


@dataclass(frozen=True)
class Step:
    """One undoable tagging action: kind is "added", "edited" or "removed"."""

    kind: str
    before: Passage | None
    after: Passage | None


class TaggingController(QObject):
    """See the module docstring."""

    undo_available = Signal(bool)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.undo_stack: list[Step] = []
        self.dialog: TagDialog | None = None
        view = window.reader.view
        view.digit_pressed.connect(self.apply_most_used)
        view.clicked_at.connect(self._clicked)
        view.menu_requested.connect(self.fill_context_menu)
        self.pending = PendingWrites(window)
        self.pending.changed.connect(self.show_waiting)
        self.pending.kept.connect(
            lambda reason: self.w.show_error(
                self.tr("{reason}: kept, and saved when the library is free ({count} waiting)").format(
                    reason=reason, count=len(self.pending.waiting)
                )
            )
        )

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

        request = {
            "article_id": article_id,
            "start": start,
            "end": end,
            "tags": list(tags),
            "note": note,
            "colour": colour,
        }
        self._write(
            work,
            lambda step: self.tr("Passage tagged: {tags}").format(tags=", ".join(step.after.tags)),
            request=request,
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

        cannot_write = self.tr("{path}: cannot write the export ({reason})")

        def work(lib: Library) -> Path:
            text = lib.passages.export(format, tag)
            try:
                with open(target, "w", encoding="utf-8", newline="") as f:
                    f.write(text)
            except OSError as exc:
                raise UserError(cannot_write.format(path=target, reason=exc.strerror)) from exc
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
        request: dict[str, Any] | None = None,
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

        self.pending.run(Write(work, done, fail, request))

    @property
    def waiting(self) -> list[Write]:
        return self.pending.waiting

    def retry_waiting(self) -> None:
        self.pending.retry()

    def take_up_saved(self) -> None:
        """Taggings an earlier window kept for this library (it was busy when it closed)."""
        for r in self.pending.take_saved():
            try:
                self.add(
                    r["article_id"],
                    int(r["start"]),
                    int(r["end"]),
                    list(r["tags"]),
                    note=r.get("note"),
                    colour=r.get("colour"),
                )
            except (KeyError, TypeError, ValueError):
                continue

    def show_waiting(self, count: int) -> None:
        label = self.w.waiting_label
        text = self.tr("{count} tagging(s) waiting for the library to be free").format(count=count)
        label.setText(text if count else "")
        label.setVisible(bool(count))

    def save_waiting_before_close(self) -> None:
        """The window closes: save what waits if the library frees in time; else keep the new
        taggings for the next window and say what could not be kept."""
        if not self.pending.waiting:
            return
        self.pending.flush()
        saved, lost = self.pending.save()
        if saved or lost:
            from newsdesk.ui import plain

            text = self.tr(
                "The library stayed busy: {saved} new tagging(s) will be saved the next time this "
                "library is opened here."
            ).format(saved=saved)
            if lost:
                text += "\n" + self.tr(
                    "{count} change(s) to existing passages could not be saved: make them again once "
                    "the import has finished."
                ).format(count=lost)
            # (no parent: the window is closing; the box keeps the application open until read)
            self.closing_box = plain.message(None, self.tr("Tagging not saved yet"), text)
            self.closing_box.show()
