"""No mnemonic or shortcut is claimed twice, in English and in Chinese (#22 point 9): the main
window (menu titles, buttons, tabs, labels), each menu, and each dialog; Ctrl+Enter confirms the
tag dialog; the result list's context menu."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QGroupBox,
    QLabel,
    QMenu,
    QTabBar,
    QWidget,
)

from newsdesk.ui import i18n

_MNEMONIC = re.compile(r"&(.)")


def mnemonic(text: str) -> str | None:
    """The letter a text claims with `&` (`&&` is a literal ampersand), upper-cased."""
    m = _MNEMONIC.search(text.replace("&&", ""))
    return m.group(1).upper() if m else None


def _dupes(items: list[tuple[str, str]]) -> dict[str, list[str]]:
    """{key: [the texts claiming it]} for keys claimed more than once."""
    count = Counter(k for k, _ in items)
    return {k: [t for kk, t in items if kk == k] for k, n in count.items() if n > 1}


def widget_mnemonics(root: QWidget) -> list[tuple[str, str]]:
    """Alt+letter keys the widgets under `root` claim (not inside menus: those are per menu)."""
    out: list[tuple[str, str]] = []
    for w in root.findChildren(QWidget):
        if isinstance(w, QMenu) or (w.window() is not root):
            continue
        texts: list[str] = []
        if isinstance(w, QAbstractButton) or (isinstance(w, QLabel) and w.buddy() is not None):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabBar):
            texts += [w.tabText(i) for i in range(w.count())]
        out += [(k, t) for t in texts if (k := mnemonic(t))]
    if hasattr(root, "menuBar"):
        out += [(k, a.text()) for a in root.menuBar().actions() if (k := mnemonic(a.text()))]
    return out


def menus_of(root: QWidget) -> Iterator[QMenu]:
    seen: set[int] = set()
    stack: list[QMenu] = [a.menu() for a in root.actions() if a.menu()]
    if hasattr(root, "menuBar"):
        stack += [a.menu() for a in root.menuBar().actions() if a.menu()]
    stack += root.findChildren(QMenu)
    while stack:
        menu = stack.pop()
        if id(menu) in seen:
            continue
        seen.add(id(menu))
        yield menu
        stack += [a.menu() for a in menu.actions() if a.menu()]


def shortcuts_of(root: QWidget) -> list[tuple[str, str]]:
    """Every key sequence a window's actions and shortcuts claim, with what claims it."""
    out: list[tuple[str, str]] = []
    actions = {id(a): a for a in root.findChildren(QAction)}
    actions.update({id(a): a for a in root.actions()})
    for a in actions.values():
        for k in a.shortcuts():
            if not k.isEmpty():
                out.append((k.toString(QKeySequence.SequenceFormat.PortableText), a.text()))
    for s in root.findChildren(QShortcut):
        if not s.key().isEmpty():
            out.append((s.key().toString(QKeySequence.SequenceFormat.PortableText), s.objectName()))
    return out


def dialogs(w) -> list[QDialog]:  # type: ignore[no-untyped-def]
    from newsdesk.ui.widgets.batch import BatchDialog
    from newsdesk.ui.widgets.help import QueryHelp
    from newsdesk.ui.widgets.import_dialog import ImportProgressDialog, ImportReportDialog
    from newsdesk.ui.widgets.kwic import KwicDialog
    from newsdesk.ui.widgets.tag_dialog import TagDialog
    from newsdesk.ui.widgets.timeline import TimelineDialog

    return [
        TagDialog(quote="牛肉饭很受欢迎", names=["食品"], parent=w),
        TagDialog(quote="牛肉饭很受欢迎", names=["食品"], editing=True, parent=w),
        BatchDialog(w),
        KwicDialog(w),
        TimelineDialog(w),
        QueryHelp(w),
        ImportProgressDialog(w),
        ImportReportDialog("1 added", [{"path": "x.txt", "error": "binary"}], w),
    ]


@pytest.fixture(params=["en", "zh_CN"])
def language(request, qapp):  # type: ignore[no-untyped-def]
    translators = i18n.install(qapp, request.param) if request.param != "en" else []
    yield request.param
    i18n.uninstall(qapp, translators)


def test_no_key_is_claimed_twice(language, library, make_window) -> None:
    w = make_window(library)
    problems = {}
    if dupes := _dupes(widget_mnemonics(w)):
        problems["window"] = dupes
    for menu in menus_of(w):
        claims = [(k, a.text()) for a in menu.actions() if a.isVisible() and (k := mnemonic(a.text()))]
        if dupes := _dupes(claims):
            problems[f"menu {menu.title() or menu.objectName()}"] = dupes
    if dupes := _dupes(shortcuts_of(w)):
        problems["shortcuts"] = dupes
    # the menus made when asked: the list's rows and header, the reading pane's
    w.search.set_query("上海")
    w.ops.wait()
    row_menu = QMenu(w)
    w.list.context_menu_requested.emit(row_menu, 0)
    w.open_article("t-jiye")
    text_menu = w.reader.view.createStandardContextMenu()
    w.tagging.fill_context_menu(text_menu, 0)
    for menu in (row_menu, w.list.header_menu(), text_menu):
        claims = [(k, a.text()) for a in menu.actions() if (k := mnemonic(a.text()))]
        if dupes := _dupes(claims):
            problems[f"context menu {claims}"] = dupes
    assert len(row_menu.actions()) >= 5
    for d in dialogs(w):
        if dupes := _dupes(widget_mnemonics(d)):
            problems[f"dialog {type(d).__name__}"] = dupes
        d.deleteLater()
    assert not problems, problems


def test_the_walk_finds_a_clash(qapp) -> None:
    from PySide6.QtWidgets import QHBoxLayout, QPushButton

    root = QWidget()
    layout = QHBoxLayout(root)
    for text in ("&Edit", "&Exact", "&Words"):
        layout.addWidget(QPushButton(text, root))
    assert _dupes(widget_mnemonics(root)) == {"E": ["&Edit", "&Exact"]}
    assert mnemonic("Fish && &Chips") == "C" and mnemonic("A && B") is None


def test_ctrl_enter_confirms_the_tag_dialog(qtbot) -> None:
    from newsdesk.ui.widgets.tag_dialog import TagDialog

    for field in ("tags_edit", "note_edit"):
        d = TagDialog(quote="牛肉饭", names=[])
        qtbot.addWidget(d)
        d.show()
        d.tags_edit.setText("食品")
        qtbot.keyClick(getattr(d, field), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert d.result() == QDialog.DialogCode.Accepted and d.tags() == ["食品"]
    d = TagDialog(quote="牛肉饭", names=[])
    qtbot.addWidget(d)
    d.show()
    qtbot.keyClick(d.note_edit, Qt.Key.Key_Return)  # Enter alone: a new line of the note
    assert d.isVisible() and d.note_edit.toPlainText() == "\n"
