"""The article list's context menu: open, copy the citation, tag…, open the source file, show
it in its folder. Files open through QDesktopServices (the desktop's own handler on Linux,
Windows and macOS alike); a folder is opened, as no portable call selects a file in it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QTextCursor
from PySide6.QtWidgets import QMenu

from newsdesk.errors import UserError

if TYPE_CHECKING:
    from newsdesk.ui.mainwindow import MainWindow


class ListMenu(QObject):
    """Fills the list's menu for a row (see ArticleList.context_menu_requested)."""

    def __init__(self, w: MainWindow) -> None:
        super().__init__(w)
        self.w = w
        w.list.context_menu_requested.connect(self.fill)

    def fill(self, menu: QMenu, row: int) -> None:
        aid = self.w.model.article_id(row)
        if aid is None:
            return
        menu.addAction(self.tr("&Open"), lambda: self.w.open_row(row, focus=True))
        menu.addAction(self.tr("Copy &citation"), lambda: self.copy_citation(aid))
        tag = menu.addAction(self.tr("&Tag the article…"), lambda: self.tag_article(row))
        tag.setEnabled(self.w.library.writable)
        menu.addSeparator()
        menu.addAction(self.tr("Open the source &file"), lambda: self.open_source(aid, folder=False))
        menu.addAction(self.tr("Show in fol&der"), lambda: self.open_source(aid, folder=True))

    def copy_citation(self, article_id: str) -> None:
        citation = self.w.library.citation(article_id)
        QGuiApplication.clipboard().setText(citation)
        self.w.show_status(self.tr("Copied: {citation}").format(citation=citation))

    def tag_article(self, row: int) -> None:
        """Tag the whole text as one passage (the dialog asks for the tags)."""
        self.w.open_row(row, focus=True)
        reader = self.w.reader
        if reader.built is None or not reader.built.paragraph_positions:
            return
        ranges = reader.built.text_to_document(0, len(reader.built.article.text))
        if not ranges:
            return
        c = QTextCursor(reader.built.doc)
        c.setPosition(ranges[0][0])
        c.setPosition(ranges[-1][1], QTextCursor.MoveMode.KeepAnchor)
        reader.view.setTextCursor(c)
        self.w.tagging.tag_selection()

    def source_path(self, article_id: str) -> Path | None:
        """The first file the article was read from that still exists, else None."""
        try:
            article = self.w.library.article(article_id)
        except UserError as exc:
            self.w.show_error(str(exc))
            return None
        for ref in article.sources:
            path = Path(ref.path)
            if not path.is_absolute():
                path = self.w.library.folder / path
            if path.exists():
                return path
        if article.sources:
            self.w.show_error(self.tr("The source file is gone: {path}").format(path=article.sources[0].path))
        else:
            self.w.show_error(self.tr("This article has no source file."))
        return None

    def open_source(self, article_id: str, *, folder: bool) -> bool:
        path = self.source_path(article_id)
        if path is None:
            return False
        target = path.parent if folder else path
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            self.w.show_error(self.tr("Nothing on this system opens {path}").format(path=target))
            return False
        return True
