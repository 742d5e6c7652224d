"""Starting the window: QApplication, language, fonts, error hooks, the library, --screenshot.

`run(args)` is what `newsdesk gui` calls; args carries library, lang, screenshot, query, open,
size and new_window. With --screenshot the window is rendered offscreen once loaded (and after
the query and the article, when given), written to the PNG, and the program exits 0. Before Qt
starts, `display.problem()` checks that a window can open (else one line and exit 2, never
Qt's abort); a window already open on the library is brought forward instead of a second one.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

# Imported here, not in run(): a Qt that cannot load (libEGL missing ...) fails the import of this
# module, which `newsdesk gui` reports in one line.
import PySide6.QtWidgets  # noqa: F401

log = logging.getLogger("newsdesk.ui")


def run(args: argparse.Namespace) -> int:
    """Open the window (or take a screenshot of it); returns the exit code."""
    screenshot = getattr(args, "screenshot", None)
    if screenshot and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before QApplication exists

    from PySide6.QtWidgets import QApplication, QMessageBox

    from newsdesk import paths
    from newsdesk.errors import UserError
    from newsdesk.library import Library
    from newsdesk.ui import display, fonts, i18n, icons, plain, theme
    from newsdesk.ui.instance import SingleInstance
    from newsdesk.ui.settings import Settings, WindowState

    if QApplication.instance() is None and (missing := display.problem()):
        raise UserError(missing)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    _route_qt_messages()
    icons.set_taskbar_identity()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "newsdesk"])
    assert isinstance(app, QApplication)
    app.setApplicationName("newsdesk")
    app.setApplicationDisplayName("newsdesk")
    app.setDesktopFileName("newsdesk")
    app.setWindowIcon(icons.app_icon())
    instance = None
    if not screenshot and not getattr(args, "new_window", False):
        instance = SingleInstance(paths.resolve_library(getattr(args, "library", None))[0])
        if instance.signal_running():
            print("newsdesk: a window is already open on this library; brought it to the front")
            return 0
        instance.listen()
    settings = Settings()
    lang = i18n.choose(getattr(args, "lang", None), settings.get("ui/language"))
    translators = i18n.install(app, lang)
    fonts.apply(app)
    theme.follow_system(app)

    try:
        library = Library.open(getattr(args, "library", None))
        if library.is_default:
            library.ensure_sample()
    except UserError as exc:
        if not screenshot:
            plain.message(None, "newsdesk", str(exc), icon=QMessageBox.Icon.Critical).exec()
        if instance is not None:
            instance.close()
        i18n.uninstall(app, translators)
        raise

    from newsdesk.ui.mainwindow import MainWindow

    window = MainWindow(library, settings=settings, state=WindowState())
    if instance is not None:
        instance.activation_requested.connect(lambda: bring_forward(window))
    previous_hook = sys.excepthook
    sys.excepthook = _hook(window)
    try:
        if screenshot:
            as_json = bool(getattr(args, "json", False))
            code = take_screenshot(
                window,
                Path(screenshot),
                query=getattr(args, "query", None),
                open_id=getattr(args, "open", None),
                size=getattr(args, "size", None),
                quiet=as_json,
            )
            if as_json:
                print(
                    json.dumps(window_report(window, Path(screenshot), lang, translators), ensure_ascii=False)
                )
            return code
        if getattr(args, "query", None):
            window.search.set_query(args.query)
        window.show()
        if getattr(args, "open", None):
            window.open_article(args.open)
        return int(app.exec())
    finally:
        if instance is not None:
            instance.close()
        sys.excepthook = previous_hook
        window.ops.shutdown()
        window.imports.shutdown()
        window.deleteLater()
        library.close()
        i18n.uninstall(app, translators)


def bring_forward(window: Any) -> None:
    """Show a window above the others (a second launch asked for it)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


# Qt messages that say nothing to a user: the offscreen platform cannot size windows natively.
_QUIET = ("does not support propagateSizeHints",)


def _route_qt_messages() -> None:
    """Send Qt's own warnings to logging instead of bare stderr."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(kind: Any, context: Any, message: str) -> None:
        if any(q in message for q in _QUIET):
            return
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def _hook(window: Any) -> Any:
    """Bugs raised in Qt callbacks: log the trace, show a short dialog, keep running."""
    from newsdesk.errors import UserError

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, UserError):
            window.show_error(str(exc))
            return
        trace = "".join(traceback.format_exception(kind, exc, tb))
        log.error("unhandled error:\n%s", trace)
        window.show_bug(f"{kind.__name__}: {exc}", trace)

    return hook


def parse_size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        from newsdesk.errors import UserError

        raise UserError(f"--size {text!r}: expected WIDTHxHEIGHT, e.g. 1400x860") from None
    return max(320, w), max(240, h)


def window_report(window: Any, path: Path, lang: str, translators: list[Any]) -> dict[str, Any]:
    """What `gui --screenshot --json` prints: the picture, and what says the language took."""
    return {
        "screenshot": str(path),
        "lang": lang,
        "translations": [t.filePath() for t in translators],
        "title": window.shown_title(),
        "menus": [a.text() for a in window.menuBar().actions()],
        "articles": window.model.rowCount(),
    }


def take_screenshot(
    window: Any,
    path: Path,
    *,
    query: str | None,
    open_id: str | None,
    size: str | None,
    quiet: bool = False,
) -> int:
    """Render the window as a user would see it after loading, query and open; save a PNG."""
    from PySide6.QtWidgets import QApplication

    from newsdesk.errors import UserError

    dims = parse_size(size)
    if dims:
        window.resize(*dims)
    window.show()
    settle(window)
    if query:
        window.search.set_query(query)
        settle(window)
        if window.search.last_error:
            raise UserError(window.search.last_error)
    if open_id:
        row = window.model.row_of(open_id)
        if row is not None:
            window.list.selectRow(row)
            window.open_row(row, focus=False)
        elif not window.open_article(open_id):
            raise UserError(f"no article with id {open_id!r}")
    elif query and window.model.rowCount():
        window.list.selectRow(0)
        window.open_row(0, focus=False)
    settle(window)
    path.parent.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    if not window.grab().save(str(path), "PNG"):
        raise UserError(f"{path}: cannot write the screenshot")
    if not quiet:
        print(path)
    return 0


def settle(window: Any, rounds: int = 3) -> None:
    """Let queued background jobs finish and the window lay itself out (screenshots, tests)."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    for _ in range(rounds):
        QApplication.processEvents()
        while not window.search.idle:  # a debounce or the facet delay is still pending
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        window.ops.wait()
        QApplication.processEvents()
