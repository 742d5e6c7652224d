"""The conflicts dialog: each change of this library that lost to the hub's, mine beside theirs.

The list on the left holds the open conflicts (oldest first); the two panes show this library's
version ("mine", as it was when the hub's won) and the hub's ("theirs"), one field a line, the
fields that differ marked with ◆. Keep mine puts this library's version back (pushed at the next
sync); keep theirs leaves the hub's. Nothing is decided without a click.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from newsdesk.ui import plain

if TYPE_CHECKING:
    from newsdesk.ui.syncing import SyncController

TEXT_SHOWN = 300  # characters of an article's text shown in a pane
CHANGED = "◆ "


class ConflictDialog(QDialog):
    """See the module docstring."""

    def __init__(self, sync: SyncController) -> None:
        super().__init__(sync.w)
        self.sync = sync
        self.setObjectName("conflicts")
        self.setWindowTitle(self.tr("Conflicts with the newsroom archive"))
        self.conflicts: list[Any] = []
        self.list = QListWidget(self)
        self.list.currentRowChanged.connect(self._show)
        self.intro = plain.label(
            self.tr(
                "These changes of yours reached the newsroom archive after someone else's change "
                "to the same thing. The archive kept theirs; yours is kept here until you choose."
            ),
            self,
        )
        self.intro.setWordWrap(True)
        self.mine = self._pane()
        self.theirs = self._pane()
        self.keep_mine = QPushButton(self.tr("Keep &mine"), self)
        self.keep_theirs = QPushButton(self.tr("Keep &theirs"), self)
        self.keep_mine.clicked.connect(lambda: self._resolve("mine"))
        self.keep_theirs.clicked.connect(lambda: self._resolve("theirs"))
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.close)

        sides = QWidget(self)
        grid = QGridLayout(sides)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(plain.label(self.tr("Mine (this library)"), sides), 0, 0)
        grid.addWidget(plain.label(self.tr("Theirs (the newsroom archive)"), sides), 0, 1)
        grid.addWidget(self.mine, 1, 0)
        grid.addWidget(self.theirs, 1, 1)
        grid.addWidget(self.keep_mine, 2, 0)
        grid.addWidget(self.keep_theirs, 2, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.list)
        split.addWidget(sides)
        split.setStretchFactor(1, 3)
        split.setSizes([220, 660])
        self.empty = plain.label(self.tr("No conflicts left."), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.empty)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.resize(900, 480)

    def _pane(self) -> QPlainTextEdit:
        pane = QPlainTextEdit(self)
        pane.setReadOnly(True)
        pane.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        return pane

    # -- showing -----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the open conflicts again (a quick read on the window's connection)."""
        row = max(0, self.list.currentRow())
        self.conflicts = self.sync.w.library.hub.conflicts()
        self.list.blockSignals(True)
        self.list.clear()
        for c in self.conflicts:
            item = QListWidgetItem(self.title(c))
            item.setToolTip(plain.tip(c.object_id))
            self.list.addItem(item)
        self.list.blockSignals(False)
        has = bool(self.conflicts)
        self.empty.setVisible(not has)
        for w in (self.keep_mine, self.keep_theirs, self.mine, self.theirs):
            w.setEnabled(has)
        if has:
            self.list.setCurrentRow(min(row, len(self.conflicts) - 1))
            self._show(self.list.currentRow())
        else:
            self.mine.clear()
            self.theirs.clear()

    def title(self, c: Any) -> str:
        names = {
            "passage": self.tr("Passage"),
            "tag": self.tr("Tag"),
            "article": self.tr("Article"),
            "edit": self.tr("Correction"),
        }
        state = c.mine or c.theirs or {}
        if c.kind == "passage":
            what = " ".join(str(state.get("quote", "")).split())[:24]
        elif c.kind == "article":
            what = str(state.get("values", {}).get("title") or c.object_id)[:24]
        else:
            what = c.object_id
        return f"{names.get(c.kind, c.kind)}: {what}"

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.conflicts):
            return
        c = self.conflicts[row]
        mine, theirs = self.fields(c.kind, c.object_id, c.mine), self.fields(c.kind, c.object_id, c.theirs)
        self.mine.setPlainText(_marked(mine, theirs))
        self.theirs.setPlainText(_marked(theirs, mine))

    def fields(self, kind: str, object_id: str, state: dict[str, Any] | None) -> list[tuple[str, str]]:
        """(label, value) lines of an object's version ([] when it was removed)."""
        if state is None:
            return [(self.tr("Removed"), "")]
        if kind == "passage":
            return [
                (self.tr("Quote"), " ".join(str(state.get("quote", "")).split())),
                (self.tr("Tags"), "  ".join(state.get("tags") or []) or self.tr("(no tags)")),
                (self.tr("Note"), state.get("note") or ""),
                (self.tr("Position"), f"{state.get('start')}–{state.get('end')}"),
                (self.tr("Changed"), str(state.get("modified") or "")),
            ]
        if kind == "tag":
            return [(self.tr("Tag"), object_id), (self.tr("Colour"), state.get("colour") or "")]
        if kind == "article":
            values = state.get("values") or {}
            text = str(values.get("text") or "")
            return [
                (self.tr("Title"), str(values.get("title") or "")),
                (self.tr("Date"), str(values.get("date") or "")),
                (self.tr("Source"), str(values.get("source") or "")),
                (self.tr("Text"), text[:TEXT_SHOWN] + ("…" if len(text) > TEXT_SHOWN else "")),
            ]
        return [(self.tr("Correction"), json.dumps(state, ensure_ascii=False, sort_keys=True))]

    # -- resolving ---------------------------------------------------------------------------------

    def _resolve(self, keep: str) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.conflicts):
            return
        self.keep_mine.setEnabled(False)
        self.keep_theirs.setEnabled(False)
        self.sync.resolve(self.conflicts[row].id, keep, self.reload)


def _marked(these: list[tuple[str, str]], others: list[tuple[str, str]]) -> str:
    """One field a line, ◆ before the fields whose value differs from the other side's."""
    theirs = dict(others)
    lines = []
    for name, value in these:
        mark = CHANGED if theirs.get(name) != value else "   "
        lines.append(f"{mark}{name}: {value}" if value else f"{mark}{name}")
    return "\n".join(lines)
