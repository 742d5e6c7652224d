"""The main window: search bar on top; filters/tags tabs | article list | reading pane; menus.

Assembly and wiring only: what to search and show is SearchController's, how an article looks
is the reading pane's, tagging is TaggingController's (the tags tab is TagsPanel), imports are
ImportController's, background work goes through Ops.
"""

from __future__ import annotations

import gc
import logging
import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from newsdesk.changes import ARTICLES, Changes
from newsdesk.domain import Hit
from newsdesk.errors import UserError
from newsdesk.ui import plain
from newsdesk.ui.follow import ResultsFollower
from newsdesk.ui.imports import ImportController
from newsdesk.ui.listmenu import ListMenu
from newsdesk.ui.menus import WindowMenus
from newsdesk.ui.models.articles import ArticleListModel
from newsdesk.ui.models.facets import FacetsModel
from newsdesk.ui.ops import Ops
from newsdesk.ui.research import ResearchController
from newsdesk.ui.search import SearchController
from newsdesk.ui.settings import OPTIONS, Settings, WindowState
from newsdesk.ui.syncing import SyncController
from newsdesk.ui.tagging import TaggingController
from newsdesk.ui.widgets.articlelist import ArticleList
from newsdesk.ui.widgets.emptystate import EmptyState
from newsdesk.ui.widgets.facets import FacetsPanel
from newsdesk.ui.widgets.help import QueryHelp
from newsdesk.ui.widgets.reader import ReadingPane
from newsdesk.ui.widgets.refinebar import RefineBar
from newsdesk.ui.widgets.savedpanel import SavedPanel
from newsdesk.ui.widgets.searchbar import SearchBar
from newsdesk.ui.widgets.tagspanel import TagsPanel

if TYPE_CHECKING:
    from newsdesk.library import Library

log = logging.getLogger(__name__)

PREVIEW_DELAY_MS = 40  # holding ↓ should not lay out every article it passes
WARM_UP_DELAY_MS = 300  # after the first paint: the warm-up holds the GIL for a while
WARM_UP_QUERY = "〇〇〇〇〇〇"  # any query loads the tables; a rare one costs nothing more


class MainWindow(QMainWindow):
    """See the module docstring."""

    changed = Signal(object)  # Changes: what an operation changed (see newsdesk.changes)

    def __init__(self, library: Library, *, settings: Settings, state: WindowState) -> None:
        super().__init__()
        self.library, self.settings, self.state = library, settings, state
        # Qt adds " — <application display name>" to the title itself (not on macOS, where the
        # title says it): the title names the library, the display name says newsdesk once.
        QGuiApplication.setApplicationDisplayName(self.tr("newsdesk"))
        mac = sys.platform == "darwin"
        self.setWindowTitle(f"{library.folder} — {self.tr('newsdesk')}" if mac else str(library.folder))
        self.setAcceptDrops(True)
        self._help: QueryHelp | None = None

        from newsdesk.library import Library

        folder = library.folder
        self.ops = Ops(lambda: Library.open(folder), self)
        self.model = ArticleListModel(library.summaries, self)
        self.facets_model = FacetsModel(self)
        self.bar = SearchBar(self)
        self.bar.set_mode(settings.get("search/mode"))
        self.bar.history = state.history()
        self.list = ArticleList(self.model, self)
        self.list.set_columns("library", settings.get("list/columns").split(","))
        self.list.set_columns("results", settings.get("list/result_columns").split(","))
        self.reader = ReadingPane(settings.get("reader/font_size"), self)
        self.facets = FacetsPanel(self.facets_model, self)
        self.search = SearchController(
            library=library,
            ops=self.ops,
            model=self.model,
            facets=self.facets_model,
            bar=self.bar,
            debounce_ms=settings.get("search/debounce_ms"),
        )
        self.imports = ImportController(folder, self, writable=library.writable)
        self.tagging = TaggingController(self)
        self.tags_panel = TagsPanel(self)
        self.saved_panel = SavedPanel(self)
        self.refine = RefineBar(self)
        self.refine.hide()
        self.side_tabs = QTabWidget(self)
        self.side_tabs.setObjectName("side_tabs")
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(self.facets, self.tr("Filters"))
        self.side_tabs.addTab(self.tags_panel, self.tr("Tags"))
        self.side_tabs.addTab(self.saved_panel, self.tr("Saved"))

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.side_tabs)
        self.results_pane = QWidget(self)
        self.empty = EmptyState(self)
        self.empty.hide()
        results_layout = QVBoxLayout(self.results_pane)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.setSpacing(0)
        results_layout.addWidget(self.refine)
        results_layout.addWidget(self.list, 1)
        results_layout.addWidget(self.empty, 1)
        self.splitter.addWidget(self.results_pane)
        self.splitter.addWidget(self.reader)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([220, 670, 510])
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.library_label = QLabel(self)
        self.library_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.status_label, 1)
        self.waiting_label = QLabel(self)
        self.waiting_label.hide()
        self.statusBar().addPermanentWidget(self.waiting_label)
        self.statusBar().addPermanentWidget(self.library_label)
        self.setTabOrder(self.bar.field, self.facets)
        self.setTabOrder(self.facets, self.list)
        self.setTabOrder(self.list, self.reader.view)
        self.reader.view.setTabChangesFocus(True)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._preview_current)
        self.research = ResearchController(self)
        self.hub_sync = SyncController(self)  # the newsroom hub: status button, join, conflicts
        self.menus = WindowMenus(self)
        self.list_menu = ListMenu(self)
        self.follow = ResultsFollower(self)
        self._connect()
        self._restore()
        self.search.run_now()
        self.tagging.take_up_saved()
        self.tags_panel.reload()
        self.research.reload_saved()
        self.hub_sync.start()
        # The first search on a big index opens its searcher (~1 s at 76k): do it now, in the
        # background. Then freeze what exists by then (hundreds of thousands of long-lived ids
        # and index tables) out of the cyclic GC, whose full passes stalled the window 35-55 ms.
        warm = self._warm_up_timer = QTimer(self, singleShot=True)
        warm.timeout.connect(lambda: self.ops.run(_warm_up, quiet=True, done=lambda _: gc.freeze()))
        warm.start(WARM_UP_DELAY_MS)
        if self.bar.field.text().strip():  # a remembered query: the library ids are not loaded
            self.refresh_library_label()

    def _connect(self) -> None:
        self.search.status_changed.connect(self.show_status)
        self.search.query_failed.connect(self._query_failed)
        self.search.query_unreadable.connect(
            lambda message, query, at: self.bar.show_error(message, query, None if at < 0 else at)
        )
        self.search.results_shown.connect(self.follow.results_shown)
        self.search.library_counted.connect(self._show_library_size)
        self.bar.help_requested.connect(self.show_help)
        self.bar.field.submitted.connect(
            lambda: self.bar.remember(self.bar.field.text(), self.settings.get("search/history_size"))
        )
        self.bar.field.navigated.connect(self._navigate_from_field)
        self.list.opened.connect(lambda row: self.open_row(row, focus=True))
        self.list.selectionModel().currentRowChanged.connect(self._current_changed)
        self.facets.toggled.connect(self.search.toggle_facet)
        self.reader.font_size_changed.connect(lambda s: self.settings.set("reader/font_size", s))
        self.bar.mode_changed.connect(lambda m: self.settings.set("search/mode", m))
        self.ops.bug.connect(self.show_bug)
        self.ops.user_error.connect(self.show_error)
        self.imports.finished.connect(self._import_ended)
        self.imports.failed.connect(lambda *_: self._import_ended(None))
        self.imports.finished.connect(lambda *_: self.tagging.retry_waiting())
        self.imports.failed.connect(lambda *_: self.tagging.retry_waiting())
        self.imports.started.connect(lambda: self.menus.set_importing(True))
        self.imports.started.connect(lambda: self.show_status(self.tr("Importing…")))
        self.imports.message.connect(self.show_status)
        self.imports.bug.connect(self.show_bug)
        # One broadcast of what an operation changed; each part refreshes itself from it.
        for view in (self.search, self.tags_panel, self.tagging, self.research):
            self.changed.connect(view.apply_changes)
        self.changed.connect(self._apply_changes)
        self.tags_panel.passage_opened.connect(self.open_passage)
        self.tags_panel.filter_toggled.connect(lambda path: self.search.toggle_facet("tag", path))
        self.search.results_shown.connect(lambda: self.tags_panel.set_active(self.search.query))
        for w in (self.list, self.reader.view, self.facets, self.tags_panel.tree, self.tags_panel.list):
            w.installEventFilter(self)

    # -- state -----------------------------------------------------------------------------

    def _restore(self) -> None:
        st = self.state
        if (g := st.blob("window/geometry")) is not None:
            self.restoreGeometry(g)
        else:
            self.resize(1400, 860)
        if (s := st.blob("window/state")) is not None:
            self.restoreState(s)
        if (s := st.blob("window/splitter")) is not None:
            self.splitter.restoreState(s)
        if (s := st.blob("list/header")) is not None:
            self.list.horizontalHeader().restoreState(s)
        self.bar.field.blockSignals(True)
        self.bar.field.setText(st.text("search/last_query"))
        self.bar.field.blockSignals(False)

    def save_state(self) -> None:
        st = self.state
        st.set_blob("window/geometry", self.saveGeometry())
        st.set_blob("window/state", self.saveState())
        st.set_blob("window/splitter", self.splitter.saveState())
        st.set_blob("list/header", self.list.horizontalHeader().saveState())
        st.set_text("search/last_query", self.bar.field.text().strip())
        st.set_history(self.bar.history)
        st.sync()
        self.settings.set("reader/font_size", self.reader.font_size)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tagging.save_waiting_before_close()
        self._warm_up_timer.stop()
        self._preview_timer.stop()
        self.search.timer.stop()
        self.hub_sync.stop()
        self.save_state()
        self.imports.shutdown()
        self.ops.shutdown()
        super().closeEvent(event)

    # -- search and list -------------------------------------------------------------------

    def focus_search(self) -> None:
        self.bar.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.bar.field.selectAll()

    def show_status(self, text: str) -> None:
        self.status_label.setStyleSheet("")
        self.status_label.setText(text)
        self.bar.field.setToolTip("")

    def show_error(self, text: str) -> None:
        self.status_label.setStyleSheet("color: #b3261e")
        self.status_label.setText(text)

    def _query_failed(self, message: str) -> None:
        self.show_error(message)
        self.bar.field.setToolTip(plain.tip(message))

    def shown_title(self) -> str:
        """The title bar's text as Qt shows it (it appends the application's display name)."""
        name = QGuiApplication.applicationDisplayName()
        title = self.windowTitle()
        if sys.platform == "darwin" or not name or title == name:
            return title
        return f"{title} — {name}"

    def _navigate_from_field(self, delta: int) -> None:
        self.list.move_current(delta)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid():
            self._preview_timer.start()

    def _preview_current(self) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            self.open_row(index.row(), focus=False)

    def open_row(self, row: int, *, focus: bool) -> None:
        """Show the article of `row` with its hits; with `focus`, move the keyboard there."""
        self._preview_timer.stop()
        aid = self.model.article_id(row)
        if aid is None:
            return
        hit = self.model.hit(row)
        self.open_article(aid, hit=hit)
        if self.search.query:
            self.bar.remember(self.search.query, self.settings.get("search/history_size"))
        if focus:
            self.reader.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_article(self, article_id: str, *, hit: Hit | None = None) -> bool:
        """Show an article in the reading pane, with the hits of `hit` (a search result) marked."""
        try:
            article = self.library.article(article_id)
        except UserError as exc:
            self.show_error(str(exc))
            return False
        passages, colours = self.tagging.passages_of(article_id)
        if hit is None:
            self.reader.show_article(article, passages=passages, colours=colours)
            return True
        self.reader.show_article(
            article, marks=self.library.hit_marks(article, hit), passages=passages, colours=colours
        )
        return True

    def broadcast(self, changes: Changes) -> None:
        """Tell every view what an operation changed (they refresh themselves from it)."""
        if changes:
            self.changed.emit(changes)

    def _apply_changes(self, changes: Changes) -> None:
        if changes.articles and self.search.query:
            self.refresh_library_label()

    def open_passage(self, passage: Any) -> None:
        """Show a passage's article scrolled to it, the passage selected (orphans: the article)."""
        if not self.open_article(passage.article_id):
            return
        if passage.is_orphan:
            self.show_status(
                self.tr("This passage lost its place: its old quote is “{quote}”.").format(
                    quote=passage.quote
                )
            )
        else:
            self.reader.select_passage(passage.id, scroll=True)

    def show_tags_panel(self) -> None:
        self.side_tabs.setCurrentWidget(self.tags_panel)
        self.tags_panel.tree.setFocus()

    def show_saved_panel(self) -> None:
        self.side_tabs.setCurrentWidget(self.saved_panel)
        self.saved_panel.list.setFocus()

    def show_orphans(self) -> None:
        from newsdesk.ui.models.passages import ORPHANS

        self.side_tabs.setCurrentWidget(self.tags_panel)
        self.tags_panel.choose(ORPHANS, select=True)

    def search_selection(self) -> None:
        text = " ".join(self.reader.selected_text().split())
        if not text:
            self.show_status(self.tr("Select some text in the article first."))
            return
        if " " in text or '"' in text:
            text = '"' + text.replace('"', "") + '"'
        self.bar.remember(text, self.settings.get("search/history_size"))
        self.search.set_query(text)
        self.focus_search()

    def zoom(self, step: int) -> None:
        if step == 0:
            self.reader.set_font_size(OPTIONS["reader/font_size"].default)
        else:
            self.reader.set_font_size(self.reader.font_size + step)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:  # type: ignore[attr-defined]
            self.focus_search()
            return True
        return super().eventFilter(watched, event)

    # -- import ----------------------------------------------------------------------------

    def _import_ended(self, report: dict[str, Any] | None) -> None:
        """An import finished, was cancelled or failed: show what the library holds now."""
        self.menus.set_importing(False)
        self.broadcast(ARTICLES)
        if report is not None:
            self.show_status(self.imports.summary(report).replace("\n", "  "))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.imports.start_paths(paths)

    # -- the rest --------------------------------------------------------------------------

    def refresh_library_label(self) -> None:
        """How many articles the library holds (the ids also count them when they load)."""
        self.ops.run(lambda lib: lib.article_count(), done=self._show_library_size, key="count", quiet=True)

    def _show_library_size(self, count: int) -> None:
        self.library_label.setText(self.tr("Library: {count} articles").format(count=f"{count:,}"))

    def show_help(self) -> None:
        if self._help is None:
            self._help = QueryHelp(self)
        self._help.show()
        self._help.raise_()

    def show_about(self) -> None:
        from newsdesk import __version__

        QMessageBox.about(
            self,
            self.tr("About newsdesk"),
            self.tr(
                "newsdesk {version}\nAn offline archive of Chinese newspaper articles.\nLibrary: {folder}"
            ).format(version=__version__, folder=self.library.folder),
        )

    def show_bug(self, message: str, trace: str) -> None:
        box = plain.message(
            self,
            self.tr("Something went wrong"),
            self.tr("newsdesk hit an internal error and logged it:\n{message}").format(message=message),
            icon=QMessageBox.Icon.Critical,
        )
        if trace:
            box.setDetailedText(trace)
        box.open()
        self.last_bug_box = box


def _warm_up(lib: Library) -> None:
    """Open the index snapshot and load the tables ranking and facets read (seconds at 76k)."""
    try:
        lib.warm_up()
        lib.search(WARM_UP_QUERY, limit=1, facets=True)
    except Exception:  # the first real search will report whatever is wrong
        log.debug("warming up the search index failed", exc_info=True)
