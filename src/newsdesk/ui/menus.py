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
        self._add(file_menu, self.tr("&Quit"), w.close, QKeySequence.StandardKey.Quit)

        edit = mb.addMenu(self.tr("&Edit"))
        self._add(edit, self.tr("&Find"), w.focus_search, "Ctrl+F", "Ctrl+L")
        self._add(edit, self.tr("&Search for the selected text"), w.search_selection, "Ctrl+Shift+F")
        self._add(edit, self.tr("&Copy article as text"), w.reader.copy_article, "Ctrl+Shift+C")

        view = mb.addMenu(self.tr("&View"))
        self._add(view, self.tr("&Next hit"), w.reader.next_hit, "F3")
        self._add(view, self.tr("&Previous hit"), w.reader.previous_hit, "Shift+F3")
        view.addSeparator()
        self._add(view, self.tr("&Larger text"), lambda: w.zoom(1), QKeySequence.StandardKey.ZoomIn, "Ctrl+=")
        self._add(view, self.tr("&Smaller text"), lambda: w.zoom(-1), QKeySequence.StandardKey.ZoomOut)
        self._add(view, self.tr("&Reset text size"), lambda: w.zoom(0), "Ctrl+0")
        view.addSeparator()
        self._add(view, self.tr("Sort results by &relevance"), w.search.sort_by_relevance, "Ctrl+R")
        self._add(view, self.tr("Go to the fil&ters"), w.facets.setFocus, "Ctrl+1")
        self._add(view, self.tr("Go to the &list"), w.list.setFocus, "Ctrl+2")
        self._add(view, self.tr("Go to the &article"), w.reader.view.setFocus, "Ctrl+3")

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
