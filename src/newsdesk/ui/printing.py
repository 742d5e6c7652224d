"""An article as printed: the reading pane's document (kicker, title, bylines, body, captions),
its GB/T 7714 citation, hits and passages marked if asked, on A4 pages; to PDF or a printer.

Qt draws it (`QPdfWriter`), with the CJK families `fonts` names, which Qt embeds as subsets:
no second PDF library and no font file of our own. The CLI (`show ID --pdf`) imports this module
only when asked, and starts a window-less QGuiApplication (offscreen when there is no display).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
)

from newsdesk.domain import Article, Marks
from newsdesk.errors import BadFileError
from newsdesk.tags.model import Passage
from newsdesk.ui import fonts
from newsdesk.ui.colours import paper
from newsdesk.ui.widgets.document import ArticleDocument, build_document

__all__ = ["article_pdf", "paint", "print_document"]

BODY_POINTS = 11
MARGIN_MM = 18.0


def _ensure_app() -> None:
    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication([])  # (kept by Qt as the instance for the rest of the process)


def print_document(
    article: Article,
    *,
    citation: str,
    marks: Marks | None = None,
    passages: Sequence[Passage] = (),
) -> ArticleDocument:
    """The article laid out for paper, its citation last in a muted line."""
    font = QFont()
    font.setFamilies(fonts.families())
    font.setPointSize(BODY_POINTS)
    scheme = paper()
    built = build_document(article, font, marks=marks or Marks(), passages=passages, scheme=scheme)
    cursor = QTextCursor(built.doc)
    cursor.movePosition(QTextCursor.MoveOperation.End)
    block = QTextBlockFormat()
    block.setTopMargin(BODY_POINTS * 1.5)
    chars = QTextCharFormat()
    small = QFont(font)
    small.setPointSizeF(BODY_POINTS * 0.85)
    chars.setFont(small)
    chars.setForeground(scheme.muted)
    cursor.insertBlock(block, chars)
    cursor.insertText(citation, chars)
    return built


def paint(device: QPagedPaintDevice, built: ArticleDocument) -> None:
    """Lay the document out on A4 pages of `device` (a PDF writer or a printer) and draw it."""
    device.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    device.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    built.doc.print_(device)


def article_pdf(
    article: Article,
    path: str | os.PathLike[str],
    *,
    citation: str,
    marks: Marks | None = None,
    passages: Sequence[Passage] = (),
) -> Path:
    """Write the article as printed to a PDF file; a file that cannot be written is named."""
    _ensure_app()
    target = Path(path).expanduser().absolute()
    if target.is_dir() or not target.parent.is_dir():
        raise BadFileError(target, "cannot write the PDF there (no such folder, or it is a folder)")
    built = print_document(
        article,
        citation=citation,
        marks=marks,
        passages=passages,
    )
    partial = target.with_name(target.name + ".partial")
    writer = QPdfWriter(str(partial))
    writer.setTitle(article.title)
    writer.setCreator("newsdesk")
    writer.setResolution(300)
    paint(writer, built)
    del writer  # (the file is complete once the writer is gone)
    if not partial.is_file() or partial.stat().st_size == 0:
        partial.unlink(missing_ok=True)
        raise BadFileError(target, "cannot write the PDF")
    try:
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BadFileError(target, f"cannot write the PDF ({exc.strerror})") from exc
    return target
