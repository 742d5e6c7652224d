"""The research desk in the window (#23): refine, saved searches, export, print; and the doors
to the timeline, batch and concordance dialogs. Work runs through `Ops`, results come back on
the main thread; each action reports what it did in the status bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QProgressDialog

from newsdesk.changes import SAVED, Changes
from newsdesk.errors import Cancelled
from newsdesk.ui.widgets.refinebar import join_steps

if TYPE_CHECKING:
    from newsdesk.library import Library
    from newsdesk.ui.mainwindow import MainWindow

EXPORT_FILTERS = {
    "csv": "CSV (*.csv)",
    "md": "Markdown (*.md)",
    "ris": "RIS — Zotero, EndNote (*.ris)",
    "gbt": "GB/T 7714 (*.txt)",
}
EXTENSIONS = {"csv": ".csv", "md": ".md", "ris": ".ris", "gbt": ".txt"}


class _Progress(QObject):
    """Carries progress from the worker thread to the main thread (queued signal)."""

    moved = Signal(int, int)


class ResearchController(QObject):
    """See the module docstring."""

    search_saved = Signal(str)  # the name of a search just saved

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.steps: list[str] = []
        self._dialogs: dict[str, Any] = {}
        self.last_export: Path | None = None
        w = window
        w.refine.refined.connect(self.refine)
        w.refine.step_removed.connect(self.remove_step)
        w.search.results_shown.connect(self._results_shown)
        w.saved_panel.opened.connect(self.open_saved)
        w.saved_panel.save_requested.connect(self.save_search)
        w.saved_panel.remove_requested.connect(self.remove_saved)

    # -- search within results -------------------------------------------------------------------

    def refine(self, step: str) -> None:
        """Add a step to the current search (its results narrowed by `step`)."""
        current = self.w.search.query
        if not current:
            self.w.search.set_query(step)
            return
        if join_steps(self.steps) != current:
            self.steps = [current]
        self.steps.append(step)
        self._run_steps()

    def remove_step(self, index: int) -> None:
        if 0 <= index < len(self.steps):
            del self.steps[index]
            self._run_steps()

    def _run_steps(self) -> None:
        query = join_steps(self.steps)
        self.w.bar.remember(query, self.w.settings.get("search/history_size"))
        self.w.search.set_query(query)

    def _results_shown(self) -> None:
        query = self.w.search.query
        if join_steps(self.steps) != query:
            self.steps = [query] if query else []
        self.w.refine.setVisible(bool(query))
        steps = list(self.steps)
        self.w.refine.set_steps(steps)
        if len(steps) < 2:
            return
        mode = self.w.search.mode

        def work(lib: Library) -> list[int]:
            return [
                lib.search(join_steps(steps[: i + 1]), mode=mode, limit=0).total for i in range(len(steps))
            ]

        def done(counts: list[int]) -> None:
            if steps == self.steps:
                self.w.refine.set_steps(steps, counts)

        self.w.ops.run(work, done=done, key="refine-counts", quiet=True)

    # -- saved searches --------------------------------------------------------------------------

    def apply_changes(self, changes: Changes) -> None:
        """New or changed articles change saved searches' totals and new hits."""
        if changes.articles or changes.saved:
            self.reload_saved()

    def reload_saved(self) -> None:
        self.w.ops.run(
            lambda lib: lib.saved.list(), done=self.w.saved_panel.set_searches, key="saved", quiet=True
        )

    def save_search(self, name: str | None = None) -> None:
        query = self.w.search.query
        if not query:
            self.w.show_status(self.tr("Search for something first, then save the search."))
            return
        if name is None:
            name, ok = QInputDialog.getText(self.w, self.tr("Save search"), self.tr("Name:"), text=query)
            if not ok:
                return
        mode, sort = self.w.search.mode, self.w.search.sort

        def done(info: Any) -> None:
            self.w.show_status(
                self.tr("Saved search “{name}”: {total} articles").format(
                    name=info.name, total=f"{info.total:,}"
                )
            )
            self.w.broadcast(SAVED)
            self.search_saved.emit(info.name)

        self.w.ops.run(
            lambda lib: lib.saved.add(name, query, mode=mode, sort=sort),
            done=done,
            failed=lambda e: self.w.show_error(str(e)),
        )

    def open_saved(self, name: str) -> None:
        """Run a saved search in the window and mark its hits seen."""

        def done(hits: Any) -> None:
            info = hits.info
            self.w.bar.set_mode(info.mode)
            self.w.search.sort = info.sort
            self.w.search.set_query(info.query)
            self.w.show_status(
                self.tr("“{name}”: {total} articles, {new} new since last opened").format(
                    name=info.name, total=f"{info.total:,}", new=f"{info.new:,}"
                )
            )
            self.w.broadcast(SAVED)

        self.w.ops.run(
            lambda lib: lib.saved.open(name, rows=False),
            done=done,
            failed=lambda e: self.w.show_error(str(e)),
        )

    def remove_saved(self, name: str) -> None:
        def done(info: Any) -> None:
            self.w.show_status(self.tr("Removed saved search “{name}”").format(name=info.name))
            self.w.broadcast(SAVED)

        self.w.ops.run(
            lambda lib: lib.saved.remove(name), done=done, failed=lambda e: self.w.show_error(str(e))
        )

    # -- export and print ------------------------------------------------------------------------

    def export_results(self, path: str | None = None, fmt: str | None = None) -> None:
        """Every hit of the current search to a file, with a progress dialog that can cancel."""
        query, mode, sort = self.w.search.query, self.w.search.mode, self.w.search.sort
        if not query:
            self.w.show_status(self.tr("Search for something first, then export the results."))
            return
        if path is None:
            chosen, selected = QFileDialog.getSaveFileName(
                self.w, self.tr("Export results"), "results.csv", ";;".join(EXPORT_FILTERS.values())
            )
            if not chosen:
                return
            fmt = next((k for k, v in EXPORT_FILTERS.items() if v == selected), None)
            path = chosen if fmt is None or Path(chosen).suffix else chosen + EXTENSIONS[fmt]
        dialog = QProgressDialog(self.tr("Exporting results…"), self.tr("Cancel"), 0, 0, self.w)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        progress = _Progress(self)
        progress.moved.connect(lambda done, total: (dialog.setMaximum(total), dialog.setValue(done)))
        cancelled = {"flag": False}
        dialog.canceled.connect(lambda: cancelled.update(flag=True))

        def step(done: int, total: int) -> None:
            if cancelled["flag"]:
                raise Cancelled("export cancelled")
            progress.moved.emit(done, total)

        target = path

        def work(lib: Library) -> int | None:
            try:
                return int(lib.research.export(query, target, fmt=fmt, mode=mode, sort=sort, progress=step))
            except Cancelled:
                return None

        def done(n: int | None) -> None:
            dialog.reset()
            if n is None:
                self.w.show_status(self.tr("Export cancelled; no file was written."))
                return
            self.last_export = Path(target)
            self.w.show_status(
                self.tr("{count} results exported to {path}").format(count=f"{n:,}", path=target)
            )

        def failed(exc: BaseException) -> None:
            dialog.reset()
            self.w.show_error(str(exc))

        self.w.ops.run(work, done=done, failed=failed)

    def _as_shown(self, article: Any) -> dict[str, Any]:
        """What printing marks: the reading pane's hits and passages, and the citation."""
        return {
            "citation": self.w.library.citation(article.id),
            "marks": self.w.reader.marked(),
            "passages": self.w.reader.passages,
        }

    def save_pdf(self, path: str | None = None) -> None:
        """The article in the reading pane as a PDF (hits of the current search marked)."""
        article = self.w.reader.article
        if article is None:
            self.w.show_status(self.tr("Open an article first."))
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self.w, self.tr("Save article as PDF"), f"{article.id}.pdf", "PDF (*.pdf)"
            )
            if not path:
                return
        from newsdesk.errors import UserError
        from newsdesk.ui.printing import article_pdf

        try:
            target = article_pdf(article, path, **self._as_shown(article))
        except UserError as exc:
            self.w.show_error(str(exc))
            return
        self.w.show_status(self.tr("Saved {path}").format(path=target))

    def print_article(self, printer: Any = None) -> bool:
        """Print the article in the reading pane (hits and passages as it shows them); without
        a printer given, the system's print dialog chooses one. True if it was printed."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from newsdesk.ui.printing import paint, print_document

        article = self.w.reader.article
        if article is None:
            self.w.show_status(self.tr("Open an article first."))
            return False
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            if QPrintDialog(printer, self.w).exec() != QPrintDialog.DialogCode.Accepted:
                return False
        paint(printer, print_document(article, **self._as_shown(article)))
        self.w.show_status(self.tr("Printed “{title}”").format(title=article.title))
        return True

    # -- dialogs ----------------------------------------------------------------------------------

    def _dialog(self, name: str, make: Any) -> Any:
        d = self._dialogs.get(name)
        if d is None:
            d = self._dialogs[name] = make()
        d.show()
        d.raise_()
        d.activateWindow()
        return d

    def show_timeline(self) -> Any:
        from newsdesk.ui.widgets.timeline import TimelineDialog

        d = self._dialog("timeline", lambda: TimelineDialog(self.w))
        d.set_queries([self.w.search.query] if self.w.search.query else [])
        return d

    def show_batch(self) -> Any:
        from newsdesk.ui.widgets.batch import BatchDialog

        return self._dialog("batch", lambda: BatchDialog(self.w))

    def show_kwic(self) -> Any:
        from newsdesk.ui.widgets.kwic import KwicDialog

        d = self._dialog("kwic", lambda: KwicDialog(self.w))
        if self.w.search.query:
            d.set_query(self.w.search.query, self.w.search.mode)
        return d
