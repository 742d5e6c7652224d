"""The window's menus and keyboard shortcuts: every command is reachable without a mouse."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from newsdesk.ui.mainwindow import MainWindow


class WindowMenus(QObject):
    """Builds File / Edit / View / Help on the window and keeps the actions that change state."""

    def __init__(self, w: MainWindow) -> None:
        super().__init__(w)
        self.w = w
        mb = w.menuBar()
        file_menu = mb.addMenu(self.tr("&File"))
        self.import_files = self._add(
            file_menu, self.tr("Import &files…"), w.imports.choose_files, QKeySequence.StandardKey.Open
        )
        self.import_folder = self._add(
            file_menu, self.tr("Import f&older…"), w.imports.choose_folder, "Ctrl+Shift+O"
        )
        file_menu.addSeparator()
        self._add(file_menu, self.tr("&Export results…"), w.research.export_results, "Ctrl+E")
        self._add(file_menu, self.tr("Save article as P&DF…"), w.research.save_pdf, "Ctrl+Shift+P")
        self._add(
            file_menu,
            self.tr("&Print article…"),
            lambda: w.research.print_article(),
            QKeySequence.StandardKey.Print,
        )
        file_menu.addSeparator()
        self._add(file_menu, self.tr("&Join a newsroom archive…"), w.hub_sync.show_join)
        self._add(file_menu, self.tr("S&ync with the newsroom archive"), w.hub_sync.sync_asked, "F9")
        self._add(file_menu, self.tr("Resolve &conflicts…"), w.hub_sync.show_conflicts)
        file_menu.addSeparator()
        self._add(file_menu, self.tr("&Quit"), w.close, QKeySequence.StandardKey.Quit)

        edit = mb.addMenu(self.tr("&Edit"))
        self._add(edit, self.tr("&Find"), w.focus_search, "Ctrl+F", "Ctrl+L")
        self._add(edit, self.tr("&Search for the selected text"), w.search_selection, "Ctrl+Shift+F")
        self._add(edit, self.tr("&Copy article as text"), w.reader.copy_article, "Ctrl+Alt+C")
        self._add(edit, self.tr("Copy with ci&tation"), w.tagging.copy_with_citation, "Ctrl+Shift+C")

        tags = mb.addMenu(self.tr("&Tags"))
        self._add(tags, self.tr("&Tag selection…"), w.tagging.tag_selection, "Ctrl+T")
        self._add(tags, self.tr("&Edit tags of the passage…"), w.tagging.edit_passage)
        self._add(tags, self.tr("&Remove the passage"), w.tagging.remove_passage)
        self.undo = self._add(tags, self.tr("&Undo tagging"), w.tagging.undo, QKeySequence.StandardKey.Undo)
        self.undo.setEnabled(False)
        w.tagging.undo_available.connect(self.undo.setEnabled)
        tags.addSeparator()
        self._add(tags, self.tr("Show the tags &panel"), w.show_tags_panel, "Ctrl+4")
        self._add(tags, self.tr("Show &orphans"), w.show_orphans)
        export = tags.addMenu(self.tr("E&xport"))
        for fmt, label in (("csv", "CSV"), ("json", "JSON"), ("md", "Markdown")):
            self._add(
                export, self.tr("All passages as {format}…").format(format=label), _export(w, fmt, False)
            )
        export.addSeparator()
        for fmt, label in (("csv", "CSV"), ("json", "JSON"), ("md", "Markdown")):
            self._add(
                export,
                self.tr("The chosen tag's passages as {format}…").format(format=label),
                _export(w, fmt, True),
            )

        view = mb.addMenu(self.tr("&View"))
        self._add(view, self.tr("&Next hit"), w.reader.next_hit, "F3")
        self._add(view, self.tr("&Previous hit"), w.reader.previous_hit, "Shift+F3")
        view.addSeparator()
        self._add(view, self.tr("&Larger text"), lambda: w.zoom(1), QKeySequence.StandardKey.ZoomIn, "Ctrl+=")
        self._add(view, self.tr("&Smaller text"), lambda: w.zoom(-1), QKeySequence.StandardKey.ZoomOut)
        self._add(view, self.tr("Reset text si&ze"), lambda: w.zoom(0), "Ctrl+0")
        view.addSeparator()
        self._add(view, self.tr("Sort results by &relevance"), w.search.sort_by_relevance, "Ctrl+R")
        self._add(view, self.tr("Go to the fil&ters"), w.facets.setFocus, "Ctrl+1")
        self._add(view, self.tr("Go to the l&ist"), w.list.setFocus, "Ctrl+2")
        self._add(view, self.tr("Go to the &article"), w.reader.view.setFocus, "Ctrl+3")

        research = mb.addMenu(self.tr("&Research"))
        self._add(research, self.tr("Search &within results"), w.refine.field.setFocus, "Ctrl+Shift+R")
        self._add(research, self.tr("&Save this search…"), w.research.save_search, "Ctrl+S")
        self._add(research, self.tr("Show saved searc&hes"), w.show_saved_panel, "Ctrl+5")
        research.addSeparator()
        self._add(research, self.tr("Hits over &time…"), w.research.show_timeline, "Ctrl+Shift+T")
        self._add(research, self.tr("&Batch search…"), w.research.show_batch, "Ctrl+Shift+B")
        self._add(research, self.tr("&Concordance (KWIC)…"), w.research.show_kwic, "Ctrl+Shift+K")

        help_menu = mb.addMenu(self.tr("&Help"))
        self._add(help_menu, self.tr("&Query syntax"), w.show_help, QKeySequence.StandardKey.HelpContents)
        self._add(help_menu, self.tr("&About newsdesk"), w.show_about)

    def _add(self, menu: QMenu, text: str, slot: Any, *keys: QKeySequence | str) -> QAction:
        a = QAction(text, self.w)
        if keys:
            a.setShortcuts([QKeySequence(k) for k in keys])
        a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        a.triggered.connect(slot)
        self.w.addAction(a)  # shortcuts work even while the menu bar is hidden
        menu.addAction(a)
        return a

    def set_importing(self, running: bool) -> None:
        self.import_files.setEnabled(not running)
        self.import_folder.setEnabled(not running)


def _export(w: MainWindow, fmt: str, chosen: bool) -> Any:
    def run() -> None:
        tag = w.tags_panel.chosen_tag() if chosen else None
        if chosen and tag is None:
            w.show_status(w.tr("Choose a tag in the tags panel first."))
            return
        w.tagging.export(fmt, tag)

    return run
